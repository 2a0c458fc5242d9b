import type { Role } from '@xinfang/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { authenticate } from '../modules/auth/auth.service.ts';

export const SESSION_COOKIE = 'xf_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Per-route access declaration, read by the hook and by the authorization matrix test. */
export type Access =
  | { public: true }
  | {
      public?: false;
      roles?: readonly Role[];
      /** Reachable before the account is set up: the one-time password changed, the second factor enrolled. */
      allowDuringAccountSetup?: boolean;
    };

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** The CSRF token of the cookie session behind this request (none for bearer tokens). */
    sessionCsrf?: string;
    mustChangePassword?: boolean;
    mustEnrolSecondFactor?: boolean;
    secondFactorEnabled?: boolean;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/**
 * Resolves the caller of every /api route before its handler runs. Cookie sessions must echo
 * their CSRF token on writes; bearer tokens (CLI, integrations) are not sent by browsers and
 * need none. A route without an explicit `access` config is treated as "any signed-in user".
 */
export function registerAuthHook(app: FastifyInstance, deps: Deps): void {
  // onRequest: the caller is known before the body is even parsed or validated.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    const url = request.routeOptions.url ?? '';
    if (!url.startsWith('/api') || url.startsWith('/api/docs') || access?.public) return;
    const cookieToken = request.cookies?.[SESSION_COOKIE];
    const token = bearer(request) ?? cookieToken;
    if (!token) throw new AppError('UNAUTHENTICATED', '请先登录');
    const auth = await authenticate(deps, token);
    if (!auth) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
    if (
      !bearer(request) &&
      !SAFE_METHODS.has(request.method) &&
      request.headers[CSRF_HEADER] !== auth.csrfToken
    ) {
      throw new AppError('CSRF_FAILED', '请求校验失败（CSRF），请刷新页面后重试');
    }
    if (auth.mustChangePassword && !access?.allowDuringAccountSetup) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '首次登录须修改密码');
    }
    if (auth.mustEnrolSecondFactor && !access?.allowDuringAccountSetup) {
      throw new AppError('SECOND_FACTOR_ENROLMENT_REQUIRED', '请先绑定手机验证器（动态验证码）后再使用系统');
    }
    if (access?.roles && !access.roles.some((r) => auth.actor.roles.includes(r))) {
      throw new AppError('FORBIDDEN', '您没有执行该操作的权限');
    }
    request.actor = { ...auth.actor, requestId: request.id, ip: request.ip };
    request.sessionCsrf = bearer(request) ? undefined : auth.csrfToken;
    request.mustChangePassword = auth.mustChangePassword;
    request.mustEnrolSecondFactor = auth.mustEnrolSecondFactor;
    request.secondFactorEnabled = auth.secondFactorEnabled;
  });
}

/** The resolved caller; only for routes behind the hook. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}
