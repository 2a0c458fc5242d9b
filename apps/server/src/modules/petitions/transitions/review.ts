import type { Command } from '@xinfang/contract';
import { REVIEW_OUTCOME_LABELS } from '@xinfang/contract';
import { STATUTE } from '../../../domain/time-limits.ts';
import { requestInTime } from '../../../domain/stage.ts';
import { AppError, invalid } from '../../../errors.ts';
import { findUnit, listUpperOrgans, type UnitRow } from '../../reference/reference.repo.ts';
import { baseNoticeValues, chineseDate, organNames } from './notice-values.ts';
import type { Effect, Handler, TransitionContext } from './transition-context.ts';

type Level = { what: '复查' | '复核'; opinion: string; article: string };
const REVIEW: Level = { what: '复查', opinion: '处理意见', article: STATUTE.reviewRequestDays.article };
const RE_REVIEW: Level = { what: '复核', opinion: '复查意见', article: STATUTE.reReviewRequestDays.article };

async function unitOrThrow(
  ctx: TransitionContext,
  id: string | null,
  field: string,
  label: string,
): Promise<UnitRow> {
  const unit = id ? await findUnit(ctx.tx, id) : undefined;
  if (!unit) throw invalid(field, `${label}不存在`);
  return unit;
}

/**
 * The organ the petitioner addressed must be one level above the organ whose opinion is contested
 * (第三十五条: 原办理机关、单位的上一级机关、单位; 第三十六条: 复查机关、单位的上一级机关、单位). The same
 * organ never reviews its own opinion, nor decides both 复查 and 复核 of one matter.
 */
async function checkOrgan(
  ctx: TransitionContext,
  organId: string,
  below: UnitRow,
  level: Level,
  alreadyDecided: string[],
): Promise<{ organ: UnitRow; configured: boolean }> {
  const organ = await unitOrThrow(ctx, organId, 'organId', `${level.what}机关`);
  const uppers = await listUpperOrgans(ctx.tx, below.id);
  const right =
    uppers.length > 0 ? uppers.map((o) => o.unit.name).join('或者') : `${below.name}的上一级机关、单位`;
  if (organ.id === below.id) {
    throw new AppError(
      'REVIEW_ORGAN_CONFLICT',
      `${below.name}不能${level.what}自己作出的${level.opinion}，${level.what}请求应当向${right}提出`,
      { organId: organ.id, rightOrganIds: uppers.map((o) => o.unit.id) },
    );
  }
  if (alreadyDecided.includes(organ.id)) {
    throw new AppError(
      'REVIEW_ORGAN_CONFLICT',
      `${organ.name}已在本事项中作出处理或复查意见，同一机关、单位不能既复查又复核；${level.what}请求应当向${right}提出`,
      { organId: organ.id, rightOrganIds: uppers.map((o) => o.unit.id) },
    );
  }
  if (uppers.length > 0 && !uppers.some((o) => o.unit.id === organ.id)) {
    throw new AppError(
      'REVIEW_ORGAN_CONFLICT',
      `${organ.name}不是${below.name}的上一级机关、单位，${level.what}请求应当向${right}提出`,
      { organId: organ.id, rightOrganIds: uppers.map((o) => o.unit.id) },
    );
  }
  return { organ, configured: uppers.length > 0 };
}

/**
 * A 复查/复核 request. Within 30 days of the petitioner's receipt of the opinion (or before its
 * delivery) it opens the review; after them it is still registered and answered in writing with
 * a 不予受理 notice giving the reason, never refused silently.
 */
async function request(
  ctx: TransitionContext,
  input: { reason: string; organId: string },
  level: Level,
  below: UnitRow,
  servedOn: string | null,
  alreadyDecided: string[],
  opened: Effect['patch'],
): Promise<Effect> {
  const { organ, configured } = await checkOrgan(ctx, input.organId, below, level, alreadyDecided);
  const window = requestInTime(servedOn, STATUTE.reviewRequestDays.days, ctx.today, ctx.calendar);
  const event = {
    reason: input.reason,
    organId: organ.id,
    organName: organ.name,
    windowEndsOn: window.windowEndsOn,
    ...(configured ? {} : { note: `${below.name}尚未设置上一级机关、单位，按信访人所向机关登记` }),
  };
  if (window.inTime) return { patch: opened, event };
  const base = await baseNoticeValues(ctx);
  return {
    state: ctx.row.state,
    patch: {},
    event: { ...event, late: true, outcome: 'declined' },
    notice: {
      kind: 'request_declined',
      issuer: organ,
      values: () => ({
        ...base,
        requestKind: level.what,
        requestDate: chineseDate(ctx.today),
        servedDate: servedOn ? chineseDate(servedOn) : '',
        windowEndDate: window.windowEndsOn ? chineseDate(window.windowEndsOn) : '',
        article: level.article,
      }),
    },
  };
}

const replyUnitOf = (ctx: TransitionContext) =>
  unitOrThrow(
    ctx,
    ctx.row.replyUnitId ?? ctx.row.responsibleUnitId ?? ctx.row.bureauUnitId,
    'organId',
    '原办理机关',
  );

export const requestReview: Handler<Command<'requestReview'>> = async (ctx, input) => {
  const below = await replyUnitOf(ctx);
  return request(ctx, input, REVIEW, below, ctx.row.replyServedOn, [], {
    reviewRequestedOn: ctx.today,
    reviewOrganId: input.organId,
  });
};

export const requestReReview: Handler<Command<'requestReReview'>> = async (ctx, input) => {
  const reviewer = await unitOrThrow(
    ctx,
    ctx.row.reviewOrganId ?? ctx.row.bureauUnitId,
    'organId',
    '复查机关',
  );
  const replyUnit = ctx.row.replyUnitId ? [ctx.row.replyUnitId] : [];
  return request(ctx, input, RE_REVIEW, reviewer, ctx.row.reviewServedOn, replyUnit, {
    reReviewRequestedOn: ctx.today,
    reReviewOrganId: input.organId,
  });
};

type Decision = Command<'decideReview'>;

/**
 * 复查/复核 decisions share their shape: facts, reasons, basis and an outcome, in a written opinion
 * issued in the deciding organ's name; a bureau recording it on the organ's behalf is named.
 */
async function decision(
  ctx: TransitionContext,
  input: Decision,
  kind: 'review' | 're_review',
  organId: string | null,
  patch: Effect['patch'],
): Promise<Effect> {
  const organ = await unitOrThrow(ctx, organId ?? ctx.actor.unitId, 'organId', '复查（复核）机关');
  const base = await baseNoticeValues(ctx);
  const onBehalf = organ.id !== ctx.actor.unitId;
  const next =
    kind === 'review' ? await organNames(ctx.tx, organ.id, '复查机关、单位的上一级机关、单位') : '';
  return {
    patch,
    event: {
      outcome: input.outcome,
      facts: input.facts,
      reasons: input.reasons,
      basis: input.basis,
      organId: organ.id,
      organName: organ.name,
      ...(onBehalf ? { recordedOnBehalfBy: ctx.actor.unitName } : {}),
    },
    notice: {
      kind,
      issuer: organ,
      values: () => ({
        ...base,
        unitName: organ.name,
        decision: REVIEW_OUTCOME_LABELS[input.outcome],
        facts: input.facts,
        reasons: input.reasons,
        basis: input.basis,
        recordedBy: onBehalf ? `（本意见书由${ctx.actor.unitName}受${organ.name}委托录入）` : '',
        ...(kind === 'review'
          ? { reviewWindowDays: String(STATUTE.reReviewRequestDays.days), reviewOrgans: next }
          : {}),
      }),
    },
  };
}

export const decideReview: Handler<Command<'decideReview'>> = (ctx, input) =>
  decision(ctx, input, 'review', ctx.row.reviewOrganId, { reviewedOn: ctx.today });

export const decideReReview: Handler<Command<'decideReReview'>> = (ctx, input) =>
  decision(ctx, input, 're_review', ctx.row.reReviewOrganId, { reReviewedOn: ctx.today });

export const finalize: Handler<Command<'finalize'>> = async (ctx, input) => ({
  patch: {
    finalOn: ctx.today,
    concludedOn: ctx.row.concludedOn ?? ctx.today,
    ...resolutionPatch(input),
  },
  event: { note: input.note ?? null, resolved: input.resolved, resolutionNote: input.resolutionNote ?? null },
});

/** 化解: recorded on conclusion; a matter not resolved says why. */
export function resolutionPatch(input: { resolved: boolean; resolutionNote?: string }): Effect['patch'] {
  if (!input.resolved && !input.resolutionNote) throw invalid('resolutionNote', '请填写未化解的原因');
  return { resolved: input.resolved, resolutionNote: input.resolutionNote ?? null };
}
