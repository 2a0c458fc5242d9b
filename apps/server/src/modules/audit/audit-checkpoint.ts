import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deps } from '../../deps.ts';
import { lastAuditEntry } from './audit.repo.ts';

/** One anchor of the audit chain: "the chain had `seq` entries ending in `hash`", signed. */
export type AuditCheckpoint = { seq: number; hash: string; at: string; sig: string };

/**
 * Checkpoints live outside the database, in the checkpoint directory (XINFANG_CHECKPOINT_DIR,
 * default the data directory; every instance is given the same one), one JSON line each, appended only. Someone who can rewrite the database but
 * not this file (or the signing key) cannot delete entries unnoticed: not at the head, not in the
 * middle, not at the tail, not all of them.
 */
export const checkpointFile = (deps: Pick<Deps, 'checkpointDir'>): string =>
  join(deps.checkpointDir, 'audit-checkpoints.jsonl');

const signed = (c: Omit<AuditCheckpoint, 'sig'>) => `${c.seq}:${c.hash}:${c.at}`;

export function readCheckpoints(deps: Pick<Deps, 'checkpointDir' | 'crypto'>): {
  checkpoints: AuditCheckpoint[];
  forged: number[];
} {
  const file = checkpointFile(deps);
  if (!existsSync(file)) return { checkpoints: [], forged: [] };
  const checkpoints: AuditCheckpoint[] = [];
  const forged: number[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .forEach((line, index) => {
      try {
        const c = JSON.parse(line) as AuditCheckpoint;
        if (deps.crypto.signCheckpoint(signed(c)) === c.sig) checkpoints.push({ ...c, seq: Number(c.seq) });
        else forged.push(index + 1);
      } catch {
        forged.push(index + 1);
      }
    });
  return { checkpoints, forged };
}

/** Appends a checkpoint of the current head when the chain grew since the last one. */
export async function writeAuditCheckpoint(deps: Deps): Promise<AuditCheckpoint | null> {
  const head = await lastAuditEntry(deps.db);
  if (!head) return null;
  const { checkpoints } = readCheckpoints(deps);
  const latest = checkpoints.at(-1);
  if (latest && latest.seq >= Number(head.seq)) return null;
  const body = { seq: Number(head.seq), hash: head.hash, at: deps.now().toISOString() };
  const checkpoint = { ...body, sig: deps.crypto.signCheckpoint(signed(body)) };
  mkdirSync(deps.checkpointDir, { recursive: true });
  appendFileSync(checkpointFile(deps), `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  return checkpoint;
}
