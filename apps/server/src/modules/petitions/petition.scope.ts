import { or, type SQL, sql } from 'drizzle-orm';
import { petitions } from '../../db/schema/index.ts';
import type { ActorRelation } from '../../domain/lifecycle.ts';
import { isInRegion, regionPrefix } from '../../domain/region.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * The rows an actor may see, as one SQL condition used by every read (lists, detail, search,
 * statistics, exports, documents, attachments). Out-of-scope rows are simply absent: callers
 * answer 404, exactly as for unknown ids.
 * - bureau (信访部门) users: the matters in their region's subtree, and what they registered;
 * - every unit: what was ever routed to it (its history of it), and what it assigned from above;
 * - a user with a region grant (a leader outside the bureau): that region's subtree, read-only.
 */
export function petitionScope(actor: Actor): SQL {
  const routedToUnit = sql`exists (select 1 from petition_routes r where r.petition_id = ${petitions.id} and r.unit_id = ${actor.unitId})`;
  const assignedByUnit = sql`${petitions.sourceUnitId} = ${actor.unitId}`;
  const granted = actor.regionGrant
    ? sql`${petitions.regionCode} like ${`${regionPrefix(actor.regionGrant)}%`}`
    : undefined;
  if (actor.unitKind === 'bureau') {
    const prefix = `${regionPrefix(actor.regionCode)}%`;
    return or(
      sql`${petitions.regionCode} like ${prefix}`,
      sql`${petitions.bureauUnitId} = ${actor.unitId}`,
      routedToUnit,
      assignedByUnit,
      granted,
    )!;
  }
  return or(routedToUnit, assignedByUnit, granted)!;
}

/** How the actor stands to a petition: decides which lifecycle commands they may run. */
export function relationsTo(
  actor: Actor,
  p: {
    bureauUnitId: string;
    responsibleUnitId: string | null;
    sourceUnitId: string | null;
    regionCode: string;
  },
  bureauRegionCode: string,
): ActorRelation[] {
  const relations: ActorRelation[] = [];
  if (actor.unitId === p.bureauUnitId) relations.push('bureau');
  if (p.responsibleUnitId && actor.unitId === p.responsibleUnitId) relations.push('responsible');
  const isUpperBureau =
    actor.unitKind === 'bureau' &&
    actor.regionCode !== bureauRegionCode &&
    isInRegion(bureauRegionCode, actor.regionCode);
  if ((p.sourceUnitId && actor.unitId === p.sourceUnitId) || isUpperBureau) relations.push('upper');
  return relations;
}
