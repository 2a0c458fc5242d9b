import type { Writable } from 'node:stream';

/** What the log keeps of an error: its kind, its SQL (never the values), its code and its frames. */
export type LoggedError = {
  type: string;
  message: string;
  code?: string;
  query?: string;
  stack: string;
  cause?: LoggedError;
};

/**
 * Messages of failed queries carry their parameters ("params: 张三,兰考县…"); PostgreSQL's
 * `detail` repeats key values ("Key (x)=(…)") and data errors quote the offending value. None of
 * that may reach a log: personal data stays in the database.
 */
export function redactMessage(message: string): string {
  const withoutParams = message.split(/\n\s*params:/)[0];
  return withoutParams.replace(/(for type \w+|value|input syntax[^:]*): ".*"/gs, '$1: "[已隐去]"');
}

export function redactError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: '[非 Error 对象]', stack: '' };
  const record = error as Error & { code?: unknown; query?: unknown; cause?: unknown };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return {
    type: error.constructor?.name ?? error.name,
    message: redactMessage(error.message),
    ...(typeof record.code === 'string' ? { code: record.code } : {}),
    ...(typeof record.query === 'string' ? { query: record.query } : {}),
    stack: frames,
    ...(record.cause !== undefined && depth < 5 ? { cause: redactError(record.cause, depth + 1) } : {}),
  };
}

/** Fastify/pino logger options with the redacting error serializer (and a stream, for tests). */
export function loggerOptions(level: string, stream?: Writable) {
  return {
    level,
    serializers: { err: (error: unknown) => redactError(error) },
    ...(stream ? { stream } : {}),
  };
}
