import type { UnitKind, UpperOrganRelation } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { impliedParent, isInRegion, regionLevel } from '../../domain/region.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { inAdminScope } from '../admin/admin-scope.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import {
  findCategory,
  findRegion,
  findUnit,
  insertCategory,
  insertUnit,
  listCategories,
  listRegions,
  listUnits,
  listUpperOrgans,
  replaceUpperOrgans,
  updateCategory,
  updateUnit,
  upsertRegions,
} from './reference.repo.ts';

const requireAdmin = (actor: Actor) => {
  if (!hasRole(actor, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以维护基础数据');
};

export const getRegions = (deps: Deps, parentCode?: string) => listRegions(deps.db, parentCode);
export const getUnits = (deps: Deps) => listUnits(deps.db);

/** The category tree as nested nodes (two levels). */
export async function getCategoryTree(deps: Deps) {
  const all = await listCategories(deps.db);
  return all
    .filter((c) => !c.parentId)
    .map((top) => ({ ...top, children: all.filter((c) => c.parentId === top.id) }));
}

/**
 * Loads a division list (GB/T 2260 and township codes): lines or rows of `code,name`. Parents are
 * derived from the code's shape. Returns how many regions were written.
 */
export async function loadRegions(
  deps: Deps,
  actor: Actor | null,
  rows: Array<{ code: string; name: string }>,
) {
  const bad = rows.find((r) => !/^\d{6}(\d{3})?(\d{3})?$/.test(r.code) || !r.name.trim());
  if (bad) throw invalid('code', `行政区划代码无效：${bad.code} ${bad.name}`);
  return deps.db.transaction(async (tx) => {
    await upsertRegions(
      tx,
      rows.map((r) => ({
        code: r.code,
        name: r.name.trim(),
        parentCode: impliedParent(r.code),
        level: regionLevel(r.code),
      })),
    );
    await recordAudit(deps, tx, actor, {
      action: 'region.load',
      entityType: 'region',
      entityId: null,
      after: { count: rows.length },
    });
    return rows.length;
  });
}

export async function createUnit(
  deps: Deps,
  actor: Actor,
  input: { name: string; kind: UnitKind; regionCode: string; parentId?: string; docAbbrev?: string },
) {
  requireAdmin(actor);
  return deps.db.transaction(async (tx) => {
    if (!(await findRegion(tx, input.regionCode))) throw invalid('regionCode', '所属行政区划不存在');
    if (!inAdminScope(actor, input)) throw invalid('regionCode', '只能在本级行政区域内新增单位');
    if (input.parentId && !(await findUnit(tx, input.parentId))) throw invalid('parentId', '上级单位不存在');
    const unit = await insertUnit(tx, { ...input, parentId: input.parentId ?? null });
    await recordAudit(deps, tx, actor, {
      action: 'unit.create',
      entityType: 'unit',
      entityId: unit.id,
      after: unit,
    });
    return unit;
  });
}

export async function editUnit(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: { name?: string; active?: boolean; docAbbrev?: string | null },
) {
  requireAdmin(actor);
  return deps.db.transaction(async (tx) => {
    const before = await findUnit(tx, id);
    if (!before || !inAdminScope(actor, before)) throw notFound('单位');
    const after = await updateUnit(tx, id, patch);
    await recordAudit(deps, tx, actor, {
      action: 'unit.update',
      entityType: 'unit',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function createCategory(
  deps: Deps,
  actor: Actor,
  input: { name: string; parentId?: string; sort?: number },
) {
  requireAdmin(actor);
  return deps.db.transaction(async (tx) => {
    if (input.parentId) {
      const parent = await findCategory(tx, input.parentId);
      if (!parent) throw invalid('parentId', '上级分类不存在');
      if (parent.parentId) throw invalid('parentId', '内容分类最多两级');
    }
    const created = await insertCategory(tx, {
      name: input.name,
      parentId: input.parentId ?? null,
      sort: input.sort ?? 0,
    });
    await recordAudit(deps, tx, actor, {
      action: 'category.create',
      entityType: 'category',
      entityId: created.id,
      after: created,
    });
    return created;
  });
}

export async function editCategory(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: { name?: string; sort?: number; active?: boolean },
) {
  requireAdmin(actor);
  return deps.db.transaction(async (tx) => {
    const before = await findCategory(tx, id);
    if (!before) throw notFound('内容分类');
    const after = await updateCategory(tx, id, patch);
    await recordAudit(deps, tx, actor, {
      action: 'category.update',
      entityType: 'category',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** 上一级机关、单位 of a unit: who decides a 复查 of its opinions (《信访工作条例》第三十五条). */
export async function getUpperOrgans(deps: Deps, unitId: string) {
  const organs = await listUpperOrgans(deps.db, unitId);
  return organs.map((o) => ({
    unitId: o.unit.id,
    name: o.unit.name,
    kind: o.unit.kind,
    relation: o.relation as UpperOrganRelation,
  }));
}

/**
 * Sets a unit's upper organs: the government of its region, the same-kind department one region
 * up, or another organ above it. Each must be another unit at or above the unit's region.
 */
export async function setUpperOrgans(
  deps: Deps,
  actor: Actor,
  unitId: string,
  organs: Array<{ upperUnitId: string; relation: string }>,
) {
  requireAdmin(actor);
  return deps.db.transaction(async (tx) => {
    const unit = await findUnit(tx, unitId);
    if (!unit || !inAdminScope(actor, unit)) throw notFound('单位');
    for (const [i, o] of organs.entries()) {
      const upper = await findUnit(tx, o.upperUnitId);
      if (!upper) throw invalid(`organs.${i}.upperUnitId`, '上一级机关、单位不存在');
      if (upper.id === unit.id) throw invalid(`organs.${i}.upperUnitId`, '单位不能是自己的上一级机关');
      if (!isInRegion(unit.regionCode, upper.regionCode)) {
        throw invalid(
          `organs.${i}.upperUnitId`,
          `${upper.name}不在${unit.name}所在行政区域之上，不能作为其上一级机关`,
        );
      }
    }
    const before = await listUpperOrgans(tx, unitId);
    await replaceUpperOrgans(tx, unitId, organs);
    await recordAudit(deps, tx, actor, {
      action: 'unit.upperOrgans',
      entityType: 'unit',
      entityId: unitId,
      before: before.map((o) => ({ upperUnitId: o.unit.id, relation: o.relation })),
      after: organs,
    });
    return getUpperOrgans({ ...deps, db: tx }, unitId);
  });
}
