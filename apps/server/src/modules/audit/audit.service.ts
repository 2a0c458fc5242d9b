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
import { archiveSignatureValid, checkArchiveFile } from './audit-archive.ts';
import { readCheckpoints } from './audit-checkpoint.ts';
import {
  deletePendingAudit,
  insertAuditEntries,
  insertPendingAudit,
  lastAuditEntry,
  type PendingAuditInsert,
  listAuditArchives,
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
  await insertPendingAudit(tx, [pendingAuditEntry(deps, actor, record)]);
}

/** The unsealed entry `recordAudit` appends; a batch of writes appends several in one statement. */
export function pendingAuditEntry(deps: Deps, actor: Actor | null, record: AuditRecord): PendingAuditInsert {
  return {
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

export type AuditVerdict = ChainVerdict & {
  /** Entries moved to archive files (the live chain starts after them). */
  archived: number;
  /** Whether the archive files were read and verified too (`audit verify --archives DIR`). */
  archivesChecked: boolean;
};

const problem = (
  count: number,
  firstBadSeq: number,
  kind: 'altered' | 'inserted' | 'deleted' | 'checkpoint' | 'archive',
  message: string,
): ChainVerdict => ({ ok: false, count, firstBadSeq, problem: kind, message });

/**
 * Walks the live chain page by page from its start (the genesis, or the last archived entry named
 * by a signed anchor) and reports the first altered, inserted or deleted entry; then holds it
 * against the signed checkpoints kept outside the database, so that deleting entries at the head,
 * in the middle, at the tail or all of them is reported too. Given the archive directory, every
 * archive file is verified as well (a missing or altered file is reported): the whole chain.
 */
export async function verifyAuditChain(
  deps: Deps,
  options: { pageSize?: number; archivesDir?: string } = {},
): Promise<AuditVerdict> {
  const pageSize = options.pageSize ?? 5000;
  await sealAuditChain(deps);
  const { checkpoints, forged } = readCheckpoints(deps);
  const expected = new Map(checkpoints.map((c) => [c.seq, c.hash]));
  const archives = await listAuditArchives(deps.db);
  const archived = archives.reduce((n, a) => n + Number(a.entryCount), 0);
  const done = (verdict: ChainVerdict): AuditVerdict => ({
    ...verdict,
    archived,
    archivesChecked: options.archivesDir !== undefined,
  });

  // The archives form a chain of their own from the genesis; each anchor is signed.
  let start = { seq: 0, hash: GENESIS_HASH };
  let archivedChecked = 0;
  for (const a of archives) {
    const first = Number(a.firstSeq);
    if (!archiveSignatureValid(deps, a))
      return done(problem(0, first, 'archive', `审计归档记录 #${first} 起的签名无效（归档锚点被篡改）`));
    if (first !== start.seq + 1 || a.prevHash !== start.hash)
      return done(
        problem(0, start.seq + 1, 'archive', `审计归档不衔接：#${start.seq + 1} 起的归档缺失或被替换`),
      );
    const anchored = expected.get(Number(a.lastSeq));
    if (anchored !== undefined && anchored !== a.lastHash)
      return done(problem(0, Number(a.lastSeq), 'altered', `归档末条 #${a.lastSeq} 与检查点记录的哈希不符`));
    if (options.archivesDir !== undefined) {
      const check = await checkArchiveFile(deps, options.archivesDir, a, expected);
      if (!check.ok) return done(problem(archivedChecked, check.firstBadSeq, 'archive', check.message));
      archivedChecked += check.count;
    }
    start = { seq: Number(a.lastSeq), hash: a.lastHash };
  }

  const verifier = createChainVerifier(deps.crypto.auditAlgorithm, { start });
  let mismatch: ChainVerdict | null = null;
  let after = start.seq;
  for (;;) {
    const page = await readAuditPage(deps.db, after, pageSize);
    for (const row of page) {
      verifier.push(row);
      const anchored = expected.get(Number(row.seq));
      if (!mismatch && anchored !== undefined && anchored !== row.hash) {
        mismatch = problem(
          Number(row.seq) - 1,
          Number(row.seq),
          'altered',
          `审计记录 #${row.seq} 与检查点记录的哈希不符（审计日志被改写）`,
        );
      }
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1].seq;
  }
  const live = verifier.result();
  if (!live.ok) return done(live);
  if (mismatch) return done(mismatch);
  const lastSeq = live.lastSeq ?? start.seq;
  if (forged.length)
    return done(
      problem(
        live.count,
        lastSeq,
        'checkpoint',
        `审计检查点文件第 ${forged.join('、')} 行签名无效（检查点被篡改）`,
      ),
    );
  const latest = checkpoints.at(-1);
  if (latest && latest.seq > lastSeq) {
    return done(
      problem(
        live.count,
        lastSeq + 1,
        'deleted',
        lastSeq === 0
          ? `审计日志已被清空：检查点记录至 #${latest.seq}`
          : `审计记录 #${lastSeq + 1} 至 #${latest.seq} 缺失（末尾被删除；检查点记录至 #${latest.seq}）`,
      ),
    );
  }
  return done({
    ...live,
    count: live.count + archivedChecked,
    lastSeq: live.lastSeq ?? (archives.length ? start.seq : null),
    headHash: live.headHash ?? (archives.length ? start.hash : null),
  });
}
