import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { landingRoute } from './landing.ts';

/** Where `vite build` writes the workbench (apps/web/dist). */
export const DEFAULT_WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

const YEAR = 365 * 24 * 3600;

export type WebApp = { dir: string; indexHtml: string };

/** The built workbench, or null when apps/web has not been built (tests of the API alone). */
export function loadWebApp(dir = DEFAULT_WEB_DIR): WebApp | null {
  const indexFile = join(dir, 'index.html');
  return existsSync(indexFile) ? { dir, indexHtml: readFileSync(indexFile, 'utf8') } : null;
}

export const sendIndex = (web: WebApp, reply: FastifyReply) =>
  reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(web.indexHtml);

/** A browser navigation to one of the SPA's routes (not /api, not a missing asset). */
export function isPageRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0];
  return (
    request.method === 'GET' &&
    !path.startsWith('/api') &&
    !path.startsWith('/assets/') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

/**
 * Serves the built web workbench at `/`: content-hashed files under /assets are cached for a year
 * (immutable), index.html is revalidated on every load; the SPA fallback to index.html lives in
 * the not-found handler. Without a build, the plain start page stays.
 */
export async function registerWebApp(app: FastifyInstance, web: WebApp | null): Promise<void> {
  if (!web) {
    landingRoute(app);
    return;
  }
  const assets = join(web.dir, 'assets');
  await app.register(fastifyStatic, {
    root: web.dir,
    prefix: '/',
    index: false,
    cacheControl: false,
    schemaHide: true,
    setHeaders: (res, path) => {
      res.raw.setHeader(
        'cache-control',
        path.startsWith(assets) ? `public, max-age=${YEAR}, immutable` : 'no-cache',
      );
    },
  });
  app.get('/', { schema: { hide: true } }, async (_req, reply) => sendIndex(web, reply));
}
