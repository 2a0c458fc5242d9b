import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PASSWORD } from './world.ts';

/** A signed-in browser-like client: session cookie plus CSRF header on writes. */
export type Client = {
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  put: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  del: (url: string) => Promise<LightMyRequestResponse>;
  cookie: string;
  csrf: string;
};

export async function loginAs(app: FastifyInstance, username: string, password = PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'xf_session');
  if (!cookie) throw new Error('no session cookie');
  const { csrfToken } = res.json() as { csrfToken: string };
  const headers = { cookie: `xf_session=${cookie.value}`, 'x-csrf-token': csrfToken };
  const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') => (url: string, body?: unknown) =>
    app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  return {
    get: (url) => send('GET')(url),
    post: send('POST'),
    put: send('PUT'),
    patch: send('PATCH'),
    del: (url) => send('DELETE')(url),
    cookie: cookie.value,
    csrf: csrfToken,
  };
}

/** Fails with the response body when the status is not the expected one. */
export function expectStatus(res: LightMyRequestResponse, status: number): Record<string, unknown> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.body ? (res.json() as Record<string, unknown>) : {};
}
