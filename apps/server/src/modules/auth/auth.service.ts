import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Role, UnitKind } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import { AppError, invalid } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from './actor.ts';
import {
  deleteSession,
  deleteUserSessions,
  findSession,
  findUserById,
  findUserByUsername,
  insertSession,
  recordLoginFailure,
  touchSession,
  updateUser,
} from './auth.repo.ts';

export const SESSION_POLICY = {
  idleMinutes: 30,
  absoluteHours: 12,
  maxFailures: 5,
  lockMinutes: 15,
  /** Avoid a write per request: lastSeenAt moves at most once a minute. */
  touchEverySeconds: 60,
};

export const hashPassword = (password: string): Promise<string> => hash(password);
let dummy: Promise<string> | undefined;
const dummyHash = (): Promise<string> => {
  dummy ??= hash(randomBytes(16).toString('hex'));
  return dummy;
};
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type LoginResult = {
  token: string;
  csrfToken: string;
  mustChangePassword: boolean;
  user: { id: string; username: string; displayName: string; roles: Role[] };
};

/**
 * 登录: argon2id check, lockout after 5 failures for 15 minutes, a new server-side session.
 * An unknown user, a wrong password and a locked account give the same answer; that the account
 * is locked is said only to someone who knows its password (so the lock reveals no username).
 */
export async function login(
  deps: Deps,
  input: { username: string; password: string; ip?: string },
): Promise<LoginResult> {
  const user = await findUserByUsername(deps.db, input.username);
  const now = deps.now();
  const failure = new AppError('UNAUTHENTICATED', '用户名或密码错误');
  if (!user?.active) {
    // Same work and answer for unknown users, so usernames cannot be probed.
    await verify(await dummyHash(), input.password);
    throw failure;
  }
  if (!(await verify(user.passwordHash, input.password))) {
    await deps.db.transaction(async (tx) => {
      const counted = await recordLoginFailure(tx, user.id, now, SESSION_POLICY);
      const lockedNow = counted.lockedUntil !== null && counted.lockedUntil > now;
      await recordAudit(deps, tx, null, {
        action: lockedNow ? 'auth.lock' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { failures: counted.failedAttempts, ip: input.ip ?? null },
      });
    });
    throw failure;
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定至${user.lockedUntil.toISOString()}`, {
      lockedUntil: user.lockedUntil.toISOString(),
    });
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await deps.db.transaction(async (tx) => {
    await updateUser(tx, user.id, { failedAttempts: 0, lockedUntil: null });
    await insertSession(tx, {
      tokenHash: tokenHash(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_POLICY.absoluteHours * 3_600_000),
      ip: input.ip ?? null,
    });
    await recordAudit(deps, tx, null, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      after: { ip: input.ip ?? null },
    });
  });
  return {
    token,
    csrfToken,
    mustChangePassword: user.mustChangePassword,
    user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles },
  };
}

export type Authenticated = { actor: Actor; csrfToken: string; mustChangePassword: boolean };

/** Resolves a session token to the caller, enforcing idle and absolute timeouts. */
export async function authenticate(deps: Deps, token: string): Promise<Authenticated | null> {
  const h = tokenHash(token);
  const found = await findSession(deps.db, h);
  if (!found) return null;
  const now = deps.now();
  const idleLimit = new Date(found.session.lastSeenAt.getTime() + SESSION_POLICY.idleMinutes * 60_000);
  if (found.session.expiresAt <= now || idleLimit <= now || !found.user.active) {
    await deleteSession(deps.db, h);
    return null;
  }
  if (now.getTime() - found.session.lastSeenAt.getTime() > SESSION_POLICY.touchEverySeconds * 1000) {
    await touchSession(deps.db, h, now);
  }
  return {
    csrfToken: found.session.csrfToken,
    mustChangePassword: found.user.mustChangePassword,
    actor: {
      userId: found.user.id,
      username: found.user.username,
      displayName: found.user.displayName,
      unitId: found.unit.id,
      unitName: found.unit.name,
      unitKind: found.unit.kind as UnitKind,
      regionCode: found.unit.regionCode,
      roles: found.user.roles as Role[],
      canViewPersonalData: found.user.canViewPersonalData,
      regionGrant: found.user.regionGrant,
    },
  };
}

export async function logout(deps: Deps, token: string): Promise<void> {
  await deleteSession(deps.db, tokenHash(token));
}

/** 退出所有设备: ends every session of the caller. */
export async function logoutEverywhere(deps: Deps, actor: Actor): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const n = await deleteUserSessions(tx, actor.userId);
    await recordAudit(deps, tx, actor, {
      action: 'auth.logout_all',
      entityType: 'user',
      entityId: actor.userId,
      after: { sessions: n },
    });
    return n;
  });
}

export async function changePassword(
  deps: Deps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await findUserById(deps.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', '请重新登录');
  if (!(await verify(user.passwordHash, input.currentPassword)))
    throw invalid('currentPassword', '当前密码不正确');
  const problem = checkPassword(input.newPassword, user.username);
  if (problem) throw invalid('newPassword', problem);
  if (input.newPassword === input.currentPassword) throw invalid('newPassword', '新密码不能与当前密码相同');
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, mustChangePassword: false });
    await recordAudit(deps, tx, actor, {
      action: 'auth.password_change',
      entityType: 'user',
      entityId: user.id,
    });
  });
}
