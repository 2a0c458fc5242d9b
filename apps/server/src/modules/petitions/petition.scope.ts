import { and, or, type SQL, sql } from 'drizzle-orm';
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
  return and(visibleTo(actor), notRecused(actor))!;
}

/** 回避: a staff member recused from a case neither sees nor acts on it. */
function notRecused(actor: Actor): SQL {
  return sql`not exists (select 1 from recusals rc where rc.petition_id = ${petitions.id} and rc.user_id = ${actor.userId})`;
}

function visibleTo(actor: Actor): SQL {
  const routedToUnit = sql`exists (select 1 from petition_routes r where r.petition_id = ${petitions.id} and r.unit_id = ${actor.unitId})`;
  const assignedByUnit = or(
    sql`${petitions.sourceUnitId} = ${actor.unitId}`,
    // The organs addressed for 复查 and 复核 (arts. 35–36) see the matter they decide.
    sql`${petitions.reviewOrganId} = ${actor.unitId}`,
    sql`${petitions.reReviewOrganId} = ${actor.unitId}`,
  );
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
    state: string;
    bureauUnitId: string;
    responsibleUnitId: string | null;
    sourceUnitId: string | null;
    regionCode: string;
    reviewOrganId: string | null;
    reReviewOrganId: string | null;
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
  // The organ deciding the current review: the 复查 organ until its opinion, then the 复核 organ.
  const reReviewing = p.state === 're_review_requested' || p.state === 're_reviewed' || p.state === 'final';
  const organ = reReviewing ? p.reReviewOrganId : p.reviewOrganId;
  if (organ && actor.unitId === organ) relations.push('reviewOrgan');
  return relations;
}
