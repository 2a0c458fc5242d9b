import type { Db } from '../../db/client.ts';
import {
  findRegion,
  findRegionByName,
  insertCategory,
  insertUnit,
  listCategories,
  listRegions,
  listUnits,
  upsertRegions,
} from '../reference/reference.repo.ts';

export type CreatedReferences = { categories: string[]; units: string[]; regions: string[] };

/**
 * Resolves the names a ledger uses to ids, creating what does not exist yet (and remembering it
 * for the import summary): categories as 「父类/子类」 or one name, units by name, regions by
 * code or name. A region known only by name gets a code under the bureau's county (9xx range).
 */
export async function referenceResolver(db: Db, home: { regionCode: string }) {
  const categories = await listCategories(db);
  const byPath = new Map<string, string>();
  const byName = new Map<string, string>();
  const names = new Map(categories.map((c) => [c.id, c.name]));
  for (const c of categories) {
    const path = c.parentId ? `${names.get(c.parentId)}/${c.name}` : c.name;
    byPath.set(path, c.id);
    if (!byName.has(c.name) || !c.parentId) byName.set(c.name, c.id);
  }
  const units = new Map((await listUnits(db)).map((u) => [u.name, u.id]));
  const regionCodes = new Map<string, string>();
  const created: CreatedReferences = { categories: [], units: [], regions: [] };
  const county = home.regionCode.slice(0, 6);
  let nextSynthetic =
    900 + (await listRegions(db, county)).filter((r) => r.code.startsWith(`${county}9`)).length;

  return {
    created,
    async category(tx: Db, text: string): Promise<string> {
      const [parentName, childName] = text.includes('/')
        ? text.split('/').map((s) => s.trim())
        : [null, text.trim()];
      if (!parentName) {
        const found = byName.get(childName);
        if (found) return found;
        const row = await insertCategory(tx, { name: childName, sort: 1000 });
        byName.set(childName, row.id);
        byPath.set(childName, row.id);
        created.categories.push(childName);
        return row.id;
      }
      const path = `${parentName}/${childName}`;
      const found = byPath.get(path);
      if (found) return found;
      let parentId = byPath.get(parentName);
      if (!parentId) {
        parentId = (await insertCategory(tx, { name: parentName, sort: 1000 })).id;
        byPath.set(parentName, parentId);
        byName.set(parentName, parentId);
        created.categories.push(parentName);
      }
      const row = await insertCategory(tx, { name: childName, parentId, sort: 1000 });
      byPath.set(path, row.id);
      if (!byName.has(childName)) byName.set(childName, row.id);
      created.categories.push(path);
      return row.id;
    },
    async unit(tx: Db, name: string): Promise<string> {
      const found = units.get(name);
      if (found) return found;
      const row = await insertUnit(tx, { name, kind: 'department', regionCode: county });
      units.set(name, row.id);
      created.units.push(name);
      return row.id;
    },
    async region(tx: Db, text: string | null): Promise<string> {
      if (!text) return county;
      const cached = regionCodes.get(text);
      if (cached) return cached;
      let code: string;
      if (/^\d{6}(\d{3})?(\d{3})?$/.test(text)) {
        code = text;
        if (!(await findRegion(tx, code))) {
          await upsertRegions(tx, [{ code, name: text, parentCode: null, level: code.length === 6 ? 3 : 4 }]);
          created.regions.push(code);
        }
      } else {
        const found = await findRegionByName(tx, text);
        if (found) code = found.code;
        else {
          code = `${county}${nextSynthetic++}`;
          await upsertRegions(tx, [{ code, name: text, parentCode: county, level: 4 }]);
          created.regions.push(`${text}（${code}）`);
        }
      }
      regionCodes.set(text, code);
      return code;
    },
  };
}
