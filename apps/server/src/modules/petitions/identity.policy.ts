import { type SQL, sql } from 'drizzle-orm';
import { petitions } from '../../db/schema/index.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * THE rule on who may see a petitioner's identity. Reports of wrongdoing (检举、揭发、控告) are
 * confidential: only the registering bureau's caseworkers and registrars and the discipline
 * (纪检监察) unit handling it see who reported; everyone else — other bureaus, departments, the
 * accused unit, leaders — sees the matter without the person. Every path (case view, lists,
 * search, exact lookup, exports, documents, statistics drill-down, repeat suggestions) calls this
 * function or its SQL twin below, never a rule of its own.
 */
export function maySeeIdentity(actor: Actor, row: { confidential: boolean; bureauUnitId: string }): boolean {
  if (!row.confidential) return true;
  if (actor.unitKind === 'discipline') return true;
  return actor.unitId === row.bureauUnitId && isIdentityRole(actor);
}

const isIdentityRole = (actor: Actor) => actor.roles.some((r) => r === 'caseworker' || r === 'registrar');

/** The same rule as a SQL condition on `petitions`, for queries that match on identity. */
export function identityVisibleSql(actor: Actor): SQL {
  if (actor.unitKind === 'discipline') return sql`true`;
  if (isIdentityRole(actor)) {
    return sql`(not ${petitions.confidential} or ${petitions.bureauUnitId} = ${actor.unitId})`;
  }
  return sql`not ${petitions.confidential}`;
}
