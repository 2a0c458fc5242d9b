import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { registration } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

const HAN = /[\u4e00-\u9fff]/;

/** A rejected request: 4xx, a stable code and a Chinese message (never a 5xx). */
function expectRejected(res: LightMyRequestResponse, status = 400): { code: string; message: string } {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { error: { code: string; message: string } };
  expect(body.error.code).toMatch(/^[A-Z_]+$/);
  expect(body.error.message).toMatch(HAN);
  return body.error;
}

function multipart(boundary: string, parts: string): { payload: string; headers: Record<string, string> } {
  return { payload: parts, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(DRIVERS)('hostile input found by fuzzing (%s)', (driver) => {
  let world: World;
  let admin: Client;
  let registrar: Client;
  let caseworker: Client;
  let petitionId: string;

  beforeAll(async () => {
    world = await buildWorld(driver);
    admin = await loginAs(world.app, 'countyadmin');
    registrar = await loginAs(world.app, 'registrar');
    caseworker = await loginAs(world.app, 'caseworker');
    const created = expectStatus(await registrar.post('/api/petitions', registration()), 201);
    petitionId = String(created.id);
  });
  afterAll(() => world.close());

  it('a NUL character anywhere answers 400 naming the field, with or without a session', async () => {
    const login = await world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin\u0000', password: 'x\u0000y' },
    });
    expect(expectRejected(login).message).toContain('用户名');
    const portal = await world.app.inject({
      method: 'POST',
      url: '/api/portal/lookup',
      payload: { code: 'A\u0000B', secret: '1234\u0000' },
    });
    expectRejected(portal);
    expectRejected(await caseworker.get('/api/petitions?q=%00abc'));
    expectRejected(await caseworker.get('/api/petitions?q=%E4%B8%AD%00'));
    const unit = await admin.post('/api/units', {
      name: '新\u0000单位',
      kind: 'department',
      regionCode: '410225',
    });
    expect(expectRejected(unit).message).toContain('名称');
    const register = registration();
    const bad = { ...register, content: `反映\u0000问题` };
    expect(expectRejected(await registrar.post('/api/petitions', bad)).message).toContain('诉求内容');
    const upload = await caseworker.session();
    const res = await world.app.inject({
      method: 'POST',
      url: `/api/petitions/${petitionId}/attachments`,
      headers: {
        cookie: `xf_session=${upload.cookie}`,
        'x-csrf-token': upload.csrf,
        'content-type': 'multipart/form-data; boundary=XB',
      },
      payload:
        '--XB\r\nContent-Disposition: form-data; name="file"; filename="a\u0000b.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XB--\r\n',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });

  it('a lone surrogate in a name answers 400, not 500', async () => {
    const register = registration();
    const payload = JSON.stringify({
      ...register,
      petitioners: [{ ...(register.petitioners as object[])[0], name: 'PLACEHOLDER' }],
    }).replace('PLACEHOLDER', '\\ud800张三');
    const res = await world.app.inject({
      method: 'POST',
      url: '/api/petitions',
      headers: {
        cookie: `xf_session=${registrar.session().cookie}`,
        'x-csrf-token': registrar.session().csrf,
        'content-type': 'application/json',
      },
      payload,
    });
    expect(expectRejected(res).message).toContain('姓名');
  });

  it('an empty PATCH body on units, categories and users answers 400', async () => {
    expectRejected(await admin.patch(`/api/units/${world.units.hrss.id}`, {}));
    const created = expectStatus(await admin.post('/api/categories', { name: '测试分类' }), 201);
    expectRejected(await admin.patch(`/api/categories/${created.id}`, {}));
    const users = expectStatus(await admin.get('/api/users'), 200) as unknown as
      | Array<{ id: string; username: string }>
      | { items: Array<{ id: string; username: string }> };
    const list = Array.isArray(users) ? users : users.items;
    const registrarUser = list.find((u) => u.username === 'registrar');
    expect(registrarUser).toBeDefined();
    expectRejected(await admin.patch(`/api/users/${registrarUser?.id}`, {}));
  });

  it('multipart with no boundary, a truncated body, or a corrupt .xlsx answers 4xx', async () => {
    const { cookie, csrf } = caseworker.session();
    const headers = { cookie: `xf_session=${cookie}`, 'x-csrf-token': csrf };
    for (const url of [`/api/petitions/${petitionId}/attachments`, '/api/ledger/import']) {
      const noBoundary = await world.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'multipart/form-data' },
        payload: 'garbage',
      });
      expectRejected(noBoundary);
      const truncated = multipart(
        'TB',
        '--TB\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n登记日期,',
      );
      const res = await world.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, ...truncated.headers },
        payload: truncated.payload,
      });
      expectRejected(res);
    }
    const corrupt = multipart(
      'CX',
      '--CX\r\nContent-Disposition: form-data; name="file"; filename="ledger.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004this is not a zip\r\n--CX--\r\n',
    );
    const res = await world.app.inject({
      method: 'POST',
      url: '/api/ledger/import',
      headers: { ...headers, ...corrupt.headers },
      payload: corrupt.payload,
    });
    expect(expectRejected(res).message).toContain('台账文件');
  });
});

describe.each(DRIVERS)('logs carry no personal data (%s)', (driver) => {
  it('a failed query logs its SQL and request id, never its parameters', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const world = await buildWorld(driver);
    try {
      const app = await buildApp({ deps: world.deps, logger: { level: 'info', stream } });
      const registrar = await loginAs(app, 'registrar');
      // The database refuses every new petitioner: the registration's insert fails with its values bound.
      await world.database.db.execute(
        sql.raw('alter table petitioners add constraint xf_test_refuse check (false) not valid'),
      );
      const body = registration({
        petitioners: [{ name: '欧阳秘密', phone: '13800138000', address: '兰考县隐私路99号' }],
        content: '这是一段只属于信访人的诉求内容，日志里不应出现。',
      });
      const res = await registrar.post('/api/petitions', body);
      expect(res.statusCode).toBe(500);
      const requestId = (res.json() as { error: { requestId: string } }).error.requestId;
      await app.close();
      const log = lines.join('');
      expect(log).toContain(requestId);
      expect(log).toContain('insert into');
      for (const secret of ['欧阳秘密', '13800138000', '兰考县隐私路99号', '只属于信访人']) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await world.close();
    }
  });
});
