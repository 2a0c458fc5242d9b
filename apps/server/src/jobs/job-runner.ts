import type { Deps } from '../deps.ts';
import { redactMessage } from '../http/log-redaction.ts';
import { writeAuditCheckpoint } from '../modules/audit/audit-checkpoint.ts';
import { sweepDrafts } from '../modules/drafts/draft.service.ts';
import { deleteStaleSessions } from '../modules/auth/auth.repo.ts';
import { SESSION_POLICY } from '../modules/auth/auth.service.ts';
import { sealAuditChain } from '../modules/audit/audit.service.ts';
import { deleteIdempotencyKeysBefore } from '../modules/petitions/idempotency.repo.ts';
import { insertEvent } from '../modules/petitions/petition.repo.ts';
import { claimBatch, markFailed, markProcessed, type OutboxMessage } from './outbox.repo.ts';
import { findEarlierBySamePerson } from '../modules/petitions/repeat-candidates.repo.ts';
import { compactRollup } from '../modules/statistics/stat-rollup.repo.ts';
import { upkeepWithoutAutovacuum } from '../db/upkeep.ts';

type Handler = (deps: Deps, message: OutboxMessage, tx: Deps['db']) => Promise<void>;

/** Work that follows a change, run after it committed (in its own transaction, exactly once). */
const HANDLERS: Record<string, Handler> = {
  /** Suggests a 重复信访 link when the same person petitioned the same bureau before. */
  'petition.registered': async (deps, message, tx) => {
    const petitionId = String(message.payload.petitionId);
    const { self, candidates } = await findEarlierBySamePerson(tx, petitionId);
    if (!self || self.isRepeat || candidates.length === 0) return;
    await insertEvent(tx, {
      petitionId,
      action: 'repeatSuggested',
      actorUserId: null,
      actorUnitId: null,
      at: deps.now(),
      fromState: self.state,
      toState: self.state,
      data: { candidates, note: '同一信访人此前有信访记录，请核实是否为重复信访' },
    });
  },
};

/**
 * Drains due outbox messages. `FOR UPDATE SKIP LOCKED` lets any number of instances run this at
 * once without handling a message twice; a failing message is retried with backoff. Messages
 * with no handler are simply marked done (they exist for consumers added later).
 */
export async function drainOutbox(
  deps: Deps,
  limit = 50,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  let handled = 0;
  for (;;) {
    if (shouldStop()) return handled;
    const count = await deps.db.transaction(async (tx) => {
      const batch = await claimBatch(tx, limit);
      for (const message of batch) {
        const handler = HANDLERS[message.topic];
        try {
          if (handler) await tx.transaction(async (inner) => handler(deps, message, inner));
          await markProcessed(tx, message.id);
        } catch (error) {
          await markFailed(
            tx,
            message.id,
            redactMessage(String(error)),
            Math.min(3600, 30 * 2 ** message.attempts),
          );
        }
      }
      return batch.length;
    });
    handled += count;
    if (count < limit) return handled;
  }
}

/** Ends sessions past their idle or absolute limit (idempotent: any instance may run it). */
export async function sweepSessions(deps: Deps): Promise<number> {
  const now = deps.now();
  return deleteStaleSessions(deps.db, now, new Date(now.getTime() - SESSION_POLICY.idleMinutes * 60_000));
}

/** How long a retried request still finds its first answer. */
export const IDEMPOTENCY_RETENTION_DAYS = 7;

/** Retention sweep of idempotency keys older than IDEMPOTENCY_RETENTION_DAYS (idempotent). */
export async function sweepIdempotencyKeys(deps: Deps): Promise<number> {
  const before = new Date(deps.now().getTime() - IDEMPOTENCY_RETENTION_DAYS * 86_400_000);
  return deleteIdempotencyKeysBefore(deps.db, before);
}

/**
 * Starts the periodic jobs of a server process; returns a stop function for graceful shutdown.
 * Stopping finishes the batch in hand (its transaction) and leaves the rest of the backlog to the
 * next start or to another instance: it never waits for the whole backlog.
 */
export function startJobRunner(deps: Deps, log: (msg: string, err?: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopping = false;
  // One queued run per job at most: on a busy machine a job slower than its interval would
  // otherwise pile up runs without bound, and they all share the database with the requests.
  const queued = new Set<() => Promise<unknown>>();
  const tick = (fn: () => Promise<unknown>) => () => {
    if (stopping || queued.has(fn)) return;
    queued.add(fn);
    running = running
      .then(() => {
        queued.delete(fn);
        return stopping ? undefined : fn();
      })
      .catch((err) => log('后台任务失败', err));
  };
  const outbox = setInterval(
    tick(() => drainOutbox(deps, 50, () => stopping)),
    2_000,
  );
  // Links the audit entries committed since the last tick into the hash chain (one sealer at a time).
  const audit = setInterval(
    tick(() => sealAuditChain(deps, { wait: false })),
    1_000,
  );
  // Signed checkpoints of the sealed chain, kept outside the database.
  const checkpoints = setInterval(
    tick(() => writeAuditCheckpoint(deps)),
    60_000,
  );
  // Folds the statistics rollup rows appended by the changes since the last run (idempotent).
  const rollup = setInterval(
    tick(() => compactRollup(deps.db)),
    60_000,
  );
  // PGlite has no autovacuum: the tables it would process are vacuumed and analyzed here, by its
  // rule (db/upkeep.ts). On PostgreSQL with autovacuum on it does nothing. Idempotent: any instance may run it
  // (a table another instance is vacuuming waits for it, then is no longer due).
  const upkeep = setInterval(
    tick(() => upkeepWithoutAutovacuum(deps.db)),
    10 * 60_000,
  );
  const sessions = setInterval(
    tick(async () => {
      await sweepSessions(deps);
      await sweepIdempotencyKeys(deps);
      await sweepDrafts(deps);
    }),
    10 * 60_000,
  );
  return async () => {
    stopping = true;
    clearInterval(outbox);
    clearInterval(sessions);
    clearInterval(audit);
    clearInterval(checkpoints);
    clearInterval(rollup);
    clearInterval(upkeep);
    await running;
    await sealAuditChain(deps);
    await writeAuditCheckpoint(deps).catch((err) => log('写入审计检查点失败', err));
  };
}
