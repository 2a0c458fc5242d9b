import type { Queue } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { allowedCommands, mayPerform } from '../../domain/lifecycle.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { findUnit, findUnits } from '../reference/reference.repo.ts';
import { userNames } from '../auth/auth.repo.ts';
import { loadPolicy } from '../settings/policy.ts';
import { explainStageDeadline } from './petition-deadline.ts';
import { caseFacts, stageFacts } from './petition-facts.ts';
import {
  findDocument,
  findPetition,
  listDocuments,
  listEvents,
  listPetitioners,
  listPetitions,
  countQueues,
  cursorOf,
  listRoutes,
  type PetitionListFilter,
  type PetitionPageRequest,
} from './petition.repo.ts';
import { QUEUES, queueCondition } from './petition-queues.ts';
import { petitionScope, relationsTo } from './petition.scope.ts';
import { maySeeIdentity, presentPetition, presentPetitioners } from './petition.view.ts';

/**
 * What of an event's data the caller may read: without sight of the petitioner, no before/after
 * snapshots; and repeat suggestions (which name the person's other petitions) only for the bureau.
 */
function eventDataFor(actor: Actor, identityVisible: boolean, action: string, data: Record<string, unknown>) {
  if (action === 'repeatSuggested' && (actor.unitKind !== 'bureau' || !identityVisible))
    return { note: data.note };
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
  const [policy, people, events, routes, docs, bureau] = await Promise.all([
    loadPolicy(deps.db),
    listPetitioners(deps.db, id),
    listEvents(deps.db, id),
    listRoutes(deps.db, id),
    listDocuments(deps.db, id),
    findUnit(deps.db, row.bureauUnitId),
  ]);
  const relations = relationsTo(actor, row, bureau?.regionCode ?? row.regionCode);
  const actorIds = [...new Set(events.map((e) => e.actorUserId).filter((x): x is string => Boolean(x)))];
  const unitIds = [
    ...new Set(
      [...events.map((e) => e.actorUnitId), ...routes.map((r) => r.unitId)].filter((x): x is string =>
        Boolean(x),
      ),
    ),
  ];
  const [actorNames, unitsById] = await Promise.all([
    userNames(deps.db, actorIds),
    findUnits(deps.db, unitIds),
  ]);
  const unitName = new Map(unitsById.map((u) => [u.id, u.name]));
  const identityVisible = maySeeIdentity(actor, row);
  return {
    ...presentPetition(row, todayIn(deps.now()), policy.limits.nearDueDays),
    content: row.content,
    petitioners: presentPetitioners(deps.crypto, actor, row, people),
    accusedUnitId: row.accusedUnitId,
    allowedCommands: allowedCommands(caseFacts(row)).filter((c) => mayPerform(c, actor.roles, relations)),
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      at: e.at.toISOString(),
      actorUserId: e.actorUserId,
      actorName: e.actorUserId ? (actorNames.get(e.actorUserId) ?? null) : '系统',
      actorUnitId: e.actorUnitId,
      actorUnitName: e.actorUnitId ? (unitName.get(e.actorUnitId) ?? null) : null,
      fromState: e.fromState,
      toState: e.toState,
      data: eventDataFor(actor, identityVisible, e.action, e.data),
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
    documents: docs.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
  };
}

export type ListRequest = {
  filter: Omit<PetitionListFilter, 'queue' | 'identityOfConfidential'>;
  queue?: Queue;
  page: PetitionPageRequest;
};

export async function searchPetitions(deps: Deps, actor: Actor, request: ListRequest) {
  const policy = await loadPolicy(deps.db);
  const today = todayIn(deps.now());
  // Identity lookups never reveal a confidential petition to someone who may not see its petitioner.
  const identityOfConfidential =
    actor.unitKind === 'discipline' ||
    (actor.unitKind === 'bureau' && actor.roles.some((r) => r === 'caseworker' || r === 'registrar'));
  const queue = request.queue
    ? queueCondition(request.queue, actor, today, policy.limits.nearDueDays)
    : undefined;
  const { rows, total, hasMore, backward } = await listPetitions(
    deps.db,
    petitionScope(actor),
    { ...request.filter, queue, identityOfConfidential },
    request.page,
  );
  const sort = request.page.sort ?? 'registered_desc';
  const keyset = !('offset' in request.page);
  const cursored =
    keyset &&
    ('after' in request.page || 'before' in request.page) &&
    Boolean(request.page.after || request.page.before);
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    total,
    items: rows.map((r) => presentPetition(r, today, policy.limits.nearDueDays)),
    nextCursor: last && (backward || hasMore) ? cursorOf(last, sort) : null,
    prevCursor: first && (backward ? hasMore : cursored) ? cursorOf(first, sort) : null,
  };
}

/** How many petitions wait in each work queue of the caller (the menu's badges). */
export async function queueCounts(deps: Deps, actor: Actor): Promise<Record<Queue, number>> {
  const policy = await loadPolicy(deps.db);
  const today = todayIn(deps.now());
  const counts = await countQueues(
    deps.db,
    petitionScope(actor),
    QUEUES.map((q) => ({ key: q, condition: queueCondition(q, actor, today, policy.limits.nearDueDays) })),
  );
  return Object.fromEntries(QUEUES.map((q) => [q, counts[q] ?? 0])) as Record<Queue, number>;
}

/** How the current stage deadline was computed, step by step. */
export async function explainDeadline(deps: Deps, actor: Actor, id: string) {
  const row = await loadInScope(deps, actor, id);
  const [policy, calendar] = await Promise.all([loadPolicy(deps.db), loadCalendar(deps.db)]);
  const result = explainStageDeadline(stageFacts(row), policy, calendar);
  return {
    stage: result.fields.stage,
    dueOn: result.due,
    dayMode: policy.dayMode,
    explanation: result.explanation,
    warnings: result.warnings,
  };
}

/** A stored notice (.docx), within the caller's scope. */
export async function getDocument(deps: Deps, actor: Actor, petitionId: string, documentId: string) {
  await loadInScope(deps, actor, petitionId);
  const doc = await findDocument(deps.db, petitionId, documentId);
  if (!doc) throw notFound('文书');
  return { fileName: doc.fileName, content: Buffer.from(doc.content, 'base64') };
}
