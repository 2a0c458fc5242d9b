import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './client.ts';

export { type CopyValue, copyField, copyLine } from './copy-text.ts';

/**
 * Gathers lines (text, or text already encoded as UTF-8) into chunks of about `bytes` bytes (fewer,
 * larger writes). Each line is written into the chunk's buffer as it comes: appending to one string
 * would build a rope of thousands of lines that V8 must flatten before encoding it, which costs
 * several times the encoding itself.
 */
async function* chunked(
  lines: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  bytes: number,
): AsyncGenerator<Buffer<ArrayBuffer>> {
  let chunk = Buffer.allocUnsafe(bytes);
  let at = 0;
  for await (const line of lines) {
    // A UTF-16 unit takes at most three bytes of UTF-8.
    const room = typeof line === 'string' ? line.length * 3 : line.length;
    if (at + room > chunk.length) {
      if (at > 0) yield chunk.subarray(0, at);
      chunk = Buffer.allocUnsafe(Math.max(bytes, room));
      at = 0;
    }
    if (typeof line === 'string') at += chunk.write(line, at);
    else {
      chunk.set(line, at);
      at += line.length;
    }
    if (at >= bytes) {
      yield chunk.subarray(0, at);
      chunk = Buffer.allocUnsafe(bytes);
      at = 0;
    }
  }
  if (at > 0) yield chunk.subarray(0, at);
}

/** The driver connection under a Drizzle handle or transaction (node-postgres client or PGlite). */
function rawClient(db: Db): pg.ClientBase | PGlite | Transaction {
  return (db as unknown as { session: { client: pg.ClientBase | PGlite | Transaction } }).session.client;
}

/**
 * Streams rows into a table with COPY … FROM STDIN (text format) on the connection of `tx` (a
 * transaction: on a pool the statement must run on the transaction's own connection). Each line is a
 * string or its UTF-8 bytes (a producer that holds many lines before they are sent encodes each when
 * it makes it: half the memory of a string, and encoding a string made long before costs far more).
 * PostgreSQL: pg-copy-streams, with back-pressure, so memory stays flat however many rows come.
 * PGlite (no STDIN): `COPY … FROM '/dev/blob'` once per chunk of ~4 MB of rows.
 */
export async function copyInto(
  tx: Db,
  table: string,
  columns: readonly string[],
  lines: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
): Promise<void> {
  const client = rawClient(tx);
  const target = `${table} (${columns.join(', ')})`;
  if (client instanceof pg.Client || typeof (client as { release?: unknown }).release === 'function') {
    const stream = (client as pg.ClientBase).query(copyFrom(`copy ${target} from stdin`));
    await pipeline(Readable.from(chunked(lines, 256 * 1024)), stream);
    return;
  }
  const lite = client as PGlite | Transaction;
  for await (const chunk of chunked(lines, 4 * 1024 * 1024))
    await lite.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([chunk]) });
}
