import type { Command, NoticeKind } from '@xinfang/contract';
import { REVIEW_OUTCOME_LABELS } from '@xinfang/contract';
import { baseNoticeValues } from './notice-values.ts';
import type { Effect, Handler, TransitionContext } from './transition-context.ts';
import { requireWithinWindow } from './windows.ts';

export const requestReview: Handler<Command<'requestReview'>> = async (ctx, input) => {
  const deadline = requireWithinWindow(
    ctx,
    ctx.row.repliedOn,
    ctx.policy.limits.reviewRequestDays,
    '申请复查',
  );
  return { patch: { reviewRequestedOn: ctx.today }, event: { reason: input.reason, windowEndsOn: deadline } };
};

export const requestReReview: Handler<Command<'requestReReview'>> = async (ctx, input) => {
  const deadline = requireWithinWindow(
    ctx,
    ctx.row.reviewedOn,
    ctx.policy.limits.reReviewRequestDays,
    '申请复核',
  );
  return {
    patch: { reReviewRequestedOn: ctx.today },
    event: { reason: input.reason, windowEndsOn: deadline },
  };
};

type Decision = Command<'decideReview'>;

/** 复查/复核 decisions share their shape: facts, reasons, basis and an outcome, in a written opinion. */
async function decision(
  ctx: TransitionContext,
  input: Decision,
  kind: NoticeKind,
  patch: Effect['patch'],
  nextWindowDays?: number,
): Promise<Effect> {
  const base = await baseNoticeValues(ctx);
  return {
    patch,
    event: { outcome: input.outcome, facts: input.facts, reasons: input.reasons, basis: input.basis },
    notice: {
      kind,
      values: () => ({
        ...base,
        decision: REVIEW_OUTCOME_LABELS[input.outcome],
        facts: input.facts,
        reasons: input.reasons,
        basis: input.basis,
        ...(nextWindowDays === undefined ? {} : { reviewWindowDays: String(nextWindowDays) }),
      }),
    },
  };
}

export const decideReview: Handler<Command<'decideReview'>> = (ctx, input) =>
  decision(ctx, input, 'review', { reviewedOn: ctx.today }, ctx.policy.limits.reReviewRequestDays);

export const decideReReview: Handler<Command<'decideReReview'>> = (ctx, input) =>
  decision(ctx, input, 're_review', { reReviewedOn: ctx.today });

export const finalize: Handler<Command<'finalize'>> = async (ctx, input) => ({
  patch: { finalOn: ctx.today, concludedOn: ctx.row.concludedOn ?? ctx.today },
  event: { note: input.note ?? null },
});
