import type {
  CaseStaff,
  DeadlinesByUnit,
  PetitionPage,
  QueueCounts,
  RegionBreakdown,
} from '@xinfang/contract';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { sealAuditChain } from '../src/modules/audit/audit.service.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, detail, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, PASSWORD, type World } from './helpers/world.ts';

/** The workbench's case and admin pieces: 待送达 queue, case pickers, password reset and locks. */
describe.each(DRIVERS)('case pickers and user administration [%s]', (driver) => {
  let world: World;
  let c: Record<string, Client>;

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    const names = ['registrar', 'caseworker', 'hrss', 'hrsshead', 'housing', 'countyadmin', 'otherclerk'];
    c = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await loginAs(world.app, n, { now })])),
    );
  }, 120_000);
  afterAll(async () => world?.close());

  const page = async (client: Client, query: string) =>
    expectStatus(await client.get(`/api/petitions?${query}`), 200) as unknown as PetitionPage;
  const counts = async (client: Client) =>
    expectStatus(await client.get('/api/work-queues'), 200) as unknown as QueueCounts;
  const accepted = async () => {
    const p = await register(c.registrar);
    await command(c.caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    await command(c.hrss, p.id, 'sign');
    await command(c.hrss, p.id, 'accept');
    return p;
  };

  it('lists the cases with notices to deliver (待送达) and counts them in the menu', async () => {
    const before = (await counts(c.hrss)).deliver;
    const bureauBefore = (await counts(c.caseworker)).deliver;
    const one = await accepted();
    const two = await accepted();
    // Each 受理告知书 goes to the petitioner: two more cases wait for delivery at the handling unit,
    // which issued them; not at the bureau that registered them.
    expect((await counts(c.hrss)).deliver).toBe(before + 2);
    expect((await counts(c.caseworker)).deliver).toBe(bureauBefore);
    expect((await page(c.caseworker, 'queue=deliver&pageSize=200')).items.map((i) => i.id)).not.toContain(
      one.id,
    );
    // A notice the bureau issues itself (it accepts the matter and tells the petitioner) is the bureau's.
    const own = await register(c.registrar);
    await command(c.caseworker, own.id, 'triage', { kind: 'acceptance_notice' });
    expect((await counts(c.caseworker)).deliver).toBe(bureauBefore + 1);
    expect((await page(c.caseworker, 'queue=deliver&pageSize=200')).items.map((i) => i.id)).toContain(own.id);
    expect((await counts(c.hrss)).deliver).toBe(before + 2);
    const list = await page(c.hrss, 'queue=deliver&pageSize=200');
    expect(list.total).toBe(before + 2);
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([one.id, two.id]));
    // Another department sees none of them.
    expect((await counts(c.housing)).deliver).toBe(0);

    const d = await detail(c.hrss, one.id);
    const notice = (d.documents as unknown as Array<{ id: string; kind: string }>).find(
      (x) => x.kind === 'acceptance',
    )!;
    await command(c.hrss, one.id, 'record-delivery', {
      documentId: notice.id,
      method: 'in_person',
      deliveredOn: '2026-03-02',
    });
    expect((await counts(c.hrss)).deliver).toBe(before + 1);
    const after = await page(c.hrss, 'queue=deliver&pageSize=200');
    expect(after.items.map((i) => i.id)).not.toContain(one.id);
    expect(after.items.map((i) => i.id)).toContain(two.id);
  });

  it('offers the handling unit staff as 承办人 and marks the recused', async () => {
    const p = await accepted();
    const staff = expectStatus(await c.hrsshead.get(`/api/petitions/${p.id}/staff`), 200) as CaseStaff;
    expect(staff.handlingUnitId).toBe(world.units.hrss.id);
    expect(staff.units).toHaveLength(1); // the head works in the handling unit itself
    const people = staff.units[0].staff;
    expect(people.map((s) => s.displayName).sort()).toEqual(['hrss', 'hrss2', 'hrsshead']);
    const hrss2 = people.find((s) => s.displayName === 'hrss2')!;
    await command(c.hrsshead, p.id, 'recuse', { userId: hrss2.id, reason: '与信访人系亲属关系' });
    await command(c.hrsshead, p.id, 'assign-handler', {
      userId: people.find((s) => s.displayName === 'hrss')!.id,
    });
    const again = expectStatus(await c.hrsshead.get(`/api/petitions/${p.id}/staff`), 200) as CaseStaff;
    const marked = Object.fromEntries(again.units[0].staff.map((s) => [s.displayName, s]));
    expect(marked.hrss2.recused).toBe(true);
    expect(marked.hrss.assignee).toBe(true);
    expect(marked.hrsshead.recused).toBe(false);
    // The bureau's caseworker sees the handling unit and its own unit.
    const fromBureau = expectStatus(await c.caseworker.get(`/api/petitions/${p.id}/staff`), 200) as CaseStaff;
    expect(fromBureau.units.map((u) => u.unitName)).toEqual(['兰考县人力资源和社会保障局', '兰考县信访局']);
    // Out of scope: the other county's clerk gets 404, never the list.
    expect((await c.otherclerk.get(`/api/petitions/${p.id}/staff`)).statusCode).toBe(404);
  });

  const userId = async (username: string) => {
    const users = expectStatus(await c.countyadmin.get('/api/users'), 200) as unknown as Array<{
      id: string;
      username: string;
      lockedUntil: string | null;
      mustChangePassword: boolean;
    }>;
    return users.find((u) => u.username === username)!;
  };
  const login = (username: string, password: string) =>
    world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('resets a password to a one-time password shown once, ending the old sessions', async () => {
    const leader = await loginAs(world.app, 'leader', { now: () => world.clock.now });
    const target = await userId('leader');
    const reset = expectStatus(await c.countyadmin.post(`/api/users/${target.id}/reset-password`), 200);
    const otp = reset.oneTimePassword as string;
    expect(otp.length).toBeGreaterThanOrEqual(14);
    expect((await leader.get('/api/auth/me')).statusCode).toBe(401);
    expect((await login('leader', PASSWORD)).statusCode).toBe(401);
    const fresh = await login('leader', otp);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().mustChangePassword).toBe(true);
    expect((await userId('leader')).mustChangePassword).toBe(true);
    // An admin of another county cannot reach this user: 404, as if absent.
    expect((await c.otherclerk.post(`/api/users/${target.id}/reset-password`)).statusCode).toBe(404);
  });

  it('locks a user until unlocked, and unlocking lifts an automatic lockout too', async () => {
    const supervisor = await loginAs(world.app, 'supervisor', { now: () => world.clock.now });
    const target = await userId('supervisor');
    const locked = expectStatus(await c.countyadmin.post(`/api/users/${target.id}/lock`), 200);
    expect(locked.lockedUntil).toBe('9999-12-31T00:00:00.000Z');
    expect((await supervisor.get('/api/auth/me')).statusCode).toBe(401);
    const refused = await login('supervisor', PASSWORD);
    expect(refused.statusCode).toBe(423);
    expect(refused.json().error.message).toBe('账号已被管理员锁定，请联系管理员解锁');
    // A week later it is still locked (an automatic lockout lasts 15 minutes).
    world.clock.advanceDays(7);
    expect((await login('supervisor', PASSWORD)).statusCode).toBe(423);
    expect((await c.countyadmin.post(`/api/users/${target.id}/unlock`)).statusCode).toBe(200);
    expect((await login('supervisor', PASSWORD)).statusCode).toBe(200);

    // Five wrong passwords lock it automatically; the admin lifts that lock at once.
    for (let i = 0; i < 5; i++) await login('supervisor', 'wrong-password');
    expect((await login('supervisor', PASSWORD)).statusCode).toBe(423);
    expect((await userId('supervisor')).lockedUntil).not.toBeNull();
    expect((await c.countyadmin.post(`/api/users/${target.id}/unlock`)).statusCode).toBe(200);
    expect((await login('supervisor', PASSWORD)).statusCode).toBe(200);

    const self = await userId('countyadmin');
    const selfLock = await c.countyadmin.post(`/api/users/${self.id}/lock`);
    expect(selfLock.statusCode).toBe(400);
    expect((await c.registrar.post(`/api/users/${target.id}/lock`)).statusCode).toBe(403);

    await sealAuditChain(world.deps);
    const audited = await queryRows<{ action: string; n: number }>(
      world.deps.db,
      sql`select action, count(*)::int as n from audit_log where entity_id = ${target.id}
          and action in ('user.lock', 'user.unlock') group by action order by action`,
    );
    expect(audited).toEqual([
      { action: 'user.lock', n: 1 },
      { action: 'user.unlock', n: 2 },
    ]);
  });

  it('counts 超期 and 临期 by unit, and petitions by sub-region; each figure opens a list of that size', async () => {
    // The neighbouring county's clerk works alone in its scope: every figure below is its own.
    const other = c.otherclerk;
    world.clock.set('2026-03-02T02:00:00Z');
    const mine = [];
    for (let i = 0; i < 3; i++)
      mine.push(await register(other, { regionCode: '410221', content: `杞县事项${i}：反映欠薪问题。` }));
    await command(other, mine[0].id, 'triage', { kind: 'assign', unitId: world.units.otherHrss.id });
    const byUnit = async () =>
      expectStatus(await other.get('/api/statistics/deadlines-by-unit'), 200) as unknown as DeadlinesByUnit;
    const figure = (d: DeadlinesByUnit, unitId: string) => d.units.find((u) => u.unitId === unitId);
    // 第二十二条 (bureau, forward within 15 days of receipt) and 第二十三条 (the organ receiving
    // the transfer tells the petitioner within 15 days): received Mon 03-02, the day not counted
    // → due Tue 03-17. On Mon 03-16 that is within the 3 near-due days; on Wed 03-18 it is past.
    world.clock.set('2026-03-16T02:00:00Z');
    let d = await byUnit();
    expect(d.nearDueDays).toBe(3);
    expect(figure(d, world.units.otherCounty.id)).toMatchObject({ nearDue: 2, overdue: 0 });
    expect(figure(d, world.units.otherHrss.id)).toMatchObject({ nearDue: 1, overdue: 0 });
    world.clock.set('2026-03-18T02:00:00Z');
    d = await byUnit();
    expect(figure(d, world.units.otherCounty.id)).toMatchObject({ nearDue: 0, overdue: 2 });
    expect(figure(d, world.units.otherHrss.id)).toMatchObject({ nearDue: 0, overdue: 1 });
    for (const u of d.units) {
      const overdue = await page(other, `deadline=overdue&ownerUnitId=${u.unitId}&pageSize=200`);
      expect(overdue.total).toBe(u.overdue);
      const near = await page(other, `deadline=near_due&ownerUnitId=${u.unitId}&pageSize=200`);
      expect(near.total).toBe(u.nearDue);
    }
    expect(
      (await page(other, `deadline=overdue&ownerUnitId=${world.units.otherCounty.id}`)).items
        .map((i) => i.id)
        .sort(),
    ).toEqual([mine[1].id, mine[2].id].sort());

    // The county: the four cases of the first tests were registered on 03-02 in 城关镇 (410225001).
    const regions = expectStatus(
      await c.caseworker.get('/api/statistics/regions?from=2026-03-01&to=2026-03-31'),
      200,
    ) as unknown as RegionBreakdown;
    expect(regions.region).toMatchObject({ code: '410225', name: '兰考县', batches: 4 });
    expect(regions.path.map((p) => p.name)).toEqual(['兰考县']);
    expect(regions.children).toHaveLength(8);
    expect(regions.children.find((r) => r.code === '410225001')).toMatchObject({
      name: '城关镇',
      batches: 4,
    });
    expect(regions.children.filter((r) => r.code !== '410225001').every((r) => r.batches === 0)).toBe(true);
    for (const r of [regions.region, ...regions.children]) {
      const list = await page(c.caseworker, `from=2026-03-01&to=2026-03-31&region=${r.code}&pageSize=1`);
      expect(list.total).toBe(r.batches);
    }
    const township = expectStatus(
      await c.caseworker.get('/api/statistics/regions?from=2026-03-01&to=2026-03-31&region=410225001'),
      200,
    ) as unknown as RegionBreakdown;
    expect(township.path.map((p) => p.name)).toEqual(['兰考县', '城关镇']);
    expect(township.children).toEqual([]);
    // None of the county's cases reaches the neighbouring county's figures.
    const theirs = expectStatus(
      await other.get('/api/statistics/regions?from=2026-03-01&to=2026-03-31&region=410225'),
      200,
    ) as unknown as RegionBreakdown;
    expect(theirs.region.batches).toBe(0);
  });

  it('sorts by registration, deadline or case number, and keyset pages agree with one big page', async () => {
    const other = c.otherclerk;
    // Three cases of the test above share one registration instant (ties go by id); four more follow.
    for (let i = 0; i < 4; i++) {
      world.clock.set(`2026-03-2${i}T03:00:00Z`);
      await register(other, { regionCode: '410221', content: `杞县后续事项${i}：反映道路问题。` });
    }
    world.clock.set('2026-03-24T03:00:00Z');
    const all = await page(other, 'pageSize=200');
    expect(all.total).toBe(7);
    const walk = async (sort: string) => {
      const big = (await page(other, `sort=${sort}&pageSize=200`)).items.map((i) => i.id);
      const seen: string[] = [];
      let p = await page(other, `sort=${sort}&pageSize=2`);
      const pages = [p];
      seen.push(...p.items.map((i) => i.id));
      while (p.nextCursor) {
        p = await page(other, `sort=${sort}&pageSize=2&after=${p.nextCursor}`);
        pages.push(p);
        seen.push(...p.items.map((i) => i.id));
      }
      expect(seen).toEqual(big);
      // And back from the last page to the first.
      const back: string[] = [...p.items.map((i) => i.id)];
      while (p.prevCursor) {
        p = await page(other, `sort=${sort}&pageSize=2&before=${p.prevCursor}`);
        back.unshift(...p.items.map((i) => i.id));
      }
      expect(back).toEqual(big);
      return (await page(other, `sort=${sort}&pageSize=200`)).items;
    };
    const newest = await walk('registered_desc');
    const oldest = await walk('registered_asc');
    expect(oldest.map((i) => i.id)).toEqual(newest.map((i) => i.id).reverse());
    const byNo = await walk('case_no_asc');
    // Case numbers are given in registration order: 410221-2026-000001 … 000007.
    expect(byNo.map((i) => i.caseNo)).toEqual(
      Array.from({ length: 7 }, (_, n) => `410221-2026-${String(n + 1).padStart(6, '0')}`),
    );
    expect((await walk('case_no_desc')).map((i) => i.caseNo)).toEqual(byNo.map((i) => i.caseNo).reverse());
    const byDue = await walk('due_asc');
    // 第二十二、二十三条: the three received 03-02 are due 03-17, before any later one.
    expect(byDue.slice(0, 3).map((i) => i.deadline?.dueOn)).toEqual([
      '2026-03-17',
      '2026-03-17',
      '2026-03-17',
    ]);
    const due = byDue.map((i) => i.deadline?.dueOn ?? '9999-12-31');
    expect(due).toEqual([...due].sort());
    await walk('due_desc');
    // A cursor made under one sort is not read under another: the list starts over.
    const first = await page(other, 'sort=case_no_asc&pageSize=2');
    const mixed = await page(other, `sort=registered_desc&pageSize=2&after=${first.nextCursor}`);
    expect(mixed.items.map((i) => i.id)).toEqual(newest.slice(0, 2).map((i) => i.id));
  });
});
