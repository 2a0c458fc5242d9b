import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
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

async function loadRules(db: Db, unitId: string): Promise<Rules> {
  const chain = await governingBureaus(db, unitId);
  const ids = chain.map((b) => b.id);
  // `db` may be a transaction: one query at a time on its client (pg refuses parallel ones).
  const patches = await listPolicyPatches(db, ids);
  const calendar = await loadCalendarFor(db, ids);
  const policy = effectivePolicy(ids.flatMap((id) => (patches.has(id) ? [patches.get(id)!] : [])));
  return { bureau: chain.at(-1) ?? null, chain, policy, calendar };
}

/**
 * This process's rules per unit, valid for one settings stamp. The stamp (table settings_version,
 * migration 0007) is a random uuid that triggers replace with every change of units, bureau
 * policies, calendar days or imported calendar years: whichever instance or CLI made it, the next
 * read of the stamp here differs and the cache starts over. Read first, then the rules: the rules
 * cached under a stamp are never older than the stamp. A transaction that changed settings reads
 * its own uncommitted stamp, which no other transaction can read (random, never reused), so what
 * it caches is seen by nobody else unless it commits.
 */
const rulesCacheState: { stamp: string; byUnit: Map<string, Promise<Rules>> } = {
  stamp: '',
  byUnit: new Map(),
};

/** The rules in force for a unit: one query (the stamp) when this process has them already. */
export async function rulesForUnit(db: Db, unitId: string): Promise<Rules> {
  return (await stampedRulesForUnit(db, unitId)).rules;
}

/** Rules with the settings stamp they are valid for ('' when the stamp row is missing). */
export type StampedRules = { rules: Rules; stamp: string };

async function stampedRulesForUnit(db: Db, unitId: string): Promise<StampedRules> {
  const [row] = await queryRows<{ stamp: string }>(db, sql`select stamp from settings_version`);
  // Migration 0007 inserts the one row; were it deleted, every call loads afresh.
  if (!row) return { rules: await loadRules(db, unitId), stamp: '' };
  if (row.stamp !== rulesCacheState.stamp) {
    rulesCacheState.stamp = row.stamp;
    rulesCacheState.byUnit = new Map();
  }
  const byUnit = rulesCacheState.byUnit;
  let hit = byUnit.get(unitId);
  if (!hit) {
    hit = loadRules(db, unitId);
    byUnit.set(unitId, hit);
    // A failed load (unknown unit, aborted transaction) is not remembered.
    hit.catch(() => {
      if (byUnit.get(unitId) === hit) byUnit.delete(unitId);
    });
  }
  return { rules: await hit, stamp: row.stamp };
}

/**
 * The rules this process already holds for a unit, with their stamp, without reading the stamp:
 * for a write that checks the stamp itself inside its own transaction (`settings_version` equal
 * to `stamp`, else it computes again with `rulesForUnitNow`). Loads them when it has none.
 */
export async function heldRulesForUnit(db: Db, unitId: string): Promise<StampedRules> {
  const { stamp, byUnit } = rulesCacheState;
  const hit = stamp ? byUnit.get(unitId) : undefined;
  return hit ? { rules: await hit, stamp } : stampedRulesForUnit(db, unitId);
}

/** The rules in force now (the stamp read first), with their stamp. */
export const rulesForUnitNow = stampedRulesForUnit;

/**
 * The policy alone, what reads need (lists, queue badges, the case page): from the same cache, so
 * one statement (the stamp) when this process has the unit's rules already.
 */
export async function policyForUnit(db: Db, unitId: string): Promise<Policy> {
  return (await rulesForUnit(db, unitId)).policy;
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
