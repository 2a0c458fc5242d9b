import type { Command } from '@xinfang/contract';
import { REPLY_OUTCOME_LABELS } from '@xinfang/contract';
import { STATUTE } from '../../../domain/time-limits.ts';
import { invalid } from '../../../errors.ts';
import { baseNoticeValues, chineseDate, organNames } from './notice-values.ts';
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

/**
 * 延期 (第三十四条): once, at most 30 days (or the bureau's shorter maximum), approved by the
 * organ's head, the petitioner told the reason in writing.
 */
export const extend: Handler<Command<'extend'>> = async (ctx, input) => {
  const max = ctx.policy.limits.maxExtensionDays;
  if (input.days > max) throw invalid('days', `延期不得超过${max}日（《信访工作条例》第三十四条及本局规定）`);
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
        approverName: input.approverName,
        originalDueDate: previousDue ? chineseDate(previousDue) : '',
        dueDate: after.dueOn ? chineseDate(after.dueOn) : '',
      }),
    },
  };
};

/** 答复: the written 处理意见书 with request, facts, reasons, decision and legal basis. */
export const reply: Handler<Command<'reply'>> = async (ctx, input) => {
  const base = await baseNoticeValues(ctx);
  const reviewOrgans = await organNames(ctx.tx, ctx.actor.unitId, '本机关、单位的上一级机关、单位');
  return {
    // The organ that issues the 处理意见书: its upper organ decides a 复查 (第三十五条).
    patch: { repliedOn: ctx.today, replyOutcome: input.outcome, replyUnitId: ctx.actor.unitId },
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
        reviewWindowDays: String(STATUTE.reviewRequestDays.days),
        reviewOrgans,
      }),
    },
  };
};
