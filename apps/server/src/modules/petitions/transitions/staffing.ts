import type { Command } from '@xinfang/contract';
import { AppError, invalid } from '../../../errors.ts';
import { hasRole } from '../../auth/actor.ts';
import { findUserById } from '../../auth/auth.repo.ts';
import { insertRecusal, listRecusals } from '../delivery.repo.ts';
import type { PetitionRow } from '../petition.repo.ts';
import type { Handler, TransitionContext } from './transition-context.ts';

/** The unit whose staff work on the case now: the organ deciding a review, else the handling unit. */
export function handlingUnitOf(row: PetitionRow): string {
  if (row.state === 'review_requested' && row.reviewOrganId) return row.reviewOrganId;
  if (row.state === 're_review_requested' && row.reReviewOrganId) return row.reReviewOrganId;
  return row.responsibleUnitId ?? row.bureauUnitId;
}

async function staffOf(ctx: TransitionContext, userId: string, unitId: string, field: string) {
  const user = await findUserById(ctx.tx, userId);
  if (!user?.active || user.unitId !== unitId) throw invalid(field, '应为承办单位的在职工作人员');
  return user;
}

/**
 * 承办人: the head of the handling unit (a leader or caseworker there) names the person who handles
 * the case, and may reassign it when staff are absent or leave; a handler may take an unassigned
 * case himself. A recused person can never be named.
 */
export const assignHandler: Handler<Command<'assignHandler'>> = async (ctx, input) => {
  const unitId = handlingUnitOf(ctx.row);
  if (ctx.actor.unitId !== unitId) throw new AppError('FORBIDDEN', '只有承办单位可以指定承办人');
  const head = hasRole(ctx.actor, 'leader', 'caseworker');
  if (!head) {
    const takesItHimself = input.userId === ctx.actor.userId;
    const free = !ctx.row.assigneeUserId || ctx.row.assigneeUserId === ctx.actor.userId;
    if (!takesItHimself || !free)
      throw new AppError('FORBIDDEN', '承办人只能由单位负责人指定，经办人只能认领尚未指定承办人的事项');
  }
  const user = await staffOf(ctx, input.userId, unitId, 'userId');
  if ((await listRecusals(ctx.tx, ctx.row.id)).some((r) => r.userId === user.id)) {
    throw new AppError('RECUSED', `${user.displayName}已回避本事项，不能担任承办人`);
  }
  return {
    patch: { assigneeUserId: user.id },
    event: {
      assigneeUserId: user.id,
      assigneeName: user.displayName,
      previousAssigneeUserId: ctx.row.assigneeUserId,
      note: input.note ?? null,
    },
  };
};

/**
 * 回避: a staff member with an interest in the matter steps aside — by their own declaration or by
 * decision of the unit's head. From then on they neither see nor act on the case.
 */
export const recuse: Handler<Command<'recuse'>> = async (ctx, input) => {
  const self = input.userId === ctx.actor.userId;
  if (!self && !hasRole(ctx.actor, 'leader', 'caseworker')) {
    throw new AppError('FORBIDDEN', '只有单位负责人可以决定其他工作人员回避');
  }
  const user = await findUserById(ctx.tx, input.userId);
  if (!user) throw invalid('userId', '工作人员不存在');
  const added = await insertRecusal(ctx.tx, {
    petitionId: ctx.row.id,
    userId: user.id,
    reason: input.reason,
    recordedBy: ctx.actor.userId,
  });
  if (!added) throw new AppError('DUPLICATE', `${user.displayName}已回避本事项`);
  return {
    patch: ctx.row.assigneeUserId === user.id ? { assigneeUserId: null } : {},
    event: { userId: user.id, userName: user.displayName, reason: input.reason, declaredBySelf: self },
  };
};
