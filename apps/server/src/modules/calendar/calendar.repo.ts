import { eq, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { calendarDays, calendarYears } from '../../db/schema/index.ts';

export type CalendarDayRow = typeof calendarDays.$inferSelect;

export async function listCalendarDays(db: Db): Promise<CalendarDayRow[]> {
  return db.select().from(calendarDays);
}

export async function listImportedYears(db: Db): Promise<number[]> {
  return (await db.select({ year: calendarYears.year }).from(calendarYears)).map((r) => r.year);
}

export async function upsertCalendarDay(db: Db, row: typeof calendarDays.$inferInsert): Promise<void> {
  await db
    .insert(calendarDays)
    .values(row)
    .onConflictDoUpdate({
      target: calendarDays.date,
      set: { kind: row.kind, name: row.name, source: row.source },
    });
}

export async function deleteCalendarDay(db: Db, date: string): Promise<boolean> {
  const deleted = await db.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
  return deleted.length > 0;
}

/** Replaces one year's imported schedule (admin overrides of that year are kept). */
export async function replaceImportedYear(
  db: Db,
  year: number,
  entries: Array<{ date: string; kind: string; name?: string }>,
  note: string,
): Promise<void> {
  const imported = await db
    .select()
    .from(calendarDays)
    .where(like(calendarDays.date, `${year}-%`));
  for (const row of imported) if (row.source === 'import') await deleteCalendarDay(db, row.date);
  // Admin overrides of the same dates win: an imported day never replaces one.
  for (const e of entries) {
    await db
      .insert(calendarDays)
      .values({ date: e.date, kind: e.kind, name: e.name ?? null, source: 'import' })
      .onConflictDoNothing();
  }
  await db
    .insert(calendarYears)
    .values({ year, note })
    .onConflictDoUpdate({ target: calendarYears.year, set: { note, importedAt: new Date() } });
}
