import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/modules/admin/users.service.ts';
import { verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import { register } from './helpers/petitions.ts';
import { loginAs } from './helpers/api.ts';
import { authenticatorFor, enrolSecondFactor } from './helpers/authenticator.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, PASSWORD, type World } from './helpers/world.ts';

/**
 * Property-based requests generated from the OpenAPI document against every route: values that
 * fit the schema, values of the wrong type, hostile strings (NUL, lone surrogates, SQL and path
 * injection, huge), deep JSON — without a session, with a session but no CSRF token, and fully
 * signed in. Every answer must be below 500 and carry a stable code with a Chinese message.
 */
type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};
type Operation = {
  parameters?: Array<{ name: string; in: 'path' | 'query'; schema?: JsonSchema; required?: boolean }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  "' OR '1'='1' --",
  '"; drop table petitions; --',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '%00',
  '$' + '{jndi:ldap://x}',
  '\u202e\u200b',
  '😀𠀀',
  '',
  ' ',
  '9'.repeat(400),
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }).map((s) => s.repeat(5000)),
);

/** Nested arrays/objects a few hundred levels deep. */
const deepJson = fc.integer({ min: 50, max: 600 }).map((depth) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});

const anything = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  deepJson,
);

function stringFor(schema: JsonSchema, knownIds: string[]): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...knownIds), fc.uuid());
  if (schema.format === 'date')
    return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 60) });
}

/** Values that fit the schema, most of the time; a hostile value at any depth otherwise. */
function fromSchema(schema: JsonSchema | undefined, knownIds: string[], depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anything;
  const fitting = ((): fc.Arbitrary<unknown> => {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, knownIds, depth + 1)));
    if (schema.allOf?.length) return fromSchema(schema.allOf[0], knownIds, depth + 1);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'string':
        return stringFor(schema, knownIds);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(fromSchema(schema.items, knownIds, depth + 1), { maxLength: 3 });
      case 'object': {
        const properties = schema.properties ?? {};
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, child] of Object.entries(properties))
          record[key] = fromSchema(child, knownIds, depth + 1);
        return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
      }
      default:
        return anything;
    }
  })();
  return fc.oneof({ arbitrary: fitting, weight: 4 }, { arbitrary: anything, weight: 1 });
}

type AuthMode = 'none' | 'session-no-csrf' | 'signed-in';
type FuzzRequest = {
  auth: AuthMode;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  rawBody: string | undefined;
};

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}

describe.each(DRIVERS)('fuzzing every route from its OpenAPI schema (%s)', (driver) => {
  let world: World;
  let knownIds: string[];
  let routes: Array<{ method: string; url: string; operation: Operation }>;
  const tally = { cases: 0, fiveHundreds: 0 };

  beforeAll(async () => {
    world = await buildWorld(driver);
    await createUser(world.deps, null, {
      username: 'fuzzer',
      displayName: '模糊测试',
      unitId: world.units.county.id,
      roles: ['registrar', 'caseworker', 'admin', 'leader'],
      password: PASSWORD,
      canViewPersonalData: true,
    });
    // An admin: it logs in with a second factor, like every admin.
    await enrolSecondFactor(world.app, world.deps, 'fuzzer', PASSWORD);
    const registrar = await loginAs(world.app, 'registrar');
    const petitions = [await register(registrar), await register(registrar, { purpose: 'report' })];
    knownIds = [...petitions.map((p) => p.id), world.units.county.id, world.units.hrss.id];
    await world.app.ready();
    const spec = world.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    routes = Object.entries(spec.paths).flatMap(([url, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        url,
        operation,
      })),
    );
  });
  afterAll(async () => {
    console.info(`fuzz(${driver}): ${tally.cases} requests, ${tally.fiveHundreds} answered 5xx`);
    await world.close();
  });

  let address = 0;
  /** A fresh session per property run, from its own address so login throttling never interferes. */
  async function session(): Promise<{ cookie: string; csrf: string }> {
    address += 1;
    // Each run signs in 30 s later on the business clock: a second-factor code is accepted once per step.
    world.clock.set(new Date(world.clock.now.getTime() + 30_000).toISOString());
    const code = await authenticatorFor(world.deps)('fuzzer');
    const res = await world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'fuzzer', password: PASSWORD, code },
      remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
    });
    if (res.statusCode !== 200) throw new Error(`fuzzer login failed: ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'xf_session')?.value ?? '';
    return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
  }

  function requestArbitrary(operation: Operation): fc.Arbitrary<FuzzRequest> {
    const path: Record<string, fc.Arbitrary<unknown>> = {};
    const query: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of operation.parameters ?? []) {
      (p.in === 'path' ? path : query)[p.name] = fromSchema(p.schema, knownIds);
    }
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    return fc.record({
      auth: fc.constantFrom<AuthMode>('none', 'session-no-csrf', 'signed-in', 'signed-in'),
      path: fc.record(path),
      query: fc.record(query, { requiredKeys: [] }),
      body: bodySchema ? fromSchema(bodySchema, knownIds) : fc.option(anything, { nil: undefined }),
      rawBody: fc.option(fc.constantFrom('{', '{"a":', '\u0000', '[]', 'null', '{"__proto__":{"x":1}}'), {
        nil: undefined,
        freq: 8,
      }),
    });
  }

  async function send(method: string, url: string, request: FuzzRequest): Promise<LightMyRequestResponse> {
    let target = url;
    for (const [name, value] of Object.entries(request.path))
      target = target.replace(`{${name}}`, encodeURIComponent(asText(value)).slice(0, 4000));
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query)) search.set(name, asText(value).slice(0, 4000));
    const headers: Record<string, string> = {};
    if (request.auth !== 'none') {
      const { cookie, csrf } = await session();
      headers.cookie = `xf_session=${cookie}`;
      if (request.auth === 'signed-in') headers['x-csrf-token'] = csrf;
    }
    const hasBody = method !== 'GET' && method !== 'DELETE';
    if (hasBody && request.rawBody !== undefined) headers['content-type'] = 'application/json';
    return world.app.inject({
      method: method as 'GET',
      url: `${target}${search.size ? `?${search}` : ''}`,
      headers,
      ...(hasBody
        ? { payload: request.rawBody ?? (request.body === undefined ? undefined : (request.body as object)) }
        : {}),
    });
  }

  it('answers every generated request below 500 with a code and a Chinese message', async () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      if (route.url.startsWith('/api/docs')) continue;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route.operation), async (request) => {
          const res = await send(route.method, route.url, request);
          tally.cases += 1;
          if (res.statusCode >= 500) tally.fiveHundreds += 1;
          const where = `${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const body = res.json() as { error?: { code?: string; message?: string } };
            expect(String(body.error?.code), where).toMatch(/^[A-Z_]+$/);
            expect(String(body.error?.message), where).toMatch(/[\u4e00-\u9fff]/);
          }
        }),
        {
          numRuns: Number(process.env.FUZZ_RUNS ?? 8),
          seed: Number(process.env.FUZZ_SEED ?? 20261124),
        },
      );
    }
    // Whatever was accepted along the way was written whole: the audit chain still verifies.
    expect(await verifyAuditChain(world.deps)).toMatchObject({ ok: true });
    expect(tally.fiveHundreds).toBe(0);
  });

  it('the ledger importer answers malformed CSV and XLSX with 400, never 5xx, never a partial import', async () => {
    const caseworker = await loginAs(world.app, 'caseworker');
    const { cookie, csrf } = caseworker.session();
    const header = '登记日期,信访形式,信访人,内容分类,诉求内容';
    const cell = fc.oneof(
      hostileString,
      fc.constantFrom('2026-03-01', '来访', '张三', '其他', '"', '""', '\r', ','),
    );
    const csv = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 7 }), { minLength: 1, maxLength: 5 })
      .map((rows) => `${header}\n${rows.map((r) => r.join(',')).join('\n')}`);
    const xlsx = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.concat([Buffer.from('PK\u0003\u0004'), bytes])),
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
    );
    const file = fc.oneof(
      csv.map((text) => ({ name: 'ledger.csv', content: Buffer.from(text) })),
      xlsx.map((content) => ({ name: 'ledger.xlsx', content })),
    );
    const countBefore = await world.app.inject({
      method: 'GET',
      url: '/api/petitions?pageSize=1',
      headers: { cookie: `xf_session=${cookie}` },
    });
    const totalBefore = (countBefore.json() as { total: number }).total;
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(file, async ({ name, content }) => {
        const boundary = 'FuzzBoundary7d1';
        const payload = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          ),
          content,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const res = await world.app.inject({
          method: 'POST',
          url: '/api/ledger/import',
          headers: {
            cookie: `xf_session=${cookie}`,
            'x-csrf-token': csrf,
            'content-type': `multipart/form-data; boundary=${boundary}`,
          },
          payload,
        });
        tally.cases += 1;
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode === 200) imported += (res.json() as { imported: number }).imported;
        else expect((res.json() as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 8) * 5 },
    );
    const countAfter = await world.app.inject({
      method: 'GET',
      url: '/api/petitions?pageSize=1',
      headers: { cookie: `xf_session=${cookie}` },
    });
    expect((countAfter.json() as { total: number }).total).toBe(totalBefore + imported);
  });
});
