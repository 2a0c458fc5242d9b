import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

const dialect = new PgDialect();

/**
 * A value as an SQL literal. Strings are escape-string literals (E'…', backslashes and quotes
 * doubled), read the same whatever `standard_conforming_strings` says. Only the kinds a script's
 * statements pass (text, JSON as text, numbers, booleans, null): anything else is a programming
 * error, never guessed at.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  throw new TypeError(`no SQL literal for a ${typeof value} parameter`);
}

/** A statement's text with its parameters written in as literals, and with placeholders (what a log may show). */
export function inlineStatement(statement: SQL): { text: string; withPlaceholders: string } {
  const { sql: withPlaceholders, params } = dialect.sqlToQuery(statement);
  return {
    text: withPlaceholders.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(params[Number(n) - 1])),
    withPlaceholders,
  };
}

type ResultLike = { rows: Array<Record<string, unknown>> };

/**
 * Several statements sent together (one round trip: a simple query of several statements), run in
 * one transaction and committed with the last, or none of them when one fails. Answers each
 * statement's rows. A statement may read what an earlier one wrote and its transaction-local
 * settings (`set_config(…, true)`), and each one's AFTER triggers fire before the next begins.
 *
 * Each round trip costs the server a system call and a wake-up of the database's backend, and
 * waits for an event loop busy with other requests: a writer that sends its batch this way pays
 * that once instead of once per statement and again for BEGIN and COMMIT.
 */
export async function runScript(db: Db, statements: SQL[]): Promise<Array<ResultLike['rows']>> {
  const inlined = statements.map(inlineStatement);
  const text = inlined.map((s) => s.text).join(';\n');
  const client = (db as unknown as { $client: unknown }).$client as
    | { query: (text: string) => Promise<ResultLike | ResultLike[]> }
    | {
        transaction: <T>(
          fn: (tx: { exec: (text: string) => Promise<ResultLike[]> }) => Promise<T>,
        ) => Promise<T>;
      };
  try {
    if ('transaction' in client) {
      // PGlite: in process (no round trip to save); its transaction makes the statements one.
      const results = await client.transaction((tx) => tx.exec(text));
      return results.map((r) => r.rows);
    }
    // node-postgres: a query without parameters is a simple query; several statements in one are one
    // implicit transaction (PostgreSQL's protocol, "Multiple Statements in a Simple Query").
    const results = await client.query(text);
    return (Array.isArray(results) ? results : [results]).map((r) => r.rows);
  } catch (error) {
    // The error names the statements as a log may show them: with placeholders, never the values
    // (personal data stays in the database; http/log-redaction.ts logs `query`).
    if (typeof error === 'object' && error !== null)
      (error as { query?: string }).query = inlined.map((s) => s.withPlaceholders).join(';\n');
    throw error;
  }
}
