import type { Role } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { listActiveStaff } from '../auth/auth.repo.ts';
import { findUnits } from '../reference/reference.repo.ts';
import { listRecusals } from './delivery.repo.ts';
import { findPetition } from './petition.repo.ts';
import { petitionScope } from './petition.scope.ts';
import { handlingUnitOf } from './transitions/staffing.ts';

/**
 * The people a case's forms may name (承办人, 回避): the active staff of the unit handling the
 * case now and of the caller's own unit, each marked when recused or already the 承办人. Only
 * for a case in the caller's scope; names and roles only, nothing else of the accounts.
 */
export async function listCaseStaff(deps: Deps, actor: Actor, petitionId: string) {
  const row = await findPetition(deps.db, petitionId, petitionScope(actor));
  if (!row) throw notFound('信访事项');
  const handlingUnitId = handlingUnitOf(row);
  const unitIds = [...new Set([handlingUnitId, actor.unitId])];
  const staff = await listActiveStaff(deps.db, unitIds);
  const recused = new Set((await listRecusals(deps.db, petitionId)).map((r) => r.userId));
  const names = new Map((await findUnits(deps.db, unitIds)).map((u) => [u.id, u.name]));
  return {
    handlingUnitId,
    units: unitIds.map((unitId) => ({
      unitId,
      unitName: names.get(unitId) ?? '',
      staff: staff
        .filter((s) => s.unitId === unitId)
        .map((s) => ({
          id: s.id,
          displayName: s.displayName,
          roles: s.roles as Role[],
          recused: recused.has(s.id),
          assignee: row.assigneeUserId === s.id,
        })),
    })),
  };
}
