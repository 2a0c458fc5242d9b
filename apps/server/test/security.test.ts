import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cryptoDepsFrom } from '../src/crypto/crypto-deps.ts';
import { queryRows } from '../src/db/client.ts';
import { reencryptPersonalData } from '../src/modules/admin/key-rotation.service.ts';
import { sealAuditChain, verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, detail, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, PASSWORD, type World } from './helpers/world.ts';

const ID_NUMBER = '11010519491231002X';
const PHONE = '13912345678';
/** The person who reports wrongdoing in the confidentiality test. */
const REPORTER_ID = '41022519800101123X';
const REPORTER_PHONE = '13600001111';

describe.each(DRIVERS)('identity, sessions and protection of petitioners [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let caseworker: Client;

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    [registrar, caseworker] = await Promise.all(
      ['registrar', 'caseworker'].map((u) => loginAs(world.app, u, { now })),
    );
  });
  afterAll(async () => world?.close());

  const login = (username: string, password: string, ip = '10.0.0.1') =>
    world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });

  it('locks an account for 15 minutes after 5 failed logins', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    for (let i = 0; i < 5; i++) expect((await login('leader', 'wrong-password')).statusCode).toBe(401);
    const locked = await login('leader', PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    world.clock.advanceDays(16 / (24 * 60));
    expect((await login('leader', PASSWORD)).statusCode).toBe(200);
    // Unknown users get the same answer as wrong passwords.
    expect((await login('nobody', 'whatever')).json().error).toEqual(
      (await login('leader', 'nope')).json().error,
    );
  });

  it('counts 20 parallel wrong passwords atomically and tells of the lock only after a correct password', async () => {
    world.clock.set('2026-03-03T02:00:00Z');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login('cityworker', `wrong-${i}`, `10.1.2.${i + 1}`)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(401));
    // A locked account, a wrong password and an unknown user give one and the same answer.
    const lockedWrong = (await login('cityworker', 'still-wrong', '10.1.3.1')).json().error;
    const unknown = (await login('no-such-user', 'still-wrong', '10.1.3.2')).json().error;
    const wrong = (await login('leader', 'still-wrong', '10.1.3.3')).json().error;
    expect(lockedWrong).toEqual(unknown);
    expect(wrong).toEqual(unknown);
    // Only the holder of the password learns that the account is locked.
    const locked = await login('cityworker', PASSWORD, '10.1.3.4');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    world.clock.advanceDays(16 / (24 * 60));
    expect((await login('cityworker', PASSWORD, '10.1.3.5')).statusCode).toBe(200);
  });

  it('throttles logins per IP address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await login('ghost', 'wrong', '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await login('ghost', 'wrong', '10.9.9.10')).statusCode).toBe(401);
  });

  it('ends sessions after 30 idle minutes and after 12 hours in any case; logout everywhere', async () => {
    world.clock.set('2026-03-02T00:00:00Z');
    const res = await login('supervisor', PASSWORD, '10.0.0.2');
    const cookie = `xf_session=${res.cookies.find((c) => c.name === 'xf_session')!.value}`;
    const me = () => world.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);
    world.clock.advanceDays(29 / (24 * 60));
    expect((await me()).statusCode).toBe(200);
    world.clock.advanceDays(31 / (24 * 60));
    expect((await me()).statusCode).toBe(401);

    world.clock.set('2026-03-03T00:00:00Z');
    const fresh = await login('supervisor', PASSWORD, '10.0.0.3');
    const freshCookie = `xf_session=${fresh.cookies.find((c) => c.name === 'xf_session')!.value}`;
    const meFresh = () =>
      world.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: freshCookie } });
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      world.clock.set(new Date(Date.parse('2026-03-03T00:00:00Z') + minutes * 60_000).toISOString());
      expect((await meFresh()).statusCode, `at ${minutes} min`).toBe(200);
    }
    world.clock.set('2026-03-03T12:00:01Z');
    expect((await meFresh()).statusCode).toBe(401);

    world.clock.set('2026-03-04T00:00:00Z');
    const a = await login('supervisor', PASSWORD, '10.0.0.4');
    const b = await login('supervisor', PASSWORD, '10.0.0.5');
    const ca = `xf_session=${a.cookies.find((c) => c.name === 'xf_session')!.value}`;
    const cb = `xf_session=${b.cookies.find((c) => c.name === 'xf_session')!.value}`;
    const out = await world.app.inject({
      method: 'POST',
      url: '/api/auth/logout-all',
      headers: { cookie: ca, 'x-csrf-token': a.json().csrfToken },
    });
    expect(out.json()).toEqual({ ended: 2 });
    expect(
      (await world.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cb } })).statusCode,
    ).toBe(401);
  });

  it('reads the sessions of concurrent requests together, and each request sees a logout made before it', async () => {
    world.clock.set('2026-03-05T00:00:00Z');
    const signIn = async (ip: string) => {
      const res = await login('supervisor', PASSWORD, ip);
      return {
        cookie: `xf_session=${res.cookies.find((c) => c.name === 'xf_session')!.value}`,
        csrf: res.json().csrfToken as string,
      };
    };
    const [kept, ended] = [await signIn('10.0.0.7'), await signIn('10.0.0.8')];
    const wave = () =>
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          world.app.inject({
            method: 'GET',
            url: '/api/auth/me',
            headers: { cookie: (i % 2 ? ended : kept).cookie },
          }),
        ),
      );
    expect((await wave()).map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    const out = await world.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: ended.cookie, 'x-csrf-token': ended.csrf },
    });
    expect(out.statusCode).toBeLessThan(300);
    expect((await wave()).map((r) => r.statusCode)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? 401 : 200)),
    );
  });

  it('sets an httpOnly SameSite=Strict cookie, refuses cookie writes without the CSRF token, sends security headers', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const res = await login('registrar', PASSWORD, '10.0.0.6');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(res.json().token).toBeUndefined();
    const cookie = `xf_session=${res.cookies.find((c) => c.name === 'xf_session')!.value}`;
    const body = {
      channel: 'visit',
      purpose: 'solution',
      regionCode: '410225',
      petitioners: [{ name: '甲' }],
      content: '反映问题',
    };
    const noToken = await world.app.inject({
      method: 'POST',
      url: '/api/petitions',
      headers: { cookie },
      payload: body,
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_FAILED');
    const wrong = await world.app.inject({
      method: 'POST',
      url: '/api/petitions',
      headers: { cookie, 'x-csrf-token': 'forged' },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await world.app.inject({
      method: 'POST',
      url: '/api/petitions',
      headers: { cookie, 'x-csrf-token': res.json().csrfToken },
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
    // An API client with a bearer token (never sent by browsers on their own) needs no CSRF token.
    const api = await world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'registrar', password: PASSWORD, issueToken: true },
    });
    const bearer = await world.app.inject({
      method: 'POST',
      url: '/api/petitions',
      headers: { authorization: `Bearer ${api.json().token}` },
      payload: body,
    });
    expect(bearer.statusCode).toBe(201);
    expect(ok.headers['x-frame-options']).toBeDefined();
    expect(ok.headers['content-security-policy']).toContain("default-src 'self'");
    expect(ok.headers['content-security-policy']).toContain("img-src 'self' data: blob:");
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['strict-transport-security']).toBeDefined();
  });

  it('forces a one-time password to be changed, with the password policy', async () => {
    const admin = await loginAs(world.app, 'countyadmin', { now: () => world.clock.now });
    const created = expectStatus(
      await admin.post('/api/users', {
        username: 'newclerk',
        displayName: '新登记员',
        unitId: world.units.county.id,
        roles: ['registrar'],
      }),
      201,
    );
    const otp = created.oneTimePassword as string;
    const res = await login('newclerk', otp, '10.0.0.7');
    expect(res.json().mustChangePassword).toBe(true);
    const cookie = `xf_session=${res.cookies.find((c) => c.name === 'xf_session')!.value}`;
    const headers = { cookie, 'x-csrf-token': res.json().csrfToken };
    const blocked = await world.app.inject({ method: 'GET', url: '/api/petitions', headers });
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await world.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: otp, newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.fields[0].field).toBe('newPassword');
    const withName = await world.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: otp, newPassword: 'Newclerk#2026' },
    });
    expect(withName.statusCode).toBe(400);
    const good = await world.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: otp, newPassword: 'Window#Clerk2026' },
    });
    expect(good.statusCode).toBe(200);
    expect((await world.app.inject({ method: 'GET', url: '/api/petitions', headers })).statusCode).toBe(200);
  });

  it('stores no plaintext ID number or phone in any table', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const p = await register(registrar, {
      petitioners: [{ name: '赵桂芳', idNumber: ID_NUMBER, phone: PHONE, address: '城关镇' }],
    });
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    const tables = await queryRows<{ table_name: string }>(
      world.deps.db,
      sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(10);
    for (const { table_name } of tables) {
      const rows = await queryRows<{ t: string }>(
        world.deps.db,
        sql.raw(`select t::text as t from "${table_name}" t`),
      );
      for (const { t } of rows) {
        expect(t, table_name).not.toContain(ID_NUMBER);
        expect(t, table_name).not.toContain(PHONE);
      }
    }
  });

  it('masks personal data, shows it only with the permission, and audits every unmasked view', async () => {
    const p = await register(registrar, {
      petitioners: [{ name: '钱淑珍', idNumber: ID_NUMBER, phone: PHONE }],
    });
    const masked = await detail(registrar, p.id);
    expect(masked.petitioners).toEqual([
      { name: '钱淑珍', idNumber: '1101**********002X', phone: '139****5678', address: null },
    ]);
    expect(JSON.stringify(masked)).not.toContain(ID_NUMBER);
    expect((await registrar.get(`/api/petitions/${p.id}/petitioners/unmasked`)).statusCode).toBe(403);
    const unmasked = expectStatus(
      await caseworker.get(`/api/petitions/${p.id}/petitioners/unmasked`),
      200,
    ) as unknown as Array<{ idNumber: string; phone: string }>;
    expect(unmasked[0]).toMatchObject({ idNumber: ID_NUMBER, phone: PHONE });
    await sealAuditChain(world.deps);
    const audit = await queryRows<{ action: string; entity_id: string; actor_user_id: string }>(
      world.deps.db,
      sql`select action, entity_id, actor_user_id from audit_log where action = 'personal_data.view' and entity_id = ${p.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBeTruthy();
  });

  it('keeps reports of wrongdoing confidential from the accused and from handlers', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const hrss = await loginAs(world.app, 'hrss', { now: () => world.clock.now });
    const housing = await loginAs(world.app, 'housing', { now: () => world.clock.now });
    const discipline = await loginAs(world.app, 'discipline', { now: () => world.clock.now });
    const supervisor = await loginAs(world.app, 'supervisor', { now: () => world.clock.now });
    const p = await register(registrar, {
      purpose: 'report',
      accusedUnitId: world.units.housing.id,
      petitioners: [{ name: '孙举报', idNumber: REPORTER_ID, phone: REPORTER_PHONE }],
      content: '举报县住建局工作人员在保障房分配中收受好处费。',
    });
    // The accused unit can neither see nor receive it.
    expect((await housing.get(`/api/petitions/${p.id}`)).statusCode).toBe(404);
    const d0 = await detail(caseworker, p.id);
    const toAccused = await caseworker.post(`/api/petitions/${p.id}/triage`, {
      version: d0.version,
      kind: 'assign',
      unitId: world.units.housing.id,
    });
    expect(toAccused.statusCode).toBe(409);
    // The registering bureau's caseworker and the discipline unit see the petitioner.
    expect((await detail(caseworker, p.id)).petitioners).toEqual([
      expect.objectContaining({ name: '孙举报' }),
    ]);
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.discipline.id });
    expect((await detail(discipline, p.id)).petitioners).toEqual([
      expect.objectContaining({ name: '孙举报' }),
    ]);
    // Others in the bureau (a supervisor) get the redacted copy.
    const redacted = await supervisor.get(`/api/petitions/${p.id}`);
    expect(redacted.body).not.toContain('孙举报');
    expect(redacted.body).not.toContain(REPORTER_ID.slice(-4));
    // A handler that receives it (here after a bounce to hrss) sees no identity, not even on the slip.
    await command(discipline, p.id, 'object', { reason: '请转交人社部门核查' });
    await command(caseworker, p.id, 'reassign', { unitId: world.units.hrss.id });
    const handlerView = await hrss.get(`/api/petitions/${p.id}`);
    expect(handlerView.statusCode).toBe(200);
    expect(handlerView.body).not.toContain('孙举报');
    const slips = (
      handlerView.json() as { documents: Array<{ id: string; kind: string; redacted: boolean }> }
    ).documents;
    const slip = slips.filter((doc) => doc.kind === 'transfer').at(-1)!;
    expect(slip.redacted).toBe(true);
    const docx = await hrss.get(`/api/petitions/${p.id}/documents/${slip.id}`);
    const { readDocxText } = await import('../src/modules/documents/read-docx.ts');
    const slipText = await readDocxText(docx.rawPayload);
    expect(slipText).not.toContain('孙举报');
    expect(slipText).toContain('保密');
    // Exact lookup by ID number (blind index): the bureau finds it; a handler holding the case does not.
    const byId = expectStatus(
      await caseworker.get(`/api/petitions?idNumber=${REPORTER_ID}&pageSize=200`),
      200,
    );
    expect((byId.items as Array<{ id: string }>).map((i) => i.id)).toEqual([p.id]);
    expect(expectStatus(await hrss.get(`/api/petitions?idNumber=${REPORTER_ID}`), 200).total).toBe(0);
    expect(expectStatus(await hrss.get(`/api/petitions?phone=${REPORTER_PHONE}`), 200).total).toBe(0);
    // Searching by the petitioner's name from another unit finds nothing.
    for (const client of [hrss, housing, supervisor]) {
      const found = expectStatus(await client.get(`/api/petitions?q=${encodeURIComponent('孙举报')}`), 200);
      expect(found.total).toBe(0);
    }
  });

  it('gives a leader outside the bureau read access to a region only when granted', async () => {
    const admin = await loginAs(world.app, 'countyadmin', { now: () => world.clock.now });
    const office = expectStatus(
      await admin.post('/api/units', { name: '兰考县人民政府办公室', kind: 'other', regionCode: '410225' }),
      201,
    );
    const created = expectStatus(
      await admin.post('/api/users', {
        username: 'countyleader',
        displayName: '县领导',
        unitId: office.id,
        roles: ['leader'],
      }),
      201,
    );
    const otp = created.oneTimePassword as string;
    const first = await login('countyleader', otp, '10.0.0.8');
    const headers = {
      cookie: `xf_session=${first.cookies.find((c) => c.name === 'xf_session')!.value}`,
      'x-csrf-token': first.json().csrfToken,
    };
    await world.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: otp, newPassword: 'County#Leader2026' },
    });
    const leader = await loginAs(world.app, 'countyleader', {
      password: 'County#Leader2026',
      now: () => world.clock.now,
    });
    const p = await register(registrar);
    expect(expectStatus(await leader.get('/api/petitions?pageSize=1'), 200).total).toBe(0);
    expect((await leader.get(`/api/petitions/${p.id}`)).statusCode).toBe(404);
    const outside = await admin.patch(`/api/users/${created.id}`, { regionGrant: '410221' });
    expect(outside.statusCode).toBe(400);
    expectStatus(await admin.patch(`/api/users/${created.id}`, { regionGrant: '410225' }), 200);
    expect(expectStatus(await leader.get('/api/petitions?pageSize=1'), 200).total).toBeGreaterThan(0);
    const d = await detail(leader, p.id);
    // Read-only: no lifecycle command is offered, and none is accepted.
    expect(d.allowedCommands).toEqual([]);
    const triage = await leader.post(`/api/petitions/${p.id}/triage`, { version: d.version, kind: 'file' });
    expect(triage.statusCode).toBe(403);
  });

  it('opens exactly one petition on the public portal by query code + secret', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const hrss = await loginAs(world.app, 'hrss', { now: () => world.clock.now });
    const p = await register(registrar, {
      petitioners: [{ name: '网上查询人', idNumber: ID_NUMBER, phone: PHONE }],
    });
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    await command(hrss, p.id, 'sign');
    await command(hrss, p.id, 'accept');
    const lookup = (code: string, secret: string) =>
      world.app.inject({
        method: 'POST',
        url: '/api/portal/lookup',
        payload: { code, secret },
        remoteAddress: '10.1.1.1',
      });
    const res = await lookup(p.queryCode.toLowerCase(), p.querySecret);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ caseNo: p.caseNo, state: 'accepted', stateLabel: '办理中' });
    expect(view.progress.map((s: { step: string }) => s.step)).toEqual(['登记', '分流', '签收', '受理']);
    expect(view.documents.map((d: { title: string }) => d.title)).toEqual(['受理告知书']);
    expect(res.body).not.toContain('网上查询人');
    expect(res.body).not.toContain(ID_NUMBER);
    const wrongSecret = await lookup(p.queryCode, 'WRONG234');
    const wrongCode = await lookup('ZZZZZZZZZZZZ', p.querySecret);
    expect(wrongSecret.statusCode).toBe(404);
    expect(wrongSecret.json()).toEqual(wrongCode.json());
    const doc = await world.app.inject({
      method: 'POST',
      url: `/api/portal/documents/${view.documents[0].id}`,
      payload: { code: p.queryCode, secret: p.querySecret },
      remoteAddress: '10.1.1.1',
    });
    expect(doc.statusCode).toBe(200);
    const slip = (await detail(caseworker, p.id)).documents.find((d) => d.kind === 'transfer')!;
    const internal = await world.app.inject({
      method: 'POST',
      url: `/api/portal/documents/${slip.id}`,
      payload: { code: p.queryCode, secret: p.querySecret },
      remoteAddress: '10.1.1.1',
    });
    expect(internal.statusCode).toBe(404);
  });

  it('re-encrypts personal data under a new key without losing any value', async () => {
    const before = world.deps.crypto;
    const p = await register(registrar, {
      petitioners: [{ name: '周永福', idNumber: ID_NUMBER, phone: PHONE }],
    });
    const k2 = { id: 'k2', key: randomBytes(32) };
    const oldKey = {
      id: before.keyring.activeKeyId,
      key: before.keyring.keys.get(before.keyring.activeKeyId)!,
    };
    // Same index key: blind indexes stay valid across rotation.
    const indexProbe = before.index('id_number', ID_NUMBER);
    world.deps.crypto = cryptoDepsFrom({
      algorithm: 'aes-256-gcm',
      active: 'k2',
      keys: [oldKey, k2],
      indexKey: Buffer.alloc(32),
    });
    world.deps.crypto.index = before.index;
    world.deps.crypto.hashSecret = before.hashSecret;
    const result = await reencryptPersonalData(world.deps, 3);
    expect(result.reencrypted).toBeGreaterThan(0);
    const rows = await queryRows<{ id_number_cipher: string | null; id_number_index: string | null }>(
      world.deps.db,
      sql`select id_number_cipher, id_number_index from petitioners where id_number_cipher is not null`,
    );
    for (const r of rows) expect(r.id_number_cipher!.startsWith('v1.gcm.k2.')).toBe(true);
    expect(rows.some((r) => r.id_number_index === indexProbe)).toBe(true);
    const again = await reencryptPersonalData(world.deps);
    expect(again.reencrypted).toBe(0);
    const unmasked = expectStatus(
      await caseworker.get(`/api/petitions/${p.id}/petitioners/unmasked`),
      200,
    ) as unknown as Array<{ idNumber: string }>;
    expect(unmasked[0].idNumber).toBe(ID_NUMBER);
  });

  it('detects altered, deleted and inserted audit entries', async () => {
    expect(await verifyAuditChain(world.deps)).toMatchObject({ ok: true });
    const [{ seq: target }] = await queryRows<{ seq: number }>(
      world.deps.db,
      sql`select seq from audit_log order by seq offset 5 limit 1`,
    );
    const t = Number(target);
    await world.deps.db.execute(sql`update audit_log set action = 'petition.nothing' where seq = ${t}`);
    expect(await verifyAuditChain(world.deps)).toMatchObject({
      ok: false,
      firstBadSeq: t,
      problem: 'altered',
    });
    // Delete an entry further on.
    await world.deps.db.execute(sql`delete from audit_log where seq = ${t}`);
    expect(await verifyAuditChain(world.deps)).toMatchObject({
      ok: false,
      firstBadSeq: t,
      problem: 'deleted',
    });
    // Insert a forged entry in the gap.
    await world.deps.db.execute(sql`
      insert into audit_log (seq, at, action, entity_type, algorithm, prev_hash, hash)
      values (${t}, '2026-03-02T00:00:00.000Z', 'user.create', 'user', 'sha256', ${'a'.repeat(64)}, ${'b'.repeat(64)})`);
    expect(await verifyAuditChain(world.deps)).toMatchObject({
      ok: false,
      firstBadSeq: t,
      problem: 'inserted',
    });
  });
});
