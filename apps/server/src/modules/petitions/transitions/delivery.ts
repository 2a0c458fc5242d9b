import { type Command, DELIVERY_METHOD_LABELS, NOTICE_LABELS, type NoticeKind } from '@xinfang/contract';
import { diffDays } from '../../../domain/calendar/iso-date.ts';
import { AppError, invalid } from '../../../errors.ts';
import { findAttachment } from '../../attachments/attachments.repo.ts';
import { findDeliveryOf, insertDelivery, insertHearing, listHearings } from '../delivery.repo.ts';
import { findDocument, type PetitionInsert } from '../petition.repo.ts';
import type { Handler, TransitionContext } from './transition-context.ts';

async function requireAttachment(ctx: TransitionContext, id: string | undefined, field: string) {
  if (id && !(await findAttachment(ctx.tx, ctx.row.id, id)))
    throw invalid(field, '附件不存在，请先上传到本信访事项');
}

/** Which petitioner window a delivered opinion opens (第三十五条、第三十六条). */
const SERVED: Partial<Record<NoticeKind, keyof PetitionInsert>> = {
  reply: 'replyServedOn',
  review: 'reviewServedOn',
  re_review: 'reReviewServedOn',
};

/**
 * 送达: records how and when a written notice reached the petitioner. It may be recorded late with
 * its true date (the timeline and audit keep when it was recorded), never for a future day, and
 * never before the notice was issued. Delivery of an opinion starts the petitioner's window.
 */
export const recordDelivery: Handler<Command<'recordDelivery'>> = async (ctx, input) => {
  const doc = await findDocument(ctx.tx, ctx.row.id, input.documentId);
  if (!doc) throw invalid('documentId', '文书不存在');
  if (doc.addressee !== 'petitioner')
    throw invalid('documentId', `${NOTICE_LABELS[doc.kind as NoticeKind]}不是送达信访人的文书`);
  const issuedOn = doc.createdAt.toISOString().slice(0, 10);
  if (input.deliveredOn > ctx.today) throw invalid('deliveredOn', '送达日期不能晚于今天');
  if (input.deliveredOn < issuedOn)
    throw invalid('deliveredOn', `送达日期不能早于文书制作日期（${issuedOn}）`);
  if (input.method === 'post' && !input.trackingNo) throw invalid('trackingNo', '邮寄送达请填写邮件单号');
  await requireAttachment(ctx, input.receiptAttachmentId, 'receiptAttachmentId');
  const existing = await findDeliveryOf(ctx.tx, doc.id);
  if (existing) {
    throw new AppError('ALREADY_DELIVERED', `该文书已于${existing.deliveredOn}送达，不能重复登记`, {
      deliveredOn: existing.deliveredOn,
    });
  }
  await insertDelivery(ctx.tx, {
    documentId: doc.id,
    petitionId: ctx.row.id,
    method: input.method,
    deliveredOn: input.deliveredOn,
    trackingNo: input.trackingNo ?? null,
    note: input.note ?? null,
    receiptAttachmentId: input.receiptAttachmentId ?? null,
    recordedBy: ctx.actor.userId,
  });
  const served = SERVED[doc.kind as NoticeKind];
  return {
    patch: {
      pendingDeliveries: Math.max(0, ctx.row.pendingDeliveries - 1),
      ...(served ? { [served]: input.deliveredOn } : {}),
    },
    event: {
      documentId: doc.id,
      documentNo: doc.documentNo,
      notice: NOTICE_LABELS[doc.kind as NoticeKind],
      method: input.method,
      methodLabel: DELIVERY_METHOD_LABELS[input.method],
      deliveredOn: input.deliveredOn,
      trackingNo: input.trackingNo ?? null,
      recordedLate: input.deliveredOn < ctx.today,
    },
  };
};

/** 听证 during 复核 (第三十六条): recorded with its days, which the 30-day limit does not count. */
export const recordHearing: Handler<Command<'recordHearing'>> = async (ctx, input) => {
  if (input.endOn < input.startOn) throw invalid('endOn', '听证结束日期不能早于开始日期');
  if (ctx.row.reReviewRequestedOn && input.startOn < ctx.row.reReviewRequestedOn)
    throw invalid('startOn', '听证日期不能早于收到复核请求之日');
  if (input.endOn > ctx.today) throw invalid('endOn', '只能登记已经举行的听证');
  await requireAttachment(ctx, input.minutesAttachmentId, 'minutesAttachmentId');
  const earlier = await listHearings(ctx.tx, ctx.row.id);
  if (earlier.some((h) => h.startOn <= input.endOn && input.startOn <= h.endOn))
    throw invalid('startOn', '与已登记的听证时间重叠');
  const days = diffDays(input.startOn, input.endOn) + 1;
  await insertHearing(ctx.tx, {
    petitionId: ctx.row.id,
    startOn: input.startOn,
    endOn: input.endOn,
    place: input.place,
    participants: input.participants,
    minutesAttachmentId: input.minutesAttachmentId ?? null,
    recordedBy: ctx.actor.userId,
  });
  return {
    patch: { hearingDays: ctx.row.hearingDays + days },
    event: { startOn: input.startOn, endOn: input.endOn, place: input.place, pausedDays: days },
  };
};
