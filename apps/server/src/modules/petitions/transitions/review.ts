import type { Command } from '@xinfang/contract';
import { REVIEW_OUTCOME_LABELS } from '@xinfang/contract';
import { baseNoticeValues } from './notice-values.ts';
import type { Handler } from './transition-context.ts';
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

export const decideReview: Handler<Command<'decideReview'>> = async (ctx, input) => {
  const base = await baseNoticeValues(ctx);
  return {
    patch: { reviewedOn: ctx.today },
    event: { outcome: input.outcome, facts: input.facts, reasons: input.reasons, basis: input.basis },
    notice: {
      kind: 'review',
      values: () => ({
        ...base,
        decision: REVIEW_OUTCOME_LABELS[input.outcome],
        facts: input.facts,
        reasons: input.reasons,
        basis: input.basis,
        reviewWindowDays: String(ctx.policy.limits.reReviewRequestDays),
      }),
    },
  };
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

export const decideReReview: Handler<Command<'decideReReview'>> = async (ctx, input) => {
  const base = await baseNoticeValues(ctx);
  return {
    patch: { reReviewedOn: ctx.today },
    event: { outcome: input.outcome, facts: input.facts, reasons: input.reasons, basis: input.basis },
    notice: {
      kind: 're_review',
      values: () => ({
        ...base,
        decision: REVIEW_OUTCOME_LABELS[input.outcome],
        facts: input.facts,
        reasons: input.reasons,
        basis: input.basis,
      }),
    },
  };
};

export const finalize: Handler<Command<'finalize'>> = async (ctx, input) => ({
  patch: { finalOn: ctx.today, concludedOn: ctx.row.concludedOn ?? ctx.today },
  event: { note: input.note ?? null },
});
