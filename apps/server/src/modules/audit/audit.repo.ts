import { and, asc, desc, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { insertJsonRows } from '../../db/json-rows.ts';
import { auditArchives, auditLog, auditPending } from '../../db/schema/index.ts';

export type AuditArchiveRow = typeof auditArchives.$inferSelect;

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

export type PendingAuditInsert = typeof auditPending.$inferInsert;

/** Appends unsealed entries: a plain insert, no lock, so concurrent use cases never queue here. */
export async function insertPendingAudit(db: Db, rows: PendingAuditInsert[]): Promise<void> {
  await insertJsonRows(db, auditPending, rows);
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

/** The live table's first and last seq (null when empty). */
export async function auditBounds(db: Db): Promise<{ first: number | null; last: number | null }> {
  const [row] = await queryRows<{ first: string | null; last: string | null }>(
    db,
    sql`select min(seq) as first, max(seq) as last from audit_log`,
  );
  return {
    first: row.first === null ? null : Number(row.first),
    last: row.last === null ? null : Number(row.last),
  };
}

/** The first live entry recorded at or after an instant (ISO-8601 UTC, as `at` is stored). */
export async function firstAuditSeqFrom(db: Db, atIso: string): Promise<number | null> {
  const [row] = await db
    .select({ seq: sql<string | null>`min(${auditLog.seq})` })
    .from(auditLog)
    .where(gte(auditLog.at, atIso));
  return row.seq === null ? null : Number(row.seq);
}

export async function readAuditRange(
  db: Db,
  afterSeq: number,
  lastSeq: number,
  limit: number,
): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(gt(auditLog.seq, afterSeq), lte(auditLog.seq, lastSeq)))
    .orderBy(asc(auditLog.seq))
    .limit(limit);
}

export async function deleteAuditRange(db: Db, firstSeq: number, lastSeq: number): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`with d as (delete from audit_log where seq between ${firstSeq} and ${lastSeq} returning 1) select count(*) as n from d`,
  );
  return Number(row.n);
}

export async function listAuditArchives(db: Db): Promise<AuditArchiveRow[]> {
  return db.select().from(auditArchives).orderBy(asc(auditArchives.firstSeq));
}

export async function insertAuditArchive(db: Db, row: AuditArchiveRow): Promise<void> {
  await db.insert(auditArchives).values(row);
}
