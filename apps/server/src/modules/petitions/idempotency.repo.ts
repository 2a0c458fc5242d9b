import { eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { idempotencyKeys } from '../../db/schema/index.ts';

/** An earlier answer under this key, read without waiting (a retry of a committed request). */
export async function findIdempotentResponse(db: Db, key: string): Promise<unknown | undefined> {
  const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  return row?.response;
}

/** Retention: idempotency keys answer retries for `days`; older ones are swept (any instance). */
export async function deleteIdempotencyKeysBefore(db: Db, before: Date): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, before))
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}
