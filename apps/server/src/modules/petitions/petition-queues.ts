import type { Queue } from '@xinfang/contract';
import {
  and,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { deliveries, documents, petitions } from '../../db/schema/index.ts';
import { addDays } from '../../domain/calendar/iso-date.ts';
import { TERMINAL_STATES } from '../../domain/lifecycle.ts';
import { PETITIONER_WINDOWS } from '../../domain/stage.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * The unit whose deadline a case's current stage is, and so whose 超期/临期 it is: the 复查 organ
 * during 复查 (第三十五条: it gives its opinion within 30 days of the request), the 复核 organ during
 * 复核 (第三十六条), otherwise the unit handling the case, or the bureau before it is routed.
 */
export const OWNER_UNIT = sql`case ${petitions.stage}
  when 'review' then coalesce(${petitions.reviewOrganId}, ${petitions.responsibleUnitId}, ${petitions.bureauUnitId})
  when 're_review' then coalesce(${petitions.reReviewOrganId}, ${petitions.responsibleUnitId}, ${petitions.bureauUnitId})
  else coalesce(${petitions.responsibleUnitId}, ${petitions.bureauUnitId}) end`;

/** 超期 / 临期 as the lists show them: an open stage whose due date is past, or within the near-due days. */
export type DeadlineStatus = 'overdue' | 'near_due';

/**
 * Whether a case is overdue or near due today, on its current stage deadline (the deadline of
 * each stage follows the 条例's limits: see domain/deadlines.ts). Only the organ's deadlines: a
 * petitioner's window to request 复查/复核 (arts. 35–36) that runs out is no unit's 超期.
 */
export function deadlineCondition(status: DeadlineStatus, today: string, nearDueDays: number): SQL {
  const open = and(
    isNotNull(petitions.stageDueOn),
    notInArray(petitions.state, [...TERMINAL_STATES]),
    or(isNull(petitions.stage), notInArray(petitions.stage, [...PETITIONER_WINDOWS])),
  );
  return status === 'overdue'
    ? and(open, lt(petitions.stageDueOn, today))!
    : and(open, gte(petitions.stageDueOn, today), lte(petitions.stageDueOn, addDays(today, nearDueDays)))!;
}

/**
 * The work queue (我的待办) of the caller's unit as one SQL condition: what waits for this unit's
 * next step. Deadline queues cover the open matters whose current deadline is the unit's
 * (OWNER_UNIT), and those the unit registered (a bureau follows up the cases it sent out).
 */
export function queueCondition(queue: Queue, actor: Actor, today: string, nearDueDays: number): SQL {
  const mine = eq(petitions.bureauUnitId, actor.unitId);
  const handling = eq(petitions.responsibleUnitId, actor.unitId);
  const owning = sql`${OWNER_UNIT} = ${actor.unitId}::uuid`;
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
      // 待送达: the unit's own notices to the petitioner not yet delivered: those it issued, or
      // recorded for the deciding organ (委托录入). A notice whose issuer was never recorded (made
      // before issuers were) is the bureau's and the handling unit's. The units that can issue a
      // notice come first, so the rows the queue looks at are those of its index.
      return and(
        gt(petitions.pendingDeliveries, 0),
        or(
          mine,
          handling,
          eq(petitions.reviewOrganId, actor.unitId),
          eq(petitions.reReviewOrganId, actor.unitId),
        ),
        sql`exists (select 1 from ${documents} d where d.petition_id = ${petitions.id}
          and d.addressee = 'petitioner'
          and not exists (select 1 from ${deliveries} v where v.document_id = d.id)
          and (d.issuer_unit_id = ${actor.unitId}::uuid or d.recorded_by_unit_id = ${actor.unitId}::uuid
            or (d.issuer_unit_id is null and ${or(mine, handling)})))`,
      )!;
    case 'near_due':
      return and(deadlineCondition('near_due', today, nearDueDays), or(mine, owning))!;
    case 'overdue':
      return and(deadlineCondition('overdue', today, nearDueDays), or(mine, owning))!;
    case 'approve':
      return and(eq(petitions.state, 'reported'), eq(petitions.sourceUnitId, actor.unitId))!;
    case 'evaluate':
      return and(eq(petitions.state, 'replied'), or(mine, handling))!;
    case 'review':
      return and(inArray(petitions.state, ['review_requested', 're_review_requested']), mine)!;
  }
}
