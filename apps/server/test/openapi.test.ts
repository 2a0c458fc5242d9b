import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { droppedPaths } from '../src/http/response-serializer.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

type Schema = Record<string, unknown>;
type Operation = {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
type Document = {
  components?: { securitySchemes?: Record<string, Schema> };
  paths: Record<string, Record<string, Operation>>;
};

const CJK = /[\u4e00-\u9fff]/;

/**
 * Walks the generated document, so every route (including ones added later) is held to it: a
 * Chinese summary and tag, a schema for every response, no "Default Response", the shared error
 * body on error statuses, and credentials on every operation that is not public.
 */
describe.each(DRIVERS)('OpenAPI document (%s)', (driver) => {
  let world: World;
  let doc: Document;
  beforeAll(async () => {
    world = await buildWorld(driver);
    const res = await world.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    doc = res.json() as Document;
  }, 600_000);
  afterAll(async () => world?.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
  /** Public routes by the same declaration the auth hook reads (`config.access.public`). */
  const publicKeys = () =>
    new Set(
      world.app.routeTable
        .filter((r) => r.access && 'public' in r.access && r.access.public)
        .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`),
    );

  it('documents every /api route the app serves', () => {
    const documented = new Set(operations().map((o) => o.key));
    const served = world.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.filter((k) => !documented.has(k))).toEqual([]);
    expect(served.length).toBeGreaterThan(60);
  });

  it('gives every operation a Chinese summary and Chinese tags', () => {
    const bad = operations()
      .filter(
        ({ op }) => !CJK.test(op.summary ?? '') || !(op.tags?.length && op.tags.every((t) => CJK.test(t))),
      )
      .map((o) => o.key);
    expect(bad).toEqual([]);
  });

  it('describes every response with a schema and a Chinese description, never "Default Response"', () => {
    const bad: string[] = [];
    for (const { key, op } of operations()) {
      const responses = Object.entries(op.responses ?? {});
      if (!responses.some(([status]) => status.startsWith('2'))) bad.push(`${key}: 无成功响应`);
      for (const [status, r] of responses) {
        if (r.description === 'Default Response' || !CJK.test(r.description ?? ''))
          bad.push(`${key} ${status}: 描述`);
        const media = Object.values(r.content ?? {});
        if (media.length === 0 || media.some((m) => !m.schema || Object.keys(m.schema).length === 0))
          bad.push(`${key} ${status}: 无模式`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('answers errors with the one error body: code, message, details.fields, details.allowed', () => {
    const bad: string[] = [];
    for (const { key, op } of operations()) {
      const statuses = Object.keys(op.responses ?? {});
      for (const status of ['400', '500']) if (!statuses.includes(status)) bad.push(`${key}: 缺 ${status}`);
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        const schema = op.responses?.[status].content?.['application/json']?.schema as Schema;
        const error = (schema?.properties as Record<string, Schema> | undefined)?.error;
        const props = error?.properties as Record<string, Schema> | undefined;
        const details = props?.details?.properties as Record<string, Schema> | undefined;
        if (!props?.code || !props.message || !details?.fields || !details.allowed)
          bad.push(`${key} ${status}: 错误体`);
      }
    }
    expect(bad).toEqual([]);
    // A lifecycle command documents its 409 (what this caller may do is in details.allowed).
    const triage = doc.paths['/api/petitions/{id}/triage'].post;
    expect(triage.responses?.['409']?.description).toContain('details.allowed');
  });

  it('documents the bearer token, the session cookie and the CSRF header, per operation', () => {
    const schemes = doc.components?.securitySchemes ?? {};
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'xf_session' });
    expect(schemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    const open = publicKeys();
    expect(open.has('POST /api/auth/login')).toBe(true);
    const bad: string[] = [];
    for (const { key, op } of operations()) {
      const names = (op.security ?? []).map((s) => Object.keys(s).sort().join('+'));
      if (open.has(key)) {
        if (names.length > 0) bad.push(`${key}: 公开接口不应要求凭据`);
        continue;
      }
      const write = !key.startsWith('GET ');
      const expected = ['bearer', write ? 'csrf+session' : 'session'];
      if (JSON.stringify(names) !== JSON.stringify(expected)) bad.push(`${key}: ${names.join(',')}`);
    }
    expect(bad).toEqual([]);
  });

  it('documents uploads as multipart/form-data with a file field', () => {
    const doc2 = doc as unknown as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>
      >;
    };
    for (const [path, method] of [
      ['/api/petitions/{id}/attachments', 'post'],
      ['/api/ledger/import', 'post'],
    ]) {
      const body = doc2.paths[path][method].requestBody?.content['multipart/form-data']?.schema;
      expect(body?.properties, path).toHaveProperty('file');
    }
  });
});

describe('strict response serialization', () => {
  it('names the fields a response schema would drop', () => {
    const original = { a: 1, b: { c: 2, d: 3 }, list: [{ x: 1, y: 2 }] };
    const encoded = { a: 1, b: { c: 2 }, list: [{ x: 1 }] };
    expect(droppedPaths(original, encoded)).toEqual(['.b.d', '.list[0].y']);
    expect(droppedPaths(original, original)).toEqual([]);
  });
});
