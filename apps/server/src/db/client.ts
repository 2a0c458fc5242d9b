import { mkdirSync } from 'node:fs';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as SchemaModule from './schema/index.ts';

export type Schema = typeof SchemaModule;
/** A database handle or a transaction: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  driver: 'pglite' | 'postgres';
  close: () => Promise<void>;
  /** A second handle on the same connection(s) that reports every statement it sends (tests, tools). */
  observed: (logQuery: (query: string, params: unknown[]) => void) => Db;
  /** Runs statements with parameters on one connection, in order (EXPLAIN with session settings). */
  onOneConnection: <T>(
    fn: (query: (text: string, params?: unknown[]) => Promise<unknown[]>) => Promise<T>,
  ) => Promise<T>;
};

export type DatabaseOptions =
  | { driver: 'pglite'; dataDir?: string /* undefined = in memory */ }
  | { driver: 'postgres'; url: string; schemaName?: string; poolSize?: number };

/**
 * Opens PGlite (embedded, data dir on disk) or a PostgreSQL pool. Only the chosen driver is
 * loaded (a CLI command on PGlite never loads pg, and the reverse).
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.driver === 'pglite') {
    const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
    ]);
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    // The table definitions load while PGlite's WebAssembly boots (a CLI command's start is mostly these two).
    const starting = PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
    const schema = await import('./schema/index.ts').catch(async (error: unknown) => {
      await (await starting).close();
      throw error;
    });
    const client = await starting;
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      driver: 'pglite',
      close: () => client.close(),
      observed: (logQuery) => drizzlePglite(client, { schema, logger: { logQuery } }) as unknown as Db,
      onOneConnection: (fn) =>
        fn(async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows),
    };
  }
  const [{ default: pg }, { drizzle: drizzlePg }, schema] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('./schema/index.ts'),
  ]);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(options.schemaName ? { options: `-c search_path=${options.schemaName}` } : {}),
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    close: () => pool.end(),
    observed: (logQuery) => drizzlePg(pool, { schema, logger: { logQuery } }) as unknown as Db,
    onOneConnection: async (fn) => {
      const connection = await pool.connect();
      try {
        return await fn(async (text, params) => (await connection.query(text, params)).rows);
      } finally {
        connection.release();
      }
    },
  };
}

/** Runs raw SQL and returns its rows (both drivers answer with `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
