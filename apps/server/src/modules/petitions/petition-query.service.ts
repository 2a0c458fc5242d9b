import {
  DELIVERY_METHOD_LABELS,
  type DeliveryMethod,
  NOTICE_LABELS,
  type NoticeKind,
  QUEUES,
  type Queue,
} from '@xinfang/contract';
import { and } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { allowedCommands, mayPerform } from '../../domain/lifecycle.ts';
import { AppError, notFound } from '../../errors.ts';
import { type Actor, SYSTEM_USER_ID } from '../auth/actor.ts';
import { findUnit, findUnits } from '../reference/reference.repo.ts';
import { userNames } from '../auth/auth.repo.ts';
import { policyForUnit, rulesForPetition } from '../settings/policy.ts';
import { renderDeliveryReceipt } from '../documents/delivery-receipt.ts';
import { findDeliveryOf, listDeliveries, listHearings, listRecusals } from './delivery.repo.ts';
import { REDACTED_NAME } from './petition-notices.ts';
import { chineseDate } from './transitions/notice-values.ts';
import { explainStageDeadline } from './petition-deadline.ts';
import { caseFacts, stageFacts } from './petition-facts.ts';
import {
  findDocument,
  findPetition,
  listDocuments,
  listEvents,
  listPetitioners,
  listPetitions,
  listRoutes,
  type DocumentRow,
  type PetitionListFilter,
  type PetitionPageRequest,
  type PetitionRow,
  countQueues,
  cursorOf,
} from './petition.repo.ts';
import { type DeadlineStatus, deadlineCondition, queueCondition } from './petition-queues.ts';
import { grantPrefix, notRecused, petitionScope, relationsTo } from './petition.scope.ts';
import { identityVisibleSql, maySeeIdentity } from './identity.policy.ts';
import { presentPetition, presentPetitioners } from './petition.view.ts';

/**
 * What of an event's data the caller may read: without sight of the petitioner, no before/after
 * snapshots; and repeat suggestions (which name the person's other petitions) only for the bureau.
 */
function eventDataFor(
  actor: Actor,
  row: PetitionRow,
  identityVisible: boolean,
  action: string,
  data: Record<string, unknown>,
) {
  if (action === 'repeatSuggested') {
    if (actor.unitKind !== 'bureau' || !identityVisible) return { note: data.note };
    // Each earlier petition is named only where the caller may see its petitioner too.
    const candidates = (data.candidates as Array<{ confidential?: boolean }> | undefined) ?? [];
    return {
      ...data,
      candidates: candidates.filter((c) =>
        maySeeIdentity(actor, { confidential: c.confidential ?? true, bureauUnitId: row.bureauUnitId }),
      ),
    };
  }
  return identityVisible ? data : { ...data, before: undefined, after: undefined };
}

async function loadInScope(deps: Deps, actor: Actor, id: string) {
  const row = await findPetition(deps.db, id, petitionScope(actor));
  if (!row) throw notFound('信访事项');
  return row;
}

/** One petition with its people (masked), timeline, routing, notices and what the caller may do next. */
export async function getPetition(deps: Deps, actor: Actor, id: string) {
  const row = await loadInScope(deps, actor, id);
  // Sequential on one connection: a transaction's client never runs two queries at once.
  const policy = await policyForUnit(deps.db, row.responsibleUnitId ?? row.bureauUnitId);
  const people = await listPetitioners(deps.db, id);
  const events = await listEvents(deps.db, id);
  const routes = await listRoutes(deps.db, id);
  const docs = await listDocuments(deps.db, id);
  const deliveries = await listDeliveries(deps.db, id);
  const hearings = await listHearings(deps.db, id);
  const recusals = await listRecusals(deps.db, id);
  const present = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => Boolean(x)))];
  const actorIds = present([
    ...events.map((e) => e.actorUserId),
    ...recusals.map((r) => r.userId),
    row.assigneeUserId,
  ]);
  const unitIds = present([
    ...events.map((e) => e.actorUnitId),
    ...routes.map((r) => r.unitId),
    ...docs.flatMap((d) => [d.issuerUnitId, d.recordedByUnitId]),
    row.reviewOrganId,
    row.reReviewOrganId,
    row.replyUnitId,
    row.bureauUnitId,
  ]);
  const [actorNames, unitsById] = await Promise.all([
    userNames(deps.db, actorIds),
    findUnits(deps.db, unitIds),
  ]);
  const unitName = new Map(unitsById.map((u) => [u.id, u.name]));
  const bureau = unitsById.find((u) => u.id === row.bureauUnitId);
  const relations = relationsTo(actor, row, bureau?.regionCode ?? row.regionCode);
  const identityVisible = maySeeIdentity(actor, row);
  const nameOf = (unitId: string | null) => (unitId ? (unitName.get(unitId) ?? null) : null);
  const deliveryOf = new Map(deliveries.map((d) => [d.documentId, d]));
  return {
    ...presentPetition(row, todayIn(deps.now()), policy.limits.nearDueDays),
    content: row.content,
    petitioners: presentPetitioners(deps.crypto, actor, row, people),
    accusedUnitId: row.accusedUnitId,
    replyUnit: row.replyUnitId ? { id: row.replyUnitId, name: nameOf(row.replyUnitId) } : null,
    reviewOrgan: row.reviewOrganId ? { id: row.reviewOrganId, name: nameOf(row.reviewOrganId) } : null,
    reReviewOrgan: row.reReviewOrganId
      ? { id: row.reReviewOrganId, name: nameOf(row.reReviewOrganId) }
      : null,
    assignee: row.assigneeUserId
      ? { id: row.assigneeUserId, name: actorNames.get(row.assigneeUserId) ?? null }
      : null,
    recusals: recusals.map((r) => ({
      userId: r.userId,
      userName: actorNames.get(r.userId) ?? null,
      reason: r.reason,
      at: r.createdAt.toISOString(),
    })),
    hearings: hearings.map((h) => ({
      startOn: h.startOn,
      endOn: h.endOn,
      place: h.place,
      participants: h.participants,
      minutesAttachmentId: h.minutesAttachmentId,
    })),
    allowedCommands: allowedCommands(caseFacts(row)).filter((c) => mayPerform(c, actor.roles, relations)),
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      at: e.at.toISOString(),
      actorUserId: e.actorUserId,
      actorName:
        !e.actorUserId || e.actorUserId === SYSTEM_USER_ID ? '系统' : (actorNames.get(e.actorUserId) ?? null),
      actorUnitId: e.actorUnitId,
      actorUnitName: e.actorUnitId ? (unitName.get(e.actorUnitId) ?? null) : null,
      fromState: e.fromState,
      toState: e.toState,
      data: eventDataFor(actor, row, identityVisible, e.action, e.data),
      documentId: e.documentId,
    })),
    routes: routes.map((r) => ({
      unitId: r.unitId,
      unitName: unitName.get(r.unitId) ?? null,
      kind: r.kind,
      sentOn: r.sentOn,
      signedOn: r.signedOn,
      returnedOn: r.returnedOn,
      returnReason: r.returnReason,
      active: r.active,
    })),
    documents: docs.map((d) => {
      const delivery = deliveryOf.get(d.id);
      return {
        ...d,
        // Outside the identity rule the redacted form is what one gets.
        redacted: d.redacted || (row.confidential && !identityVisible),
        issuerUnitName: nameOf(d.issuerUnitId),
        recordedByUnitName: nameOf(d.recordedByUnitId),
        createdAt: d.createdAt.toISOString(),
        delivery:
          d.addressee !== 'petitioner'
            ? null
            : delivery
              ? {
                  status: 'delivered' as const,
                  method: delivery.method,
                  deliveredOn: delivery.deliveredOn,
                  trackingNo: delivery.trackingNo,
                  receiptAttachmentId: delivery.receiptAttachmentId,
                }
              : { status: 'pending' as const, label: '待送达' },
      };
    }),
  };
}

export async function searchPetitions(
  deps: Deps,
  actor: Actor,
  filter: Omit<PetitionListFilter, 'queue' | 'identityVisible' | 'deadline'>,
  page: PetitionPageRequest,
  queueName?: Queue,
  deadlineStatus?: DeadlineStatus,
) {
  const request = { filter, page, queue: queueName };
  const policy = await policyForUnit(deps.db, actor.unitId);
  const today = todayIn(deps.now());
  const queue = request.queue
    ? queueCondition(request.queue, actor, today, policy.limits.nearDueDays)
    : undefined;
  // Searches on a person never reach a confidential petition whose petitioner the caller may not see.
  const { rows, total, totalEstimated, totalCapped, hasMore, backward } = await listPetitions(
    deps.db,
    {
      unitId: actor.unitId,
      userId: actor.userId,
      grantPrefix: grantPrefix(actor),
      condition: petitionScope(actor),
    },
    {
      ...request.filter,
      queue,
      deadline: deadlineStatus
        ? deadlineCondition(deadlineStatus, today, policy.limits.nearDueDays)
        : undefined,
      identityVisible: identityVisibleSql(actor),
    },
    request.page,
  );
  const cursored = Boolean(request.page.after || request.page.before);
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    total,
    totalEstimated,
    totalCapped,
    items: rows.map((r) => presentPetition(r, today, policy.limits.nearDueDays)),
    nextCursor: last && (backward || hasMore) ? cursorOf(last, request.page.sort) : null,
    prevCursor: first && (backward ? hasMore : cursored) ? cursorOf(first, request.page.sort) : null,
  };
}

/** How many petitions wait in each work queue of the caller (the menu's badges). */
export async function queueCounts(deps: Deps, actor: Actor): Promise<Record<Queue, number>> {
  const policy = await policyForUnit(deps.db, actor.unitId);
  const today = todayIn(deps.now());
  const counts = await countQueues(
    deps.db,
    and(petitionScope(actor), notRecused(actor))!,
    QUEUES.map((q) => ({ key: q, condition: queueCondition(q, actor, today, policy.limits.nearDueDays) })),
  );
  return Object.fromEntries(QUEUES.map((q) => [q, counts[q] ?? 0])) as Record<Queue, number>;
}

/** How the current stage deadline was computed, step by step. */
export async function explainDeadline(deps: Deps, actor: Actor, id: string) {
  const row = await loadInScope(deps, actor, id);
  const { policy, calendar, bureau } = await rulesForPetition(deps.db, row);
  const result = explainStageDeadline(stageFacts(row), policy, calendar);
  return {
    stage: result.stage,
    label: result.label,
    article: result.article ? `《信访工作条例》${result.article}` : null,
    owner: result.owner,
    dueOn: result.due,
    notStarted: result.notStarted,
    dayMode: result.fields.stageDayMode,
    policyOf: bureau?.name ?? null,
    explanation: result.explanation,
    warnings: result.warnings,
  };
}

/** A stored notice (.docx), within the caller's scope. */
export async function getDocument(deps: Deps, actor: Actor, petitionId: string, documentId: string) {
  const row = await loadInScope(deps, actor, petitionId);
  const doc = await findDocument(deps.db, petitionId, documentId);
  if (!doc) throw notFound('文书');
  return { fileName: doc.fileName, content: Buffer.from(documentFor(actor, row, doc), 'base64') };
}

/**
 * The form of a stored notice the caller may have: the full one within the identity rule, the
 * redacted one outside it. A confidential notice without a redacted form is never handed out.
 */
export function documentFor(actor: Actor, row: PetitionRow, doc: DocumentRow): string {
  if (!row.confidential || maySeeIdentity(actor, row)) return doc.content;
  if (doc.redactedContent) return doc.redactedContent;
  if (doc.redacted) return doc.content;
  throw new AppError('FORBIDDEN', '该文书含保密的信访人信息，您无权查阅');
}

/** 送达回执 of a notice to the petitioner: filled with what is known, to print, sign and scan back. */
export async function getDeliveryReceipt(deps: Deps, actor: Actor, petitionId: string, documentId: string) {
  const row = await loadInScope(deps, actor, petitionId);
  const doc = await findDocument(deps.db, petitionId, documentId);
  if (!doc) throw notFound('文书');
  if (doc.addressee !== 'petitioner')
    throw new AppError('BAD_REQUEST', '该文书不是送达信访人的文书，没有送达回执');
  const people = await listPetitioners(deps.db, petitionId);
  const issuer = doc.issuerUnitId ? await findUnit(deps.db, doc.issuerUnitId) : undefined;
  const delivery = await findDeliveryOf(deps.db, doc.id);
  const named = maySeeIdentity(actor, row);
  const first = people[0]?.name ?? '信访人';
  const buffer = await renderDeliveryReceipt({
    issuerUnit: issuer?.name ?? actor.unitName,
    caseNo: row.caseNo,
    addressee: !named ? REDACTED_NAME : people.length > 1 ? `${first}等${row.persons}人` : first,
    documentTitle: NOTICE_LABELS[doc.kind as NoticeKind],
    documentNo: doc.documentNo,
    issuedDate: chineseDate(doc.createdAt.toISOString().slice(0, 10)),
    method: delivery ? DELIVERY_METHOD_LABELS[delivery.method as DeliveryMethod] : undefined,
    deliveredDate: delivery ? chineseDate(delivery.deliveredOn) : undefined,
    trackingNo: delivery?.trackingNo,
  });
  return {
    fileName: `${row.caseNo}-${NOTICE_LABELS[doc.kind as NoticeKind]}-送达回执.docx`,
    content: buffer,
  };
}
