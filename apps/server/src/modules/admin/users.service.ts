import { randomBytes } from 'node:crypto';
import type { Role } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import { findUserById, findUserByUsername, insertUser, listUsers, updateUser } from '../auth/auth.repo.ts';
import { hashPassword } from '../auth/auth.service.ts';
import { findUnit, listUnits } from '../reference/reference.repo.ts';
import { inAdminScope } from './admin-scope.ts';

/** A one-time password that satisfies the policy (3+ classes, 14 chars). */
export function oneTimePassword(): string {
  return `Xf-${randomBytes(9).toString('base64url')}7a`;
}

export type NewUser = {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  canViewPersonalData?: boolean;
  regionGrant?: string | null;
  password?: string;
};

/** Creates a user; without a password, a one-time password is generated and must be changed on first login. */
export async function createUser(deps: Deps, actor: Actor | null, input: NewUser) {
  if (actor && !hasRole(actor, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以管理用户');
  const password = input.password ?? oneTimePassword();
  if (input.regionGrant && !inAdminScope(actor, { regionCode: input.regionGrant })) {
    throw invalid('regionGrant', '授权区域不在管理范围内');
  }
  const problem = checkPassword(password, input.username);
  if (problem) throw invalid('password', problem);
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    if (await findUserByUsername(tx, input.username))
      throw new AppError('DUPLICATE', `用户名 ${input.username} 已存在`);
    if (!inAdminScope(actor, await findUnit(tx, input.unitId)))
      throw invalid('unitId', '所属单位不存在或不在管理范围内');
    const user = await insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      unitId: input.unitId,
      roles: input.roles,
      canViewPersonalData: input.canViewPersonalData ?? false,
      regionGrant: input.regionGrant ?? null,
      passwordHash,
      mustChangePassword: !input.password,
    });
    await recordAudit(deps, tx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      after: { username: user.username, unitId: user.unitId, roles: user.roles },
    });
    return { id: user.id, username: user.username, oneTimePassword: input.password ? undefined : password };
  });
}

export async function getUsers(deps: Deps, actor: Actor) {
  const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u]));
  return (await listUsers(deps.db))
    .filter((u) => inAdminScope(actor, units.get(u.unitId)))
    .map(({ passwordHash: _hidden, totpSecret, totpPendingSecret: _pending, totpLastStep: _step, ...u }) => ({
      ...u,
      secondFactorEnabled: totpSecret !== null,
    }));
}

export async function editUser(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: {
    displayName?: string;
    roles?: Role[];
    active?: boolean;
    canViewPersonalData?: boolean;
    unitId?: string;
    regionGrant?: string | null;
  },
) {
  if (!hasRole(actor, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以管理用户');
  return deps.db.transaction(async (tx) => {
    const before = await findUserById(tx, id);
    if (!before || !inAdminScope(actor, await findUnit(tx, before.unitId))) throw notFound('用户');
    if (patch.regionGrant && !inAdminScope(actor, { regionCode: patch.regionGrant })) {
      throw invalid('regionGrant', '授权区域不在管理范围内');
    }
    if (patch.unitId && !inAdminScope(actor, await findUnit(tx, patch.unitId))) {
      throw invalid('unitId', '所属单位不存在或不在管理范围内');
    }
    const after = await updateUser(tx, id, patch);
    await recordAudit(deps, tx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before: {
        roles: before.roles,
        active: before.active,
        unitId: before.unitId,
        regionGrant: before.regionGrant,
      },
      after: {
        roles: after?.roles,
        active: after?.active,
        unitId: after?.unitId,
        regionGrant: after?.regionGrant,
      },
    });
    return { id, username: before.username };
  });
}
