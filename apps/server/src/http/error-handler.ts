import { type ErrorBody, fieldLabel } from '@xinfang/contract';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { isPageRequest, sendIndex, type WebApp } from './web-app.ts';

/** What busboy says about a multipart body that is cut short or has no boundary. */
const MULTIPART_BROKEN = /^(Multipart: |Unexpected end of (form|multipart data)|Malformed part header)/;

/** One place maps every failure to a status, a stable code and a Chinese message. */
export function registerErrorHandler(app: FastifyInstance, web: WebApp | null = null): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, body: ErrorBody) => reply.status(status).send(body);
    if (error instanceof AppError) {
      return send(error.status, {
        error: { code: error.code, message: error.message, details: error.details },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((v) => {
        const segments = (v.instancePath || '').split('/').filter(Boolean);
        const context = error.validationContext ?? 'body';
        return {
          field: segments.join('.') || context,
          label: fieldLabel(segments.length ? segments : [context]),
          message: v.message ?? '格式不正确',
        };
      });
      const first = fields[0];
      return send(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: first ? `${first.label}：${first.message}` : '请求内容格式不正确',
          details: { fields },
        },
      });
    }
    if (MULTIPART_BROKEN.test(error.message ?? '')) {
      return send(400, {
        error: {
          code: 'BAD_REQUEST',
          message: '上传内容格式不正确：multipart 边界缺失或内容不完整',
          details: { fields: [{ field: 'file', message: '上传内容不完整' }] },
        },
      });
    }
    const code = error.code ?? '';
    if (error.statusCode === 413 || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT') {
      return send(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: '上传内容超过大小限制' } });
    }
    if (error.statusCode === 415 || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' } });
    }
    if (error.statusCode === 429) {
      return send(429, { error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(400, { error: { code: 'BAD_REQUEST', message: `请求无效：${error.message}` } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, {
      error: { code: 'INTERNAL', message: '服务器内部错误，请联系管理员', requestId: request.id },
    });
  });
  app.setNotFoundHandler((request, reply) => {
    // The web workbench's own routes (/petitions/…) load index.html; /api never does.
    if (web && isPageRequest(request)) return sendIndex(web, reply);
    return reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `接口不存在：${request.method} ${request.url.split('?')[0]}` },
    });
  });
}
