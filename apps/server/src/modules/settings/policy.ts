import type { Db } from '../../db/client.ts';
import type { WorkCalendar } from '../../domain/calendar/work-calendar.ts';
import { DEFAULT_POLICY, effectivePolicy, type Policy } from '../../domain/policy.ts';
import { regionChain } from '../../domain/region.ts';
import { AppError } from '../../errors.ts';
import { loadCalendarFor } from '../calendar/calendar.service.ts';
import { findUnit, listBureausIn, type UnitRow } from '../reference/reference.repo.ts';
import { listPolicyPatches } from './policy.repo.ts';

export type { Policy } from '../../domain/policy.ts';

/**
 * The bureaus (信访部门) whose settings govern a unit, from the top of its region chain down to
 * the nearest one: a department or township follows the bureau of its region, a county bureau
 * inherits what its city and province set.
 */
export async function governingBureaus(db: Db, unitId: string): Promise<UnitRow[]> {
  const unit = await findUnit(db, unitId);
  if (!unit) throw new AppError('NOT_FOUND', '单位不存在');
  const chain = regionChain(unit.regionCode);
  const bureaus = await listBureausIn(db, chain);
  const depth = (b: UnitRow) => chain.indexOf(b.regionCode);
  const ordered = bureaus.sort((a, b) => depth(a) - depth(b));
  // A unit that is itself a bureau is the last word on its own settings.
  if (unit.kind === 'bureau' && !ordered.some((b) => b.id === unit.id)) ordered.push(unit);
  return ordered;
}

/** The policy and work calendar in force for a unit: inherited down its chain of bureaus. */
export type Rules = { bureau: UnitRow | null; chain: UnitRow[]; policy: Policy; calendar: WorkCalendar };

export async function rulesForUnit(db: Db, unitId: string): Promise<Rules> {
  const chain = await governingBureaus(db, unitId);
  const ids = chain.map((b) => b.id);
  // `db` may be a transaction: one query at a time on its client (pg refuses parallel ones).
  const patches = await listPolicyPatches(db, ids);
  const calendar = await loadCalendarFor(db, ids);
  const policy = effectivePolicy(ids.flatMap((id) => (patches.has(id) ? [patches.get(id)!] : [])));
  return { bureau: chain.at(-1) ?? null, chain, policy, calendar };
}

/**
 * The policy alone (no work calendar): what reads need (lists, queue badges, the case page), in
 * three statements instead of five — on PGlite every statement is a trip through one WASM thread.
 */
export async function policyForUnit(db: Db, unitId: string): Promise<Policy> {
  const ids = (await governingBureaus(db, unitId)).map((b) => b.id);
  const patches = await listPolicyPatches(db, ids);
  return effectivePolicy(ids.flatMap((id) => (patches.has(id) ? [patches.get(id)!] : [])));
}

/** A case's internal limits follow the bureau of the unit handling it (or its registering bureau). */
export function rulesForPetition(
  db: Db,
  row: { responsibleUnitId: string | null; bureauUnitId: string },
): Promise<Rules> {
  return rulesForUnit(db, row.responsibleUnitId ?? row.bureauUnitId);
}

/** Caches rules per unit for code that walks many petitions (recomputation, imports). */
export function rulesCache(db: Db): (unitId: string) => Promise<Rules> {
  const cache = new Map<string, Promise<Rules>>();
  return (unitId) => {
    let hit = cache.get(unitId);
    if (!hit) {
      hit = rulesForUnit(db, unitId);
      cache.set(unitId, hit);
    }
    return hit;
  };
}

/** The policy a caller works under; the system (CLI over every bureau) uses the national defaults. */
export async function policyOf(db: Db, actor: { unitId: string } | null): Promise<Policy> {
  return actor ? (await rulesForUnit(db, actor.unitId)).policy : DEFAULT_POLICY;
}
