import type { Command } from '@xinfang/contract';
import { invalid } from '../../../errors.ts';
import { findPetition, insertEvaluation } from '../petition.repo.ts';
import { petitionScope } from '../petition.scope.ts';
import type { Handler } from './transition-context.ts';
import { resolutionPatch } from './review.ts';
import { requireWithinWindow } from './windows.ts';

/** 满意度评价: who recorded it and through which channel is kept (ratings are gamed). */
export const evaluate: Handler<Command<'evaluate'>> = async (ctx, input) => {
  // Counted from the petitioner's receipt of the reply; before delivery it has not started.
  requireWithinWindow(ctx, ctx.row.replyServedOn, ctx.policy.limits.evaluationDays, '满意度评价');
  await insertEvaluation(ctx.tx, {
    petitionId: ctx.row.id,
    result: input.result,
    channel: input.channel,
    recordedBy: ctx.actor.userId,
    comment: input.comment ?? null,
  });
  return {
    patch: { evaluation: input.result, evaluatedOn: ctx.today },
    event: { result: input.result, channel: input.channel, recordedBy: ctx.actor.displayName },
  };
};

export const conclude: Handler<Command<'conclude'>> = async (ctx, input) => ({
  patch: { concludedOn: ctx.today, ...resolutionPatch(input) },
  event: { note: input.note ?? null, resolved: input.resolved, resolutionNote: input.resolutionNote ?? null },
});

/** 上报办结: a case assigned from above reports its result upward for approval. */
export const reportConclusion: Handler<Command<'reportConclusion'>> = async (ctx, input) => ({
  patch: { reportedOn: ctx.today, reportApproved: null },
  event: { summary: input.summary },
});

export const approveConclusion: Handler<Command<'approveConclusion'>> = async (ctx, input) => ({
  patch: { reportApproved: true, concludedOn: ctx.today, ...resolutionPatch(input) },
  event: { note: input.note ?? null, resolved: input.resolved, resolutionNote: input.resolutionNote ?? null },
});

/** 审核退回: the upper level sends the report back; the case returns to handling. */
export const sendBack: Handler<Command<'sendBack'>> = async (ctx, input) => ({
  patch: { reportApproved: false },
  event: { reason: input.reason, reportedOn: ctx.row.reportedOn },
});

export const followUp: Handler<Command<'followUp'>> = async (_ctx, input) => ({
  patch: {},
  event: { method: input.method, result: input.result },
});

/** Links a petition as a repeat (重复信访) of an earlier one the caller can see. */
export const linkRepeat: Handler<Command<'linkRepeat'>> = async (ctx, input) => {
  if (input.originalId === ctx.row.id) throw invalid('originalId', '不能关联到自身');
  const original = await findPetition(ctx.tx, input.originalId, petitionScope(ctx.actor));
  if (!original) throw invalid('originalId', '原信访事项不存在或无权访问');
  if (original.registeredOn > ctx.row.registeredOn)
    throw invalid('originalId', '原信访事项的登记日期应早于本件');
  return {
    patch: { repeatOfId: original.id, isRepeat: true },
    event: { originalId: original.id, originalCaseNo: original.caseNo },
  };
};
