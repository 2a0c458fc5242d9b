import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type ExcelJSModule from 'exceljs';

/**
 * exceljs, loaded once with its streaming XML reader repaired. exceljs 4.4 (the newest release)
 * decodes each inflated chunk of a zip entry on its own (`lib/utils/parse-sax.js`), so a Chinese
 * character whose three UTF-8 bytes straddle two chunks is read as U+FFFD — about one row in 300
 * of a ledger exported and read back (exceljs issues #2063, #2316; fixes never released). Before
 * exceljs is first required, its parse-sax module is replaced in the CommonJS cache by the same
 * parser fed through one streaming TextDecoder per entry, which carries a split character over to
 * the next chunk. Every module of the server imports exceljs from here.
 */
const require = createRequire(import.meta.url);
const root = dirname(require.resolve('exceljs/package.json'));
const parseSaxPath = join(root, 'lib', 'utils', 'parse-sax.js');

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };
type SaxesParserClass = new () => {
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'opentag' | 'text' | 'closetag', listener: (value: unknown) => void): void;
  write(text: string): void;
};

const excelRequire = createRequire(join(root, 'package.json'));
const { SaxesParser } = excelRequire('saxes') as { SaxesParser: SaxesParserClass };
const { PassThrough } = excelRequire('readable-stream') as typeof import('node:stream');

async function* parseSax(input: AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream) {
  const iterable =
    'pipe' in input && !(Symbol.asyncIterator in input)
      ? (input as NodeJS.ReadableStream).pipe(new PassThrough())
      : (input as AsyncIterable<Uint8Array | string>);
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: Error | undefined;
  let events: SaxEvent[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  for (const eventType of ['opentag', 'text', 'closetag'] as const)
    parser.on(eventType, (value) => events.push({ eventType, value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

if (require.cache[parseSaxPath]?.exports !== parseSax) {
  if (require.cache[join(root, 'excel.js')]) {
    // Loaded before this module: the readers already hold the original parser.
    throw new Error('exceljs was loaded before modules/documents/exceljs.ts');
  }
  const replacement = new Module(parseSaxPath);
  replacement.filename = parseSaxPath;
  replacement.loaded = true;
  replacement.exports = parseSax;
  require.cache[parseSaxPath] = replacement;
}

const ExcelJS = require('exceljs') as typeof ExcelJSModule;
export default ExcelJS;
