import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Client } from './api.ts';

/** A valid 1×1 PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

export function multipart(fileName: string, content: Buffer) {
  const boundary = '----xinfangtest';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a file as an attachment of a petition, as the client. */
export async function uploadAttachment(
  app: FastifyInstance,
  client: Client,
  petitionId: string,
  fileName: string,
  content: Buffer,
): Promise<LightMyRequestResponse> {
  const m = multipart(fileName, content);
  const session = await client.fresh();
  return app.inject({
    method: 'POST',
    url: `/api/petitions/${petitionId}/attachments`,
    headers: {
      ...m.headers,
      cookie: `xf_session=${session.cookie}`,
      'x-csrf-token': session.csrf,
    },
    payload: m.payload,
  });
}
