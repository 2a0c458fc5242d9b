import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { DOCX_TYPE, fileResponse, sendDownload } from '../../http/download.ts';
import { PortalLookupSchema } from '@xinfang/contract';
import { lookupPetition, portalDocument } from './portal.service.ts';

const Credentials = z.object({
  code: z.string().trim().min(1, '请输入查询码').max(32),
  secret: z.string().trim().min(1, '请输入查询密码').max(32),
});
/** Public, so throttled per IP against guessing (the code + secret carry ~99 bits anyway). */
const publicAccess = {
  access: { public: true as const },
  // A wrong code or secret: 404, the same for both.
  errors: [404],
  rateLimit: { max: 20, timeWindow: '1 minute' },
};

export function portalRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/portal/lookup',
    {
      schema: {
        tags: ['网上查询'],
        summary: '凭查询码和查询密码查询办理进度',
        body: Credentials,
        response: { 200: PortalLookupSchema },
      },
      config: publicAccess,
    },
    async (req) => lookupPetition(deps, req.body),
  );
  r.post(
    '/api/portal/documents/:documentId',
    {
      schema: {
        tags: ['网上查询'],
        summary: '下载告知信访人的文书',
        params: z.object({ documentId: z.uuid('文书编号无效') }),
        body: Credentials,
        response: { 200: fileResponse('告知文书 .docx（信访人版本）', DOCX_TYPE) },
      },
      config: publicAccess,
    },
    async (req, reply) => {
      const doc = await portalDocument(deps, { ...req.body, documentId: req.params.documentId });
      return sendDownload(reply, { contentType: DOCX_TYPE, ...doc });
    },
  );
}
