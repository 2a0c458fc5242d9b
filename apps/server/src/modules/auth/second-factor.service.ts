import type { Role } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { requiresSecondFactor } from '../../domain/second-factor.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { inAdminScope } from '../admin/admin-scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findUnit } from '../reference/reference.repo.ts';
import { policyOf } from '../settings/policy.ts';
import { type Actor, hasRole } from './actor.ts';
import {
  claimTotpStep,
  deleteUserSessions,
  findUserById,
  releaseEnrolmentSessions,
  updateUser,
  type UserRow,
} from './auth.repo.ts';
import { matchTotpStep, newTotpSecret, totpUri } from './totp.ts';

/** Whether a user must log in with a second factor: admins always, staff where their bureau's policy says so. */
export async function mustHaveSecondFactor(deps: Deps, user: { roles: string[]; unitId: string }) {
  return requiresSecondFactor(user.roles as Role[], await policyOf(deps.db, { unitId: user.unitId }));
}

/**
 * Checks a login code against the user's secret and claims its step (a code is accepted once: replay is
 * refused). True only for a valid, unused code; runs in the caller's transaction.
 */
export async function acceptLoginCode(deps: Deps, tx: Deps['db'], user: UserRow, code: string) {
  if (!user.totpSecret) return false;
  const step = matchTotpStep(deps.crypto.decrypt(user.totpSecret), code, deps.now());
  return step !== null && (await claimTotpStep(tx, user.id, step));
}

/** 启用动态验证码 (1/2): the server generates a secret, kept encrypted until a first valid code confirms it. */
export async function beginEnrolment(deps: Deps, actor: Actor): Promise<{ secret: string; uri: string }> {
  return deps.db.transaction(async (tx) => {
    const user = await findUserById(tx, actor.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', '请重新登录');
    if (user.totpSecret)
      throw new AppError('STATE_CONFLICT', '已启用动态验证码；如需更换手机，请管理员重置后重新绑定', {
        allowed: [],
      });
    const secret = newTotpSecret();
    await updateUser(tx, user.id, { totpPendingSecret: deps.crypto.encrypt(secret) });
    await recordAudit(deps, tx, actor, {
      action: 'auth.second_factor_setup',
      entityType: 'user',
      entityId: user.id,
    });
    return { secret, uri: totpUri(secret, user.username) };
  });
}

/** 启用动态验证码 (2/2): the first valid code from the authenticator app turns the second factor on. */
export async function confirmEnrolment(deps: Deps, actor: Actor, code: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const user = await findUserById(tx, actor.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', '请重新登录');
    if (user.totpSecret) throw new AppError('STATE_CONFLICT', '已启用动态验证码', { allowed: [] });
    if (!user.totpPendingSecret)
      throw new AppError('STATE_CONFLICT', '请先生成绑定密钥', { allowed: ['setup'] });
    const secret = deps.crypto.decrypt(user.totpPendingSecret);
    const step = matchTotpStep(secret, code, deps.now());
    if (step === null) throw invalid('code', '动态验证码不正确，请核对手机时间后输入当前显示的6位数字');
    await updateUser(tx, user.id, {
      totpSecret: user.totpPendingSecret,
      totpPendingSecret: null,
      totpEnabledAt: deps.now(),
      // The confirming code counts as used: it cannot log in a second time.
      totpLastStep: step,
    });
    await releaseEnrolmentSessions(tx, user.id);
    await recordAudit(deps, tx, actor, {
      action: 'auth.second_factor_enrol',
      entityType: 'user',
      entityId: user.id,
    });
  });
}

/**
 * 重置动态验证码 (a lost phone): an admin of the user's region, or the CLI operator (actor null), removes the
 * second factor; the user's sessions end, and a user who must have one enrols again at the next login.
 */
export async function resetSecondFactor(deps: Deps, actor: Actor | null, userId: string) {
  if (actor && !hasRole(actor, 'admin')) throw new AppError('FORBIDDEN', '只有管理员可以管理用户');
  if (actor?.userId === userId)
    throw new AppError('FORBIDDEN', '不能重置自己的动态验证码，请由另一位管理员操作');
  return deps.db.transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user || (actor && !inAdminScope(actor, await findUnit(tx, user.unitId)))) throw notFound('用户');
    await updateUser(tx, user.id, {
      totpSecret: null,
      totpPendingSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
    });
    const ended = await deleteUserSessions(tx, user.id);
    await recordAudit(deps, tx, actor, {
      action: 'auth.second_factor_reset',
      entityType: 'user',
      entityId: user.id,
      before: { enabled: user.totpSecret !== null },
      after: { enabled: false, sessionsEnded: ended },
    });
    return { id: user.id, username: user.username, sessionsEnded: ended };
  });
}
