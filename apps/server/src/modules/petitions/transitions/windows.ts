import { computeDue } from '../../../domain/deadlines.ts';
import { AppError } from '../../../errors.ts';
import type { TransitionContext } from './transition-context.ts';

/** Refuses a request made after its window (e.g. 复查 more than 30 days after the reply). */
export function requireWithinWindow(
  ctx: TransitionContext,
  start: string | null,
  days: number,
  what: string,
): string {
  if (!start) throw new AppError('STATE_CONFLICT', `缺少${what}的起算日期`);
  const window = computeDue({
    start,
    days,
    mode: ctx.policy.dayMode,
    calendar: ctx.calendar,
    rollOverRestDay: ctx.policy.rollOverRestDay,
  });
  if (ctx.today > window.due) {
    throw new AppError('WINDOW_CLOSED', `${what}期限已于${window.due}届满`, { deadline: window.due });
  }
  return window.due;
}
