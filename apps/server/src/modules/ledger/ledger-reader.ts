import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type * as Xlsx from 'exceljs';
import ExcelJS from '../documents/exceljs.ts';
import { AppError } from '../../errors.ts';
import { unstorableText } from '../../http/input-guard.ts';

export type RawRow = { line: number; cells: Record<string, string> };

/** Cell text as a clerk sees it: dates as YYYY-MM-DD, numbers as written, rich text flattened. */
function cellText(value: Xlsx.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as Xlsx.CellValue);
  }
  return String(value).trim();
}

async function* csvRows(stream: Readable): AsyncGenerator<RawRow> {
  const parser = stream.pipe(
    parse({
      bom: true,
      columns: (h: string[]) => h.map((x) => x.trim()),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }),
  );
  for await (const record of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    yield { line: record.info.lines, cells: record.record };
  }
}

async function* xlsxRows(stream: Readable): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  for await (const sheet of reader) {
    let headers: string[] | null = null;
    for await (const row of sheet) {
      const values = (row.values as Xlsx.CellValue[]).slice(1).map(cellText);
      if (!headers) {
        headers = values.map((v) => v.trim());
        continue;
      }
      if (values.every((v) => v === '')) continue;
      yield { line: row.number, cells: Object.fromEntries(headers.map((h, i) => [h, values[i] ?? ''])) };
    }
    return; // the first sheet only
  }
}

const unreadable = (why: string) =>
  new AppError('VALIDATION_FAILED', `台账文件无法读取：${why}`, {
    fields: [{ field: 'file', message: `台账文件无法读取：${why}` }],
  });

/**
 * A damaged file (a corrupt .xlsx, a CSV with broken quoting) or a cell PostgreSQL cannot store
 * (NUL, invalid encoding) ends the import with a 400-class error naming the line, never a crash.
 */
async function* guarded(rows: AsyncGenerator<RawRow>): AsyncGenerator<RawRow> {
  // Every row repeats the header's column names: each is checked the first time it comes.
  const storableColumns = new Set<string>();
  try {
    for await (const row of rows) {
      for (const [column, value] of Object.entries(row.cells)) {
        let problem = unstorableText(value);
        if (!problem && !storableColumns.has(column)) {
          problem = unstorableText(column);
          if (!problem) storableColumns.add(column);
        }
        if (problem) throw unreadable(`第${row.line}行「${column}」${problem}`);
      }
      yield row;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable(error instanceof Error ? error.message.slice(0, 200) : '格式不正确');
  }
}

/**
 * Counts the records of CSV text without parsing the cells (for progress totals): a line break
 * outside quotes ends a record unless the line was empty (csv-parse's skip_empty_lines); the
 * header is not counted. For a well-formed file this is the number of rows the reader yields; a
 * damaged one fails in the reader anyway. Quote and line-break bytes never occur inside a UTF-8
 * multi-byte character, so the bytes are scanned as they come.
 */
async function csvRecordCount(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<number> {
  let records = 0;
  let quoted = false;
  let lineHasContent = false;
  let previous = 0;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x22) {
        quoted = !quoted;
        lineHasContent = true;
      } else if (!quoted && (byte === 0x0a || byte === 0x0d)) {
        // "\r\n" ends one line, not two.
        if (!(byte === 0x0a && previous === 0x0d) && lineHasContent) records++;
        lineHasContent = false;
      } else lineHasContent = true;
      previous = byte;
    }
  }
  if (lineHasContent) records++;
  return Math.max(0, records - 1);
}

/** How many rows `readLedgerFile(path)` yields (a cheap byte scan for .csv; .xlsx is read through). */
export async function countLedgerFileRows(path: string): Promise<number> {
  if (extname(path).toLowerCase() === '.csv') return csvRecordCount(createReadStream(path));
  let rows = 0;
  for await (const _ of readLedgerFile(path)) rows++;
  return rows;
}

/** How many rows `readLedgerBuffer(buffer, fileName)` yields. */
export async function countLedgerBufferRows(buffer: Buffer, fileName: string): Promise<number> {
  if (extname(fileName).toLowerCase() === '.csv') return csvRecordCount([buffer]);
  let rows = 0;
  for await (const _ of readLedgerBuffer(buffer, fileName)) rows++;
  return rows;
}

/** Streams the rows of a ledger file (.csv UTF-8 with or without BOM, or .xlsx first sheet). */
export function readLedgerFile(path: string): AsyncGenerator<RawRow> {
  const ext = extname(path).toLowerCase();
  if (statSync(path).size === 0) throw unreadable('文件为空');
  if (ext === '.csv') return guarded(csvRows(createReadStream(path)));
  if (ext === '.xlsx') return guarded(xlsxRows(createReadStream(path)));
  throw new Error(`不支持的台账文件类型：${ext}（支持 .csv、.xlsx）`);
}

/** The same for an uploaded buffer. */
export async function* readLedgerBuffer(buffer: Buffer, fileName: string): AsyncGenerator<RawRow> {
  const { Readable } = await import('node:stream');
  const ext = extname(fileName).toLowerCase();
  if (buffer.length === 0) throw unreadable('文件为空');
  // exceljs waits forever on a stream that never starts a zip entry: refuse what is not a zip.
  if (ext === '.xlsx' && buffer.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004')
    throw unreadable('不是有效的 .xlsx 文件');
  if (ext === '.csv') yield* guarded(csvRows(Readable.from(buffer)));
  else if (ext === '.xlsx') yield* guarded(xlsxRows(Readable.from(buffer)));
  else throw new Error(`不支持的台账文件类型：${ext}（支持 .csv、.xlsx）`);
}
