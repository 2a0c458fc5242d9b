import { randomBytes } from 'node:crypto';
import type { Role } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { ADMIN_LOCK_UNTIL } from '../../domain/account-lock.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import {
  deleteUserSessions,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  updateUser,
} from '../auth/auth.repo.ts';
import { hashPassword } from '../auth/auth.service.ts';
import type { Db } from '../../db/client.ts';
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
    .map(
      ({
        passwordHash: _hidden,
        totpSecret,
        totpPendingSecret: _pending,
        totpLastStep: _step,
        totpEnabledAt: _since,
        ...u
      }) => ({
        ...u,
        secondFactorEnabled: totpSecret !== null,
      }),
    );
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

/** A user the admin manages, or 404 (a user outside the admin's region reads as absent). */
async function managedUser(tx: Db, actor: Actor, id: string) {
  if (!hasRole(actor, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以管理用户');
  const user = await findUserById(tx, id);
  if (!user || !inAdminScope(actor, await findUnit(tx, user.unitId))) throw notFound('用户');
  return user;
}

/**
 * 重置密码: a new one-time password, shown once to the admin and never stored in clear; the user
 * must change it at the next login, and every session the user had ends.
 */
export async function resetPassword(deps: Deps, actor: Actor, id: string) {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    const user = await managedUser(tx, actor, id);
    await updateUser(tx, id, { passwordHash, mustChangePassword: true, failedAttempts: 0 });
    const sessions = await deleteUserSessions(tx, id);
    await recordAudit(deps, tx, actor, {
      action: 'user.reset_password',
      entityType: 'user',
      entityId: id,
      after: { username: user.username, sessionsEnded: sessions },
    });
    return { id, username: user.username, oneTimePassword: password };
  });
}

/**
 * 锁定 / 解锁: a lock set by an admin lasts until an admin lifts it and ends the user's sessions;
 * unlocking also lifts an automatic lockout after failed logins and clears the failure count.
 */
export async function setLocked(deps: Deps, actor: Actor, id: string, locked: boolean) {
  return deps.db.transaction(async (tx) => {
    const user = await managedUser(tx, actor, id);
    if (locked && id === actor.userId) throw new AppError('BAD_REQUEST', '不能锁定自己的账号');
    const after = await updateUser(
      tx,
      id,
      locked ? { lockedUntil: ADMIN_LOCK_UNTIL } : { lockedUntil: null, failedAttempts: 0 },
    );
    const sessions = locked ? await deleteUserSessions(tx, id) : 0;
    await recordAudit(deps, tx, actor, {
      action: locked ? 'user.lock' : 'user.unlock',
      entityType: 'user',
      entityId: id,
      before: { lockedUntil: user.lockedUntil?.toISOString() ?? null, failedAttempts: user.failedAttempts },
      after: { lockedUntil: after?.lockedUntil?.toISOString() ?? null, sessionsEnded: sessions },
    });
    return { id, username: user.username, lockedUntil: after?.lockedUntil?.toISOString() ?? null };
  });
}
