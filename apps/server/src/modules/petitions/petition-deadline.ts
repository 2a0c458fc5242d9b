import { computeDue } from '../../domain/deadlines.ts';
import type { WorkCalendar } from '../../domain/calendar/work-calendar.ts';
import { type StageFacts, stageFor } from '../../domain/stage.ts';
import type { Policy } from '../settings/policy.ts';
import type { PetitionInsert } from './petition.repo.ts';

export type DeadlineFields = Pick<
  PetitionInsert,
  'stage' | 'stageStartOn' | 'stageDays' | 'stageDayMode' | 'stageDueOn' | 'deadlineWarnings'
>;

export type DeadlineExplanation = {
  due: string | null;
  explanation: string[];
  warnings: Array<{ code: string; year: number; message: string }>;
};

/** Computes the current stage's due date, with every step of the computation explained. */
export function explainStageDeadline(
  facts: StageFacts,
  policy: Policy,
  calendar: WorkCalendar,
): DeadlineExplanation & { fields: DeadlineFields } {
  const spec = stageFor(facts, policy.limits);
  if (!spec) {
    return {
      due: null,
      explanation: ['当前状态无计时期限'],
      warnings: [],
      fields: {
        stage: null,
        stageStartOn: null,
        stageDays: null,
        stageDayMode: null,
        stageDueOn: null,
        deadlineWarnings: [],
      },
    };
  }
  const base = computeDue({
    start: spec.start,
    days: spec.days,
    mode: policy.dayMode,
    calendar,
    rollOverRestDay: policy.rollOverRestDay,
  });
  let due = base.due;
  const explanation = [`${spec.label}：自 ${spec.start} 起 ${spec.days} 日`, ...base.explanation];
  const warnings = [...base.warnings];
  if (spec.extensionDays > 0) {
    const extended = computeDue({
      start: base.due,
      days: spec.extensionDays,
      mode: policy.dayMode,
      calendar,
      rollOverRestDay: policy.rollOverRestDay,
    });
    due = extended.due;
    explanation.push(
      `经批准延期 ${spec.extensionDays} 日，自原期满日 ${base.due} 起算`,
      ...extended.explanation,
    );
    for (const w of extended.warnings) if (!warnings.some((x) => x.year === w.year)) warnings.push(w);
  }
  return {
    due,
    explanation,
    warnings,
    fields: {
      stage: spec.stage,
      stageStartOn: spec.start,
      stageDays: spec.days + spec.extensionDays,
      stageDayMode: policy.dayMode,
      stageDueOn: due,
      deadlineWarnings: warnings,
    },
  };
}

/** The deadline fields for a petition row (after a change). */
export function stageDeadlineFields(row: StageFacts, policy: Policy, calendar: WorkCalendar): DeadlineFields {
  return explainStageDeadline(row, policy, calendar).fields;
}

/**
 * Keeps the due dates the statistics judge against: the acceptance due date is fixed when the
 * acceptance clock starts (or, for a bureau deciding at triage, from registration); the reply due
 * date follows the handling stage, extension included.
 */
export function milestoneDueFields(
  row: Pick<PetitionInsert, 'acceptanceDueOn' | 'registeredOn'>,
  next: Pick<PetitionInsert, 'acceptanceDecidedOn'>,
  deadline: DeadlineFields,
  policy: Policy,
  calendar: WorkCalendar,
): Pick<PetitionInsert, 'acceptanceDueOn' | 'replyDueOn'> {
  const fields: Pick<PetitionInsert, 'acceptanceDueOn' | 'replyDueOn'> = {};
  if (!row.acceptanceDueOn) {
    if (deadline.stage === 'acceptance') fields.acceptanceDueOn = deadline.stageDueOn;
    else if (next.acceptanceDecidedOn) {
      fields.acceptanceDueOn = computeDue({
        start: row.registeredOn,
        days: policy.limits.acceptanceDays,
        mode: policy.dayMode,
        calendar,
        rollOverRestDay: policy.rollOverRestDay,
      }).due;
    }
  }
  if (deadline.stage === 'handling') fields.replyDueOn = deadline.stageDueOn;
  return fields;
}
