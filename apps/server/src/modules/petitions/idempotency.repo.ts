import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { idempotencyKeys } from '../../db/schema/index.ts';

/** Serializes requests that carry the same key (held to commit), then finds an earlier answer. */
export async function claimIdempotencyKey(db: Db, key: string): Promise<unknown | undefined> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
  const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  return row?.response;
}

export async function saveIdempotentResponse(
  db: Db,
  key: string,
  userId: string,
  response: unknown,
): Promise<void> {
  await db.insert(idempotencyKeys).values({ key, userId, response });
}

/** Retention: idempotency keys answer retries for `days`; older ones are swept (any instance). */
export async function deleteIdempotencyKeysBefore(db: Db, before: Date): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, before))
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}
