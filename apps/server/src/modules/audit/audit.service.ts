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
import { insertAuditEntry, lastAuditEntry, lockAuditChain, readAuditPage } from './audit.repo.ts';

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
 * Appends one hash-chained audit entry inside the caller's transaction. Call it last in a use
 * case: the chain lock is held until commit, so appenders are serialized only briefly.
 */
export async function recordAudit(
  deps: Deps,
  tx: Db,
  actor: Actor | null,
  record: AuditRecord,
): Promise<void> {
  await lockAuditChain(tx);
  const last = await lastAuditEntry(tx);
  const entry: AuditEntryInput = {
    seq: (last?.seq ?? 0) + 1,
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
  };
  const algorithm = deps.crypto.auditAlgorithm;
  const prevHash = last?.hash ?? GENESIS_HASH;
  await insertAuditEntry(tx, { ...entry, algorithm, prevHash, hash: entryHash(prevHash, entry, algorithm) });
}

/** Walks the whole chain page by page and reports the first altered, inserted or deleted entry. */
export async function verifyAuditChain(deps: Deps, pageSize = 5000): Promise<ChainVerdict> {
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
