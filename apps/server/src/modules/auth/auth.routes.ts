import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  LoginResponseSchema,
  LogoutAllResultSchema,
  type Me,
  MeSchema,
  OkSchema,
  SecondFactorSetupSchema,
} from '@xinfang/contract';
import { z } from 'zod';
import { findRegion } from '../reference/reference.repo.ts';
import type { Deps } from '../../deps.ts';
import { actorOf, SESSION_COOKIE } from '../../http/auth-hook.ts';
import type { Actor } from './actor.ts';
import {
  authenticate,
  changePassword,
  login,
  logout,
  logoutEverywhere,
  SESSION_POLICY,
} from './auth.service.ts';
import { beginEnrolment, confirmEnrolment } from './second-factor.service.ts';

/** Per-IP login throttling, on top of the per-account lockout. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 30;

const LoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
  /** The 6-digit code of the user's authenticator app, for accounts with a second factor. */
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '动态验证码为6位数字')
    .optional(),
  /** API clients (CLI, integrations) ask for a bearer token; browsers rely on the httpOnly cookie. */
  issueToken: z.boolean().optional(),
});
/** Why the session ends: `idle` (the page's inactivity timeout) keeps the user's drafts. */
const LogoutBody = z.object({ reason: z.enum(['user', 'idle']).optional() });
const CodeBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '动态验证码为6位数字'),
});
const PasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码'),
  newPassword: z.string().min(1, '请输入新密码').max(256),
});

export function authRoutes(app: FastifyInstance, deps: Deps, cookieSecure: boolean): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/auth/login',
    {
      schema: { tags: ['登录'], summary: '登录', body: LoginBody, response: { 200: LoginResponseSchema } },
      config: {
        access: { public: true },
        // Wrong credentials (401); an account locked after too many failures (423).
        errors: [401, 423],
        rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' },
      },
    },
    async (req, reply) => {
      const result = await login(deps, { ...req.body, ip: req.ip });
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: cookieSecure,
        path: '/',
        maxAge: SESSION_POLICY.absoluteHours * 3600,
      });
      return {
        csrfToken: result.csrfToken,
        token: req.body.issueToken ? result.token : undefined,
        mustChangePassword: result.mustChangePassword,
        mustEnrolSecondFactor: result.mustEnrolSecondFactor,
        user: result.user,
      };
    },
  );
  r.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['登录'],
        summary: '退出（同时删除本人的表单草稿；因长时间未操作而退出时保留草稿）',
        body: LogoutBody.nullish(),
        response: { 200: OkSchema },
      },
      config: { access: { allowDuringAccountSetup: true } },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE] ?? req.headers.authorization?.slice(7);
      if (token) await logout(deps, token, { keepDrafts: req.body?.reason === 'idle' });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );
  r.post(
    '/api/auth/logout-all',
    {
      schema: {
        tags: ['登录'],
        summary: '退出所有设备（同时删除本人的表单草稿）',
        response: { 200: LogoutAllResultSchema },
      },
    },
    async (req, reply) => {
      const ended = await logoutEverywhere(deps, actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ended };
    },
  );
  type SessionState = {
    mustChangePassword: boolean;
    mustEnrolSecondFactor: boolean;
    secondFactorEnabled: boolean;
  };
  const meOf = async (a: Actor, state: SessionState, csrfToken: string | null): Promise<Me> => {
    const region = await findRegion(deps.db, a.regionCode);
    return {
      id: a.userId,
      username: a.username,
      displayName: a.displayName,
      unitId: a.unitId,
      unitName: a.unitName,
      unitKind: a.unitKind,
      regionCode: a.regionCode,
      regionName: region?.name ?? null,
      roles: [...a.roles],
      mustChangePassword: state.mustChangePassword,
      mustEnrolSecondFactor: state.mustEnrolSecondFactor,
      secondFactorEnabled: state.secondFactorEnabled,
      csrfToken,
    };
  };
  r.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['登录'],
        summary: '当前用户（单位、属地、角色；浏览器会话的 CSRF 令牌）',
        response: { 200: MeSchema },
      },
      config: { access: { allowDuringAccountSetup: true } },
    },
    async (req) =>
      meOf(
        actorOf(req),
        {
          mustChangePassword: req.mustChangePassword ?? false,
          mustEnrolSecondFactor: req.mustEnrolSecondFactor ?? false,
          secondFactorEnabled: req.secondFactorEnabled ?? false,
        },
        req.sessionCsrf ?? null,
      ),
  );
  r.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['登录'],
        summary: '浏览器会话：已登录时为当前用户，否则为空（网页启动时读取，不返回 401）',
        response: { 200: z.object({ me: MeSchema.nullable() }) },
      },
      config: { access: { public: true } },
    },
    async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      const auth = token ? await authenticate(deps, token) : null;
      if (!auth) return { me: null };
      return { me: await meOf(auth.actor, auth, auth.csrfToken) };
    },
  );
  r.post(
    '/api/auth/password',
    {
      schema: { tags: ['登录'], summary: '修改密码', body: PasswordBody, response: { 200: OkSchema } },
      config: { access: { allowDuringAccountSetup: true } },
    },
    async (req) => {
      await changePassword(deps, actorOf(req), req.body);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/auth/second-factor/setup',
    {
      schema: {
        tags: ['登录'],
        summary: '绑定手机验证器：生成密钥（二维码内容与手工输入密钥），须用第一个动态验证码确认',
        response: { 200: SecondFactorSetupSchema },
      },
      config: { access: { allowDuringAccountSetup: true } },
    },
    async (req) => beginEnrolment(deps, actorOf(req)),
  );
  r.post(
    '/api/auth/second-factor/confirm',
    {
      schema: {
        tags: ['登录'],
        summary: '绑定手机验证器：输入第一个动态验证码完成绑定',
        body: CodeBody,
        response: { 200: OkSchema },
      },
      config: { access: { allowDuringAccountSetup: true } },
    },
    async (req) => {
      await confirmEnrolment(deps, actorOf(req), req.body.code);
      return { ok: true as const };
    },
  );
}
