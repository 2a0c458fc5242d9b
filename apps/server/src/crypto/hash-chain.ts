import { createHash } from 'node:crypto';

export type ChainAlgorithm = 'sha256' | 'sm3';
export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntryInput = {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorUnitId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
};

export type ChainRow = AuditEntryInput & { prevHash: string; hash: string };

/**
 * Deterministic JSON: object keys sorted at every level, no whitespace, `undefined` dropped.
 * jsonb reorders keys, so hashing must not depend on key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** hash_n = H(hash_{n-1} ‖ canonical(entry_n)), hex. */
export function entryHash(prevHash: string, entry: AuditEntryInput, algorithm: ChainAlgorithm): string {
  const content: AuditEntryInput = {
    seq: Number(entry.seq),
    at: entry.at,
    actorUserId: entry.actorUserId,
    actorUnitId: entry.actorUnitId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: entry.requestId,
    ip: entry.ip,
  };
  return createHash(algorithm).update(prevHash).update(canonicalJson(content)).digest('hex');
}

export type ChainVerdict =
  | { ok: true; count: number; lastSeq: number | null; headHash: string | null }
  | {
      ok: false;
      count: number;
      firstBadSeq: number;
      problem: 'altered' | 'inserted' | 'deleted' | 'checkpoint' | 'archive';
      message: string;
    };

/**
 * Verifies the chain row by row (rows in ascending seq), so millions of rows stream through.
 * - altered: the row's content no longer matches its own hash, while it still links to its predecessor;
 * - inserted: the row does not link to its predecessor (a forged row, or one rewritten with a
 *   recomputed hash — then its successor is the first to break);
 * - deleted: a sequence number is missing.
 * The first row given is the anchor (after retention pruning the chain starts later). Removing
 * rows from the very end cannot be seen from the chain alone: compare `headHash` with a copy
 * kept elsewhere (e.g. in the daily report) to catch that.
 */
export function createChainVerifier(
  algorithm: ChainAlgorithm,
  options: { fromGenesis?: boolean; start?: { seq: number; hash: string } } = {},
) {
  let count = 0;
  let previous: { seq: number; hash: string } | null = null;
  // Where the chain must begin: after its genesis, or after the last archived entry.
  const start = options.start ?? (options.fromGenesis ? { seq: 0, hash: GENESIS_HASH } : null);
  let failure: ChainVerdict | null = null;
  const fail = (seq: number, problem: 'altered' | 'inserted' | 'deleted', message: string) => {
    failure = { ok: false, count, firstBadSeq: seq, problem, message };
  };
  return {
    push(row: ChainRow & { algorithm?: string }): void {
      if (failure) return;
      const seq = Number(row.seq);
      const alg = (row.algorithm as ChainAlgorithm | undefined) ?? algorithm;
      const selfValid = entryHash(row.prevHash, row, alg) === row.hash;
      const linked = previous === null ? true : row.prevHash === previous.hash;
      if (previous === null && start && (seq !== start.seq + 1 || row.prevHash !== start.hash)) {
        if (seq === start.seq + 1)
          fail(seq, 'inserted', `审计记录 #${seq} 与链的起点（创世或归档的末条哈希）不衔接`);
        else
          fail(
            start.seq + 1,
            'deleted',
            `审计日志开头的记录缺失（第一条应为 #${start.seq + 1}，实为 #${seq}）`,
          );
        return;
      }
      if (previous && seq > previous.seq + 1) {
        fail(previous.seq + 1, 'deleted', `审计记录 #${previous.seq + 1} 缺失（已被删除）`);
        return;
      }
      if (!linked) {
        fail(seq, 'inserted', `审计记录 #${seq} 与前一条记录的哈希不衔接（被插入或前一条被改写后重算）`);
        return;
      }
      if (!selfValid) {
        fail(seq, 'altered', `审计记录 #${seq} 的内容与其哈希不符（已被修改）`);
        return;
      }
      count++;
      previous = { seq, hash: row.hash };
    },
    result(): ChainVerdict {
      if (failure) return failure;
      const last = previous as { seq: number; hash: string } | null;
      return { ok: true, count, lastSeq: last?.seq ?? null, headHash: last?.hash ?? null };
    },
  };
}
