import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { sealAuditChain, verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import { rebuildRollup } from '../src/modules/statistics/stat-rollup.repo.ts';
import { type Client, loginAs } from './helpers/api.ts';
import { registration } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

/**
 * Registrations arriving together are written together (group commit, register-batch.ts): these
 * tests send them concurrently through the HTTP API and check what each request was answered and
 * what the database holds.
 */
describe.each(DRIVERS)('registrations written in batches [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let other: Client;

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    [registrar, other] = await Promise.all(
      ['registrar', 'otherclerk'].map((u) => loginAs(world.app, u, { now })),
    );
  });
  afterAll(async () => {
    await world?.close();
  });

  const petitionRows = () =>
    queryRows<{ id: string; bureau_unit_id: string; case_no: string; tx: string }>(
      world.deps.db,
      sql`select id, bureau_unit_id, case_no, xmin::text as tx from petitions where case_no not like 'HELD%'`,
    );

  /** Every bureau-year's numbers are exactly 1…n. */
  async function expectGapFree() {
    const rows = await petitionRows();
    const byCounter = new Map<string, number[]>();
    for (const r of rows) {
      const [, year, seq] = r.case_no.split('-');
      const key = `${r.bureau_unit_id}/${year}`;
      byCounter.set(key, [...(byCounter.get(key) ?? []), Number(seq)]);
    }
    for (const seqs of byCounter.values()) {
      seqs.sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    return rows;
  }

  async function expectChainWithOneEntryPerRegistration() {
    await sealAuditChain(world.deps);
    expect(await verifyAuditChain(world.deps)).toMatchObject({ ok: true });
    const [{ logged, petitions }] = await queryRows<{ logged: number; petitions: number }>(
      world.deps.db,
      sql`select (select count(*)::int from audit_log where action = 'petition.register') as logged,
        (select count(*)::int from petitions where case_no not like 'HELD%') as petitions`,
    );
    expect(logged).toBe(petitions);
  }

  /** The statistics kept by the triggers count each registration once per viewer, as a rebuild does. */
  async function expectRollupAsRebuilt() {
    const rollup = () =>
      queryRows<{ viewer_id: string; day: string; n: number }>(
        world.deps.db,
        sql`select viewer_id, day::text, sum(n)::int as n from stat_daily
          group by viewer_id, day having sum(n) <> 0 order by viewer_id, day`,
      );
    const kept = await rollup();
    expect(kept.length).toBeGreaterThan(0);
    await rebuildRollup(world.deps.db);
    expect(kept).toEqual(await rollup());
  }

  /**
   * Until a request's transaction waits on a lock (the held row's index entry), or 5 s: on a slow
   * machine the request may come after the commit instead, and must then be answered the same.
   */
  async function untilARequestWaitsOnALock() {
    for (let waited = 0; waited < 200; waited++) {
      const [{ n }] = await queryRows<{ n: number }>(
        world.deps.db,
        sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (n > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('numbers concurrent registrations of two bureaus and of one bureau 1…n, in shared transactions; bad ones fail alone', async () => {
    const missingCategory = randomUUID();
    const sent: Array<[string, Promise<LightMyRequestResponse>]> = [];
    for (let i = 0; i < 24; i++) {
      sent.push(['good', registrar.post('/api/petitions', registration())]);
      sent.push(['good', other.post('/api/petitions', registration({ regionCode: '410221' }))]);
      if (i === 5)
        sent.push(['region', registrar.post('/api/petitions', registration({ regionCode: '410225999' }))]);
      if (i === 9)
        sent.push(['category', other.post('/api/petitions', registration({ categoryId: missingCategory }))]);
      // The same external number twice in the same wave: the first registers it, the second is refused.
      if (i === 12 || i === 13)
        sent.push([
          'external',
          registrar.post('/api/petitions', registration({ externalNo: 'BATCH-EXT-1' })),
        ]);
    }
    const answers = await Promise.all(sent.map(async ([kind, res]) => [kind, await res] as const));
    const status = (kind: string) => answers.filter(([k]) => k === kind).map(([, r]) => r.statusCode);
    expect(status('good')).toEqual(Array(48).fill(201));
    expect(answers.find(([k]) => k === 'region')?.[1].json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'regionCode' }] },
    });
    expect(answers.find(([k]) => k === 'category')?.[1].json().error.details.fields[0].field).toBe(
      'categoryId',
    );
    expect(status('external').sort()).toEqual([201, 409]);

    const rows = await expectGapFree();
    expect(rows).toHaveLength(49);
    // Each answer is the row that was committed.
    const byId = new Map(rows.map((r) => [r.id, r.case_no]));
    for (const [, r] of answers.filter(([, r]) => r.statusCode === 201))
      expect(byId.get(r.json().id)).toBe(r.json().caseNo);
    // Written together: far fewer transactions than registrations. (PGlite has one connection: its
    // requests' own reads wait for the writer's transaction, so they arrive one after another.)
    if (driver === 'postgres') expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(rows.length / 2);
    await expectChainWithOneEntryPerRegistration();
    await expectRollupAsRebuilt();
  });

  it('answers retries of one Idempotency-Key, in the same batch or later, with the one registration', async () => {
    const { cookie, csrf } = registrar.session();
    const send = (key: string) =>
      world.app.inject({
        method: 'POST',
        url: '/api/petitions',
        headers: { cookie: `xf_session=${cookie}`, 'x-csrf-token': csrf, 'idempotency-key': key },
        payload: registration(),
      });
    const wave = await Promise.all([
      registrar.post('/api/petitions', registration()),
      send('retry-1'),
      send('retry-1'),
      send('retry-2'),
      send('retry-1'),
    ]);
    expect(wave.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const [, a, b, c, e] = wave.map((r) => r.json());
    expect(b).toEqual(a);
    expect(e).toEqual(a);
    expect(c.id).not.toBe(a.id);
    const later = await send('retry-1');
    expect(later.json()).toEqual(a);
    await expectGapFree();
    await expectChainWithOneEntryPerRegistration();
  });

  it('computes a registration again when another writer changed the rules after its request read them', async () => {
    const collective = async (id: string) =>
      (
        await queryRows<{ c: boolean }>(
          world.deps.db,
          sql`select is_collective as c from petitions where id = ${id}::uuid`,
        )
      )[0].c;
    const before = await registrar.post('/api/petitions', registration({ persons: 3 }));
    expect(await collective(before.json().id)).toBe(false);
    // Another instance lowers the county's collective threshold: this process still holds the old
    // rules, computes with them, and the writer's stamp check sends the registration back.
    await world.deps.db.execute(sql`insert into bureau_policies (unit_id, patch)
      values (${world.units.county.id}::uuid, '{"collectiveThreshold": 3}'::jsonb)`);
    try {
      const after = await registrar.post('/api/petitions', registration({ persons: 3 }));
      expect(after.statusCode).toBe(201);
      expect(await collective(after.json().id)).toBe(true);
    } finally {
      await world.deps.db.execute(
        sql`delete from bureau_policies where unit_id = ${world.units.county.id}::uuid`,
      );
    }
    await expectGapFree();
  });

  it.skipIf(driver === 'pglite')(
    'writes the members of a failed batch one by one: only the one that broke a constraint gets its error',
    async () => {
      // A second writer (another instance) holds the external number, uncommitted: the batch's own
      // checks cannot see it, its insert waits on the unique index and fails once that commits.
      await world.database.onOneConnection(async (query) => {
        await query('begin');
        await query(
          `insert into petitions
          select (jsonb_populate_record(p, jsonb_build_object('id', gen_random_uuid(), 'case_no', 'HELD-1',
            'query_code', 'HELD1', 'external_no', 'HELD-EXT'))).* from petitions p
          where bureau_unit_id = $1 limit 1`,
          [world.units.county.id],
        );
        const wave = Promise.all([
          ...Array.from({ length: 6 }, () => registrar.post('/api/petitions', registration())),
          registrar.post('/api/petitions', registration({ externalNo: 'HELD-EXT' })),
          ...Array.from({ length: 6 }, () => registrar.post('/api/petitions', registration())),
        ]);
        await untilARequestWaitsOnALock();
        await query('commit');
        const answers = await wave;
        expect(answers.map((r) => r.statusCode)).toEqual([...Array(6).fill(201), 409, ...Array(6).fill(201)]);
        expect(answers[6].json().error.code).toBe('DUPLICATE');
      });
      await expectGapFree();
      await expectChainWithOneEntryPerRegistration();
    },
  );
  it.skipIf(driver === 'pglite')(
    "answers a retry that raced its first attempt in another process with that attempt's registration",
    async () => {
      const [{ id: userId }] = await queryRows<{ id: string }>(
        world.deps.db,
        sql`select id from users where username = 'registrar'`,
      );
      const earlier = {
        id: randomUUID(),
        caseNo: 'EARLIER-1',
        queryCode: 'EARLY1',
        querySecret: 'secret',
        version: 1,
        state: 'registered',
        stageDueOn: null,
      };
      const { cookie, csrf } = registrar.session();
      await world.database.onOneConnection(async (query) => {
        // The first attempt, in another instance, has claimed the key and not committed yet: this
        // request's check cannot see it, its write waits on the key's index entry and fails once that
        // commits; written again, the batch finds the answer.
        await query('begin');
        await query(`insert into idempotency_keys (key, user_id, response) values ($1, $2, $3)`, [
          `register:${userId}:raced`,
          userId,
          JSON.stringify(earlier),
        ]);
        const retry = world.app.inject({
          method: 'POST',
          url: '/api/petitions',
          headers: { cookie: `xf_session=${cookie}`, 'x-csrf-token': csrf, 'idempotency-key': 'raced' },
          payload: registration(),
        });
        await untilARequestWaitsOnALock();
        await query('commit');
        const answer = await retry;
        expect(answer.statusCode).toBe(201);
        expect(answer.json()).toEqual(earlier);
      });
      await expectGapFree();
      await expectChainWithOneEntryPerRegistration();
    },
  );
});
