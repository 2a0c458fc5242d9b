import type { PetitionPage, QueueCounts } from '@xinfang/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

/** What the web workbench stands on: keyset pages, work queues, the session's user, the SPA. */
describe.each(DRIVERS)('workbench API [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let caseworker: Client;
  let hrss: Client;
  const ids: string[] = [];

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    [registrar, caseworker, hrss] = await Promise.all(
      ['registrar', 'caseworker', 'hrss'].map((u) => loginAs(world.app, u, { now })),
    );
    // 7 petitions registered one minute apart, so the newest-first order is known.
    for (let i = 0; i < 7; i++) {
      world.clock.set(`2026-03-02T02:0${i}:00Z`);
      const r = await register(registrar, {
        content: `第${i}件：反映城关镇安置小区务工工资拖欠问题，请求协调解决。`,
        // 3: a joint letter of 8 names (no visit, so not collective); 4: a visit of 8 (集体访).
        persons: i === 3 || i === 4 ? 8 : 1,
        channel: i % 2 === 0 ? 'visit' : 'letter',
      });
      ids.push(r.id);
    }
    await command(caseworker, ids[0], 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    await command(caseworker, ids[1], 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    await command(hrss, ids[1], 'sign');
  });
  afterAll(() => world.close());

  const page = async (client: Client, query: string) =>
    expectStatus(await client.get(`/api/petitions?${query}`), 200) as unknown as PetitionPage;

  it('pages by cursor forward and back over the same rows as one big page', async () => {
    const all = await page(caseworker, 'pageSize=200');
    expect(all.total).toBe(7);
    const order = all.items.map((p) => p.id);
    expect(order).toEqual([...ids].reverse());
    const first = await page(caseworker, 'pageSize=3');
    expect(first.items.map((p) => p.id)).toEqual(order.slice(0, 3));
    expect(first.prevCursor).toBeNull();
    expect(first.total).toBe(7);
    const second = await page(caseworker, `pageSize=3&after=${first.nextCursor}`);
    expect(second.items.map((p) => p.id)).toEqual(order.slice(3, 6));
    const third = await page(caseworker, `pageSize=3&after=${second.nextCursor}`);
    expect(third.items.map((p) => p.id)).toEqual(order.slice(6));
    expect(third.nextCursor).toBeNull();
    const back = await page(caseworker, `pageSize=3&before=${third.prevCursor}`);
    expect(back.items.map((p) => p.id)).toEqual(order.slice(3, 6));
    const backAgain = await page(caseworker, `pageSize=3&before=${back.prevCursor}`);
    expect(backAgain.items.map((p) => p.id)).toEqual(order.slice(0, 3));
    expect(backAgain.prevCursor).toBeNull();
    expect(backAgain.nextCursor).not.toBeNull();
  });

  it('filters by channel, flags and queue, and counts the queues of each unit', async () => {
    const letters = await page(caseworker, 'channel=letter');
    expect(letters.total).toBe(3);
    expect(letters.items.every((p) => p.channel === 'letter')).toBe(true);
    const collective = await page(caseworker, 'flags=collective');
    expect(collective.items.map((p) => p.id)).toEqual([ids[4]]);
    const triage = await page(caseworker, 'queue=triage&pageSize=200');
    expect(triage.total).toBe(5);
    const counts = expectStatus(await caseworker.get('/api/work-queues'), 200) as unknown as QueueCounts;
    expect(counts.triage).toBe(5);
    expect(counts.sign).toBe(0);
    const hrssCounts = expectStatus(await hrss.get('/api/work-queues'), 200) as unknown as QueueCounts;
    expect(hrssCounts.sign).toBe(1);
    expect(hrssCounts.handle).toBe(1);
    expect(hrssCounts.triage).toBe(0);
    const toSign = await page(hrss, 'queue=sign');
    expect(toSign.items.map((p) => p.id)).toEqual([ids[0]]);
    // A queue count is the total of the same queue's list.
    for (const [queue, count] of Object.entries(counts)) {
      expect((await page(caseworker, `queue=${queue}&pageSize=1`)).total).toBe(count);
    }
  });

  it('tells the signed-in user their unit, region and the CSRF token of the session', async () => {
    const me = expectStatus(await caseworker.get('/api/auth/me'), 200);
    expect(me).toMatchObject({
      username: 'caseworker',
      unitName: '兰考县信访局',
      unitKind: 'bureau',
      regionCode: '410225',
      regionName: '兰考县',
      roles: ['caseworker'],
      mustChangePassword: false,
      csrfToken: caseworker.session().csrf,
    });
  });

  it('answers the browser session without a 401: the user when signed in, null otherwise', async () => {
    const anonymous = await world.app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ me: null });
    const session = await world.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: `xf_session=${hrss.session().cookie}` },
    });
    expect(session.json().me).toMatchObject({
      username: 'hrss',
      unitKind: 'department',
      csrfToken: hrss.session().csrf,
    });
  });

  it('serves the workbench: hashed assets cached a year, pages fall back to index.html, /api stays JSON', async () => {
    const asset = await world.app.inject({ method: 'GET', url: '/assets/app-3f2a1c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const home = await world.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(home.statusCode).toBe(200);
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.body).toContain('<div id="root">');
    const deep = await world.app.inject({
      method: 'GET',
      url: `/petitions/${ids[0]}`,
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toBe(home.body);
    const api = await world.app.inject({
      method: 'GET',
      url: '/api/nothing',
      headers: { accept: 'text/html' },
    });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    const missingAsset = await world.app.inject({
      method: 'GET',
      url: '/assets/missing.js',
      headers: { accept: 'text/html' },
    });
    expect(missingAsset.statusCode).toBe(404);
  });
});
