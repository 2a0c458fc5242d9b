import type { Command } from '@xinfang/contract';
import { REPLY_OUTCOME_LABELS } from '@xinfang/contract';
import { baseNoticeValues, chineseDate } from './notice-values.ts';
import type { Handler } from './transition-context.ts';

export const accept: Handler<Command<'accept'>> = async (ctx, input) => {
  const base = await baseNoticeValues(ctx);
  return {
    patch: { acceptedOn: ctx.today, acceptanceDecidedOn: ctx.today },
    event: { note: input.note ?? null },
    notice: {
      kind: 'acceptance',
      values: (after) => ({ ...base, dueDate: after.dueOn ? chineseDate(after.dueOn) : '' }),
    },
  };
};

export const decline: Handler<Command<'decline'>> = async (ctx, input) => {
  const base = await baseNoticeValues(ctx);
  return {
    patch: { acceptanceDecidedOn: ctx.today },
    event: { reason: input.reason, legalChannel: input.legalChannel },
    notice: {
      kind: 'decline',
      values: () => ({ ...base, reason: input.reason, legalChannel: input.legalChannel }),
    },
  };
};

/** 延期: once, at most 30 days, approved by a named person; the petitioner is told in writing. */
export const extend: Handler<Command<'extend'>> = async (ctx, input) => {
  const base = await baseNoticeValues(ctx);
  const previousDue = ctx.row.stageDueOn;
  return {
    patch: { extensionDays: input.days },
    event: { days: input.days, reason: input.reason, approverName: input.approverName, previousDue },
    notice: {
      kind: 'extension',
      values: (after) => ({
        ...base,
        extensionDays: String(input.days),
        reason: input.reason,
        originalDueDate: previousDue ? chineseDate(previousDue) : '',
        dueDate: after.dueOn ? chineseDate(after.dueOn) : '',
      }),
    },
  };
};

/** 答复: the written 处理意见书 with request, facts, reasons, decision and legal basis. */
export const reply: Handler<Command<'reply'>> = async (ctx, input) => {
  const base = await baseNoticeValues(ctx);
  return {
    patch: { repliedOn: ctx.today, replyOutcome: input.outcome },
    event: {
      outcome: input.outcome,
      request: input.request,
      facts: input.facts,
      reasons: input.reasons,
      basis: input.basis,
    },
    notice: {
      kind: 'reply',
      values: () => ({
        ...base,
        request: input.request,
        facts: input.facts,
        reasons: input.reasons,
        decision: REPLY_OUTCOME_LABELS[input.outcome],
        basis: input.basis,
        reviewWindowDays: String(ctx.policy.limits.reviewRequestDays),
      }),
    },
  };
};
