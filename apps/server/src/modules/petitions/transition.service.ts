import { type Command, type CommandName, type PetitionState, STATE_LABELS } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { allowedCommands, isAllowed, mayPerform, TARGET_STATE, TRANSITIONS } from '../../domain/lifecycle.ts';
import { AppError, notFound } from '../../errors.ts';
import { enqueue } from '../../jobs/outbox.repo.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { findUnit } from '../reference/reference.repo.ts';
import { rulesForPetition } from '../settings/policy.ts';
import { milestoneDueFields, stageDeadlineFields } from './petition-deadline.ts';
import { caseFacts, stageFacts } from './petition-facts.ts';
import { issueNotice } from './petition-notices.ts';
import {
  type DocumentRow,
  insertEvent,
  lockPetition,
  type PetitionRow,
  updateIfVersion,
} from './petition.repo.ts';
import { addRoutedVisibility } from './petition-visibility.repo.ts';
import { petitionScope, relationsTo } from './petition.scope.ts';
import { HANDLERS } from './transitions/index.ts';

export type TransitionResult = { petition: PetitionRow; eventId: number; documentId: string | null };

/** Fields that changed, as {before, after} pairs for the timeline and the audit log. */
function diff(
  before: PetitionRow,
  after: PetitionRow,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof PetitionRow>) {
    if (key === 'updatedAt' || key === 'version') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/**
 * Runs one lifecycle command as one transaction: scope (404), optimistic version (409), state
 * (409 listing what is allowed), permission (403), the command's effect, the recomputed stage
 * deadline, the written notice, the timeline event, the outbox message and the audit entry.
 */
export async function runCommand<N extends CommandName>(
  deps: Deps,
  actor: Actor,
  petitionId: string,
  name: N,
  input: Command<N>,
): Promise<TransitionResult> {
  const rule = TRANSITIONS[name];
  return deps.db.transaction(async (tx) => {
    const row = await lockPetition(tx, petitionId, petitionScope(actor));
    if (!row) throw notFound('信访事项');
    if (row.version !== input.version) {
      throw new AppError('VERSION_CONFLICT', '该信访事项已被他人修改，请刷新后重试', {
        currentVersion: row.version,
        yourVersion: input.version,
      });
    }
    const facts = caseFacts(row);
    const bureau = await findUnit(tx, row.bureauUnitId);
    const relations = relationsTo(actor, row, bureau?.regionCode ?? row.regionCode);
    if (!isAllowed(name, facts)) {
      throw new AppError(
        'STATE_CONFLICT',
        `当前状态（${STATE_LABELS[facts.state]}）不能执行「${rule.label}」`,
        {
          state: facts.state,
          command: name,
          // What this caller may do now.
          allowed: allowedCommands(facts).filter((c) => mayPerform(c, actor.roles, relations)),
        },
      );
    }
    if (!mayPerform(name, actor.roles, relations)) {
      throw new AppError('FORBIDDEN', `您无权对该信访事项执行「${rule.label}」`);
    }

    const today = todayIn(deps.now());
    const { policy, calendar } = await rulesForPetition(tx, row);
    const ctx = { deps, tx, actor, row, today, policy, calendar, relations };
    const effect = await HANDLERS[name](ctx, input);
    const target = TARGET_STATE[name];
    const state = (effect.state ?? (target === 'same' || !target ? row.state : target)) as PetitionState;
    const changed = { ...row, ...effect.patch, state };
    // Internal limits follow the bureau of the unit handling the case after this step.
    const after = await rulesForPetition(tx, changed);
    const stageDeadline = stageDeadlineFields(stageFacts(changed), after.policy, after.calendar);
    const deadline = {
      ...stageDeadline,
      ...milestoneDueFields(row, changed, stageDeadline, after.policy, after.calendar),
    };
    const next = { ...changed, ...deadline } as PetitionRow;

    let document: DocumentRow | null = null;
    if (effect.notice) {
      const issuer = effect.notice.issuer ?? (await findUnit(tx, actor.unitId));
      if (!issuer) throw notFound('单位');
      document = await issueNotice(tx, {
        petition: row,
        kind: effect.notice.kind,
        values: effect.notice.values({ row: next, dueOn: deadline.stageDueOn ?? null }),
        today,
        issuer,
        recordedBy: effect.notice.issuer ? { id: actor.unitId, name: actor.unitName } : null,
        createdBy: actor.userId,
        at: deps.now(),
      });
    }
    const awaiting = document?.addressee === 'petitioner' ? 1 : 0;
    const pendingDeliveries = (effect.patch.pendingDeliveries ?? row.pendingDeliveries) + awaiting;
    const updated = await updateIfVersion(tx, row.id, row.version, {
      ...effect.patch,
      state,
      ...deadline,
      pendingDeliveries,
    });
    if (!updated) throw new AppError('VERSION_CONFLICT', '该信访事项已被他人修改，请刷新后重试');
    // Scope as data: a review organ addressed by this command sees the matter from now on.
    for (const organ of [updated.reviewOrganId, updated.reReviewOrganId])
      if (organ && organ !== row.reviewOrganId && organ !== row.reReviewOrganId)
        await addRoutedVisibility(tx, row.id, organ);

    const changes = diff(row, updated);
    const event = await insertEvent(tx, {
      petitionId: row.id,
      action: name,
      actorUserId: actor.userId,
      actorUnitId: actor.unitId,
      at: deps.now(),
      fromState: row.state,
      toState: state,
      data: { ...changes, ...(effect.event ?? {}), warnings: deadline.deadlineWarnings ?? [] },
      documentId: document?.id ?? null,
    });
    await enqueue(tx, `petition.${name}`, { petitionId: row.id, eventId: event.id });
    await recordAudit(deps, tx, actor, {
      action: `petition.${name}`,
      entityType: 'petition',
      entityId: row.id,
      before: changes.before,
      after: changes.after,
    });
    return { petition: updated, eventId: event.id, documentId: document?.id ?? null };
  });
}
