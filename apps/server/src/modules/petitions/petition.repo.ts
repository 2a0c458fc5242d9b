import {
  type AnyColumn,
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from '../../db/client.ts';
import type { PetitionSort } from '@xinfang/contract';
import { OWNER_UNIT } from './petition-queues.ts';
import { addRoutedVisibility } from './petition-visibility.repo.ts';
import { bigrams } from '../../domain/text/bigrams.ts';
import {
  caseCounters,
  documents,
  evaluations,
  petitionEvents,
  petitioners,
  petitionRoutes,
  petitions,
  petitionVisibility,
} from '../../db/schema/index.ts';

export type PetitionRow = typeof petitions.$inferSelect;
export type PetitionInsert = typeof petitions.$inferInsert;
export type PetitionerRow = typeof petitioners.$inferSelect;
export type EventRow = typeof petitionEvents.$inferSelect;
export type RouteRow = typeof petitionRoutes.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

export async function insertPetition(db: Db, row: PetitionInsert): Promise<PetitionRow> {
  const [created] = await db.insert(petitions).values(row).returning();
  return created;
}

export type PetitionerInsert = typeof petitioners.$inferInsert;

export async function findPetition(
  db: Db,
  id: string,
  scope: SQL | undefined,
): Promise<PetitionRow | undefined> {
  const [row] = await db
    .select()
    .from(petitions)
    .where(and(eq(petitions.id, id), scope));
  return row;
}

/** Loads and row-locks a petition for a state change. */
export async function lockPetition(
  db: Db,
  id: string,
  scope: SQL | undefined,
): Promise<PetitionRow | undefined> {
  const [row] = await db
    .select()
    .from(petitions)
    .where(and(eq(petitions.id, id), scope))
    .for('update');
  return row;
}

export async function findByExternalNo(
  db: Db,
  bureauUnitId: string,
  externalNo: string,
): Promise<PetitionRow | undefined> {
  const [row] = await db
    .select()
    .from(petitions)
    .where(and(eq(petitions.bureauUnitId, bureauUnitId), eq(petitions.externalNo, externalNo)));
  return row;
}

/** Applies a patch only if nobody changed the row since `version`; returns the new row or undefined. */
export async function updateIfVersion(
  db: Db,
  id: string,
  version: number,
  patch: Partial<PetitionInsert>,
): Promise<PetitionRow | undefined> {
  const [row] = await db
    .update(petitions)
    .set({ ...patch, version: version + 1, updatedAt: new Date() })
    .where(and(eq(petitions.id, id), eq(petitions.version, version)))
    .returning();
  return row;
}

export async function listPetitioners(db: Db, petitionId: string): Promise<PetitionerRow[]> {
  return listPetitionersOf(db, [petitionId]);
}

export async function insertEvent(db: Db, event: typeof petitionEvents.$inferInsert): Promise<EventRow> {
  const [row] = await db.insert(petitionEvents).values(event).returning();
  return row;
}

export async function listEvents(db: Db, petitionId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(petitionEvents)
    .where(eq(petitionEvents.petitionId, petitionId))
    .orderBy(asc(petitionEvents.id));
}

/** Next human-readable case number for a bureau and year; safe under concurrency (row upsert). */
export async function nextCaseSequence(
  db: Db,
  bureauUnitId: string,
  year: number,
  kind = 'case',
): Promise<number> {
  const [row] = await db
    .insert(caseCounters)
    .values({ bureauUnitId, year, kind, last: 1 })
    .onConflictDoUpdate({
      target: [caseCounters.bureauUnitId, caseCounters.year, caseCounters.kind],
      set: { last: sql`${caseCounters.last} + 1` },
    })
    .returning({ last: caseCounters.last });
  return row.last;
}

export async function insertRoute(db: Db, route: typeof petitionRoutes.$inferInsert): Promise<RouteRow> {
  const [row] = await db.insert(petitionRoutes).values(route).returning();
  // Scope as data: a unit a petition was ever routed to keeps seeing it.
  await addRoutedVisibility(db, route.petitionId, route.unitId);
  return row;
}

export async function activeRoute(db: Db, petitionId: string): Promise<RouteRow | undefined> {
  const [row] = await db
    .select()
    .from(petitionRoutes)
    .where(and(eq(petitionRoutes.petitionId, petitionId), eq(petitionRoutes.active, true)))
    .orderBy(desc(petitionRoutes.sentOn));
  return row;
}

export async function updateRoute(
  db: Db,
  id: string,
  patch: Partial<typeof petitionRoutes.$inferInsert>,
): Promise<void> {
  await db.update(petitionRoutes).set(patch).where(eq(petitionRoutes.id, id));
}

export async function listRoutes(db: Db, petitionId: string): Promise<RouteRow[]> {
  return db
    .select()
    .from(petitionRoutes)
    .where(eq(petitionRoutes.petitionId, petitionId))
    .orderBy(asc(petitionRoutes.sentOn));
}

export async function insertDocument(db: Db, doc: typeof documents.$inferInsert): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(doc).returning();
  return row;
}

export async function listDocuments(
  db: Db,
  petitionId: string,
): Promise<Array<Omit<DocumentRow, 'content' | 'redactedContent'>>> {
  return db
    .select({
      id: documents.id,
      petitionId: documents.petitionId,
      kind: documents.kind,
      documentNo: documents.documentNo,
      fileName: documents.fileName,
      redacted: documents.redacted,
      addressee: documents.addressee,
      issuerUnitId: documents.issuerUnitId,
      recordedByUnitId: documents.recordedByUnitId,
      createdBy: documents.createdBy,
      createdAt: documents.createdAt,
    })
    .from(documents)
    .where(eq(documents.petitionId, petitionId))
    .orderBy(asc(documents.createdAt));
}

export async function findDocument(
  db: Db,
  petitionId: string,
  documentId: string,
): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.petitionId, petitionId), eq(documents.id, documentId)));
  return row;
}

/** Open petitions whose stage clock runs (for deadline recomputation). */
export async function listOpenWithStage(db: Db, terminalStates: readonly string[]): Promise<PetitionRow[]> {
  return db
    .select()
    .from(petitions)
    .where(and(notInArray(petitions.state, [...terminalStates]), isNotNull(petitions.stage)));
}

export async function insertEvaluation(db: Db, row: typeof evaluations.$inferInsert): Promise<void> {
  await db.insert(evaluations).values(row);
}

export type PetitionListFilter = {
  states?: string[];
  channel?: string;
  q?: string;
  dueBefore?: string;
  responsibleUnitId?: string;
  registeredFrom?: string;
  registeredTo?: string;
  /** Exact lookup of a petitioner by the blind index of an ID number or phone (never the plaintext). */
  personIndex?: { kind: 'id_number' | 'phone'; value: string };
  /** The caller's identity rule (identityVisibleSql): searches on a person never match beyond it. */
  identityVisible?: SQL;
  /** 承办人 */
  assigneeUserId?: string;
  /** Only cases with notices not yet delivered (待送达). */
  pendingDelivery?: boolean;
  purpose?: string;
  categoryId?: string;
  /** The matter's region or any region under it. */
  regionPrefix?: string;
  flags?: Array<'collective' | 'repeat' | 'skipLevel' | 'confidential' | 'fromAbove'>;
  /** A work queue's condition (petition-queues.ts). */
  queue?: SQL;
  /** 超期 / 临期 now (petition-queues.ts deadlineCondition). */
  deadline?: SQL;
  /** The unit that owns the case's next step: its responsible unit, or the bureau before routing. */
  ownerUnitId?: string;
};

/**
 * A page request: by offset (API clients) or by keyset cursor, the (sort key, id) of the last row
 * seen (`after`) or the first (`before`): page 1000 costs what page 1 costs, under every sort.
 */
export type PetitionPageRequest = {
  limit: number;
  offset: number;
  after?: string;
  before?: string;
  sort?: PetitionSort;
};

/** Each sort is a keyset over (key, id): its key, direction and the SQL type of a cursor's key. */
const SORTS: Record<PetitionSort, { key: 'registered' | 'due' | 'caseNo'; dir: 'asc' | 'desc' }> = {
  registered_desc: { key: 'registered', dir: 'desc' },
  registered_asc: { key: 'registered', dir: 'asc' },
  due_asc: { key: 'due', dir: 'asc' },
  due_desc: { key: 'due', dir: 'desc' },
  case_no_asc: { key: 'caseNo', dir: 'asc' },
  case_no_desc: { key: 'caseNo', dir: 'desc' },
};
const CURSOR_TYPE = { registered: 'timestamptz', due: 'date', caseNo: 'text' } as const;
/** A case without a running deadline sorts after every dated one (a keyset needs no nulls). */
const NO_DUE = '9999-12-31';
const DUE_KEY = sql`coalesce(${petitions.stageDueOn}, ${NO_DUE}::date)`;

/** The cursor of a row under a sort: the sort, the row's key and its id, base64url-encoded. */
export function cursorOf(
  row: { registeredAt: Date; id: string; stageDueOn: string | null; caseNo: string },
  sort: PetitionSort = 'registered_desc',
): string {
  const { key } = SORTS[sort];
  const value =
    key === 'registered'
      ? row.registeredAt.toISOString()
      : key === 'due'
        ? (row.stageDueOn ?? NO_DUE)
        : row.caseNo;
  return Buffer.from(JSON.stringify([sort, value, row.id])).toString('base64url');
}

/** A cursor's (key, id) when it was made under the same sort; anything else reads as none. */
function parseCursor(cursor: string | undefined, sort: PetitionSort): [string, string] | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed.every((x) => typeof x === 'string') &&
      parsed[0] === sort
    )
      return [parsed[1], parsed[2]];
  } catch {
    // an unreadable cursor reads as none
  }
  return undefined;
}

/** The seek condition and order of a keyset page over (key, id) under a sort. */
function keyset(key: SQL | AnyColumn, id: SQL | AnyColumn, page: PetitionPageRequest) {
  const sort = page.sort ?? 'registered_desc';
  const { dir, key: kind } = SORTS[sort];
  const after = parseCursor(page.after, sort);
  const before = after ? undefined : parseCursor(page.before, sort);
  const cursor = after ?? before;
  // Forward on a descending sort seeks smaller keys; backward (before) seeks the other way.
  const smaller = (dir === 'desc') === Boolean(after);
  const type = sql.raw(CURSOR_TYPE[kind]);
  const seek = cursor
    ? smaller
      ? sql`(${key}, ${id}) < (${cursor[0]}::${type}, ${cursor[1]}::uuid)`
      : sql`(${key}, ${id}) > (${cursor[0]}::${type}, ${cursor[1]}::uuid)`
    : undefined;
  const flip = before ? (dir === 'desc' ? 'asc' : 'desc') : dir;
  const order = [sql`${key} ${sql.raw(flip)}`, sql`${id} ${sql.raw(flip)}`];
  return { seek, order, backward: Boolean(before) };
}

/** The sort key of the petitions row (registered: the given registration-time column). */
function sortKey(page: PetitionPageRequest, registeredAt: SQL | AnyColumn): SQL | AnyColumn {
  const { key } = SORTS[page.sort ?? 'registered_desc'];
  return key === 'registered' ? registeredAt : key === 'due' ? DUE_KEY : petitions.caseNo;
}

/** The columns a list shows (never the content, the search vector or the portal secret). */
const LIST_COLUMNS = {
  id: petitions.id,
  caseNo: petitions.caseNo,
  externalNo: petitions.externalNo,
  title: petitions.title,
  state: petitions.state,
  channel: petitions.channel,
  purpose: petitions.purpose,
  categoryId: petitions.categoryId,
  regionCode: petitions.regionCode,
  source: petitions.source,
  persons: petitions.persons,
  isCollective: petitions.isCollective,
  isSkipLevel: petitions.isSkipLevel,
  isRepeat: petitions.isRepeat,
  repeatOfId: petitions.repeatOfId,
  confidential: petitions.confidential,
  leaderName: petitions.leaderName,
  bureauUnitId: petitions.bureauUnitId,
  responsibleUnitId: petitions.responsibleUnitId,
  triage: petitions.triage,
  registeredOn: petitions.registeredOn,
  registeredAt: petitions.registeredAt,
  transferredOn: petitions.transferredOn,
  acceptedOn: petitions.acceptedOn,
  repliedOn: petitions.repliedOn,
  replyOutcome: petitions.replyOutcome,
  evaluation: petitions.evaluation,
  concludedOn: petitions.concludedOn,
  extensionDays: petitions.extensionDays,
  bounceCount: petitions.bounceCount,
  pendingDeliveries: petitions.pendingDeliveries,
  replyServedOn: petitions.replyServedOn,
  reviewServedOn: petitions.reviewServedOn,
  assigneeUserId: petitions.assigneeUserId,
  resolved: petitions.resolved,
  stage: petitions.stage,
  stageDueOn: petitions.stageDueOn,
  deadlineWarnings: petitions.deadlineWarnings,
  queryCode: petitions.queryCode,
  version: petitions.version,
};
export type PetitionListRow = { [K in keyof typeof LIST_COLUMNS]: PetitionRow[K] };

/** How a list is scoped: by the caller's unit (visibility rows), plus a region grant if any. */
export type ListScope = {
  unitId: string;
  /** 回避: petitions the user is recused from are left out. */
  userId: string;
  grantPrefix: string | null;
  condition: SQL;
} | null;

/**
 * 回避 on a walk of visibility rows. NOT IN, not NOT EXISTS: the user's few recusals are hashed
 * once and each row probes the hash, where the anti-join rescans recusals for every row — most of
 * the cost of counting a county's 6,000 rows (1.4 vs 0.5 ms at 1M petitions). Both columns are
 * NOT NULL, so NOT IN means what NOT EXISTS does.
 */
const notRecusedFrom = (userId: string, petitionId: SQL | typeof petitionVisibility.petitionId) =>
  sql`${petitionId} not in (select rc.petition_id from recusals rc where rc.user_id = ${userId})`;

/** Above this many rows an unfiltered list's total is the planner's estimate (labelled as such). */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * A search's count is exact up to this many rows; beyond, the count stops and the list says
 * "more than" (`totalCapped`): a word common to most petitions costs what a rarer one does.
 */
export const SEARCH_COUNT_LIMIT = 200;

/**
 * What a search string names exactly: petitions by case or ledger number, or by a petitioner's full
 * name — the newest SEARCH_COUNT_LIMIT + 1 in scope (what the count counts) and, when the page is
 * further on, those the page reads (`byNameOnPage`).
 */
export type ExactMatches = {
  byNumber: readonly string[];
  byName: readonly string[];
  byNameOnPage?: readonly string[];
};

/**
 * Exact lookups of a search string: a case number or ledger number (one probe of each index), or a
 * petitioner's full name within the caller's scope — a walk of (name, registered_at) entries newest
 * first checking each row's scope, stopping at SEARCH_COUNT_LIMIT + 1, so a petitioner with 500
 * petitions costs the count's limit, not all of them. A page further on (by cursor or offset,
 * newest or oldest first) walks from its cursor for the rows it shows. Names of confidential
 * petitions only for callers who may see them. One statement, no ILIKE.
 */
export async function exactMatches(
  db: Db,
  q: string,
  identityVisible: SQL | undefined,
  scope: SQL | undefined,
  page: PetitionPageRequest,
): Promise<ExactMatches> {
  const byNumber = db
    .select({ id: petitions.id, kind: sql<string>`'number'`.as('kind') })
    .from(petitions)
    .where(or(eq(petitions.caseNo, q), eq(petitions.externalNo, q)))
    .limit(200);
  const named = (kind: string, seek: SQL | undefined, order: SQL[], limit: number) =>
    db
      .select({ id: petitioners.petitionId, kind: sql<string>`${kind}::text`.as('kind') })
      .from(petitioners)
      .innerJoin(petitions, eq(petitions.id, petitioners.petitionId))
      .where(and(eq(petitioners.name, q), identityVisible ?? sql`not ${petitions.confidential}`, scope, seek))
      .orderBy(...order)
      .limit(limit);
  const newest = [sql`${petitioners.registeredAt} desc`, sql`${petitioners.petitionId} desc`];
  const byName = named('name', undefined, newest, SEARCH_COUNT_LIMIT + 1);
  // The page's own walk where the count's newest rows may not hold it: a cursor, an offset past
  // them, or oldest first (other sorts order the count's rows).
  const k = keyset(petitioners.registeredAt, petitioners.petitionId, page);
  const onPage =
    SORTS[page.sort ?? 'registered_desc'].key === 'registered' &&
    (k.seek || page.offset + page.limit > SEARCH_COUNT_LIMIT || page.sort === 'registered_asc')
      ? named('page', k.seek, k.order, page.offset + page.limit + 1)
      : undefined;
  const rows = await queryRows<{ id: string; kind: string }>(
    db,
    sql`select n.id, n.kind from (${byNumber}) n
      union all select m.petition_id, m.kind from (${byName}) m
      ${onPage ? sql`union all select o.petition_id, o.kind from (${onPage}) o` : sql``}`,
  );
  const ids = (kind: string) => [...new Set(rows.filter((r) => r.kind === kind).map((r) => r.id))];
  return { byNumber: ids('number'), byName: ids('name'), byNameOnPage: onPage ? ids('page') : undefined };
}

const anyId = (ids: readonly string[]) => sql`${petitions.id} = any(${`{${ids.join(',')}}`}::uuid[])`;

/**
 * The text condition of a search. A case or ledger number that exists is that petition and nothing
 * else (no text search of its digits). Otherwise the bigram tsquery on the GIN index (a single
 * character: a prefix query on the same index), or a petitioner of that name.
 */
function textCondition(q: string, exact: ExactMatches, forPage: boolean): SQL {
  if (exact.byNumber.length) return anyId(exact.byNumber);
  const names = (forPage && exact.byNameOnPage) || exact.byName;
  const tokens = bigrams(q);
  const query =
    tokens.length === 0
      ? null
      : tokens.every((t) => [...t].length >= 2)
        ? sql`plainto_tsquery('simple', ${tokens.join(' ')})`
        : sql`to_tsquery('simple', ${tokens.map((t) => `${t.replace(/[^\p{L}\p{N}]/gu, '')}:*`).join(' & ')})`;
  const text = query ? sql`${petitions.searchVector} @@ ${query}` : undefined;
  return or(text, names.length ? anyId(names) : undefined) ?? sql`false`;
}

/**
 * The condition of a list filter on the petition row. Figures that open a list (the dashboard's
 * breakdowns) count with this same function, so a drill-down lists exactly the figure's rows.
 */
export function filterCondition(
  filter: PetitionListFilter & { exact?: ExactMatches },
  /** The condition of the rows a page reads (a search's names from the page's cursor), not of its count. */
  forPage = false,
): SQL | undefined {
  const flags = new Set(filter.flags ?? []);
  return and(
    filter.states?.length ? inArray(petitions.state, filter.states) : undefined,
    filter.channel ? eq(petitions.channel, filter.channel) : undefined,
    filter.responsibleUnitId ? eq(petitions.responsibleUnitId, filter.responsibleUnitId) : undefined,
    filter.dueBefore ? lte(petitions.stageDueOn, filter.dueBefore) : undefined,
    filter.registeredFrom ? gte(petitions.registeredOn, filter.registeredFrom) : undefined,
    filter.registeredTo ? lte(petitions.registeredOn, filter.registeredTo) : undefined,
    filter.personIndex
      ? sql`exists (select 1 from petitioners pi where pi.petition_id = ${petitions.id} and ${sql.raw(
          filter.personIndex.kind === 'id_number' ? 'pi.id_number_index' : 'pi.phone_index',
        )} = ${filter.personIndex.value})`
      : undefined,
    filter.personIndex ? (filter.identityVisible ?? sql`not ${petitions.confidential}`) : undefined,
    filter.assigneeUserId ? eq(petitions.assigneeUserId, filter.assigneeUserId) : undefined,
    filter.pendingDelivery ? gt(petitions.pendingDeliveries, 0) : undefined,
    filter.q ? textCondition(filter.q, filter.exact ?? { byNumber: [], byName: [] }, forPage) : undefined,
    filter.queue,
    filter.deadline,
    filter.ownerUnitId ? sql`${OWNER_UNIT} = ${filter.ownerUnitId}::uuid` : undefined,
    filter.purpose ? eq(petitions.purpose, filter.purpose) : undefined,
    filter.categoryId ? eq(petitions.categoryId, filter.categoryId) : undefined,
    filter.regionPrefix ? sql`${petitions.regionCode} like ${`${filter.regionPrefix}%`}` : undefined,
    flags.has('collective') ? eq(petitions.isCollective, true) : undefined,
    flags.has('repeat') ? eq(petitions.isRepeat, true) : undefined,
    flags.has('skipLevel') ? eq(petitions.isSkipLevel, true) : undefined,
    flags.has('confidential') ? eq(petitions.confidential, true) : undefined,
    flags.has('fromAbove') ? eq(petitions.source, 'from_above') : undefined,
  );
}

export type PetitionListQuery = ReturnType<typeof petitionListQuery>;

/**
 * The list query of a caller: driven by the caller's visibility rows in (unit, registered_at)
 * order when the caller has no region grant, so a page reads a page of index entries; filters on
 * the petition row are checked as the walk goes. Returns the page query and the count query.
 */
export function petitionListQuery(
  db: Db,
  scope: ListScope,
  filter: PetitionListFilter & { exact?: ExactMatches },
  page: PetitionPageRequest,
  countOf?: (matching: SQL) => SQL,
) {
  const conditions = filterCondition(filter);
  const pageConditions = filterCondition(filter, true);
  // With countOf, every row carries the count of the matching rows (an InitPlan run once): the
  // page and its total in one statement, one round trip (PGlite runs every statement in turn).
  const columns = (matching: { getSQL(): SQL }) => ({
    ...LIST_COLUMNS,
    total: (countOf ? sql`(${countOf(matching.getSQL())})` : sql`null`).mapWith(Number),
  });
  const byRegistration = SORTS[page.sort ?? 'registered_desc'].key === 'registered';
  // Browsing, or a list of some states: the page's keys and the count come from the visibility
  // index alone (index-only, each row carries its petition's state), and only the page's 20
  // petitions are read.
  const states = [...new Set(filter.states ?? [])];
  const byStateOnly = !filterCondition({ ...filter, states: undefined });
  if (scope && !scope.grantPrefix && byStateOnly && byRegistration) {
    const v = petitionVisibility;
    const k1 = keyset(v.registeredAt, v.petitionId, page);
    const walk = (state: string | undefined, limit: number) =>
      db
        .select({ id: v.petitionId, at: v.registeredAt })
        .from(v)
        .where(
          and(
            eq(v.unitId, scope.unitId),
            state === undefined ? undefined : eq(v.state, state),
            notRecusedFrom(scope.userId, v.petitionId),
            k1.seek,
          ),
        )
        .orderBy(...k1.order)
        .limit(limit);
    const keys = (() => {
      if (states.length <= 1)
        return walk(states[0], page.limit + 1)
          .offset(page.offset)
          .as('page_keys');
      // Several states: one ordered range per state, merged (a Merge Append, no sort of every match).
      const [first, second, ...rest] = states.map((s) => walk(s, page.offset + page.limit + 1));
      const ranges = unionAll(first, second, ...rest).as('state_ranges');
      return db
        .select({ id: ranges.id, at: ranges.at })
        .from(ranges)
        .orderBy(...keyset(ranges.at, ranges.id, page).order)
        .limit(page.limit + 1)
        .offset(page.offset)
        .as('page_keys');
    })();
    const matching = db
      .select({ one: sql<number>`1` })
      .from(v)
      .where(
        and(
          eq(v.unitId, scope.unitId),
          states.length ? inArray(v.state, states) : undefined,
          // The count leaves out what the rows leave out (回避), filtered or not.
          notRecusedFrom(scope.userId, v.petitionId),
        ),
      );
    return {
      backward: k1.backward,
      rows: db
        .select(columns(matching))
        .from(keys)
        .innerJoin(petitions, eq(petitions.id, keys.id))
        .orderBy(...keyset(keys.at, keys.id, page).order),
      matching,
    };
  }
  if (scope && !scope.grantPrefix) {
    const v = petitionVisibility;
    const inScope = and(eq(v.unitId, scope.unitId), notRecusedFrom(scope.userId, v.petitionId));
    const where = and(inScope, conditions);
    // Other sorts order the unit's visible rows by the petition's column (a top-N sort).
    const k2 = keyset(sortKey(page, v.registeredAt), v.petitionId, page);
    const matching = db
      .select({ one: sql<number>`1` })
      .from(v)
      .innerJoin(petitions, eq(petitions.id, v.petitionId))
      .where(where);
    return {
      backward: k2.backward,
      rows: db
        .select(columns(matching))
        .from(v)
        .innerJoin(petitions, eq(petitions.id, v.petitionId))
        .where(and(inScope, pageConditions, k2.seek))
        .orderBy(...k2.order)
        .limit(page.limit + 1)
        .offset(page.offset),
      matching,
    };
  }
  const where = and(scope?.condition, conditions);
  const pageWhere = and(scope?.condition, pageConditions);
  const k3 = keyset(sortKey(page, petitions.registeredAt), petitions.id, page);
  const matching = db.select({ one: sql<number>`1` }).from(petitions).where(where);
  return {
    backward: k3.backward,
    rows: db
      .select(columns(matching))
      .from(petitions)
      .where(and(pageWhere, k3.seek))
      .orderBy(...k3.order)
      .limit(page.limit + 1)
      .offset(page.offset),
    matching,
  };
}

/** The planner's row estimate of a query (EXPLAIN, nothing executed). */
async function estimatedRows(db: Db, query: SQL): Promise<number> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`explain (format json) ${query}`);
  const raw = Object.values(rows[0])[0];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: { 'Plan Rows': number } }>;
  return Math.round(plan[0].Plan['Plan Rows']);
}

/**
 * A page of petitions inside the caller's scope, newest first, with the total count: exact for
 * any filtered list (a dashboard figure's drill-down shows its figure); for unfiltered browsing
 * past EXACT_COUNT_LIMIT rows, the planner's estimate, flagged `totalEstimated`; for a search (words,
 * number, name, or a person's ID number or phone), exact up to SEARCH_COUNT_LIMIT, beyond which
 * `total` is the limit, flagged `totalCapped`.
 */
export async function listPetitions(
  db: Db,
  scope: ListScope,
  filter: PetitionListFilter,
  page: PetitionPageRequest,
): Promise<{
  rows: PetitionListRow[];
  total: number;
  totalEstimated: boolean;
  totalCapped: boolean;
  hasMore: boolean;
  backward: boolean;
}> {
  const exact = filter.q
    ? await exactMatches(db, filter.q, filter.identityVisible, scope?.condition, page)
    : undefined;
  const filtered = Object.entries(filter).some(
    ([k, v]) =>
      k !== 'identityVisible' && v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0),
  );
  // Unfiltered browsing: the planner's estimate first (planning only, nothing read); far above the
  // limit it is the total (labelled estimated) and nothing is counted: counting 10,000 index
  // entries is most of a page's cost on PGlite. Otherwise counted up to EXACT_COUNT_LIMIT + 1, and
  // a search up to SEARCH_COUNT_LIMIT + 1.
  const probe = petitionListQuery(db, scope, { ...filter, exact }, page);
  const estimate = filtered ? 0 : await estimatedRows(db, probe.matching.getSQL());
  const estimateOnly = estimate > 2 * EXACT_COUNT_LIMIT;
  const search = Boolean(filter.q || filter.personIndex);
  const cap = search ? SEARCH_COUNT_LIMIT : filtered ? undefined : EXACT_COUNT_LIMIT;
  const countOf = (matching: SQL) =>
    cap === undefined
      ? sql`select count(*)::int from (${matching}) m`
      : sql`select count(*)::int from (${matching} limit ${cap + 1}) m`;
  const query = petitionListQuery(db, scope, { ...filter, exact }, page, estimateOnly ? undefined : countOf);
  const fetched = await query.rows;
  const hasMore = fetched.length > page.limit;
  const { backward } = query;
  const pageRows = fetched.slice(0, page.limit).map(({ total: _, ...row }) => row);
  const rows = backward ? pageRows.reverse() : pageRows;
  const result = { rows, hasMore, backward, totalEstimated: false, totalCapped: false };
  if (estimateOnly) return { ...result, total: estimate, totalEstimated: true };
  // A page past the end carries no row to read the count from: counted on its own.
  const n =
    fetched.length > 0
      ? fetched[0].total
      : page.offset === 0 && !page.after && !page.before
        ? 0
        : (await queryRows<{ n: number }>(db, sql`select (${countOf(query.matching.getSQL())}) as n`))[0].n;
  if (cap === undefined || n <= cap) return { ...result, total: n };
  if (search) return { ...result, total: cap, totalCapped: true };
  return { ...result, total: Math.max(estimate, n), totalEstimated: true };
}

/** Counts of several conditions within a scope in one scan (the work queues' badges). */
export async function countQueues(
  db: Db,
  scope: SQL,
  queues: Array<{ key: string; condition: SQL }>,
): Promise<Record<string, number>> {
  const columns = Object.fromEntries(
    queues.map((q) => [q.key, sql<number>`(count(*) filter (where ${q.condition}))::int`]),
  );
  const [row] = await db.select(columns).from(petitions).where(scope);
  return row ?? {};
}

/** Keyset page over all petitioners (for key rotation). */
export async function listPetitionersAfter(
  db: Db,
  afterId: string | null,
  limit: number,
): Promise<PetitionerRow[]> {
  return db
    .select()
    .from(petitioners)
    .where(afterId ? gt(petitioners.id, afterId) : undefined)
    .orderBy(asc(petitioners.id))
    .limit(limit);
}

export async function updatePetitionerCiphers(
  db: Db,
  id: string,
  ciphers: { idNumberCipher: string | null; phoneCipher: string | null },
): Promise<void> {
  await db.update(petitioners).set(ciphers).where(eq(petitioners.id, id));
}

/** Petitions known under these ledger numbers: an imported 编号, or our own case number (exported ledgers). */
export async function findByExternalNos(
  db: Db,
  bureauUnitId: string,
  externalNos: string[],
): Promise<PetitionRow[]> {
  if (externalNos.length === 0) return [];
  return db
    .select()
    .from(petitions)
    .where(
      and(
        eq(petitions.bureauUnitId, bureauUnitId),
        or(inArray(petitions.externalNo, externalNos), inArray(petitions.caseNo, externalNos)),
      ),
    );
}

export async function deletePetitionersOf(db: Db, petitionIds: string[]): Promise<void> {
  if (petitionIds.length > 0)
    await db.delete(petitioners).where(inArray(petitioners.petitionId, petitionIds));
}

export type EventInsert = typeof petitionEvents.$inferInsert;

export type CaseNumberBlock = { bureauUnitId: string; year: number; count: number };
export type CounterRow = { bureau_unit_id: string; year: number; last: number };

/**
 * Reserves a block of consecutive case numbers on each bureau-year counter in one statement
 * (answering `CounterRow`s, read with `firstCaseNumbers`); the counters' row locks are taken in a
 * fixed order (bureau id, year), so two batches never wait on each other crosswise. Held to the
 * commit: a rollback returns the numbers (gap-free).
 */
export function caseSequencesUpsert(blocks: CaseNumberBlock[]): SQL {
  return sql`insert into case_counters (bureau_unit_id, year, kind, last)
      select r.b, r.y, 'case', r.n from jsonb_to_recordset(${JSON.stringify(
        blocks.map((b) => ({ b: b.bureauUnitId, y: b.year, n: b.count })),
      )}::jsonb) as r(b uuid, y int, n int)
      order by r.b, r.y
      on conflict (bureau_unit_id, year, kind) do update set last = case_counters.last + excluded.last
      returning bureau_unit_id, year, last`;
}

/** The first number of each block `caseSequencesUpsert` reserved. */
export function firstCaseNumbers(
  blocks: CaseNumberBlock[],
  rows: CounterRow[],
): Array<{ bureauUnitId: string; year: number; first: number }> {
  return blocks.map((b) => {
    const row = rows.find((r) => r.bureau_unit_id === b.bureauUnitId && Number(r.year) === b.year);
    if (!row) throw new Error(`case counter ${b.bureauUnitId}/${b.year} not returned`);
    return { bureauUnitId: b.bureauUnitId, year: b.year, first: Number(row.last) - b.count + 1 };
  });
}

/** Petitions in scope registered in [from, to], oldest first, with their first petitioner row. */
export async function listForLedger(
  db: Db,
  scope: SQL | undefined,
  from: string,
  to: string,
  afterId: string | null,
  limit: number,
) {
  return db
    .select()
    .from(petitions)
    .where(
      and(
        scope,
        gte(petitions.registeredOn, from),
        lte(petitions.registeredOn, to),
        afterId ? gt(petitions.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(petitions.id))
    .limit(limit);
}

export async function listPetitionersOf(db: Db, petitionIds: string[]): Promise<PetitionerRow[]> {
  if (petitionIds.length === 0) return [];
  return db
    .select()
    .from(petitioners)
    .where(inArray(petitioners.petitionId, petitionIds))
    .orderBy(asc(petitioners.position));
}

export async function findByQueryCode(db: Db, queryCode: string): Promise<PetitionRow | undefined> {
  const [row] = await db.select().from(petitions).where(eq(petitions.queryCode, queryCode));
  return row;
}

/** Open cases overdue and near due, grouped by the unit whose deadline runs (OWNER_UNIT). */
export async function countDeadlinesByOwner(
  db: Db,
  scope: SQL,
  overdue: SQL,
  nearDue: SQL,
): Promise<Array<{ unitId: string; overdue: number; nearDue: number }>> {
  return db
    .select({
      unitId: sql<string>`${OWNER_UNIT}`,
      overdue: sql<number>`(count(*) filter (where ${overdue}))::int`,
      nearDue: sql<number>`(count(*) filter (where ${nearDue}))::int`,
    })
    .from(petitions)
    .where(and(scope, or(overdue, nearDue)))
    .groupBy(OWNER_UNIT);
}
