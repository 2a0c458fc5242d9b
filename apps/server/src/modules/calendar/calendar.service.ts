import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import {
  createWorkCalendar,
  parseCalendarImport,
  type WorkCalendar,
} from '../../domain/calendar/work-calendar.ts';
import { TERMINAL_STATES } from '../../domain/lifecycle.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { stageFacts } from '../petitions/petition-facts.ts';
import { stageDeadlineFields } from '../petitions/petition-deadline.ts';
import { listOpenWithStage, updateIfVersion } from '../petitions/petition.repo.ts';
import { rulesCache, rulesForUnit } from '../settings/policy.ts';
import {
  NATIONAL,
  deleteCalendarDay,
  listCalendarDays,
  listImportedYears,
  replaceImportedYear,
  upsertCalendarDay,
} from './calendar.repo.ts';

/**
 * The work calendar in force for a chain of bureaus (top-down): built-in national data, imported
 * national years, then each bureau's adjustments, the nearest bureau winning.
 */
export async function loadCalendarFor(db: Db, bureauIds: string[]): Promise<WorkCalendar> {
  const [days, years] = await Promise.all([
    listCalendarDays(db, [NATIONAL, ...bureauIds]),
    listImportedYears(db),
  ]);
  const rank = (scope: string) => (scope === NATIONAL ? -1 : bureauIds.indexOf(scope));
  return createWorkCalendar({
    overrides: days
      .sort(
        (a, b) =>
          rank(a.scope) - rank(b.scope) || Number(a.source === 'override') - Number(b.source === 'override'),
      )
      .map((d) => ({ date: d.date, kind: d.kind as 'workday' | 'holiday', name: d.name ?? undefined })),
    extraYears: years,
  });
}

/** The calendar a user works with: that of their unit's bureaus. */
export async function loadCalendarOf(db: Db, unitId: string): Promise<WorkCalendar> {
  return (await rulesForUnit(db, unitId)).calendar;
}

/**
 * Recomputes the stage deadline of every open petition after a calendar or a policy changed, in
 * the caller's transaction, each with the rules of the bureau of the unit handling it. Returns how
 * many deadlines moved.
 */
export async function recomputeOpenDeadlines(db: Db): Promise<number> {
  const rulesOf = rulesCache(db);
  const open = await listOpenWithStage(db, TERMINAL_STATES);
  let moved = 0;
  for (const row of open) {
    const { policy, calendar } = await rulesOf(row.responsibleUnitId ?? row.bureauUnitId);
    const fields = stageDeadlineFields(stageFacts(row), policy, calendar);
    const changed =
      fields.stageDueOn !== row.stageDueOn ||
      JSON.stringify(fields.deadlineWarnings ?? []) !== JSON.stringify(row.deadlineWarnings ?? []);
    if (!changed) continue;
    await updateIfVersion(db, row.id, row.version, fields);
    moved++;
  }
  return moved;
}

/** The bureau whose calendar and policy an admin edits: their own, never another's. */
export async function ownBureau(db: Db, actor: Actor) {
  const { bureau, chain } = await rulesForUnit(db, actor.unitId);
  if (!bureau || bureau.id !== actor.unitId) {
    throw new AppError('FORBIDDEN', '只有信访部门的管理员可以调整本局的日历和规则');
  }
  return { bureau, topLevel: chain.length === 1 };
}

/** The national holiday schedule of a year, imported once by a top-level admin and inherited by all. */
export async function importCalendarYear(deps: Deps, actor: Actor | null, text: string) {
  if (actor && !(await ownBureau(deps.db, actor)).topLevel) {
    throw new AppError('FORBIDDEN', '国家节假日安排由最上级信访部门的管理员统一导入，下级单位继承使用');
  }
  const parsed = parseCalendarImport(text);
  if (parsed.errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', '节假日安排文件有误', {
      fields: parsed.errors.map((e) => ({ field: `line ${e.line}`, message: e.message })),
    });
  }
  return deps.db.transaction(async (tx) => {
    await replaceImportedYear(tx, parsed.year, parsed.entries, `导入 ${parsed.entries.length} 条`);
    const moved = await recomputeOpenDeadlines(tx);
    await recordAudit(deps, tx, actor, {
      action: 'calendar.import',
      entityType: 'calendar_year',
      entityId: String(parsed.year),
      after: { entries: parsed.entries.length },
    });
    return { year: parsed.year, entries: parsed.entries.length, deadlinesMoved: moved };
  });
}

export async function setCalendarOverride(
  deps: Deps,
  actor: Actor,
  input: { date: string; kind: 'workday' | 'holiday'; name?: string },
) {
  const { bureau } = await ownBureau(deps.db, actor);
  return deps.db.transaction(async (tx) => {
    await upsertCalendarDay(tx, {
      scope: bureau.id,
      date: input.date,
      kind: input.kind,
      name: input.name ?? null,
      source: 'override',
    });
    const moved = await recomputeOpenDeadlines(tx);
    await recordAudit(deps, tx, actor, {
      action: 'calendar.override',
      entityType: 'calendar_day',
      entityId: `${bureau.id}:${input.date}`,
      after: { ...input, bureau: bureau.name },
    });
    return { ...input, deadlinesMoved: moved };
  });
}

export async function removeCalendarOverride(deps: Deps, actor: Actor, date: string) {
  const { bureau } = await ownBureau(deps.db, actor);
  return deps.db.transaction(async (tx) => {
    if (!(await deleteCalendarDay(tx, bureau.id, date)))
      throw new AppError('NOT_FOUND', '该日期没有调整记录');
    const moved = await recomputeOpenDeadlines(tx);
    await recordAudit(deps, tx, actor, {
      action: 'calendar.override.remove',
      entityType: 'calendar_day',
      entityId: `${bureau.id}:${date}`,
    });
    return { date, deadlinesMoved: moved };
  });
}
