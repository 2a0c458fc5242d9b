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
import { loadPolicy } from '../settings/policy.ts';
import {
  deleteCalendarDay,
  listCalendarDays,
  listImportedYears,
  replaceImportedYear,
  upsertCalendarDay,
} from './calendar.repo.ts';

/** The work calendar as configured: built-in national data + imported years + admin overrides. */
export async function loadCalendar(db: Db): Promise<WorkCalendar> {
  // `db` may be a transaction: one query at a time on its client.
  const days = await listCalendarDays(db);
  const years = await listImportedYears(db);
  return createWorkCalendar({
    overrides: days.map((d) => ({
      date: d.date,
      kind: d.kind as 'workday' | 'holiday',
      name: d.name ?? undefined,
    })),
    extraYears: years,
  });
}

/**
 * Recomputes the stage deadline of every open petition after the calendar or the policy
 * changed, in the caller's transaction. Returns how many deadlines moved.
 */
export async function recomputeOpenDeadlines(db: Db): Promise<number> {
  const policy = await loadPolicy(db);
  const calendar = await loadCalendar(db);
  const open = await listOpenWithStage(db, TERMINAL_STATES);
  let moved = 0;
  for (const row of open) {
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

export async function importCalendarYear(deps: Deps, actor: Actor, text: string) {
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
  return deps.db.transaction(async (tx) => {
    await upsertCalendarDay(tx, {
      date: input.date,
      kind: input.kind,
      name: input.name ?? null,
      source: 'override',
    });
    const moved = await recomputeOpenDeadlines(tx);
    await recordAudit(deps, tx, actor, {
      action: 'calendar.override',
      entityType: 'calendar_day',
      entityId: input.date,
      after: input,
    });
    return { ...input, deadlinesMoved: moved };
  });
}

export async function removeCalendarOverride(deps: Deps, actor: Actor, date: string) {
  return deps.db.transaction(async (tx) => {
    if (!(await deleteCalendarDay(tx, date))) throw new AppError('NOT_FOUND', '该日期没有调整记录');
    const moved = await recomputeOpenDeadlines(tx);
    await recordAudit(deps, tx, actor, {
      action: 'calendar.override.remove',
      entityType: 'calendar_day',
      entityId: date,
    });
    return { date, deadlinesMoved: moved };
  });
}
