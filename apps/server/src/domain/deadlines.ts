import { addDays, diffDays, type IsoDate, yearOf } from './calendar/iso-date.ts';
import type { WorkCalendar } from './calendar/work-calendar.ts';

export type DayMode = 'calendar' | 'working';

export type DeadlineWarning = { code: 'CALENDAR_YEAR_MISSING'; year: number; message: string };
export type DueResult = { due: IsoDate; explanation: string[]; warnings: DeadlineWarning[] };

const missingYear = (year: number): DeadlineWarning => ({
  code: 'CALENDAR_YEAR_MISSING',
  year,
  message: `${year}年节假日安排尚未导入，期限按普通周末推算，可能不准确`,
});

/**
 * The last day of a period of `days` starting on `start`. The start day itself is not counted
 * (民法典第201条: the period begins the next day).
 * - calendar mode: start + days; if that day is a rest day and `rollOverRestDay`, the period ends
 *   on the next working day (民法典第203条).
 * - working mode: the `days`-th working day after start; 调休 working weekends count, holidays don't.
 * `days = 0` is due the same day (日清日结). Any day inspected in a year without holiday data
 * produces a warning: never a silent guess.
 */
export function computeDue(args: {
  start: IsoDate;
  days: number;
  mode: DayMode;
  calendar: WorkCalendar;
  rollOverRestDay?: boolean;
  /**
   * Calendar days added to the period before any roll-over (an approved extension, art. 34, runs
   * from the statutory due date before roll-over; a 听证 hearing's days are not counted, art. 36).
   */
  additions?: ReadonlyArray<{ days: number; label: string }>;
}): DueResult {
  const { start, days, mode, calendar } = args;
  const additions = (args.additions ?? []).filter((a) => a.days > 0);
  const rollOver = args.rollOverRestDay ?? true;
  const warned = new Set<number>();
  const warnings: DeadlineWarning[] = [];
  const inspect = (date: IsoDate) => {
    const y = yearOf(date);
    if (!calendar.hasDataFor(y) && !warned.has(y)) {
      warned.add(y);
      warnings.push(missingYear(y));
    }
    return calendar.dayInfo(date);
  };
  const explanation: string[] = [];
  if (days === 0 && additions.length === 0) {
    inspect(start);
    return { due: start, explanation: [`当日办结：期满日即起算日 ${start}`], warnings };
  }
  explanation.push(`起算日 ${start}（当日不计入，自次日起算）`);
  let due: IsoDate;
  if (mode === 'calendar') {
    due = addDays(start, days);
    explanation.push(`按自然日计算 ${days} 日，至 ${due}`);
    for (const a of additions) {
      due = addDays(due, a.days);
      explanation.push(`${a.label} ${a.days} 日，自未顺延的期满日起算，至 ${due}`);
    }
    if (rollOver) {
      const skipped: string[] = [];
      let info = inspect(due);
      while (!info.workday) {
        skipped.push(`${due}（${info.name ?? (info.reason === 'weekend' ? '周末' : '休息日')}）`);
        due = addDays(due, 1);
        info = inspect(due);
      }
      if (skipped.length > 0) {
        explanation.push(`期满日为法定休假日，顺延至休假日后第一个工作日：跳过 ${skipped.join('、')}`);
      }
    }
  } else {
    if (additions.length > 0) throw new Error('additions apply to calendar-day periods only');
    let counted = 0;
    due = start;
    const skippedHolidays = new Map<string, number>();
    const madeUp: IsoDate[] = [];
    while (counted < days) {
      due = addDays(due, 1);
      const info = inspect(due);
      if (info.workday) {
        counted++;
        if (info.reason === 'makeup_workday' || info.reason === 'override_workday') madeUp.push(due);
      } else if (info.reason !== 'weekend') {
        const key = info.name ?? '休息日';
        skippedHolidays.set(key, (skippedHolidays.get(key) ?? 0) + 1);
      }
    }
    explanation.push(`按工作日计算 ${days} 个工作日（共跨 ${diffDays(start, due)} 个自然日）`);
    for (const [name, n] of skippedHolidays) explanation.push(`跳过${name}假期 ${n} 天`);
    if (madeUp.length > 0) explanation.push(`调休上班日计入工作日：${madeUp.join('、')}`);
  }
  explanation.push(`期满日 ${due}`);
  for (const w of warnings) explanation.push(`注意：${w.message}`);
  return { due, explanation, warnings };
}

export type DeadlineStatus = { status: 'normal' | 'near_due' | 'overdue'; daysLeft: number };

/**
 * Where a due date stands on `today`: overdue once today is past the due date; near due from
 * `nearDueDays` calendar days before it up to and including the due day itself.
 */
export function deadlineStatus(args: { due: IsoDate; today: IsoDate; nearDueDays: number }): DeadlineStatus {
  const daysLeft = diffDays(args.today, args.due);
  if (daysLeft < 0) return { status: 'overdue', daysLeft };
  if (daysLeft <= args.nearDueDays) return { status: 'near_due', daysLeft };
  return { status: 'normal', daysLeft };
}

/**
 * A period of the 条例 ("日"): calendar days from the day after `start`, plus any additions, the
 * last day rolled to the next working day. Never counted in working days, whatever a bureau's
 * internal setting (only the objection period of art. 23 is in working days).
 */
export function statutoryDue(
  start: IsoDate,
  days: number,
  calendar: WorkCalendar,
  additions?: ReadonlyArray<{ days: number; label: string }>,
): DueResult {
  return computeDue({ start, days, mode: 'calendar', calendar, rollOverRestDay: true, additions });
}

/** The last day of a period of `days` working days (art. 23's objection period). */
export function workingDaysDue(start: IsoDate, days: number, calendar: WorkCalendar): DueResult {
  return computeDue({ start, days, mode: 'working', calendar });
}
