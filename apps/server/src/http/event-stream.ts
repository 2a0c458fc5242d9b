import { PassThrough } from 'node:stream';
import type { ErrorBody } from '@xinfang/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** True when the client asked for server-sent events (`Accept: text/event-stream`). */
export const wantsEventStream = (req: FastifyRequest): boolean =>
  (req.headers.accept ?? '').includes('text/event-stream');

/**
 * Answers with `text/event-stream` and runs `work`, which sends events as it goes; its value is the
 * final `result` event, a failure the final `error` event (the same code and Chinese message as a
 * JSON error answer). The reply goes through Fastify's hooks like any other.
 */
export function replyWithEvents<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  work: (send: (event: string, data: unknown) => void) => Promise<T>,
): FastifyReply {
  const stream = new PassThrough();
  const send = (event: string, data: unknown) => {
    stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  void work(send)
    .then((result) => send('result', result))
    .catch((error: unknown) => {
      let body: ErrorBody['error'];
      if (error instanceof AppError)
        body = { code: error.code, message: error.message, details: error.details };
      else {
        req.log.error({ err: error }, 'unhandled error in event stream');
        body = { code: 'INTERNAL', message: '服务器内部错误，请联系管理员', requestId: req.id };
      }
      send('error', body);
    })
    .finally(() => stream.end());
  return reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('x-accel-buffering', 'no')
    .send(stream);
}
