import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

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
  returning: SQL,
): SQL | undefined {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((row) => row[key] !== undefined),
  );
  const records: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const record: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = row[key];
      if (is(value, SQL)) return undefined;
      record[column.name] = value instanceof Date ? value.toISOString() : (value ?? null);
    }
    records.push(record);
  }
  const names = sql.join(
    columns.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  const types = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  return sql`insert into ${table} (${names})
    select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${types})
    returning ${returning}`;
}
