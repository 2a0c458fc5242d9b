import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { impliedParent, isInRegion, regionPrefix } from '../../domain/region.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { deadlineCondition } from '../petitions/petition-queues.ts';
import { countDeadlinesByOwner, countQueues, filterCondition } from '../petitions/petition.repo.ts';
import { petitionScope } from '../petitions/petition.scope.ts';
import { findRegion, findUnits, listRegions, regionsWithChildren } from '../reference/reference.repo.ts';
import { policyForUnit } from '../settings/policy.ts';

/**
 * 超期 and 临期 now, by the unit owning each case's next step, within the caller's scope. Each
 * figure is the count of the list `?deadline=<status>&ownerUnitId=<unit>`: same conditions
 * (deadlineCondition, OWNER_UNIT), same scope, same near-due days (the caller's bureau policy).
 */
export async function deadlinesByUnit(deps: Deps, actor: Actor) {
  const policy = await policyForUnit(deps.db, actor.unitId);
  const today = todayIn(deps.now());
  const rows = await countDeadlinesByOwner(
    deps.db,
    petitionScope(actor),
    deadlineCondition('overdue', today, policy.limits.nearDueDays),
    deadlineCondition('near_due', today, policy.limits.nearDueDays),
  );
  const names = new Map(
    (
      await findUnits(
        deps.db,
        rows.map((r) => r.unitId),
      )
    ).map((u) => [u.id, u.name]),
  );
  return {
    asOf: today,
    nearDueDays: policy.limits.nearDueDays,
    units: rows
      .map((r) => ({ ...r, unitName: names.get(r.unitId) ?? '' }))
      .sort((a, b) => b.overdue - a.overdue || b.nearDue - a.nearDue || a.unitName.localeCompare(b.unitName)),
  };
}

/**
 * Petitions registered in a period by the sub-regions of a region (the caller's own region by
 * default), with the path from the caller's region down for a breadcrumb. Each figure is the count
 * of the list `?from&to&region=<code>` (filterCondition with the same prefix and dates).
 */
export async function regionBreakdown(
  deps: Deps,
  actor: Actor,
  input: { from: string; to: string; region?: string },
) {
  const code = input.region ?? actor.regionCode;
  const region = await findRegion(deps.db, code);
  if (!region) throw invalid('region', '行政区划不存在');
  const children = await listRegions(deps.db, code);
  const withChildren = await regionsWithChildren(
    deps.db,
    children.map((c) => c.code),
  );
  const period = { registeredFrom: input.from, registeredTo: input.to };
  const groups = [
    { key: code, condition: filterCondition({ ...period, regionPrefix: regionPrefix(code) })! },
    ...children.map((c) => ({
      key: c.code,
      condition: filterCondition({ ...period, regionPrefix: regionPrefix(c.code) })!,
    })),
  ];
  const counts = await countQueues(deps.db, petitionScope(actor), groups);
  // The breadcrumb: from the caller's region down to this one (regions above it are not theirs).
  const path: Array<{ code: string; name: string }> = [{ code: region.code, name: region.name }];
  for (let at = impliedParent(code); at && isInRegion(at, actor.regionCode); at = impliedParent(at)) {
    const found = await findRegion(deps.db, at);
    if (found) path.unshift({ code: found.code, name: found.name });
  }
  return {
    from: input.from,
    to: input.to,
    region: { code: region.code, name: region.name, batches: counts[code] ?? 0 },
    path,
    children: children.map((c) => ({
      code: c.code,
      name: c.name,
      batches: counts[c.code] ?? 0,
      hasChildren: withChildren.has(c.code),
    })),
  };
}
