import { isInRegion } from '../../domain/region.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * An admin manages the units and users of its own region's subtree. The system actor (CLI,
 * first start) has no region limit.
 */
export function inAdminScope(actor: Actor | null, unit: { regionCode: string } | undefined): boolean {
  if (!unit) return false;
  if (!actor) return true;
  return isInRegion(unit.regionCode, actor.regionCode);
}
