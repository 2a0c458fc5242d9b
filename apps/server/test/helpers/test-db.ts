import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

export type Driver = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const DRIVERS: Driver[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A freshly migrated, isolated database: an in-memory PGlite, or a private schema on the
 * PostgreSQL server (dropped again by `close`), so parallel test files never see each other.
 */
export async function freshDatabase(driver: Driver): Promise<Database> {
  const database = await emptyDatabase(driver);
  await migrate(database.db);
  return database;
}

/** An isolated database with no tables yet (to migrate step by step). */
export async function emptyDatabase(driver: Driver): Promise<Database> {
  if (driver === 'pglite') return openDatabase({ driver: 'pglite' });
  const url = process.env.TEST_DATABASE_URL!;
  const schemaName = `xf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schemaName}`);
  await admin.end();
  const database = await openDatabase({ driver: 'postgres', url, schemaName, poolSize: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schemaName} cascade`);
      await cleanup.end();
    },
  };
}
