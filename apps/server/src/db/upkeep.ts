import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './client.ts';

/**
 * Table upkeep where nothing else does it. PostgreSQL's autovacuum keeps each table's planner
 * statistics (ANALYZE) and its visibility map and free space (VACUUM) current; PGlite, the
 * embedded database, runs as one standalone backend without autovacuum's launcher, so without
 * this its tables would never be analyzed or vacuumed: plans from default estimates, index-only
 * scans reading the heap again, space of updated rows never reused.
 */

/**
 * Whether the database runs autovacuum itself: a PostgreSQL server (this session a client backend;
 * PGlite's is a standalone backend, with no launcher to start workers) with `autovacuum` and the
 * `track_counts` it needs on. Read from this session's own row, which every role may see.
 */
export async function hasAutovacuum(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ running: boolean }>(
    db,
    sql`select backend_type = 'client backend' and current_setting('autovacuum') = 'on'
        and current_setting('track_counts') = 'on' as running
      from pg_stat_activity where pid = pg_backend_pid()`,
  );
  return row?.running ?? false;
}

export type TableDue = { table: string; vacuum: boolean; analyze: boolean };

/**
 * The tables of the current schema that autovacuum would process now, by its own rule and the
 * database's own settings (PostgreSQL 15 documentation, 25.1.6 "The Autovacuum Daemon"): VACUUM
 * when the dead rows exceed `autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor ×
 * reltuples`, or the rows inserted since the last vacuum exceed `autovacuum_vacuum_insert_threshold
 * + autovacuum_vacuum_insert_scale_factor × reltuples`; ANALYZE when the rows changed since the
 * last analyze exceed `autovacuum_analyze_threshold + autovacuum_analyze_scale_factor × reltuples`
 * (reltuples: the table's estimated rows, 0 before its first analyze).
 */
export async function tablesDue(db: Db): Promise<TableDue[]> {
  const setting = (name: string) => sql`current_setting(${name})::float8`;
  const rows = sql`greatest(c.reltuples, 0)`;
  return queryRows<TableDue>(
    db,
    sql`select * from (
        select s.relname as "table",
          s.n_dead_tup > ${setting('autovacuum_vacuum_threshold')} + ${setting('autovacuum_vacuum_scale_factor')} * ${rows}
            or s.n_ins_since_vacuum > ${setting('autovacuum_vacuum_insert_threshold')}
              + ${setting('autovacuum_vacuum_insert_scale_factor')} * ${rows} as vacuum,
          s.n_mod_since_analyze > ${setting('autovacuum_analyze_threshold')}
            + ${setting('autovacuum_analyze_scale_factor')} * ${rows} as analyze
        from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where s.schemaname = current_schema()
      ) t
      where t.vacuum or t.analyze
      order by t."table"`,
  );
}

/** VACUUM and/or ANALYZE of each table due (each its own statement, outside any transaction). */
export async function upkeepTablesDue(db: Db): Promise<TableDue[]> {
  // The session's own changes reach the counters when the statement below ends, not up to a second later.
  await db.execute(sql`select pg_stat_force_next_flush()`);
  const due = await tablesDue(db);
  for (const { table, vacuum, analyze } of due) {
    const name = sql.identifier(table);
    if (vacuum && analyze) await db.execute(sql`vacuum (analyze) ${name}`);
    else if (vacuum) await db.execute(sql`vacuum ${name}`);
    else await db.execute(sql`analyze ${name}`);
  }
  return due;
}

/**
 * Does autovacuum's work when the database has none running (PGlite): the job runner's periodic
 * upkeep, and the end of a large import. Answers the tables processed (none on PostgreSQL).
 */
export async function upkeepWithoutAutovacuum(db: Db): Promise<TableDue[]> {
  return (await hasAutovacuum(db)) ? [] : upkeepTablesDue(db);
}
