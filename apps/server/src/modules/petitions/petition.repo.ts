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
};

/** A page of petitions inside the caller's scope, newest first, with the total count. */
export async function listPetitions(
  db: Db,
  scope: SQL,
  filter: PetitionListFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: PetitionRow[]; total: number }> {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const tokens = filter.q ? bigrams(filter.q) : [];
  // Bigram full-text search (GIN) when the query yields two-character tokens; substring otherwise.
  const textMatch =
    tokens.length > 0 && tokens.every((t) => [...t].length >= 2)
      ? sql`${petitions.searchVector} @@ plainto_tsquery('simple', ${tokens.join(' ')})`
      : like
        ? or(ilike(petitions.title, like), ilike(petitions.content, like))
        : undefined;
  const where = and(
    scope,
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
    like
      ? or(
          textMatch,
          ilike(petitions.caseNo, like),
          sql`(${filter.identityVisible ?? sql`not ${petitions.confidential}`} and exists (select 1 from petitioners pp where pp.petition_id = ${petitions.id} and pp.name ilike ${like}))`,
        )
      : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(petitions)
      .where(where)
      .orderBy(desc(petitions.registeredAt), desc(petitions.caseNo))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(petitions).where(where),
  ]);
  return { rows, total };
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
