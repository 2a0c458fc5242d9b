import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deliveries, hearings, recusals } from '../../db/schema/index.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;
export type HearingRow = typeof hearings.$inferSelect;
export type RecusalRow = typeof recusals.$inferSelect;

export async function insertDelivery(db: Db, row: typeof deliveries.$inferInsert): Promise<DeliveryRow> {
  const [created] = await db.insert(deliveries).values(row).returning();
  return created;
}

export async function findDeliveryOf(db: Db, documentId: string): Promise<DeliveryRow | undefined> {
  const [row] = await db.select().from(deliveries).where(eq(deliveries.documentId, documentId));
  return row;
}

export async function listDeliveries(db: Db, petitionId: string): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(deliveries)
    .where(eq(deliveries.petitionId, petitionId))
    .orderBy(asc(deliveries.recordedAt));
}

export async function insertHearing(db: Db, row: typeof hearings.$inferInsert): Promise<HearingRow> {
  const [created] = await db.insert(hearings).values(row).returning();
  return created;
}

export async function listHearings(db: Db, petitionId: string): Promise<HearingRow[]> {
  return db.select().from(hearings).where(eq(hearings.petitionId, petitionId)).orderBy(asc(hearings.startOn));
}

export async function insertRecusal(db: Db, row: typeof recusals.$inferInsert): Promise<boolean> {
  const created = await db.insert(recusals).values(row).onConflictDoNothing().returning();
  return created.length > 0;
}

export async function listRecusals(db: Db, petitionId: string): Promise<RecusalRow[]> {
  return db
    .select()
    .from(recusals)
    .where(eq(recusals.petitionId, petitionId))
    .orderBy(asc(recusals.createdAt));
}
