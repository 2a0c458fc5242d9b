import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

/**
 * Rows that belong to the members of a batch, written only for the members a statement chose (the
 * registrations a batch writes): each row carries its member's key (`keys`, not inserted), `join`
 * joins the rows `r` to the chosen members, and `computed` columns take values from them (e.g. the
 * case number the statement drew) in place of the rows'.
 */
export type JsonRowsJoin = {
  /** Extra fields of the rows, name → SQL type, that `join` matches on. */
  keys: Record<string, string>;
  /** FROM items after `r` (e.g. `join written w on w.i = r.member`): rows without a match are not written. */
  join: SQL;
  /** Column values by property key, SQL over `r` and the joined items. */
  computed?: Record<string, SQL>;
};

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
  joined?: JsonRowsJoin,
): SQL | undefined {
  const computed = joined?.computed ?? {};
  const columns = Object.entries(getTableColumns(table)).filter(
    ([key]) => key in computed || rows.some((row) => row[key] !== undefined),
  );
  const read = columns.filter(([key]) => rows.some((row) => row[key] !== undefined));
  const keys = Object.keys(joined?.keys ?? {});
  const records: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const record: Record<string, unknown> = {};
    for (const [key, column] of read) {
      const value = row[key];
      if (value instanceof Date) record[column.name] = value.toISOString();
      else if (typeof value === 'object' && value !== null && is(value, SQL)) return undefined;
      else record[column.name] = value ?? null;
    }
    for (const key of keys) record[key] = row[key] ?? null;
    records.push(record);
  }
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  const types = sql.raw(
    [
      ...read.map(([, c]) => `"${c.name}" ${c.getSQLType()}`),
      ...Object.entries(joined?.keys ?? {}).map(([name, type]) => `"${name}" ${type}`),
    ].join(', '),
  );
  const values = sql.join(
    columns.map(([key, c]) => computed[key] ?? sql.raw(`r."${c.name}"`)),
    sql`, `,
  );
  return sql`insert into ${table} (${names})
    select ${values} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${types})${
      joined ? sql` ${joined.join}` : sql``
    }${returning ? sql` returning ${returning}` : sql``}`;
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

/** `jsonRowsInsert` of a batch's member rows (`JsonRowsJoin`): their values must be plain (no SQL). */
export function memberRowsInsert<T extends PgTable>(
  table: T,
  /** Partial: `joined.computed` supplies the other columns. */
  rows: Array<Partial<T['$inferInsert']> & Record<string, unknown>>,
  joined: JsonRowsJoin,
  returning?: SQL,
): SQL | undefined {
  if (rows.length === 0) return undefined;
  const insert = jsonRowsInsert(table, rows, returning, joined);
  if (!insert) throw new Error('a member row holds an SQL value: only plain values can be joined to members');
  return insert;
}
