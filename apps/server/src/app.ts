import type { Writable } from 'node:stream';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from './deps.ts';
import { type Access, registerAuthHook } from './http/auth-hook.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerInputGuard } from './http/input-guard.ts';
import { loggerOptions } from './http/log-redaction.ts';
import { registerMetrics } from './http/metrics.ts';
import { HealthSchema } from '@xinfang/contract';
import { openapiTransform, SECURITY_SCHEMES } from './http/openapi.ts';
import { responseSerializer } from './http/response-serializer.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { loadWebApp, registerWebApp } from './http/web-app.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { attachmentRoutes } from './modules/attachments/attachments.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { draftRoutes } from './modules/drafts/drafts.routes.ts';
import { petitionRoutes } from './modules/petitions/petitions.routes.ts';
import { portalRoutes } from './modules/portal/portal.routes.ts';
import { referenceRoutes } from './modules/reference/reference.routes.ts';
import { statisticsRoutes } from './modules/statistics/statistics.routes.ts';

z.config(z.locales.zhCN());

/** Every route with its declared access, for the authorization matrix test and audits of the API. */
export type RouteInfo = { method: string; url: string; access?: Access };

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

export type AppOptions = {
  deps: Deps;
  logger?: boolean | { level: string; stream?: Writable };
  cookieSecure?: boolean;
  version?: string;
  /** The built web workbench (apps/web/dist by default); absent → the plain start page. */
  webDir?: string;
  /** Fail a reply whose response schema drops a field the service returned (tests turn it on). */
  strictResponses?: boolean;
};

/** Builds the HTTP app without listening, so tests drive it with inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const app = Fastify({
    logger:
      typeof options.logger === 'object'
        ? loggerOptions(options.logger.level, options.logger.stream)
        : (options.logger ?? false),
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: false } },
    // Errors the router raises before any hook (a path parameter too long, a malformed URL).
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      (reply as unknown as FastifyReply).status(tooLong ? 414 : 400).send({
        error: { code: 'BAD_REQUEST', message: tooLong ? '请求地址中的参数过长' : '请求地址无效' },
      });
    },
  });
  const routeTable: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of ([] as string[]).concat(route.method)) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, access: route.config?.access });
    }
  });
  app.decorate('routeTable', routeTable);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer(options.strictResponses ?? false));
  const web = loadWebApp(options.webDir);
  registerErrorHandler(app, web);

  await app.register(cookie);
  registerSecurityHeaders(app);
  // Per-IP throttling; routes opt in (login). Per instance: behind N instances, also limit at the proxy.
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'xinfang 信访事项管理平台 API',
        version: options.version ?? '0.1.0',
        description:
          '信访工作条例（2022）下的信访事项登记、交办、办理、复查复核、统计与台账接口。除公开接口外，调用方须带 API 令牌（Authorization: Bearer）或浏览器会话 Cookie；用 Cookie 的写操作另须带 x-csrf-token 请求头。错误一律为 { error: { code, message, details } }。',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: openapiTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerAuthHook(app, deps);
  registerInputGuard(app);

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      schema: { tags: ['运行状态'], summary: '健康检查（数据库可用）', response: { 200: HealthSchema } },
      config: { access: { public: true } },
    },
    async () => {
      await deps.db.execute(sql`select 1`);
      return { status: 'ok' as const, time: deps.now().toISOString() };
    },
  );
  await registerWebApp(app, web);
  registerMetrics(app);
  authRoutes(app, deps, options.cookieSecure ?? false);
  petitionRoutes(app, deps);
  attachmentRoutes(app, deps);
  referenceRoutes(app, deps);
  calendarRoutes(app, deps);
  adminRoutes(app, deps);
  statisticsRoutes(app, deps);
  portalRoutes(app, deps);
  draftRoutes(app, deps);
  return app;
}
