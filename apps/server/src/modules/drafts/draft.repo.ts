import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { drafts } from '../../db/schema/index.ts';

export type DraftRow = typeof drafts.$inferSelect;

export async function findDraft(db: Db, userId: string, key: string): Promise<DraftRow | undefined> {
  const [row] = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.userId, userId), eq(drafts.key, key)));
  return row;
}

export async function upsertDraft(db: Db, row: DraftRow): Promise<void> {
  await db
    .insert(drafts)
    .values(row)
    .onConflictDoUpdate({
      target: [drafts.userId, drafts.key],
      set: { payload: row.payload, updatedAt: row.updatedAt },
    });
}

export async function deleteDraft(db: Db, userId: string, key: string): Promise<number> {
  return (
    await db
      .delete(drafts)
      .where(and(eq(drafts.userId, userId), eq(drafts.key, key)))
      .returning({ key: drafts.key })
  ).length;
}

export async function deleteUserDrafts(db: Db, userId: string): Promise<number> {
  return (await db.delete(drafts).where(eq(drafts.userId, userId)).returning({ key: drafts.key })).length;
}

export async function deleteDraftsBefore(db: Db, before: Date): Promise<number> {
  return (await db.delete(drafts).where(lt(drafts.updatedAt, before)).returning({ key: drafts.key })).length;
}
