import { eq, inArray, lt, sql } from 'drizzle-orm';
import { insertJsonRows } from '../../db/json-rows.ts';
import type { Db } from '../../db/client.ts';
import { idempotencyKeys } from '../../db/schema/index.ts';

/** An earlier answer under this key, read without waiting (a retry of a committed request). */
export async function findIdempotentResponse(db: Db, key: string): Promise<unknown | undefined> {
  const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  return row?.response;
}

/**
 * Serializes requests that carry the same keys (locks held to commit, taken in sorted order so two
 * writers never wait on each other crosswise), then finds the earlier answers, by key.
 */
export async function claimIdempotencyKeys(db: Db, keys: string[]): Promise<Map<string, unknown>> {
  if (keys.length === 0) return new Map();
  const sorted = [...new Set(keys)].sort();
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(k))
    from jsonb_array_elements_text(${JSON.stringify(sorted)}::jsonb) with ordinality as t(k, n) order by n`);
  const rows = await db.select().from(idempotencyKeys).where(inArray(idempotencyKeys.key, sorted));
  return new Map(rows.map((r) => [r.key, r.response]));
}

export async function saveIdempotentResponses(
  db: Db,
  rows: Array<{ key: string; userId: string; response: unknown }>,
): Promise<void> {
  await insertJsonRows(db, idempotencyKeys, rows);
}

/** Retention: idempotency keys answer retries for `days`; older ones are swept (any instance). */
export async function deleteIdempotencyKeysBefore(db: Db, before: Date): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, before))
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}
