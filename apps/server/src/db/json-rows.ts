import { getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
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

/** A row as the JSON object `jsonb_to_recordset` reads, and which of the table's columns it carries. */
export type JsonRow = {
  /** The JSON object: the row's values by property key (dates as ISO strings), plus the join keys. */
  json: string;
  /** The property keys of the columns it carries, in the row's order. */
  keys: string[];
};

type TableColumns = { list: Array<[string, PgColumn]>; byKey: Map<string, PgColumn> };
const columnsOf = new WeakMap<PgTable, TableColumns>();
const columnsOfTable = (table: PgTable): TableColumns => {
  let columns = columnsOf.get(table);
  if (!columns) {
    const list = Object.entries(getTableColumns(table)) as Array<[string, PgColumn]>;
    columns = { list, byKey: new Map(list) };
    columnsOf.set(table, columns);
  }
  return columns;
};
const tableColumns = (table: PgTable): Array<[string, PgColumn]> => columnsOfTable(table).list;

/**
 * One row of `table` for `jsonRowsStatement`: the row as JSON (one `JSON.stringify`: the records
 * are keyed by property, which the statement reads, not by column name), `extra` fields beside its
 * values (join keys; null for undefined). Keys that name no column are carried but never read.
 * Undefined when a value is an SQL expression.
 */
export function jsonRow(
  table: PgTable,
  row: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): JsonRow | undefined {
  const { byKey } = columnsOfTable(table);
  const keys: string[] = [];
  for (const key in row) {
    const value = row[key];
    if (value === undefined || !byKey.has(key)) continue;
    if (typeof value === 'object' && value !== null && !(value instanceof Date) && is(value, SQL))
      return undefined;
    keys.push(key);
  }
  const own = JSON.stringify(row);
  let joined = '';
  for (const name in extra) joined += `,${JSON.stringify(name)}:${JSON.stringify(extra[name] ?? null)}`;
  if (joined === '') return { json: own, keys };
  return { json: own === '{}' ? `{${joined.slice(1)}}` : `${own.slice(0, -1)}${joined}}`, keys };
}

/** The records of `rows` as the JSON array `jsonRowsStatement` reads. */
export const jsonRecords = (rows: JsonRow[]): string => `[${rows.map((r) => r.json).join(',')}]`;

/** The keys any of `rows` carries. */
export function keysOf(rows: JsonRow[]): Set<string> {
  const keys = new Set<string>();
  for (const row of rows) for (const key of row.keys) keys.add(key);
  return keys;
}

/**
 * `INSERT … SELECT FROM jsonb_to_recordset(records)` writing the columns `keys` names (and the
 * `computed` ones): `records` is the parameter, a JSON array of `jsonRow` records (or a
 * placeholder for it, in a statement built once for rows of the same columns). A record without a
 * key another carries gets null; the columns none carries take their defaults.
 */
export function jsonRowsStatement<T extends PgTable>(
  table: T,
  keys: ReadonlySet<string>,
  records: unknown,
  returning?: SQL,
  joined?: JsonRowsJoin,
): SQL {
  const computed = joined?.computed ?? {};
  const columns = tableColumns(table).filter(([key]) => key in computed || keys.has(key));
  const read = columns.filter(([key]) => keys.has(key));
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  // The records are keyed by property (`jsonRow`): the recordset's columns are named so.
  const types = sql.raw(
    [
      ...read.map(([key, c]) => `"${key}" ${c.getSQLType()}`),
      ...Object.entries(joined?.keys ?? {}).map(([name, type]) => `"${name}" ${type}`),
    ].join(', '),
  );
  const values = sql.join(
    columns.map(([key]) => computed[key] ?? sql.raw(`r."${key}"`)),
    sql`, `,
  );
  return sql`insert into ${table} (${names})
    select ${values} from jsonb_to_recordset(${records}::jsonb) as r(${types})${
      joined ? sql` ${joined.join}` : sql``
    }${returning ? sql` returning ${returning}` : sql``}`;
}

/**
 * `INSERT … SELECT FROM jsonb_to_recordset($1)`: many rows of a wide table as one JSON parameter,
 * instead of a VALUES list with a parameter per column and row (building that is most of the CPU
 * a batch of rows costs in Node). Only the columns some row carries are written: the others take
 * their defaults, a row without a key another row carries gets null. Values must be JSON-able as
 * the column's type reads them back (dates as ISO strings); undefined when a value is an SQL
 * expression, for the caller to use the ordinary insert.
 */
export function jsonRowsInsert<T extends PgTable>(
  table: T,
  rows: Array<Record<string, unknown>>,
  returning?: SQL,
  joined?: JsonRowsJoin,
): SQL | undefined {
  const joinKeys = Object.keys(joined?.keys ?? {});
  const records: JsonRow[] = [];
  for (const row of rows) {
    const one = jsonRow(table, row, Object.fromEntries(joinKeys.map((k) => [k, row[k]])));
    if (!one) return undefined;
    records.push(one);
  }
  return jsonRowsStatement(table, keysOf(records), jsonRecords(records), returning, joined);
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
