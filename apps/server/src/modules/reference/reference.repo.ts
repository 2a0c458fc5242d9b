import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { addBureauVisibility } from '../petitions/petition-visibility.repo.ts';
import type { Db } from '../../db/client.ts';
import { categories, regions, units, unitUpperOrgans } from '../../db/schema/index.ts';

/** A unit as the application reads it: its stored region prefix stays in the database's queries. */
const { regionPrefix: _stored, ...unitColumns } = getTableColumns(units);
export type UnitRow = Omit<typeof units.$inferSelect, 'regionPrefix'>;
export type RegionRow = typeof regions.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;

export async function findUnit(db: Db, id: string): Promise<UnitRow | undefined> {
  const [row] = await db.select(unitColumns).from(units).where(eq(units.id, id));
  return row;
}

export async function findUnits(db: Db, ids: string[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db.select(unitColumns).from(units).where(inArray(units.id, ids));
}

export async function listUnits(db: Db): Promise<UnitRow[]> {
  return db.select(unitColumns).from(units).orderBy(asc(units.regionCode), asc(units.name));
}

export async function findUnitByName(db: Db, name: string): Promise<UnitRow | undefined> {
  const [row] = await db.select(unitColumns).from(units).where(eq(units.name, name));
  return row;
}

export async function insertUnit(db: Db, row: typeof units.$inferInsert): Promise<UnitRow> {
  const [created] = await db.insert(units).values(row).returning(unitColumns);
  if (created.kind === 'bureau') await addBureauVisibility(db, created.id, created.regionCode);
  return created;
}

export async function updateUnit(
  db: Db,
  id: string,
  patch: Partial<typeof units.$inferInsert>,
): Promise<UnitRow | undefined> {
  const [row] = await db.update(units).set(patch).where(eq(units.id, id)).returning(unitColumns);
  return row;
}

export async function findRegion(db: Db, code: string): Promise<RegionRow | undefined> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row;
}

export async function findRegionByName(db: Db, name: string): Promise<RegionRow | undefined> {
  const [row] = await db.select().from(regions).where(eq(regions.name, name)).orderBy(asc(regions.code));
  return row;
}

export async function listRegions(db: Db, parentCode?: string): Promise<RegionRow[]> {
  const where = parentCode ? eq(regions.parentCode, parentCode) : undefined;
  return db.select().from(regions).where(where).orderBy(asc(regions.code));
}

/** Inserts or renames regions in one statement per batch (used by the division list loader). */
export async function upsertRegions(db: Db, rows: Array<typeof regions.$inferInsert>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await db
      .insert(regions)
      .values(batch)
      .onConflictDoUpdate({
        target: regions.code,
        set: {
          name: sqlExcluded('name'),
          parentCode: sqlExcluded('parent_code'),
          level: sqlExcluded('level'),
        },
      });
  }
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  return db.select().from(categories).orderBy(asc(categories.sort), asc(categories.name));
}

export async function findCategory(db: Db, id: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(categories).where(eq(categories.id, id));
  return row;
}

export async function insertCategory(db: Db, row: typeof categories.$inferInsert): Promise<CategoryRow> {
  const [created] = await db.insert(categories).values(row).returning();
  return created;
}

export async function updateCategory(
  db: Db,
  id: string,
  patch: Partial<typeof categories.$inferInsert>,
): Promise<CategoryRow | undefined> {
  const [row] = await db.update(categories).set(patch).where(eq(categories.id, id)).returning();
  return row;
}

/** Active bureaus (信访部门) whose region is one of `regionCodes`. */
export async function listBureausIn(db: Db, regionCodes: string[]): Promise<UnitRow[]> {
  if (regionCodes.length === 0) return [];
  return db
    .select(unitColumns)
    .from(units)
    .where(and(eq(units.kind, 'bureau'), eq(units.active, true), inArray(units.regionCode, regionCodes)));
}

export type UpperOrgan = { unit: UnitRow; relation: string };

/** 上一级机关、单位 of a unit (art. 35): who decides a 复查 of its opinions. */
export async function listUpperOrgans(db: Db, unitId: string): Promise<UpperOrgan[]> {
  const rows = await db
    .select({ unit: unitColumns, relation: unitUpperOrgans.relation })
    .from(unitUpperOrgans)
    .innerJoin(units, eq(units.id, unitUpperOrgans.upperUnitId))
    .where(eq(unitUpperOrgans.unitId, unitId))
    .orderBy(asc(units.name));
  return rows;
}

export async function replaceUpperOrgans(
  db: Db,
  unitId: string,
  organs: Array<{ upperUnitId: string; relation: string }>,
): Promise<void> {
  await db.delete(unitUpperOrgans).where(eq(unitUpperOrgans.unitId, unitId));
  if (organs.length > 0) await db.insert(unitUpperOrgans).values(organs.map((o) => ({ unitId, ...o })));
}

/** Which of these regions have sub-regions (one query for a whole level). */
export async function regionsWithChildren(db: Db, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ parentCode: regions.parentCode })
    .from(regions)
    .where(inArray(regions.parentCode, codes));
  return new Set(rows.map((r) => r.parentCode).filter((c): c is string => c !== null));
}
