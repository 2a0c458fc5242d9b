import { and, or, type SQL, sql } from 'drizzle-orm';
import { petitions } from '../../db/schema/index.ts';
import type { ActorRelation } from '../../domain/lifecycle.ts';
import { isInRegion, regionPrefix } from '../../domain/region.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * The rows an actor may see, as one SQL condition used by every read (lists, detail, search,
 * statistics, exports, documents, attachments). Out-of-scope rows are simply absent: callers
 * answer 404, exactly as for unknown ids. Scope is data (`petition_visibility`, written with the
 * petition and with every routing change), so the condition is one primary-key probe:
 * - bureau (信访部门) users: the matters in their region's subtree, and what they registered;
 * - every unit: what was ever routed to it (its history of it), and what it assigned from above;
 * - a user with a region grant (a leader outside the bureau): that region's subtree, read-only.
 */
export function petitionScope(actor: Actor): SQL {
  return and(visibleTo(actor), notRecused(actor))!;
}

/**
 * The scope before 回避: what the actor's unit (and region grant) may see. 'each': the same rows,
 * the visibility row probed for each petition (OFFSET 0 keeps the EXISTS a subplan): for the few
 * rows of a partial index, cheaper than the semi-join the planner would otherwise plan.
 */
export function visibleTo(actor: Actor, check: 'join' | 'each' = 'join'): SQL {
  const visible = sql`exists (select 1 from petition_visibility v where v.petition_id = ${petitions.id} and v.unit_id = ${actor.unitId}${
    check === 'each' ? sql` offset 0` : sql``
  })`;
  const prefix = grantPrefix(actor);
  return prefix ? or(visible, sql`starts_with(${petitions.regionCode}, ${prefix})`)! : visible;
}

/** 回避: a staff member recused from a case neither sees nor acts on it. */
export function notRecused(actor: Actor): SQL {
  return sql`not exists (select 1 from recusals rc where rc.petition_id = ${petitions.id} and rc.user_id = ${actor.userId})`;
}

/** The region prefix a user's grant adds to their unit's scope, if any. */
export const grantPrefix = (actor: Actor): string | null =>
  actor.regionGrant ? regionPrefix(actor.regionGrant) : null;

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
