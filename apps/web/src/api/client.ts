import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@xinfang/contract';
import { messageFor } from './messages.ts';

export type FieldError = { field: string; message: string };

/** A failed API call: the stable code, a Chinese message and the server's details (fields, allowed). */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;
  constructor(status: number, code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
  get fields(): FieldError[] {
    const fields = this.details.fields;
    return Array.isArray(fields) ? (fields as FieldError[]) : [];
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};
export const setUnauthenticatedHandler = (handler: () => void): void => {
  onUnauthenticated = handler;
};

async function toError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // not JSON (proxy error page): fall back to the status
  }
  const code: ErrorCode = body.error?.code ?? (res.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  return new ApiError(res.status, code, messageFor(code, body.error?.message), body.error?.details ?? {});
}

type Options = {
  method?: string;
  body?: unknown;
  form?: FormData;
  signal?: AbortSignal;
  quiet401?: boolean;
  headers?: Record<string, string>;
};

/** Requests under way, so signing out can let them finish before the session ends. */
const inflight = new Set<Promise<unknown>>();
let signingOut = false;

/**
 * Signing out: from now on only /auth calls go out (a page still mounted gets a quiet local
 * refusal instead of a request the ended session would answer 401), and the returned promise
 * settles once every request already sent has its answer.
 */
export async function beginSignOut(): Promise<void> {
  signingOut = true;
  await Promise.allSettled([...inflight]);
}
/** A session is open again (login, or a session found at start). */
export const sessionOpened = (): void => {
  signingOut = false;
};

/** The one way the web talks to /api: same-origin cookie session, CSRF header on writes, Chinese errors. */
export async function api<T>(path: string, options: Options = {}): Promise<T> {
  if (signingOut && !path.startsWith('/auth/'))
    throw new ApiError(401, 'UNAUTHENTICATED', messageFor('UNAUTHENTICATED'));
  const call = send<T>(path, options);
  inflight.add(call);
  try {
    return await call;
  } finally {
    inflight.delete(call);
  }
}

async function send<T>(path: string, options: Options): Promise<T> {
  const method = options.method ?? (options.body !== undefined || options.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    signal: options.signal,
    body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  if (!res.ok) {
    const error = await toError(res);
    if (error.code === 'UNAUTHENTICATED' && !options.quiet401) onUnauthenticated?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Downloads a file the API streams (xlsx, docx) under the name the server gives. */
export async function download(path: string): Promise<void> {
  const res = await fetch(`/api${path}`, { credentials: 'same-origin' });
  if (!res.ok) throw await toError(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : 'download';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Query string from a record, skipping empty values. */
export function qs(params: Record<string, string | number | boolean | string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    search.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/**
 * A multipart upload answered with server-sent events: the bytes sent, then each `progress`
 * event as the server works, resolving with the final `result` event (or rejecting with the
 * `error` event's code and message). XHR, since fetch reports no upload progress.
 */
export function uploadWithEvents<T, P>(
  path: string,
  form: FormData,
  onUpload: (percent: number) => void,
  onProgress: (progress: P) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('accept', 'text/event-stream');
    let read = 0;
    let result: { event: string; data: unknown } | null = null;
    const drain = () => {
      const text = xhr.responseText;
      for (let end = text.indexOf('\n\n', read); end >= 0; end = text.indexOf('\n\n', read)) {
        const block = text.slice(read, end);
        read = end + 2;
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || data === undefined) continue;
        const parsed = JSON.parse(data) as unknown;
        if (event === 'progress') onProgress(parsed as P);
        else result = { event, data: parsed };
      }
    };
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onUpload(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onprogress = () => {
      if (xhr.status === 200) drain();
    };
    xhr.onload = () => {
      if (xhr.status !== 200) {
        void toError(new Response(xhr.responseText, { status: xhr.status })).then(reject);
        return;
      }
      drain();
      const end = result as { event: string; data: unknown } | null;
      if (end?.event === 'result') resolve(end.data as T);
      else {
        const body = (end?.data ?? {}) as Partial<ErrorBody['error']>;
        const code: ErrorCode = body.code ?? 'INTERNAL';
        reject(new ApiError(ERROR_STATUS[code], code, messageFor(code, body.message), body.details ?? {}));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'INTERNAL', '网络错误，上传失败'));
    xhr.send(form);
  });
}
