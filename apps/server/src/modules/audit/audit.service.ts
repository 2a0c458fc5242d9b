import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import {
  type AuditEntryInput,
  type ChainVerdict,
  createChainVerifier,
  entryHash,
  GENESIS_HASH,
} from '../../crypto/hash-chain.ts';
import type { Actor } from '../auth/actor.ts';
import {
  deletePendingAudit,
  insertAuditEntries,
  insertPendingAudit,
  lastAuditEntry,
  lockAuditChain,
  readAuditPage,
  readPendingAudit,
  tryLockAuditChain,
} from './audit.repo.ts';

export type AuditRecord = {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

/** JSON-safe copy: what is hashed must be exactly what jsonb gives back. */
const jsonSafe = (value: unknown): unknown =>
  value === undefined ? null : JSON.parse(JSON.stringify(value));

/**
 * Records an audit entry inside the caller's transaction: it commits or rolls back with the
 * change it describes. The entry is linked into the hash chain by `sealAuditChain` right after
 * (a single writer in batches), so no use case ever waits on the chain.
 */
export async function recordAudit(
  deps: Deps,
  tx: Db,
  actor: Actor | null,
  record: AuditRecord,
): Promise<void> {
  await insertPendingAudit(tx, {
    at: deps.now().toISOString(),
    actorUserId: actor && actor.username !== 'system' ? actor.userId : null,
    actorUnitId: actor?.unitId ?? null,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    before: jsonSafe(record.before),
    after: jsonSafe(record.after),
    requestId: actor?.requestId ?? null,
    ip: actor?.ip ?? null,
  });
}

const SEAL_BATCH = 2000;

/**
 * Links committed pending entries into the hash chain, oldest first, in batches: each gets the
 * next seq and hash_n = H(hash_{n-1} ‖ entry). One sealer at a time (advisory lock); with
 * `wait: false` a busy sealer is left to do the work. Returns how many entries were sealed.
 */
export async function sealAuditChain(deps: Deps, options: { wait?: boolean } = {}): Promise<number> {
  let sealed = 0;
  for (;;) {
    const count = await deps.db.transaction(async (tx) => {
      if (options.wait === false) {
        if (!(await tryLockAuditChain(tx))) return 0;
      } else await lockAuditChain(tx);
      const pending = await readPendingAudit(tx, SEAL_BATCH);
      if (pending.length === 0) return 0;
      const last = await lastAuditEntry(tx);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const algorithm = deps.crypto.auditAlgorithm;
      const rows = pending.map((p) => {
        seq++;
        const entry: AuditEntryInput = {
          seq,
          at: p.at,
          actorUserId: p.actorUserId,
          actorUnitId: p.actorUnitId,
          action: p.action,
          entityType: p.entityType,
          entityId: p.entityId,
          before: p.before ?? null,
          after: p.after ?? null,
          requestId: p.requestId,
          ip: p.ip,
        };
        const hash = entryHash(prevHash, entry, algorithm);
        const row = { ...entry, algorithm, prevHash, hash };
        prevHash = hash;
        return row;
      });
      await insertAuditEntries(tx, rows);
      await deletePendingAudit(
        tx,
        pending.map((p) => p.id),
      );
      return pending.length;
    });
    sealed += count;
    if (count < SEAL_BATCH) return sealed;
  }
}

/** Walks the whole chain page by page and reports the first altered, inserted or deleted entry. */
export async function verifyAuditChain(deps: Deps, pageSize = 5000): Promise<ChainVerdict> {
  await sealAuditChain(deps);
  const verifier = createChainVerifier(deps.crypto.auditAlgorithm);
  let after = 0;
  for (;;) {
    const page = await readAuditPage(deps.db, after, pageSize);
    for (const row of page) verifier.push(row);
    if (page.length < pageSize) break;
    after = page[page.length - 1].seq;
  }
  return verifier.result();
}
