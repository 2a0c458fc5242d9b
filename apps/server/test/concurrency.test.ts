import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { drainOutbox } from '../src/jobs/job-runner.ts';
import { sealAuditChain, verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import { type Client, loginAs } from './helpers/api.ts';
import { command, detail, register, registration } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

describe.each(DRIVERS)('concurrent writers and background work [%s]', (driver) => {
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

  it('gives parallel registrations distinct case numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => registrar.post('/api/petitions', registration())),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const numbers = new Set(results.map((r) => r.json().caseNo));
    expect(numbers.size).toBe(20);
  });

  it('numbers registrations of two bureaus gap-free per bureau, even when some roll back; the audit chain links them all', async () => {
    const other = await loginAs(world.app, 'otherclerk', { now: () => world.clock.now });
    const results = await Promise.all([
      ...Array.from({ length: 12 }, () => registrar.post('/api/petitions', registration())),
      ...Array.from({ length: 12 }, () =>
        other.post('/api/petitions', registration({ regionCode: '410221' })),
      ),
      // The same external number four times at once: one wins; the others are refused, at the
      // latest by the unique index after they drew a case number, and must give it back.
      ...Array.from({ length: 4 }, () =>
        registrar.post('/api/petitions', registration({ externalNo: 'RACE-1' })),
      ),
    ]);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(25);
    const numbers = await queryRows<{ bureau_unit_id: string; case_no: string }>(
      world.deps.db,
      sql`select bureau_unit_id, case_no from petitions`,
    );
    for (const bureau of [world.units.county.id, world.units.otherCounty.id]) {
      const seqs = numbers
        .filter((n) => n.bureau_unit_id === bureau)
        .map((n) => Number(n.case_no.split('-').at(-1)))
        .sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    expect(await sealAuditChain(world.deps)).toBeGreaterThanOrEqual(0);
    const verdict = await verifyAuditChain(world.deps);
    expect(verdict).toMatchObject({ ok: true });
    const [{ logged }] = await queryRows<{ logged: number }>(
      world.deps.db,
      sql`select count(*)::int as logged from audit_log where action = 'petition.register'`,
    );
    expect(logged).toBe(numbers.length);
    const [{ pending }] = await queryRows<{ pending: number }>(
      world.deps.db,
      sql`select count(*)::int as pending from audit_pending`,
    );
    expect(pending).toBe(0);
  });

  it('lets exactly one of two clerks acting on the same version win; the other gets 409', async () => {
    const p = await register(registrar);
    const d = await detail(caseworker, p.id);
    const [a, b] = await Promise.all([
      caseworker.post(`/api/petitions/${p.id}/triage`, {
        version: d.version,
        kind: 'assign',
        unitId: world.units.hrss.id,
      }),
      caseworker.post(`/api/petitions/${p.id}/triage`, {
        version: d.version,
        kind: 'assign',
        unitId: world.units.housing.id,
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const after = await detail(caseworker, p.id);
    expect(after.timeline.filter((e) => e.action === 'triage')).toHaveLength(1);
    expect((after.routes as unknown[]).length).toBe(1);
  });

  it('suggests a repeat petition from the outbox, exactly once, even with parallel drains', async () => {
    world.clock.set('2026-03-02T02:00:00Z');
    const person = { name: '韩德明', idNumber: '11010519491231002X', phone: '13700000001' };
    const first = await register(registrar, { petitioners: [person] });
    world.clock.set('2026-03-09T02:00:00Z');
    const second = await register(registrar, { petitioners: [{ ...person, idNumber: undefined }] });
    await Promise.all([drainOutbox(world.deps), drainOutbox(world.deps)]);
    const events = (await detail(caseworker, second.id)).timeline.filter(
      (e) => e.action === 'repeatSuggested',
    );
    expect(events).toHaveLength(1);
    expect(events[0].data.candidates).toEqual([
      expect.objectContaining({ id: first.id, caseNo: first.caseNo }),
    ]);
    expect((await detail(caseworker, first.id)).timeline.some((e) => e.action === 'repeatSuggested')).toBe(
      false,
    );
    expect(await drainOutbox(world.deps)).toBe(0);
    const pending = await queryRows<{ n: number }>(
      world.deps.db,
      sql`select count(*)::int as n from outbox where processed_at is null`,
    );
    expect(pending[0].n).toBe(0);
    // A handling unit sees that a suggestion exists, not the person's other petitions.
    await command(caseworker, second.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    const hrss = await loginAs(world.app, 'hrss', { now: () => world.clock.now });
    const seenByHandler = (await detail(hrss, second.id)).timeline.find(
      (e) => e.action === 'repeatSuggested',
    );
    expect(seenByHandler?.data.candidates).toBeUndefined();
    expect(JSON.stringify(await detail(hrss, second.id))).not.toContain(first.caseNo);
    // Staff confirm the suggestion with the manual link.
    await command(caseworker, second.id, 'link-repeat', { originalId: first.id });
    expect((await detail(caseworker, second.id)).isRepeat).toBe(true);
  });
});
