import { ErrorBodySchema } from '@xinfang/contract';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from './auth-hook.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './auth-hook.ts';

/** How a caller proves who it is; every operation that is not public lists the ones it accepts. */
export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'API 令牌：POST /api/auth/login 时传 issueToken: true 取得，请求头 Authorization: Bearer <令牌>；不需要 CSRF 令牌',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: '浏览器会话 Cookie（登录时设置，httpOnly）',
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description: '浏览器会话的写操作须带此请求头：值为登录或 GET /api/auth/me 返回的 csrfToken',
  },
} as const;

/** Chinese descriptions of the error statuses, each answered with the one error body. */
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '请求无效：字段不合格时 details.fields 列出字段及原因',
  401: '未登录或会话已过期',
  403: '无权执行（角色不符）、CSRF 校验失败，或须先修改密码',
  404: '不存在或无权访问',
  423: '账号已锁定（登录失败次数过多）',
  409: '与当前状态冲突：状态不允许时 details.allowed 列出当前用户此时可执行的操作；版本冲突时须刷新后重试',
  413: '上传内容超过大小限制',
  415: '不支持的内容类型',
  429: '请求过于频繁',
  500: '服务器内部错误（带 requestId）',
};
const SUCCESS_DESCRIPTIONS: Record<string, string> = { 200: '成功', 201: '已创建', 204: '成功，无内容' };

/** The request body of an upload route (multipart/form-data, one field `file`), for the document only. */
const UPLOAD_BODY = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: '上传的文件' } },
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads a multipart/form-data upload (field `file`); documented as such. */
    upload?: boolean;
    /** Error statuses beyond what the route's declaration implies (e.g. 401 from a public login). */
    errors?: readonly number[];
  }
}

type RouteLike = {
  method: string | string[];
  url: string;
  schema?: { params?: unknown };
  config?: { access?: Access; upload?: boolean; rateLimit?: unknown; errors?: readonly number[] };
};

/** The error statuses a route can answer, from what it declares (access, params, method, upload). */
export function errorStatuses(route: RouteLike): number[] {
  const methods = ([] as string[]).concat(route.method);
  const isPublic = route.config?.access?.public === true;
  const writes = methods.some((m) => m !== 'GET' && m !== 'HEAD');
  const statuses = [400];
  if (!isPublic) statuses.push(401, 403);
  if (route.url.includes(':')) statuses.push(404);
  if (writes && !isPublic) statuses.push(409);
  if (route.config?.upload) statuses.push(413, 415);
  if (route.config?.rateLimit) statuses.push(429);
  statuses.push(...(route.config?.errors ?? []), 500);
  return [...new Set(statuses)].sort();
}

/** Who may call a route: nobody needs credentials for a public one; writes by cookie need the CSRF header. */
export function securityOf(route: RouteLike): Array<Record<string, string[]>> {
  if (route.config?.access?.public) return [];
  const writes = ([] as string[]).concat(route.method).some((m) => m !== 'GET' && m !== 'HEAD');
  return [{ bearer: [] }, writes ? { session: [], csrf: [] } : { session: [] }];
}

const ERROR_JSON = z.toJSONSchema(ErrorBodySchema, { target: 'openapi-3.0' });

type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;

/**
 * The zod transform, then what every operation shares: the error responses with the one error
 * body, the accepted credentials, Chinese descriptions of the success responses, and the upload
 * body of multipart routes. Applied to every route, including ones added later.
 */
export const openapiTransform: Transform = (document) => {
  const { schema, url } = jsonSchemaTransform(document as Parameters<typeof jsonSchemaTransform>[0]);
  const route = document.route as unknown as RouteLike;
  const out = { ...(schema as Record<string, unknown>) };
  if (out.hide) return { schema: out, url };
  const response: Record<string, Record<string, unknown>> = {
    ...((out.response as Record<string, Record<string, unknown>>) ?? {}),
  };
  for (const [status, r] of Object.entries(response))
    if (!r.description) response[status] = { ...r, description: SUCCESS_DESCRIPTIONS[status] ?? '成功' };
  for (const status of errorStatuses(route))
    response[status] ??= { description: ERROR_DESCRIPTIONS[status], ...ERROR_JSON };
  out.response = response;
  out.security = securityOf(route);
  if (route.config?.upload) {
    out.consumes = ['multipart/form-data'];
    out.body = UPLOAD_BODY;
  }
  return { schema: out, url } as ReturnType<Transform>;
};
