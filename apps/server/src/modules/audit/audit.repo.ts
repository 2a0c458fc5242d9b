import { asc, desc, gt, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { auditLog, auditPending } from '../../db/schema/index.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type PendingAuditRow = typeof auditPending.$inferSelect;

const AUDIT_CHAIN_LOCK = 7_338_202;

/**
 * The sealer's lock (one sealer at a time links the chain). Taken without waiting: when another
 * sealer holds it, that one will seal what is pending.
 */
export async function tryLockAuditChain(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ locked: boolean }>(
    db,
    sql`select pg_try_advisory_xact_lock(${AUDIT_CHAIN_LOCK}) as locked`,
  );
  return row.locked;
}

/** Waits for the sealer's lock (verification must see every entry sealed). */
export async function lockAuditChain(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
}

/** Appends an unsealed entry: a plain insert, no lock, so concurrent use cases never queue here. */
export async function insertPendingAudit(db: Db, row: typeof auditPending.$inferInsert): Promise<void> {
  await db.insert(auditPending).values(row);
}

/** The oldest pending entries (committed ones only: others are invisible until they commit). */
export async function readPendingAudit(db: Db, limit: number): Promise<PendingAuditRow[]> {
  return db.select().from(auditPending).orderBy(asc(auditPending.id)).limit(limit);
}

export async function deletePendingAudit(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.delete(auditPending).where(inArray(auditPending.id, ids));
}

export async function lastAuditEntry(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const [row] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row;
}

export async function insertAuditEntries(db: Db, rows: Array<typeof auditLog.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(auditLog).values(rows);
}

/** Reads the chain in pages (keyset), so verification streams millions of rows. */
export async function readAuditPage(db: Db, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit);
}
