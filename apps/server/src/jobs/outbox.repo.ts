import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { insertJsonRows } from '../db/json-rows.ts';
import { outbox } from '../db/schema/index.ts';

/** Adds a message to the transactional outbox, in the caller's transaction. */
export async function enqueue(db: Db, topic: string, payload: Record<string, unknown>): Promise<void> {
  await insertJsonRows(db, outbox, [{ topic, payload }]);
}

export type OutboxMessageInsert = { topic: string; payload: Record<string, unknown> };

export type OutboxMessage = { id: number; topic: string; payload: Record<string, unknown>; attempts: number };

/**
 * Claims up to `limit` due messages; `skip locked` lets N instances drain the outbox in parallel
 * without taking the same message twice. Must run inside a transaction.
 */
export async function claimBatch(db: Db, limit: number): Promise<OutboxMessage[]> {
  const rows = await queryRows<{
    id: number;
    topic: string;
    payload: Record<string, unknown>;
    attempts: number;
  }>(
    db,
    sql`
    select id, topic, payload, attempts from outbox
    where processed_at is null and available_at <= now()
    order by id
    limit ${limit}
    for update skip locked`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
}

export async function markProcessed(db: Db, id: number): Promise<void> {
  await db.execute(sql`update outbox set processed_at = now() where id = ${id}`);
}

export async function markFailed(db: Db, id: number, error: string, retryInSeconds: number): Promise<void> {
  await db.execute(sql`
    update outbox set attempts = attempts + 1, last_error = ${error},
      available_at = now() + make_interval(secs => ${retryInSeconds})
    where id = ${id}`);
}
