import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drafts } from '../src/db/schema/index.ts';
import { sweepDrafts } from '../src/modules/drafts/draft.service.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

/** A registration being typed: a name and an ID number, what must never sit in plain text. */
const TYPED = {
  channel: 'visit',
  petitioners: [{ name: '张秀兰', idNumber: '11010519491231002X', phone: '13912345678' }],
  title: '拖欠工资',
};

/** Server-side drafts through the HTTP API: per user, encrypted at rest, wiped at logout. */
describe.each(DRIVERS)('drafts [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let caseworker: Client;

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    registrar = await loginAs(world.app, 'registrar', { now });
    caseworker = await loginAs(world.app, 'caseworker', { now });
  }, 120_000);
  afterAll(() => world.close());

  const rawPayloads = async () => {
    const rows = await world.deps.db.select({ payload: drafts.payload }).from(drafts);
    return rows.map((r) => r.payload);
  };

  it('keeps a draft for its user only, encrypted at rest', async () => {
    expect(expectStatus(await registrar.get('/api/drafts/registration'), 200)).toEqual({ draft: null });
    const saved = expectStatus(await registrar.put('/api/drafts/registration', { payload: TYPED }), 200);
    expect(saved.payload).toEqual(TYPED);
    const read = expectStatus(await registrar.get('/api/drafts/registration'), 200) as {
      draft: { payload: unknown; updatedAt: string };
    };
    expect(read.draft.payload).toEqual(TYPED);
    expect(read.draft.updatedAt).toBe('2026-03-02T02:00:00.000Z');
    // Another user asking for the same key finds nothing of it.
    expect(expectStatus(await caseworker.get('/api/drafts/registration'), 200)).toEqual({ draft: null });
    const raw = await rawPayloads();
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatch(/^v1\.(gcm|sm4)\./);
    expect(raw[0]).not.toContain('张秀兰');
    expect(raw[0]).not.toContain('11010519491231002X');
  });

  it('refuses a malformed key or payload with a stable code naming the field', async () => {
    const bad = await registrar.put('/api/drafts/Bad%20Key', { payload: TYPED });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.body).toContain('草稿名称');
    const notObject = await registrar.put('/api/drafts/registration', { payload: 'text' });
    expect(notObject.statusCode).toBe(400);
    expect(notObject.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('deletes a draft on request, and only the caller’s', async () => {
    expectStatus(await caseworker.put('/api/drafts/registration', { payload: { title: '他人的草稿' } }), 200);
    expectStatus(await caseworker.del('/api/drafts/registration'), 200);
    expect(expectStatus(await caseworker.get('/api/drafts/registration'), 200)).toEqual({ draft: null });
    const mine = expectStatus(await registrar.get('/api/drafts/registration'), 200) as {
      draft: { payload: unknown };
    };
    expect(mine.draft.payload).toEqual(TYPED);
  });

  it('keeps the drafts over an idle-timeout logout and wipes them at a real logout', async () => {
    const idle = await registrar.post('/api/auth/logout', { reason: 'idle' });
    expect(idle.statusCode).toBe(200);
    const again = await loginAs(world.app, 'registrar', { now: () => world.clock.now });
    const kept = expectStatus(await again.get('/api/drafts/registration'), 200) as {
      draft: { payload: unknown };
    };
    expect(kept.draft.payload).toEqual(TYPED);
    expectStatus(await again.post('/api/auth/logout'), 200);
    expect(await rawPayloads()).toEqual([]);
    const later = await loginAs(world.app, 'registrar', { now: () => world.clock.now });
    expect(expectStatus(await later.get('/api/drafts/registration'), 200)).toEqual({ draft: null });
  });

  it('wipes them at 退出所有设备', async () => {
    const c = await loginAs(world.app, 'registrar', { now: () => world.clock.now });
    expectStatus(await c.put('/api/drafts/registration', { payload: TYPED }), 200);
    expectStatus(await c.post('/api/auth/logout-all'), 200);
    expect(await rawPayloads()).toEqual([]);
  });

  it('expires a draft untouched for 7 days in the scheduled sweep, not one touched since', async () => {
    world.clock.set('2026-03-10T02:00:00Z');
    const c = await loginAs(world.app, 'registrar', { now: () => world.clock.now });
    expectStatus(await c.put('/api/drafts/registration', { payload: TYPED }), 200);
    // 7 days minus one minute later: kept.
    world.clock.set('2026-03-17T01:59:00Z');
    expect(await sweepDrafts(world.deps)).toBe(0);
    // 7 days and one minute later: deleted.
    world.clock.set('2026-03-17T02:01:00Z');
    expect(await sweepDrafts(world.deps)).toBe(1);
    expect(await rawPayloads()).toEqual([]);
  });
});
