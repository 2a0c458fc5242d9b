import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { authenticatorOf } from './authenticator.ts';
import { PASSWORD } from './world.ts';

/** A signed-in browser-like client: session cookie plus CSRF header on writes. */
export type Client = {
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  put: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  del: (url: string) => Promise<LightMyRequestResponse>;
  /** The current session, signing in again first when the business clock moved on. */
  session: () => { cookie: string; csrf: string };
  fresh: () => Promise<{ cookie: string; csrf: string }>;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Each user signs in from a desk of their own (a loopback address per user), as clerks do. */
function deskOf(username: string): string {
  let h = 0;
  for (const ch of username) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `127.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${(h & 254) + 1}`;
}

async function signIn(app: FastifyInstance, username: string, password: string) {
  const attempt = (code?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password, ...(code ? { code } : {}) },
      remoteAddress: deskOf(username),
    });
  let res = await attempt();
  if (res.statusCode === 401 && res.json().error?.code === 'SECOND_FACTOR_REQUIRED') {
    // The second step, with the code the user's authenticator shows (see helpers/authenticator.ts).
    const code = await authenticatorOf(app)?.(username);
    if (!code)
      throw new Error(`login ${username}: a second factor is required and no authenticator is registered`);
    res = await attempt(code);
  }
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'xf_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: cookie.value, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/**
 * Logs a user in. When a test moves the business clock (`now`) by days, the user signs in again
 * before the next request, as a clerk does each working day (sessions expire after 30 idle minutes).
 */
export async function loginAs(
  app: FastifyInstance,
  username: string,
  options: { password?: string; now?: () => Date } = {},
): Promise<Client> {
  const password = options.password ?? PASSWORD;
  let current = await signIn(app, username, password);
  let lastUse = options.now?.().getTime() ?? 0;
  const refresh = async () => {
    const now = options.now?.().getTime();
    if (now !== undefined && Math.abs(now - lastUse) > 20 * 60_000)
      current = await signIn(app, username, password);
    if (now !== undefined) lastUse = now;
    return current;
  };
  const send = (method: Method) => async (url: string, body?: unknown) => {
    await refresh();
    const headers = { cookie: `xf_session=${current.cookie}`, 'x-csrf-token': current.csrf };
    return app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  };
  return {
    get: (url) => send('GET')(url),
    post: send('POST'),
    put: send('PUT'),
    patch: send('PATCH'),
    del: (url) => send('DELETE')(url),
    session: () => current,
    fresh: refresh,
  };
}

/** Fails with the response body when the status is not the expected one. */
export function expectStatus(res: LightMyRequestResponse, status: number): Record<string, unknown> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.body ? (res.json() as Record<string, unknown>) : {};
}
