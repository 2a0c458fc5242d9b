import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import ExcelJS from '../documents/exceljs.ts';
import { readLedgerBuffer } from './ledger-reader.ts';

/** A sheet of `rows` rows whose 诉求内容 is long Chinese text, written as the ledger export writes. */
async function chineseWorkbook(rows: number, content: (i: number) => string): Promise<Buffer> {
  const out = new PassThrough();
  const bytes = buffer(out);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet('信访事项台账');
  sheet.addRow(['编号', '诉求内容']).commit();
  for (let i = 0; i < rows; i++) sheet.addRow([`T-${i}`, content(i)]).commit();
  await sheet.commit();
  await workbook.commit();
  return bytes;
}

describe('ledger reader (.xlsx)', () => {
  it('reads every Chinese character of a large sheet, also where a character straddles two inflated chunks', async () => {
    // ≈ 330 KB of sheet XML: 20 chunks of 16 KB, each boundary inside a 3-byte character two times in
    // three. exceljs 4.4's own reader turned 10 of these 3,000 rows into U+FFFD.
    const content = (i: number) =>
      `第${i}件：反映小区供暖不达标、物业服务差，要求有关部门督促整改并书面答复。`.repeat(3);
    const file = await chineseWorkbook(3000, content);
    const read: Array<{ line: number; cells: Record<string, string> }> = [];
    for await (const row of readLedgerBuffer(file, '台账.xlsx')) read.push(row);
    expect(read).toHaveLength(3000);
    const wrong = read.filter((row, i) => row.cells.编号 !== `T-${i}` || row.cells.诉求内容 !== content(i));
    expect(wrong.map((row) => row.line)).toEqual([]);
    expect(read.some((row) => row.cells.诉求内容.includes('\uFFFD'))).toBe(false);
  });
});
