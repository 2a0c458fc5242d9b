import type { PetitionState, Purpose } from '@xinfang/contract';
import type { WorkCalendar } from './calendar/work-calendar.ts';
import { computeDue, type DeadlineWarning, statutoryDue } from './deadlines.ts';
import type { Policy } from './policy.ts';
import { STATUTE } from './time-limits.ts';

export type StageName =
  | 'forward'
  | 'acceptance'
  | 'handling'
  | 'review_window'
  | 'review'
  | 're_review_window'
  | 're_review';

/**
 * The petitioner's windows: 申请复查 and 申请复核, 30 days each from the delivery of the opinion (arts. 35–36).
 * They bind the petitioner's request, never the organ: a unit is not 超期 or 临期 on them.
 */
export const PETITIONER_WINDOWS: readonly StageName[] = ['review_window', 're_review_window'];

/** Whom a stage's clock binds: the petitioner's windows, or the organ's deadlines. */
export const stageOwner = (stage: StageName): 'unit' | 'petitioner' =>
  PETITIONER_WINDOWS.includes(stage) ? 'petitioner' : 'unit';

/** The facts of a case that decide which clock runs and from when. */
export type StageFacts = {
  state: PetitionState;
  purpose: Purpose;
  isRepeat: boolean;
  registeredOn: string;
  /** The day the current unit received the transfer (art. 23): recorded at dispatch, never moved by signing. */
  receivedOn: string | null;
  acceptedOn: string | null;
  extensionDays: number;
  /** The day the 处理意见书 was delivered (送达) to the petitioner (art. 35). */
  replyServedOn: string | null;
  reviewRequestedOn: string | null;
  /** The day the 复查意见书 was delivered to the petitioner (art. 36). */
  reviewServedOn: string | null;
  reReviewRequestedOn: string | null;
  /** Days spent in 听证 hearings during 复核: not counted (art. 36). */
  hearingDays: number;
};

export type StageDeadline = {
  stage: StageName;
  label: string;
  /** 'unit' deadlines bind the organ; 'petitioner' windows bind the petitioner's request. */
  owner: 'unit' | 'petitioner';
  article: string;
  /** Null while the clock has not started (a petitioner's window before delivery). */
  start: string | null;
  days: number;
  due: string | null;
  dayMode: 'calendar' | 'working';
  explanation: string[];
  warnings: DeadlineWarning[];
};

/** 复查/复核 belong to 申诉求决 matters (arts. 31–36); 意见建议 and 检举控告 have no review chain. */
export function hasReviewChain(purpose: Purpose): boolean {
  return purpose !== 'suggestion' && purpose !== 'report';
}

const ROLL = '期满日为休息日的顺延至其后第一个工作日';

/** The clock that runs in the case's current state, computed and explained (null for closed states). */
export function stageDeadline(f: StageFacts, policy: Policy, calendar: WorkCalendar): StageDeadline | null {
  const { limits, internal } = policy;
  const statutory = (
    stage: StageName,
    label: string,
    article: string,
    start: string | null,
    days: number,
    additions: Array<{ days: number; label: string }> = [],
    notStarted = '',
  ): StageDeadline => {
    const owner = stageOwner(stage);
    if (!start) {
      return {
        stage,
        label,
        owner,
        article,
        start: null,
        days,
        due: null,
        dayMode: 'calendar',
        explanation: [`${label}：${notStarted}，期限尚未起算`],
        warnings: [],
      };
    }
    const r = statutoryDue(start, days, calendar, additions);
    return {
      stage,
      label,
      owner,
      article,
      start,
      days: days + additions.reduce((n, a) => n + a.days, 0),
      due: r.due,
      dayMode: 'calendar',
      explanation: [
        `${label}（《信访工作条例》${article}）：自 ${start} 起 ${days} 日，${ROLL}`,
        ...r.explanation,
      ],
      warnings: r.warnings,
    };
  };

  switch (f.state) {
    case 'registered': {
      // 第二十二条: 15 日 (or the bureau's shorter limit), calendar days. The bureau's internal
      // target (日清日结, or N working days) is its policy and may only make it earlier.
      const legal = statutory(
        'forward',
        '转送交办期限',
        STATUTE.forwardDays.article,
        f.registeredOn,
        limits.forwardDays,
      );
      const targetDays = internal.dailyClearance && !f.isRepeat ? 0 : internal.forwardTargetDays;
      if (targetDays === null || legal.due === null) return legal;
      const target = computeDue({
        start: f.registeredOn,
        days: targetDays,
        mode: internal.dayMode,
        calendar,
      });
      if (target.due >= legal.due) return legal;
      const what =
        targetDays === 0
          ? '日清日结（初信初访当日转送）'
          : `内部转送目标 ${targetDays} ${internal.dayMode === 'working' ? '个工作日' : '日'}`;
      return {
        ...legal,
        due: target.due,
        days: targetDays,
        dayMode: internal.dayMode,
        explanation: [
          `本局${what}，早于法定期满日 ${legal.due}`,
          ...target.explanation,
          ...legal.explanation,
        ],
        warnings: [
          ...legal.warnings,
          ...target.warnings.filter((w) => !legal.warnings.some((x) => x.year === w.year)),
        ],
      };
    }
    case 'transferred':
    case 'pending_acceptance':
    case 'returned':
      // 第二十三条: from the day the transfer reached the unit; in transit the clock never stops.
      return statutory(
        'acceptance',
        '书面告知受理期限',
        STATUTE.acceptanceDays.article,
        f.receivedOn ?? f.registeredOn,
        limits.acceptanceDays,
      );
    case 'accepted':
      // 第三十四条: 60 日 from acceptance; an extension runs from the unrolled due date, then rolls once.
      return statutory(
        'handling',
        '办理答复期限',
        STATUTE.handlingDays.article,
        f.acceptedOn,
        limits.handlingDays,
        [{ days: f.extensionDays, label: '经批准延长办理期限' }],
      );
    case 'replied':
    case 'evaluated':
    case 'reported':
    case 'concluded':
      if (!hasReviewChain(f.purpose)) return null;
      // 第三十五条: 30 日 from the petitioner's receipt of the 处理意见书.
      return statutory(
        'review_window',
        '申请复查期限',
        STATUTE.reviewRequestDays.article,
        f.replyServedOn,
        STATUTE.reviewRequestDays.days,
        [],
        '处理意见书待送达',
      );
    case 'review_requested':
      return statutory(
        'review',
        '复查办理期限',
        STATUTE.reviewDecisionDays.article,
        f.reviewRequestedOn,
        limits.reviewDecisionDays,
      );
    case 'reviewed':
      // 第三十六条: 30 日 from the petitioner's receipt of the 复查意见书.
      return statutory(
        're_review_window',
        '申请复核期限',
        STATUTE.reReviewRequestDays.article,
        f.reviewServedOn,
        STATUTE.reReviewRequestDays.days,
        [],
        '复查意见书待送达',
      );
    case 're_review_requested':
      // 第三十六条: 听证所需时间不计算在期限内.
      return statutory(
        're_review',
        '复核办理期限',
        STATUTE.reReviewDecisionDays.article,
        f.reReviewRequestedOn,
        limits.reReviewDecisionDays,
        [{ days: f.hearingDays, label: '听证所需时间不计入' }],
      );
    default:
      return null;
  }
}

/**
 * Whether a petitioner's request made on `today` is within its window. Before delivery the window
 * has not started, so a request is in time; after it, the request is in time up to the due date.
 */
export function requestInTime(
  servedOn: string | null,
  days: number,
  today: string,
  calendar: WorkCalendar,
): { inTime: boolean; windowEndsOn: string | null } {
  if (!servedOn) return { inTime: true, windowEndsOn: null };
  const due = statutoryDue(servedOn, days, calendar).due;
  return { inTime: today <= due, windowEndsOn: due };
}
