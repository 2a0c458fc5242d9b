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

/** The insert of `rows` as one statement: one JSON parameter (`jsonRowsInsert`), else the ordinary VALUES. */
export function rowsInsert<T extends PgTable>(
  db: Db,
  table: T,
  rows: Array<T['$inferInsert']>,
  returning?: SQL,
): SQL {
  const asJson = jsonRowsInsert(table, rows as Array<Record<string, unknown>>, returning);
  if (asJson) return asJson;
  const values = db
    .insert(table as PgTable)
    .values(rows as Array<PgTable['$inferInsert']>)
    .getSQL();
  return returning ? sql`${values} returning ${returning}` : values;
}

/** Inserts rows in one statement (see `rowsInsert`). */
export async function insertJsonRows<T extends PgTable>(
  db: Db,
  table: T,
  rows: Array<T['$inferInsert']>,
): Promise<void> {
  if (rows.length > 0) await db.execute(rowsInsert(db, table, rows));
}

/**
 * Several writes sent as one statement (one round trip): each of `writes` as a data-modifying
 * WITH query, run to completion whether read or not, then `last`, which answers. They share one
 * snapshot (none sees another's rows) and their AFTER triggers fire when the statement ends: only
 * for writes that neither read each other's tables nor fire triggers that do.
 */
export function asOneStatement(writes: Array<SQL | undefined>, last: SQL): SQL {
  const parts = writes.filter((w): w is SQL => w !== undefined);
  if (parts.length === 0) return last;
  return sql`with ${sql.join(
    parts.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
    sql`, `,
  )} ${last}`;
}
