import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.ts';
import { hasAutovacuum, tablesDue, upkeepTablesDue, upkeepWithoutAutovacuum } from '../src/db/upkeep.ts';
import { DRIVERS, emptyDatabase } from './helpers/test-db.ts';

/**
 * The upkeep autovacuum would do, done where it does not run (PGlite). Thresholds by PostgreSQL's
 * defaults, computed by hand: VACUUM when dead rows > 50 + 0.2 × reltuples or rows inserted since
 * the last vacuum > 1000 + 0.2 × reltuples; ANALYZE when rows changed since the last analyze
 * > 50 + 0.1 × reltuples.
 */
describe.each(DRIVERS)('table upkeep [%s]', (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await emptyDatabase(driver);
    await database.db.execute(sql`create table upkeep_probe (n int primary key, note text)`);
  });
  afterAll(async () => {
    await database?.close();
  });

  const probeDue = async () => (await tablesDue(database.db)).find((t) => t.table === 'upkeep_probe');
  /** The table's counters as the statistics system has them (PGlite and PostgreSQL report them after the statement that made them). */
  const settled = async <T>(read: () => Promise<T>, until: (value: T) => boolean): Promise<T> => {
    for (let i = 0; ; i++) {
      await database.db.execute(sql`select pg_stat_force_next_flush()`);
      await database.db.execute(sql`select pg_stat_clear_snapshot()`);
      const value = await read();
      if (until(value) || i >= 40) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  it('knows whether the database runs autovacuum itself: PostgreSQL does when its setting is on, PGlite never', async () => {
    const [setting] = await queryRows<{ autovacuum: string }>(database.db, sql`show autovacuum`);
    expect(await hasAutovacuum(database.db)).toBe(driver === 'postgres' && setting.autovacuum === 'on');
  });

  it('vacuums and analyzes a table by autovacuum’s thresholds, and leaves it alone below them', async () => {
    // 2,000 rows into a table never analyzed (reltuples 0): 2,000 > 1,000 inserted → VACUUM; 2,000 > 50 changed → ANALYZE.
    await database.db.execute(sql`insert into upkeep_probe select g, 'x' from generate_series(1, 2000) g`);
    expect(await settled(probeDue, (d) => d?.vacuum === true)).toEqual({
      table: 'upkeep_probe',
      vacuum: true,
      analyze: true,
    });
    const done = await upkeepTablesDue(database.db);
    expect(done.map((t) => t.table)).toContain('upkeep_probe');
    const [analyzed] = await queryRows<{ reltuples: number }>(
      database.db,
      sql`select reltuples::int as reltuples from pg_class where oid = 'upkeep_probe'::regclass`,
    );
    expect(analyzed.reltuples).toBe(2000);
    expect(await settled(probeDue, (d) => d === undefined)).toBeUndefined();

    // 400 deleted of 2,000: 400 ≤ 50 + 0.2 × 2,000 = 450 dead → no VACUUM; 400 > 50 + 0.1 × 2,000 = 250 changed → ANALYZE.
    await database.db.execute(sql`delete from upkeep_probe where n <= 400`);
    expect(await settled(probeDue, (d) => d?.analyze === true)).toEqual({
      table: 'upkeep_probe',
      vacuum: false,
      analyze: true,
    });
    await upkeepTablesDue(database.db);
    // The analyze counted 1,600 rows. 100 more deleted: 500 dead > 50 + 0.2 × 1,600 = 370 → VACUUM;
    // 100 changed since the analyze ≤ 50 + 0.1 × 1,600 = 210 → no ANALYZE.
    await database.db.execute(sql`delete from upkeep_probe where n <= 500`);
    expect(await settled(probeDue, (d) => d?.vacuum === true)).toEqual({
      table: 'upkeep_probe',
      vacuum: true,
      analyze: false,
    });
  });

  it('does the upkeep itself only where no autovacuum runs', async () => {
    const done = await upkeepWithoutAutovacuum(database.db);
    if (await hasAutovacuum(database.db)) expect(done).toEqual([]);
    else {
      expect(done.map((t) => t.table)).toContain('upkeep_probe');
      expect(await settled(probeDue, (d) => d === undefined)).toBeUndefined();
    }
  });
});
