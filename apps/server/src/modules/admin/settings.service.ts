import { NoticeKind } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { DEFAULT_TEMPLATES, type NoticeTemplate, validateTemplate } from '../documents/notice-templates.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import { ownBureau, recomputeOpenDeadlines } from '../calendar/calendar.service.ts';
import type { PolicyPatch } from '../../domain/policy.ts';
import { STATUTE } from '../../domain/time-limits.ts';
import { rulesForUnit } from '../settings/policy.ts';
import { findPolicyPatch, savePolicyPatch } from '../settings/policy.repo.ts';
import { listTemplateOverrides, saveTemplate } from './template.repo.ts';

/** The policy in force for the caller's bureau, what it sets itself, and the statutory maxima. */
export async function getPolicy(deps: Deps, actor: Actor) {
  const rules = await rulesForUnit(deps.db, actor.unitId);
  const own = rules.bureau ? ((await findPolicyPatch(deps.db, rules.bureau.id)) ?? {}) : {};
  return {
    bureau: rules.bureau ? { id: rules.bureau.id, name: rules.bureau.name } : null,
    inheritsFrom: rules.chain.slice(0, -1).map((b) => ({ id: b.id, name: b.name })),
    effective: rules.policy,
    own,
    statute: STATUTE,
  };
}

/**
 * Changes the caller's own bureau's policy (only its own admins may): limits within the statutory
 * maxima, internal targets, thresholds. Every open deadline is recomputed in the same transaction.
 */
export async function updatePolicy(deps: Deps, actor: Actor, patch: PolicyPatch) {
  if (!hasRole(actor, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以修改本局规则');
  const { bureau } = await ownBureau(deps.db, actor);
  return deps.db.transaction(async (tx) => {
    const before = (await findPolicyPatch(tx, bureau.id)) ?? {};
    const merged: PolicyPatch = {
      ...before,
      ...patch,
      limits: { ...before.limits, ...patch.limits },
      internal: { ...before.internal, ...patch.internal },
      rankingWeights: { ...before.rankingWeights, ...patch.rankingWeights },
    };
    await savePolicyPatch(tx, bureau.id, merged, actor.userId);
    const { policy } = await rulesForUnit(tx, bureau.id);
    const moved = await recomputeOpenDeadlines(tx);
    await recordAudit(deps, tx, actor, {
      action: 'policy.update',
      entityType: 'bureau_policy',
      entityId: bureau.id,
      before,
      after: merged,
    });
    return {
      bureau: { id: bureau.id, name: bureau.name },
      effective: policy,
      own: merged,
      deadlinesMoved: moved,
    };
  });
}

/** Every notice template in force, marking the ones an admin edited. */
export async function getTemplates(deps: Deps) {
  const overrides = new Map(
    (await listTemplateOverrides(deps.db)).map((o) => [o.kind, o.template as NoticeTemplate]),
  );
  return NoticeKind.options.map((kind) => ({
    kind,
    edited: overrides.has(kind),
    template: overrides.get(kind) ?? DEFAULT_TEMPLATES[kind],
  }));
}

export async function putTemplate(
  deps: Deps,
  actor: Actor,
  kind: NoticeKind,
  body: { title: string; paragraphs: string[] },
) {
  if (!hasRole(actor, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以修改文书模板');
  const template = { ...DEFAULT_TEMPLATES[kind], ...body, kind } as NoticeTemplate;
  const problems = validateTemplate(template);
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', problems[0], {
      fields: problems.map((message) => ({ field: 'paragraphs', message })),
    });
  }
  await deps.db.transaction(async (tx) => {
    await saveTemplate(tx, kind, template);
    await recordAudit(deps, tx, actor, {
      action: 'template.update',
      entityType: 'notice_template',
      entityId: kind,
      after: template,
    });
  });
  return { kind, template };
}
