import { DRAFT_RETENTION_DAYS, type Draft } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../auth/actor.ts';
import { deleteDraft, deleteDraftsBefore, findDraft, upsertDraft } from './draft.repo.ts';

/**
 * Drafts belong to their user: every call reads and writes only the caller's own rows, so there
 * is no scope to check beyond the session. The payload is encrypted at rest like ID numbers.
 */
export async function getDraft(deps: Deps, actor: Actor, key: string): Promise<Draft | null> {
  const row = await findDraft(deps.db, actor.userId, key);
  if (!row) return null;
  return {
    key,
    payload: JSON.parse(deps.crypto.decrypt(row.payload)) as Record<string, unknown>,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function saveDraft(
  deps: Deps,
  actor: Actor,
  key: string,
  payload: Record<string, unknown>,
): Promise<Draft> {
  const updatedAt = deps.now();
  await upsertDraft(deps.db, {
    userId: actor.userId,
    key,
    payload: deps.crypto.encrypt(JSON.stringify(payload)),
    updatedAt,
  });
  return { key, payload, updatedAt: updatedAt.toISOString() };
}

export async function discardDraft(deps: Deps, actor: Actor, key: string): Promise<void> {
  await deleteDraft(deps.db, actor.userId, key);
}

/** Retention sweep: drafts untouched for DRAFT_RETENTION_DAYS are deleted (idempotent). */
export async function sweepDrafts(deps: Deps): Promise<number> {
  return deleteDraftsBefore(deps.db, new Date(deps.now().getTime() - DRAFT_RETENTION_DAYS * 86_400_000));
}
