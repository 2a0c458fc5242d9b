import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { fileResponse, sendDownload } from '../../http/download.ts';
import { AttachmentSchema } from '@xinfang/contract';
import { addAttachment, getAttachments, readAttachment } from './attachments.service.ts';
import { unstorableText, unstorableTextError } from '../../http/input-guard.ts';

const IdParams = z.object({ id: z.uuid('信访事项编号无效') });

export function attachmentRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/petitions/:id/attachments',
    {
      schema: {
        tags: ['附件'],
        summary: '上传附件 (multipart/form-data, 字段 file)',
        params: IdParams,
        response: { 201: AttachmentSchema },
      },
      config: { upload: true },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传附件');
      const file = await req.file();
      if (!file)
        throw new AppError('VALIDATION_FAILED', '缺少上传文件', {
          fields: [{ field: 'file', message: '缺少上传文件' }],
        });
      const content = await file.toBuffer();
      const nameProblem = unstorableText(file.filename);
      if (nameProblem) throw unstorableTextError(['filename'], nameProblem);
      const row = await addAttachment(deps, actorOf(req), req.params.id, {
        fileName: file.filename,
        content,
      });
      return reply.status(201).send(row);
    },
  );
  r.get(
    '/api/petitions/:id/attachments',
    {
      schema: {
        tags: ['附件'],
        summary: '附件列表',
        params: IdParams,
        response: { 200: z.array(AttachmentSchema) },
      },
    },
    async (req) => getAttachments(deps, actorOf(req), req.params.id),
  );
  r.get(
    '/api/petitions/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['附件'],
        summary: '下载附件（inline=true 时在浏览器中预览图片、PDF）',
        params: IdParams.extend({ attachmentId: z.uuid('附件编号无效') }),
        querystring: z.object({ inline: z.enum(['true', 'false']).optional() }),
        response: { 200: fileResponse('附件原文件（类型为上传时识别的类型）', 'application/octet-stream') },
      },
    },
    async (req, reply) => {
      const { row, content } = await readAttachment(
        deps,
        actorOf(req),
        req.params.id,
        req.params.attachmentId,
      );
      // Only images and PDFs are shown in place; anything else is always a download.
      const previewable = /^image\/|^application\/pdf$/.test(row.contentType);
      return sendDownload(
        reply,
        { contentType: row.contentType, fileName: row.fileName, content, size: row.size },
        req.query.inline === 'true' && previewable ? 'inline' : 'attachment',
      );
    },
  );
}
