import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bigrams } from '../../domain/text/bigrams.ts';
import {
  caseCounters,
  documents,
  evaluations,
  petitionEvents,
  petitioners,
  petitionRoutes,
  petitions,
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

export async function insertPetitioners(db: Db, rows: Array<typeof petitioners.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(petitioners).values(rows);
}

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
): Promise<Array<Omit<DocumentRow, 'content'>>> {
  return db
    .select({
      id: documents.id,
      petitionId: documents.petitionId,
      kind: documents.kind,
      documentNo: documents.documentNo,
      fileName: documents.fileName,
      redacted: documents.redacted,
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
  purpose?: string;
  categoryId?: string;
  /** The matter's region or any region under it. */
  regionPrefix?: string;
  q?: string;
  dueBefore?: string;
  responsibleUnitId?: string;
  registeredFrom?: string;
  registeredTo?: string;
  flags?: Array<'collective' | 'repeat' | 'skipLevel' | 'confidential' | 'fromAbove'>;
  /** A work queue's condition (petition-queues.ts). */
  queue?: SQL;
  /** Exact lookup of a petitioner by the blind index of an ID number or phone (never the plaintext). */
  personIndex?: { kind: 'id_number' | 'phone'; value: string };
  /** Whether identity searches may match confidential petitions (the caller may see their petitioners). */
  identityOfConfidential?: boolean;
};

/** Sort orders of lists; each is a keyset (the key's last column is the id, so keys are unique). */
export type PetitionSort = 'registered_desc' | 'registered_asc' | 'due_asc';

/** A page request: by offset (legacy API clients) or by keyset cursor (after/before a row's key). */
export type PetitionPageRequest =
  | { limit: number; offset: number; sort?: PetitionSort }
  | { limit: number; sort?: PetitionSort; after?: string; before?: string };

const FAR_FUTURE = '9999-12-31';

function sortKey(sort: PetitionSort): { column: SQL; descending: boolean } {
  if (sort === 'due_asc')
    return { column: sql`coalesce(${petitions.stageDueOn}, ${FAR_FUTURE})`, descending: false };
  return { column: sql`${petitions.registeredAt}`, descending: sort === 'registered_desc' };
}

/** The cursor of a row under a sort: its sort value and id, base64url-encoded. */
export function cursorOf(row: PetitionRow, sort: PetitionSort): string {
  const value = sort === 'due_asc' ? (row.stageDueOn ?? FAR_FUTURE) : row.registeredAt.toISOString();
  return Buffer.from(JSON.stringify([value, row.id])).toString('base64url');
}

function parseCursor(cursor: string): [string, string] | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((x) => typeof x === 'string'))
      return [parsed[0], parsed[1]];
  } catch {
    // fall through: an unreadable cursor reads as none
  }
  return undefined;
}

function listWhere(scope: SQL, filter: PetitionListFilter): SQL | undefined {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const tokens = filter.q ? bigrams(filter.q) : [];
  // Bigram full-text search (GIN) when the query yields two-character tokens; substring otherwise.
  const textMatch =
    tokens.length > 0 && tokens.every((t) => [...t].length >= 2)
      ? sql`${petitions.searchVector} @@ plainto_tsquery('simple', ${tokens.join(' ')})`
      : like
        ? or(ilike(petitions.title, like), ilike(petitions.content, like))
        : undefined;
  const flags = new Set(filter.flags ?? []);
  return and(
    scope,
    filter.queue,
    filter.states?.length ? inArray(petitions.state, filter.states) : undefined,
    filter.channel ? eq(petitions.channel, filter.channel) : undefined,
    filter.purpose ? eq(petitions.purpose, filter.purpose) : undefined,
    filter.categoryId ? eq(petitions.categoryId, filter.categoryId) : undefined,
    filter.regionPrefix ? sql`${petitions.regionCode} like ${`${filter.regionPrefix}%`}` : undefined,
    filter.responsibleUnitId ? eq(petitions.responsibleUnitId, filter.responsibleUnitId) : undefined,
    filter.dueBefore ? lte(petitions.stageDueOn, filter.dueBefore) : undefined,
    filter.registeredFrom ? gte(petitions.registeredOn, filter.registeredFrom) : undefined,
    filter.registeredTo ? lte(petitions.registeredOn, filter.registeredTo) : undefined,
    flags.has('collective') ? eq(petitions.isCollective, true) : undefined,
    flags.has('repeat') ? eq(petitions.isRepeat, true) : undefined,
    flags.has('skipLevel') ? eq(petitions.isSkipLevel, true) : undefined,
    flags.has('confidential') ? eq(petitions.confidential, true) : undefined,
    flags.has('fromAbove') ? eq(petitions.source, 'from_above') : undefined,
    filter.personIndex
      ? sql`exists (select 1 from petitioners pi where pi.petition_id = ${petitions.id} and ${sql.raw(
          filter.personIndex.kind === 'id_number' ? 'pi.id_number_index' : 'pi.phone_index',
        )} = ${filter.personIndex.value})`
      : undefined,
    filter.personIndex && !filter.identityOfConfidential ? sql`not ${petitions.confidential}` : undefined,
    like
      ? or(
          textMatch,
          ilike(petitions.caseNo, like),
          sql`(not ${petitions.confidential} and exists (select 1 from petitioners pp where pp.petition_id = ${petitions.id} and pp.name ilike ${like}))`,
        )
      : undefined,
  );
}

/**
 * A page of petitions inside the caller's scope with the total count. With a cursor the page is
 * a keyset seek (`(key, id) < (…)`), so page 1000 costs what page 1 costs; `hasMore` tells
 * whether rows lie beyond the page in the direction read.
 */
export async function listPetitions(
  db: Db,
  scope: SQL,
  filter: PetitionListFilter,
  page: PetitionPageRequest,
): Promise<{ rows: PetitionRow[]; total: number; hasMore: boolean; backward: boolean }> {
  const where = listWhere(scope, filter);
  const sort = page.sort ?? 'registered_desc';
  const { column, descending } = sortKey(sort);
  const after = 'after' in page && page.after ? parseCursor(page.after) : undefined;
  const before = 'before' in page && page.before ? parseCursor(page.before) : undefined;
  const backward = Boolean(before) && !after;
  const cursor = after ?? before;
  // Reading forward in a descending order means "smaller keys"; backward flips both.
  const towardsSmaller = descending !== backward;
  const cursorValue = cursor
    ? sort === 'due_asc'
      ? sql`${cursor[0]}`
      : sql`${cursor[0]}::timestamptz`
    : undefined;
  const seek = cursor
    ? towardsSmaller
      ? sql`(${column}, ${petitions.id}) < (${cursorValue}, ${cursor[1]}::uuid)`
      : sql`(${column}, ${petitions.id}) > (${cursorValue}, ${cursor[1]}::uuid)`
    : undefined;
  const order = towardsSmaller
    ? [sql`${column} desc`, desc(petitions.id)]
    : [sql`${column} asc`, asc(petitions.id)];
  const offset = 'offset' in page ? page.offset : 0;
  const [fetched, [{ total }]] = await Promise.all([
    db
      .select()
      .from(petitions)
      .where(and(where, seek))
      .orderBy(...order)
      .limit(page.limit + 1)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(petitions).where(where),
  ]);
  const hasMore = fetched.length > page.limit;
  const rows = fetched.slice(0, page.limit);
  return { rows: backward ? rows.reverse() : rows, total, hasMore, backward };
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

export async function insertPetitions(db: Db, rows: PetitionInsert[]): Promise<PetitionRow[]> {
  return rows.length === 0 ? [] : db.insert(petitions).values(rows).returning();
}

export async function deletePetitionersOf(db: Db, petitionIds: string[]): Promise<void> {
  if (petitionIds.length > 0)
    await db.delete(petitioners).where(inArray(petitioners.petitionId, petitionIds));
}

export async function insertEvents(db: Db, events: Array<typeof petitionEvents.$inferInsert>): Promise<void> {
  if (events.length > 0) await db.insert(petitionEvents).values(events);
}

/** Reserves `count` consecutive case numbers for a bureau and year; returns the first. */
export async function reserveCaseSequence(
  db: Db,
  bureauUnitId: string,
  year: number,
  count: number,
): Promise<number> {
  const [row] = await db
    .insert(caseCounters)
    .values({ bureauUnitId, year, kind: 'case', last: count })
    .onConflictDoUpdate({
      target: [caseCounters.bureauUnitId, caseCounters.year, caseCounters.kind],
      set: { last: sql`${caseCounters.last} + ${count}` },
    })
    .returning({ last: caseCounters.last });
  return row.last - count + 1;
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
