import { NoticeKind } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { DEFAULT_TEMPLATES, type NoticeTemplate, validateTemplate } from '../documents/notice-templates.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import { recomputeOpenDeadlines } from '../calendar/calendar.service.ts';
import { loadPolicy, type Policy, savePolicy } from '../settings/policy.ts';
import { listTemplateOverrides, saveTemplate } from './template.repo.ts';

export const getPolicy = (deps: Deps) => loadPolicy(deps.db);

/** Changes time limits or day counting; every open deadline is recomputed in the same transaction. */
export async function updatePolicy(deps: Deps, actor: Actor, patch: Partial<Policy>) {
  if (!hasRole(actor, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以修改时限规则');
  return deps.db.transaction(async (tx) => {
    const before = await loadPolicy(tx);
    const after = await savePolicy(tx, patch);
    const moved = await recomputeOpenDeadlines(tx);
    await recordAudit(deps, tx, actor, {
      action: 'policy.update',
      entityType: 'settings',
      entityId: 'policy',
      before,
      after,
    });
    return { ...after, deadlinesMoved: moved };
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
