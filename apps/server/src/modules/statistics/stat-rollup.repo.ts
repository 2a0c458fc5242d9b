import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** The viewer of the rollup rows that count for the whole installation (no scope). */
export const ALL_VIEWER = '00000000-0000-0000-0000-000000000000';

/**
 * Recomputes the daily rollup of the days from `fromDay` on from the petitions (SQL function
 * `stat_rebuild` of migration 0005, shared with its backfill): the repair after a bulk change made
 * with the triggers disabled, and the check that the maintained rollup is right.
 */
export async function rebuildRollup(db: Db, fromDay = '0001-01-01'): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select stat_rebuild(${fromDay}::date)`);
  });
}

/** Folds the rows the triggers appended into one row per key and day (idempotent, one at a time). */
export async function compactRollup(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select stat_compact()`);
  });
}
