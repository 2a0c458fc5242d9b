import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './client.ts';

export type IndexDefinition = { name: string; table: string; def: string };

/**
 * The secondary indexes of `tables` as defined now (`pg_indexes.indexdef`, so a rebuild recreates
 * exactly what was there, whoever added it): every index that is neither a primary key nor unique
 * nor an exclusion constraint — those check each row as it is written and stay in place.
 */
export async function secondaryIndexes(db: Db, tables: readonly string[]): Promise<IndexDefinition[]> {
  return queryRows<IndexDefinition>(
    db,
    sql`select i.indexname as name, i.tablename as "table", i.indexdef as def
      from pg_indexes i
      join pg_index x on x.indexrelid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass
      where i.tablename in (${sql.join(
        tables.map((t) => sql`${t}`),
        sql`, `,
      )})
        -- the tables as the search path resolves them (the ones the statements write), no other schema's
        and x.indrelid = to_regclass(quote_ident(i.tablename))
        and not x.indisprimary and not x.indisunique and not x.indisexclusion
      order by i.tablename, i.indexname`,
  );
}

/**
 * Drops the indexes (DROP INDEX takes an ACCESS EXCLUSIVE lock on each table, held until the
 * transaction ends: in a transaction, readers of those tables wait until it commits).
 */
export async function dropIndexes(db: Db, indexes: readonly IndexDefinition[]): Promise<void> {
  for (const { name } of indexes) await db.execute(sql`drop index ${sql.identifier(name)}`);
}

/**
 * Builds the indexes again from their saved definitions, each once over all rows (`set local`: run it inside a
 * transaction). A btree sorts its keys: room to sort in memory (256 MB, shared with PostgreSQL's parallel build
 * workers). A GIN index gathers its entries in `maintenance_work_mem` and merges each full batch into the index:
 * smaller batches that stay in the CPU caches built the search index of a million petitions faster (19.6 s with
 * 64 MB against 22.3 s with 256 MB or 1 GB; in session 17, 16.2–19.2 s with 4–16 MB against 20.7–21.5 s with 64 MB,
 * docs/benchmarks.md).
 */
export async function buildIndexes(tx: Db, indexes: readonly IndexDefinition[]): Promise<void> {
  let memory = '';
  for (const { def } of indexes) {
    const wanted = /\busing gin\b/i.test(def) ? '16MB' : '256MB';
    if (wanted !== memory) await tx.execute(sql`select set_config('maintenance_work_mem', ${wanted}, true)`);
    memory = wanted;
    await tx.execute(sql.raw(def));
  }
}
