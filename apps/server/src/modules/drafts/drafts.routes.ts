import { DraftKey, DraftResponseSchema, DraftSchema, SaveDraftSchema } from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { discardDraft, getDraft, saveDraft } from './draft.service.ts';

const params = z.object({ key: DraftKey });

export function draftRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['草稿'],
        summary: '读取本人的表单草稿（没有时为空）',
        params,
        response: { 200: DraftResponseSchema },
      },
    },
    async (req) => ({ draft: await getDraft(deps, actorOf(req), req.params.key) }),
  );
  r.put(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['草稿'],
        summary: '保存本人的表单草稿（加密存储，退出登录时删除，7天未更新自动清除）',
        params,
        body: SaveDraftSchema,
        response: { 200: DraftSchema },
      },
    },
    async (req) => saveDraft(deps, actorOf(req), req.params.key, req.body.payload),
  );
  r.delete(
    '/api/drafts/:key',
    {
      schema: {
        tags: ['草稿'],
        summary: '删除本人的表单草稿',
        params,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await discardDraft(deps, actorOf(req), req.params.key);
      return { ok: true as const };
    },
  );
}
