import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { attachments } from '../../db/schema/index.ts';

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(db: Db, row: typeof attachments.$inferInsert): Promise<AttachmentRow> {
  const [created] = await db.insert(attachments).values(row).returning();
  return created;
}

export async function listAttachments(db: Db, petitionId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(eq(attachments.petitionId, petitionId))
    .orderBy(asc(attachments.createdAt));
}

export async function findAttachment(
  db: Db,
  petitionId: string,
  id: string,
): Promise<AttachmentRow | undefined> {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.petitionId, petitionId), eq(attachments.id, id)));
  return row;
}
