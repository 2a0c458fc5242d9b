import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import type * as Xlsx from 'exceljs';
import Papa from 'papaparse';
import ExcelJS from '../documents/exceljs.ts';
import { AppError } from '../../errors.ts';
import { unstorableText } from '../../http/input-guard.ts';

export type RawRow = { line: number; cells: Record<string, string> };

/** Bytes of CSV decoded and parsed at a time. */
const CSV_CHUNK = 256 * 1024;

function* bufferChunks(buffer: Buffer): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += CSV_CHUNK) yield buffer.subarray(at, at + CSV_CHUNK);
}

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

/** "\r\n", "\n" or "\r": the first line break outside quotes (papaparse takes one kind per file). */
function lineBreakOf(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? '\r\n' : '\r';
    else if (!quoted && c === 0x0a) return '\n';
  }
  return '\n';
}

/** Line breaks inside a record's quoted fields: each CR and each LF counts one line (as csv-parse counted). */
function breaksIn(fields: string[]): number {
  let breaks = 0;
  for (const field of fields) {
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) breaks++;
    }
  }
  return breaks;
}

/**
 * Where a quote stands inside an unquoted field (`ab"c`), or -1. papaparse would read it as text;
 * the ledger contract (RFC 4180, as csv-parse enforced it) refuses such a file. `text` starts at a
 * record boundary; only the quotes are visited.
 */
function strayQuote(text: string): number {
  let quoted = false;
  let closedAt = -2;
  for (let q = text.indexOf('"'); q !== -1; q = text.indexOf('"', q + 1)) {
    if (quoted) {
      quoted = false;
      closedAt = q;
      continue;
    }
    const before = q === 0 ? 0x2c : text.charCodeAt(q - 1);
    // A field starts here, or this is the second quote of an escaped "" inside a quoted field.
    if (before === 0x2c || before === 0x0a || before === 0x0d || closedAt === q - 1) quoted = true;
    else return q;
  }
  return -1;
}

/**
 * CSV records with the file line each ends on, parsed by papaparse a decoded chunk at a time: the
 * bytes are decoded by one streaming TextDecoder (a CJK character split across two chunks stays
 * whole; a leading BOM is dropped), each chunk is parsed up to its last complete record and the
 * rest is carried over, so memory stays flat in the file size. Blank lines are skipped but
 * counted; a quote left open, a quoted field followed by text or a quote inside an unquoted field
 * is a damaged file.
 */
async function* csvRows(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<RawRow> {
  const decoder = new TextDecoder('utf-8');
  let parser: Papa.Parser | null = null;
  let newline = '\n';
  let headers: string[] | null = null;
  let line = 0;
  let carried = '';
  /** `quotes`: whether `text` may hold a quote (false: no need to look for a stray one). */
  function* records(text: string, last: boolean, quotes: boolean): Generator<RawRow> {
    if (!parser) {
      newline = lineBreakOf(text);
      parser = new Papa.Parser({ delimiter: ',', newline: newline as '\n' });
    }
    const stray = quotes ? strayQuote(text) : -1;
    if (stray !== -1)
      throw unreadable(`第${line + text.slice(0, stray).split(newline).length}行引号位置不对`);
    const result = parser.parse(text, 0, !last) as {
      data: string[][];
      errors: Array<{ row?: number }>;
      meta: { cursor: number };
    };
    const badRow = result.errors.length > 0 ? (result.errors[0].row ?? 0) : -1;
    const { data } = result;
    for (let r = 0; r < data.length; r++) {
      const fields = data[r];
      if (r === badRow) throw unreadable(`第${line + 1}行引号不成对`);
      line += 1 + breaksIn(fields);
      if (fields.length === 1 && fields[0] === '') continue; // a blank line
      if (!headers) {
        headers = fields.map((h) => h.trim());
        continue;
      }
      const cells: Record<string, string> = {};
      const width = Math.min(fields.length, headers.length);
      for (let i = 0; i < width; i++) cells[headers[i]] = fields[i];
      yield { line, cells };
    }
    if (badRow >= 0) throw unreadable(`第${line + 1}行引号不成对`);
    carried = text.slice(result.meta.cursor);
  }
  for await (const chunk of chunks) {
    // A quote byte is a quote character (UTF-8 never uses 0x22 inside a character): most chunks have
    // none, and searching the bytes is far cheaper than searching the decoded text.
    const quotes = chunk.indexOf(0x22) !== -1 || carried.includes('"');
    const text = carried + decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield* records(text, false, quotes);
  }
  const rest = carried + decoder.decode();
  if (rest.length > 0) yield* records(rest, true, true);
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
      const { cells } = row;
      for (const column in cells) {
        let problem = unstorableText(cells[column]);
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
 * outside quotes ends a record unless the line was empty (blank lines are skipped); the header is
 * not counted. A quote opens a quoted field only at the start of a field (elsewhere it is text, as
 * papaparse reads it) and "" inside one is an escaped quote. For a well-formed file this is the
 * number of rows the reader yields; a damaged one fails in the reader anyway. Quote, comma and
 * line-break bytes never occur inside a UTF-8 multi-byte character, so the bytes are scanned as
 * they come.
 */
async function csvRecordCount(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<number> {
  let records = 0;
  let quoted = false;
  let justClosed = false;
  let fieldStart = true;
  let lineHasContent = false;
  let previous = 0;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x22) {
        if (quoted) {
          quoted = false;
          justClosed = true;
        } else {
          if (fieldStart || justClosed) quoted = true;
          justClosed = false;
        }
        fieldStart = false;
        lineHasContent = true;
      } else {
        justClosed = false;
        if (quoted) lineHasContent = true;
        else if (byte === 0x0a || byte === 0x0d) {
          // "\r\n" ends one line, not two.
          if (!(byte === 0x0a && previous === 0x0d) && lineHasContent) records++;
          lineHasContent = false;
          fieldStart = true;
        } else {
          lineHasContent = true;
          fieldStart = byte === 0x2c;
        }
      }
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
  if (ext === '.csv') return guarded(csvRows(createReadStream(path, { highWaterMark: CSV_CHUNK })));
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
  if (ext === '.csv') yield* guarded(csvRows(bufferChunks(buffer)));
  else if (ext === '.xlsx') yield* guarded(xlsxRows(Readable.from(buffer)));
  else throw new Error(`不支持的台账文件类型：${ext}（支持 .csv、.xlsx）`);
}
