import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { noticeTemplates } from '../../db/schema/index.ts';

export async function findTemplate(db: Db, kind: string): Promise<unknown | undefined> {
  const [row] = await db.select().from(noticeTemplates).where(eq(noticeTemplates.kind, kind));
  return row?.template;
}

export async function listTemplateOverrides(db: Db): Promise<Array<{ kind: string; template: unknown }>> {
  return db.select({ kind: noticeTemplates.kind, template: noticeTemplates.template }).from(noticeTemplates);
}

export async function saveTemplate(db: Db, kind: string, template: unknown): Promise<void> {
  await db
    .insert(noticeTemplates)
    .values({ kind, template })
    .onConflictDoUpdate({ target: noticeTemplates.kind, set: { template, updatedAt: new Date() } });
}
