import { and, between, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { calendarDays, calendarYears } from '../../db/schema/index.ts';

export type CalendarDayRow = typeof calendarDays.$inferSelect;

/** Imported national schedules and the top-level adjustments: inherited by every bureau. */
export const NATIONAL = 'national';

/** Calendar days of the given scopes ('national' and bureau ids). */
export async function listCalendarDays(db: Db, scopes: string[]): Promise<CalendarDayRow[]> {
  return db.select().from(calendarDays).where(inArray(calendarDays.scope, scopes));
}

export async function listImportedYears(db: Db): Promise<number[]> {
  return (await db.select({ year: calendarYears.year }).from(calendarYears)).map((r) => r.year);
}

export async function upsertCalendarDay(db: Db, row: typeof calendarDays.$inferInsert): Promise<void> {
  await db
    .insert(calendarDays)
    .values(row)
    .onConflictDoUpdate({
      target: [calendarDays.scope, calendarDays.date],
      set: { kind: row.kind, name: row.name, source: row.source },
    });
}

export async function deleteCalendarDay(db: Db, scope: string, date: string): Promise<boolean> {
  const deleted = await db
    .delete(calendarDays)
    .where(and(eq(calendarDays.scope, scope), eq(calendarDays.date, date)))
    .returning();
  return deleted.length > 0;
}

/** Replaces one year's imported national schedule (adjustments of that year are kept). */
export async function replaceImportedYear(
  db: Db,
  year: number,
  entries: Array<{ date: string; kind: string; name?: string }>,
  note: string,
): Promise<void> {
  await db
    .delete(calendarDays)
    .where(
      and(
        eq(calendarDays.scope, NATIONAL),
        eq(calendarDays.source, 'import'),
        between(calendarDays.date, `${year}-01-01`, `${year}-12-31`),
      ),
    );
  // Adjustments of the same dates win: an imported day never replaces one.
  for (const e of entries) {
    await db
      .insert(calendarDays)
      .values({ scope: NATIONAL, date: e.date, kind: e.kind, name: e.name ?? null, source: 'import' })
      .onConflictDoNothing();
  }
  await db
    .insert(calendarYears)
    .values({ year, note })
    .onConflictDoUpdate({ target: calendarYears.year, set: { note, importedAt: new Date() } });
}
