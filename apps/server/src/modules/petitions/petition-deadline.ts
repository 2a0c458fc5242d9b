import type { WorkCalendar } from '../../domain/calendar/work-calendar.ts';
import { statutoryDue } from '../../domain/deadlines.ts';
import type { Policy } from '../../domain/policy.ts';
import { type StageFacts, stageDeadline } from '../../domain/stage.ts';
import type { PetitionInsert } from './petition.repo.ts';

export type DeadlineFields = Pick<
  PetitionInsert,
  'stage' | 'stageStartOn' | 'stageDays' | 'stageDayMode' | 'stageDueOn' | 'deadlineWarnings'
>;

export type DeadlineExplanation = {
  stage: string | null;
  label: string | null;
  article: string | null;
  owner: 'unit' | 'petitioner' | null;
  due: string | null;
  notStarted: boolean;
  explanation: string[];
  warnings: Array<{ code: string; year: number; message: string }>;
};

/** The current stage's due date, with every step of the computation explained. */
export function explainStageDeadline(
  facts: StageFacts,
  policy: Policy,
  calendar: WorkCalendar,
): DeadlineExplanation & { fields: DeadlineFields } {
  const d = stageDeadline(facts, policy, calendar);
  if (!d) {
    return {
      stage: null,
      label: null,
      article: null,
      owner: null,
      due: null,
      notStarted: false,
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
  return {
    stage: d.stage,
    label: d.label,
    article: d.article,
    owner: d.owner,
    due: d.due,
    notStarted: d.start === null,
    explanation: d.explanation,
    warnings: d.warnings,
    fields: {
      stage: d.stage,
      stageStartOn: d.start,
      stageDays: d.days,
      stageDayMode: d.dayMode,
      stageDueOn: d.due,
      deadlineWarnings: d.warnings,
    },
  };
}

/** The deadline fields for a petition row (after a change). */
export function stageDeadlineFields(row: StageFacts, policy: Policy, calendar: WorkCalendar): DeadlineFields {
  return explainStageDeadline(row, policy, calendar).fields;
}

/**
 * Keeps the due dates the statistics judge against: the acceptance due date follows the clock of
 * the unit that must decide (a new unit after 改派 gets its own, 第二十三条), or, for a bureau
 * deciding at triage, runs from registration; the reply due date follows the handling stage.
 */
export function milestoneDueFields(
  row: Pick<PetitionInsert, 'acceptanceDueOn' | 'registeredOn'>,
  next: Pick<PetitionInsert, 'acceptanceDecidedOn'>,
  deadline: DeadlineFields,
  policy: Policy,
  calendar: WorkCalendar,
): Pick<PetitionInsert, 'acceptanceDueOn' | 'replyDueOn'> {
  const fields: Pick<PetitionInsert, 'acceptanceDueOn' | 'replyDueOn'> = {};
  if (deadline.stage === 'acceptance') fields.acceptanceDueOn = deadline.stageDueOn;
  else if (!row.acceptanceDueOn && next.acceptanceDecidedOn) {
    fields.acceptanceDueOn = statutoryDue(row.registeredOn, policy.limits.acceptanceDays, calendar).due;
  }
  if (deadline.stage === 'handling') fields.replyDueOn = deadline.stageDueOn;
  return fields;
}
