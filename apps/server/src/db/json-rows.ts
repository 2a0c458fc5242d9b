import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

/**
 * `INSERT … SELECT FROM jsonb_to_recordset($1)`: many rows of a wide table as one JSON parameter,
 * instead of a VALUES list with a parameter per column and row (building that is most of the CPU
 * a batch of registrations costs in Node). Only the columns some row carries are written: the
 * others take their defaults, a row without a key another row carries gets null. Values must be JSON-able as the
 * column's type reads them back (dates as ISO strings); undefined when a value is an SQL
 * expression, for the caller to use the ordinary insert.
 */
export function jsonRowsInsert<T extends PgTable>(
  table: T,
  rows: Array<Record<string, unknown>>,
  returning?: SQL,
): SQL | undefined {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((row) => row[key] !== undefined),
  );
  const records: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const record: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = row[key];
      if (value instanceof Date) record[column.name] = value.toISOString();
      else if (typeof value === 'object' && value !== null && is(value, SQL)) return undefined;
      else record[column.name] = value ?? null;
    }
    records.push(record);
  }
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  const types = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  return sql`insert into ${table} (${names})
    select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${types})${
      returning ? sql` returning ${returning}` : sql``
    }`;
}

/** Inserts rows in one statement: as one JSON parameter (`jsonRowsInsert`), else the ordinary insert. */
export async function insertJsonRows<T extends PgTable>(
  db: Db,
  table: T,
  rows: Array<T['$inferInsert']>,
): Promise<void> {
  if (rows.length === 0) return;
  const asJson = jsonRowsInsert(table, rows as Array<Record<string, unknown>>);
  if (asJson) await db.execute(asJson);
  else await db.insert(table as PgTable).values(rows as Array<PgTable['$inferInsert']>);
}
