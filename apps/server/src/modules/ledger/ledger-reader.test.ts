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

describe('ledger reader (.csv)', () => {
  const read = async (text: string) => {
    const rows: Array<{ line: number; cells: Record<string, string> }> = [];
    for await (const row of readLedgerBuffer(Buffer.from(text), '台账.csv')) rows.push(row);
    return rows;
  };

  it('keeps every Chinese character whole across the parsed chunks and numbers the lines each record ends on', async () => {
    // ≈ 1.2 MB: several 256 KiB chunks, whose boundaries fall inside 3-byte characters and quoted fields.
    const content = (i: number) => `第${i}件："反映"${'小区供暖不达标，'.repeat(i % 7)}\n要求书面答复。`;
    const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
    const lines = ['\uFEFF编号, 诉求内容 '];
    for (let i = 0; i < 8000; i++) lines.push(`T-${i},${quoted(content(i))}`);
    const rows = await read(`${lines.join('\r\n')}\r\n\r\n`);
    expect(rows).toHaveLength(8000);
    const wrong = rows.filter((row, i) => row.cells.编号 !== `T-${i}` || row.cells.诉求内容 !== content(i));
    expect(wrong.map((row) => row.line)).toEqual([]);
    // Each record spans two lines: the header is line 1, record i ends on line 3 + 2i (each CR and LF
    // inside a quoted field counts a line).
    expect(rows.slice(0, 3).map((row) => row.line)).toEqual([3, 5, 7]);
  });

  it('skips blank lines but counts them, and refuses broken quoting naming the line', async () => {
    expect(await read('编号,信访人\n\nA,甲\n\nB,乙')).toEqual([
      { line: 3, cells: { 编号: 'A', 信访人: '甲' } },
      { line: 5, cells: { 编号: 'B', 信访人: '乙' } },
    ]);
    await expect(read('编号,信访人\nA,甲\nB,"乙')).rejects.toThrow(/第3行引号不成对/);
    await expect(read('编号,信访人\nA,甲\nB,"乙"丙')).rejects.toThrow(/第3行引号不成对/);
    await expect(read('编号,信访人\nA,甲\nB,乙"丙')).rejects.toThrow(/第3行引号位置不对/);
    expect(await read('编号,信访人\nA,"甲""乙,丙"')).toEqual([
      { line: 2, cells: { 编号: 'A', 信访人: '甲"乙,丙' } },
    ]);
  });
});
