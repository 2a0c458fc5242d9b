import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Role, UnitKind } from '@xinfang/contract';
import { deleteUserDrafts } from '../drafts/draft.repo.ts';
import type { Deps } from '../../deps.ts';
import { isAdminLock } from '../../domain/account-lock.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import { AppError, invalid } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from './actor.ts';
import { acceptLoginCode, mustHaveSecondFactor } from './second-factor.service.ts';
import {
  deleteSession,
  deleteUserSessions,
  findSession,
  findUserById,
  findUserByUsername,
  insertSession,
  lookUpSession,
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
  mustEnrolSecondFactor: boolean;
  user: { id: string; username: string; displayName: string; roles: Role[] };
};

/** One answer for an unknown user, a wrong password and a wrong or replayed code. */
const LOGIN_FAILED = '用户名、密码或动态验证码错误';

/**
 * 登录: argon2id check, then — for a user with a second factor — the 6-digit TOTP code (±1 step, each code once);
 * wrong passwords and wrong codes count toward one atomic lockout (5 failures, 15 minutes); then a new
 * server-side session. An unknown user, a wrong password and a wrong code give the same answer; that the account
 * is locked is said only to someone who knows its password (so the lock reveals no username). A user who must have
 * a second factor (domain/second-factor.ts) and has none yet gets a session that may only enrol one.
 */
export async function login(
  deps: Deps,
  input: { username: string; password: string; code?: string; ip?: string },
): Promise<LoginResult> {
  const user = await findUserByUsername(deps.db, input.username);
  const now = deps.now();
  const failure = new AppError('UNAUTHENTICATED', LOGIN_FAILED);
  if (!user?.active) {
    // Same work and answer for unknown users, so usernames cannot be probed.
    await verify(await dummyHash(), input.password);
    throw failure;
  }
  const countFailure = (action: 'auth.login_failed' | 'auth.second_factor_failed') =>
    deps.db.transaction(async (tx) => {
      const counted = await recordLoginFailure(tx, user.id, now, SESSION_POLICY);
      const lockedNow = counted.lockedUntil !== null && counted.lockedUntil > now;
      await recordAudit(deps, tx, null, {
        action: lockedNow ? 'auth.lock' : action,
        entityType: 'user',
        entityId: user.id,
        after: { failures: counted.failedAttempts, ip: input.ip ?? null },
      });
    });
  if (!(await verify(user.passwordHash, input.password))) {
    await countFailure('auth.login_failed');
    throw failure;
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    if (isAdminLock(user.lockedUntil))
      throw new AppError('ACCOUNT_LOCKED', '账号已被管理员锁定，请联系管理员解锁', { byAdmin: true });
    throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定至${user.lockedUntil.toISOString()}`, {
      lockedUntil: user.lockedUntil.toISOString(),
    });
  }
  const enrolled = user.totpSecret !== null;
  if (enrolled && !input.code) {
    throw new AppError('SECOND_FACTOR_REQUIRED', '请输入手机验证器（动态验证码）显示的6位数字', {
      fields: [{ field: 'code', message: '请输入动态验证码' }],
    });
  }
  const mustEnrolSecondFactor = !enrolled && (await mustHaveSecondFactor(deps, user));
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const accepted = await deps.db.transaction(async (tx) => {
    if (enrolled && !(await acceptLoginCode(deps, tx, user, input.code ?? ''))) return false;
    await updateUser(tx, user.id, { failedAttempts: 0, lockedUntil: null });
    await insertSession(tx, {
      tokenHash: tokenHash(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_POLICY.absoluteHours * 3_600_000),
      ip: input.ip ?? null,
      enrolmentOnly: mustEnrolSecondFactor,
    });
    await recordAudit(deps, tx, null, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      after: { ip: input.ip ?? null, secondFactor: enrolled },
    });
    return true;
  });
  if (!accepted) {
    await countFailure('auth.second_factor_failed');
    throw failure;
  }
  return {
    token,
    csrfToken,
    mustChangePassword: user.mustChangePassword,
    mustEnrolSecondFactor,
    user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles },
  };
}

export type Authenticated = {
  actor: Actor;
  csrfToken: string;
  mustChangePassword: boolean;
  /** The session may only enrol a second factor (see login). */
  mustEnrolSecondFactor: boolean;
  secondFactorEnabled: boolean;
};

/** Resolves a session token to the caller, enforcing idle and absolute timeouts. */
export async function authenticate(deps: Deps, token: string): Promise<Authenticated | null> {
  const h = tokenHash(token);
  const found = await lookUpSession(deps.db, h);
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
    mustEnrolSecondFactor: found.session.enrolmentOnly,
    secondFactorEnabled: found.user.secondFactorEnabled,
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

/**
 * Ends this session and deletes the user's drafts (a shared PC keeps nothing of them). An idle
 * timeout keeps the drafts: the same user finds the typed form after logging in again.
 */
export async function logout(
  deps: Deps,
  token: string,
  options: { keepDrafts?: boolean } = {},
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const found = await findSession(tx, tokenHash(token));
    await deleteSession(tx, tokenHash(token));
    if (found && !options.keepDrafts) await deleteUserDrafts(tx, found.session.userId);
  });
}

/** 退出所有设备: ends every session of the caller. */
export async function logoutEverywhere(deps: Deps, actor: Actor): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const n = await deleteUserSessions(tx, actor.userId);
    await deleteUserDrafts(tx, actor.userId);
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
