import type { Command } from '@xinfang/contract';
import { TRIAGE_LABELS } from '@xinfang/contract';
import { workingDaysDue } from '../../../domain/deadlines.ts';
import { STATUTE } from '../../../domain/time-limits.ts';
import { triageTarget } from '../../../domain/lifecycle.ts';
import { AppError, invalid } from '../../../errors.ts';
import { activeRoute, insertRoute, updateRoute } from '../petition.repo.ts';
import { baseNoticeValues, chineseDate } from './notice-values.ts';
import { checkRouteTarget } from './route-target.ts';
import type { Effect, Handler, TransitionContext } from './transition-context.ts';

const firstTriage = (ctx: TransitionContext) => ({ firstTriagedOn: ctx.row.firstTriagedOn ?? ctx.today });

/** Sends the case to a unit (转送/交办/督办): a new routing record, the transfer slip as notice. */
async function sendTo(
  ctx: TransitionContext,
  unitId: string | undefined,
  kind: string,
  note?: string,
): Promise<Effect> {
  const unit = await checkRouteTarget(ctx.tx, ctx.row, unitId);
  // 第二十三条: the unit's 15 days run from the day the transfer reaches it, recorded here at
  // dispatch (the transfer is delivered through the system the same day); signing never moves it.
  await insertRoute(ctx.tx, {
    petitionId: ctx.row.id,
    unitId: unit.id,
    kind,
    sentOn: ctx.today,
    receivedOn: ctx.today,
    sentBy: ctx.actor.userId,
  });
  // A confidential petitioner's slip is rendered twice; the unit gets the redacted form.
  const base = await baseNoticeValues(ctx);
  return {
    patch: {
      ...firstTriage(ctx),
      triage: kind,
      responsibleUnitId: unit.id,
      assigneeUserId: null,
      transferredOn: ctx.row.transferredOn ?? ctx.today,
      receivedOn: ctx.today,
    },
    event: { unitId: unit.id, unitName: unit.name, kind, note, receivedOn: ctx.today },
    notice: {
      kind: 'transfer',
      values: (after) => ({
        ...base,
        targetUnit: unit.name,
        transferKind: TRIAGE_LABELS[kind as keyof typeof TRIAGE_LABELS] ?? kind,
        dueDate: after.dueOn ? chineseDate(after.dueOn) : '',
        note: note ?? '',
      }),
    },
  };
}

export const triage: Handler<Command<'triage'>> = async (ctx, input) => {
  const state = triageTarget(input.kind);
  const common = { ...firstTriage(ctx), triage: input.kind };
  switch (input.kind) {
    case 'forward':
    case 'assign':
    case 'supervise':
      return { ...(await sendTo(ctx, input.unitId, input.kind, input.reason)), state };
    case 'acceptance_notice': {
      const base = await baseNoticeValues(ctx);
      return {
        state,
        patch: {
          ...common,
          responsibleUnitId: ctx.actor.unitId,
          receivedOn: ctx.row.registeredOn,
          acceptedOn: ctx.today,
          acceptanceDecidedOn: ctx.today,
        },
        notice: {
          kind: 'acceptance',
          values: (after) => ({ ...base, dueDate: after.dueOn ? chineseDate(after.dueOn) : '' }),
        },
      };
    }
    case 'decline': {
      if (!input.reason) throw invalid('reason', '请填写不予受理理由');
      if (!input.legalChannel) throw invalid('legalChannel', '请告知应当通过的法定途径');
      const base = await baseNoticeValues(ctx);
      return {
        state,
        patch: { ...common, acceptanceDecidedOn: ctx.today },
        event: { reason: input.reason, legalChannel: input.legalChannel },
        notice: {
          kind: 'decline',
          values: () => ({ ...base, reason: input.reason!, legalChannel: input.legalChannel! }),
        },
      };
    }
    case 'refuse': {
      if (!input.reason) throw invalid('reason', '请填写不再受理的理由（原处理意见及终结情况）');
      const base = await baseNoticeValues(ctx);
      return {
        state,
        patch: common,
        event: { reason: input.reason },
        notice: { kind: 'refusal', values: () => ({ ...base, reason: input.reason! }) },
      };
    }
    case 'direct_reply':
      if (!input.replyText) throw invalid('replyText', '请填写直接回复的内容');
      return {
        state,
        // A direct reply is given to the petitioner on the spot: received the same day (第三十五条).
        patch: {
          ...common,
          responsibleUnitId: ctx.actor.unitId,
          replyUnitId: ctx.actor.unitId,
          repliedOn: ctx.today,
          replyServedOn: ctx.today,
          replyOutcome: 'explain',
        },
        event: { replyText: input.replyText },
      };
    case 'file':
      return { state, patch: common, event: { reason: input.reason ?? null } };
  }
};

export const sign: Handler<Command<'sign'>> = async (ctx, input) => {
  const route = await activeRoute(ctx.tx, ctx.row.id);
  if (route) await updateRoute(ctx.tx, route.id, { signedOn: ctx.today });
  return { patch: {}, event: { note: input.note ?? null, routeId: route?.id } };
};

/** 异议退回: a unit that finds the matter outside its powers returns it within N working days. */
export const object: Handler<Command<'object'>> = async (ctx, input) => {
  const route = await activeRoute(ctx.tx, ctx.row.id);
  if (!route) throw new AppError('STATE_CONFLICT', '没有可退回的转送记录');
  // 第二十三条第三款: 5 个工作日 from the unit's receipt, the only period counted in working days.
  const limit = STATUTE.objectionWorkingDays.days;
  const window = workingDaysDue(route.receivedOn, limit, ctx.calendar);
  if (ctx.today > window.due) {
    throw new AppError('WINDOW_CLOSED', `已超过${limit}个工作日的异议期限（截至${window.due}），不能退回`, {
      deadline: window.due,
    });
  }
  await updateRoute(ctx.tx, route.id, { returnedOn: ctx.today, returnReason: input.reason, active: false });
  // The bounce stays counted against this unit; the next unit's clock starts at its own receipt.
  return {
    patch: { responsibleUnitId: null, assigneeUserId: null, bounceCount: ctx.row.bounceCount + 1 },
    event: { reason: input.reason, unitId: route.unitId, objectionDeadline: window.due },
  };
};

export const reassign: Handler<Command<'reassign'>> = async (ctx, input) =>
  sendTo(ctx, input.unitId, input.kind, input.note);
