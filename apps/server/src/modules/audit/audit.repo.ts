import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';

export type AuditRow = typeof auditLog.$inferSelect;

const AUDIT_CHAIN_LOCK = 7_338_202;

/** Serializes appenders so that every entry links to exactly one predecessor (held to commit). */
export async function lockAuditChain(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
}

export async function lastAuditEntry(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const [row] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row;
}

export async function insertAuditEntry(db: Db, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

/** Reads the chain in pages (keyset), so verification streams millions of rows. */
export async function readAuditPage(db: Db, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit);
}
