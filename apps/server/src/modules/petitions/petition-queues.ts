import type { Queue } from '@xinfang/contract';
import { and, eq, gt, gte, inArray, isNotNull, lt, lte, notInArray, or, type SQL } from 'drizzle-orm';
import { petitions } from '../../db/schema/index.ts';
import { addDays } from '../../domain/calendar/iso-date.ts';
import { TERMINAL_STATES } from '../../domain/lifecycle.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * The work queue (我的待办) of the caller's unit as one SQL condition: what waits for this unit's
 * next step. Deadline queues cover the open matters the unit registered or handles.
 */
export function queueCondition(queue: Queue, actor: Actor, today: string, nearDueDays: number): SQL {
  const mine = eq(petitions.bureauUnitId, actor.unitId);
  const handling = eq(petitions.responsibleUnitId, actor.unitId);
  const open = and(isNotNull(petitions.stageDueOn), notInArray(petitions.state, [...TERMINAL_STATES]));
  switch (queue) {
    case 'triage':
      return and(eq(petitions.state, 'registered'), mine)!;
    case 'returned':
      return and(eq(petitions.state, 'returned'), mine)!;
    case 'sign':
      return and(eq(petitions.state, 'transferred'), handling)!;
    case 'handle':
      return and(inArray(petitions.state, ['pending_acceptance', 'accepted']), handling)!;
    case 'deliver':
      // 待送达: notices to the petitioner not yet delivered, for the units that issue them.
      return and(
        gt(petitions.pendingDeliveries, 0),
        or(
          mine,
          handling,
          eq(petitions.reviewOrganId, actor.unitId),
          eq(petitions.reReviewOrganId, actor.unitId),
        ),
      )!;
    case 'near_due':
      return and(
        open,
        or(mine, handling),
        gte(petitions.stageDueOn, today),
        lte(petitions.stageDueOn, addDays(today, nearDueDays)),
      )!;
    case 'overdue':
      return and(open, or(mine, handling), lt(petitions.stageDueOn, today))!;
    case 'approve':
      return and(eq(petitions.state, 'reported'), eq(petitions.sourceUnitId, actor.unitId))!;
    case 'evaluate':
      return and(eq(petitions.state, 'replied'), or(mine, handling))!;
    case 'review':
      return and(inArray(petitions.state, ['review_requested', 're_review_requested']), mine)!;
  }
}
