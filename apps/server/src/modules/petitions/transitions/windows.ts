import { requestInTime } from '../../../domain/stage.ts';
import { AppError } from '../../../errors.ts';
import type { TransitionContext } from './transition-context.ts';

/**
 * Refuses a step after its window, counted from the petitioner's receipt (`servedOn`); before
 * delivery the window has not started. Returns the window's last day (null before delivery).
 */
export function requireWithinWindow(
  ctx: TransitionContext,
  servedOn: string | null,
  days: number,
  what: string,
): string | null {
  const { inTime, windowEndsOn } = requestInTime(servedOn, days, ctx.today, ctx.calendar);
  if (!inTime) {
    throw new AppError('WINDOW_CLOSED', `${what}期限已于${windowEndsOn}届满`, { deadline: windowEndsOn });
  }
  return windowEndsOn;
}
