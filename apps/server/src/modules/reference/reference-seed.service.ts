import type { Db } from '../../db/client.ts';
import { impliedParent, regionLevel } from '../../domain/region.ts';
import { DEFAULT_CATEGORIES } from './data/default-categories.ts';
import { insertCategory, listCategories, upsertRegions } from './reference.repo.ts';

/** Seeds the default category tree into an empty database (idempotent). */
export async function seedDefaultCategories(db: Db): Promise<number> {
  if ((await listCategories(db)).length > 0) return 0;
  let count = 0;
  for (const [i, top] of DEFAULT_CATEGORIES.entries()) {
    const parent = await insertCategory(db, { name: top.name, sort: i * 10 });
    count++;
    for (const [j, child] of top.children.entries()) {
      await insertCategory(db, { name: child, parentId: parent.id, sort: j });
      count++;
    }
  }
  return count;
}

export async function seedRegions(db: Db, rows: Array<{ code: string; name: string }>): Promise<void> {
  await upsertRegions(
    db,
    rows.map((r) => ({
      code: r.code,
      name: r.name,
      parentCode: impliedParent(r.code),
      level: regionLevel(r.code),
    })),
  );
}
