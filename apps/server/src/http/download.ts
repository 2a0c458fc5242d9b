import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Sends a file as a download with its (Chinese) name, never to be sniffed as something else;
 * `inline` lets the browser show it in place (a PDF or image previewed in the case page).
 */
export function sendDownload(
  reply: FastifyReply,
  file: { contentType: string; fileName: string; content: Buffer | Readable; size?: number },
  disposition: 'attachment' | 'inline' = 'attachment',
): FastifyReply {
  if (file.size !== undefined) reply.header('content-length', file.size);
  return reply
    .header('content-type', file.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.content);
}

/** A file body in the OpenAPI document (downloads are sent as bytes, never serialized). */
const FileBody = z.string().meta({ format: 'binary' });

/** The success response of a download route: one binary body per content type it may send. */
export const fileResponse = (description: string, ...contentTypes: string[]) => ({
  description,
  content: Object.fromEntries(contentTypes.map((type) => [type, { schema: FileBody }])),
});
