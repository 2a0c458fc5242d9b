import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps.ts';
import { type Actor, systemActor } from '../src/modules/auth/actor.ts';
import { getPetition, searchPetitions } from '../src/modules/petitions/petition-query.service.ts';
import { findEarlierBySamePerson } from '../src/modules/petitions/repeat-candidates.repo.ts';
import { statisticsReport } from '../src/modules/statistics/statistics.service.ts';
import { type Client, loginAs } from './helpers/api.ts';
import { command, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

/**
 * Every hot read (work lists, deep pages, search, the case page, the repeat lookup, the report)
 * runs on a small seed while its statements are recorded; each statement is then EXPLAINed with
 * `enable_seqscan = off`, so the plan shows a Seq Scan of a growing table only where no index can
 * serve the query. Reference tables (units, users, categories, regions, settings) may be scanned.
 */
const GROWING = [
  'petitions',
  'petition_visibility',
  'petitioners',
  'petition_events',
  'petition_routes',
  'stat_daily',
  'stat_daily_returns',
  'documents',
  'attachments',
  'evaluations',
  'audit_log',
  'outbox',
];

describe.each(DRIVERS)('hot queries are served by indexes [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let caseworker: Client;
  let county: Actor;
  let city: Actor;
  let hrss: Actor;
  let first: { id: string; caseNo: string };

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    [registrar, caseworker] = await Promise.all(
      ['registrar', 'caseworker'].map((u) => loginAs(world.app, u, { now })),
    );
    first = await register(registrar, { petitioners: [{ name: '欧阳明远', phone: '13900001111' }] });
    for (let i = 0; i < 24; i++) {
      const p = await register(registrar, {
        content: `反映第${i}号安置小区拖欠农民工工资问题，请求协调解决。`,
        petitioners: [{ name: `信访人${i}`, phone: '13900001111' }],
      });
      if (i % 3 === 0)
        await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    }
    await world.deps.db.execute(sql`analyze`);
    county = systemActor({ ...world.units.county, kind: 'bureau' });
    city = systemActor({ ...world.units.city, kind: 'bureau' });
    hrss = { ...systemActor({ ...world.units.hrss, kind: 'department' }), roles: ['handler'] };
  });
  afterAll(async () => world?.close());

  async function statementsOf(run: (deps: Deps) => Promise<unknown>): Promise<Array<[string, unknown[]]>> {
    const seen: Array<[string, unknown[]]> = [];
    const db = world.database.observed((query, params) => seen.push([query, params]));
    await run({ ...world.deps, db });
    return seen.filter(([q]) => /^\s*(select|with)\b/i.test(q));
  }

  async function seqScans(statements: Array<[string, unknown[]]>): Promise<string[]> {
    return world.database.onOneConnection(async (query) => {
      const found: string[] = [];
      await query('set enable_seqscan = off');
      try {
        for (const [text, params] of statements) {
          const plan = (await query(`explain ${text}`, params))
            .map((r) => String(Object.values(r as Record<string, unknown>)[0]))
            .join('\n');
          for (const table of GROWING)
            if (new RegExp(`Seq Scan on ${table}\\b`).test(plan)) found.push(`${table}: ${text}\n${plan}`);
        }
      } finally {
        await query('reset enable_seqscan');
      }
      return found;
    });
  }

  const HOT: Array<[string, (deps: Deps) => Promise<unknown>]> = [
    ['bureau work list', (deps) => searchPetitions(deps, county, {}, { limit: 20, offset: 0 })],
    [
      'bureau list by state',
      (deps) => searchPetitions(deps, county, { states: ['transferred'] }, { limit: 20, offset: 0 }),
    ],
    [
      'bureau list of several states',
      (deps) =>
        searchPetitions(deps, county, { states: ['registered', 'transferred'] }, { limit: 20, offset: 0 }),
    ],
    ['deep page', (deps) => searchPetitions(deps, county, {}, { limit: 5, offset: 15 })],
    ['upper bureau work list', (deps) => searchPetitions(deps, city, {}, { limit: 20, offset: 0 })],
    ['keyset page', keysetPage],
    [
      'bureau list by deadline',
      (deps) => searchPetitions(deps, county, {}, { limit: 20, offset: 0, sort: 'due_asc' }),
    ],
    [
      'department list by case number',
      (deps) => searchPetitions(deps, hrss, {}, { limit: 20, offset: 0, sort: 'case_no_desc' }),
    ],
    ['department list', (deps) => searchPetitions(deps, hrss, {}, { limit: 20, offset: 0 })],
    ['word search', (deps) => searchPetitions(deps, county, { q: '农民工工资' }, { limit: 20, offset: 0 })],
    ['one-character search', (deps) => searchPetitions(deps, county, { q: '欠' }, { limit: 20, offset: 0 })],
    [
      'case number search',
      (deps) => searchPetitions(deps, county, { q: first.caseNo }, { limit: 20, offset: 0 }),
    ],
    ['name search', (deps) => searchPetitions(deps, county, { q: '欧阳明远' }, { limit: 20, offset: 0 })],
    ['case page', (deps) => getPetition(deps, county, first.id)],
    ['repeat lookup', (deps) => findEarlierBySamePerson(deps.db, first.id)],
    ['half-year report', (deps) => statisticsReport(deps, county, { from: '2026-01-01', to: '2026-06-30' })],
  ];

  /** Page 2 of the upper bureau's list, reached by the cursor of page 1 (a seek, not an offset). */
  async function keysetPage(deps: Deps) {
    const first = await searchPetitions(world.deps, city, {}, { limit: 5, offset: 0 });
    return searchPetitions(deps, city, {}, { limit: 5, offset: 0, after: first.nextCursor ?? undefined });
  }

  /** Statements whose plan sorts the rows although sorting is priced out (no index gives the order). */
  async function sorts(statements: Array<[string, unknown[]]>): Promise<string[]> {
    return world.database.onOneConnection(async (query) => {
      const found: string[] = [];
      await query('set enable_seqscan = off');
      await query('set enable_sort = off');
      try {
        for (const [text, params] of statements) {
          if (!/\border by\b/i.test(text) || /count\(/i.test(text)) continue;
          const plan = (await query(`explain ${text}`, params))
            .map((r) => String(Object.values(r as Record<string, unknown>)[0]))
            .join('\n');
          if (/\bSort\b/.test(plan) && /petition/.test(text)) found.push(`${text}\n${plan}`);
        }
      } finally {
        await query('reset enable_seqscan');
        await query('reset enable_sort');
      }
      return found;
    });
  }

  // Newest-first browsing reads its page in index order and stops: no sort of the unit's rows.
  const ORDERED = HOT.filter(([name]) =>
    [
      'bureau work list',
      'bureau list by state',
      'bureau list of several states',
      'deep page',
      'upper bureau work list',
      'keyset page',
      'department list',
    ].includes(name),
  );
  it.each(ORDERED)('%s reads its page in index order', async (_name, run) => {
    const statements = (await statementsOf(run)).filter(([q]) => /petition_visibility|"petitions"/.test(q));
    expect(statements.length).toBeGreaterThan(0);
    expect(await sorts(statements)).toEqual([]);
  });

  /** The plans of a read's statements (sequential scans and sorts priced out), joined. */
  async function plansOf(run: (deps: Deps) => Promise<unknown>): Promise<string> {
    const statements = await statementsOf(run);
    return world.database.onOneConnection(async (query) => {
      const plans: string[] = [];
      await query('set enable_seqscan = off');
      await query('set enable_sort = off');
      try {
        for (const [text, params] of statements)
          plans.push(
            (await query(`explain ${text}`, params))
              .map((r) => String(Object.values(r as Record<string, unknown>)[0]))
              .join('\n'),
          );
      } finally {
        await query('reset enable_seqscan');
        await query('reset enable_sort');
      }
      return plans.join('\n');
    });
  }

  // A list of some states reads one (unit, state, registered_at) range per state newest first, merged
  // (no sort of every match), and counts those ranges from the same index without reading petitions.
  it.each([
    ['one state', ['transferred']],
    ['several states', ['registered', 'transferred']],
  ] as const)('a list of %s walks and counts its states on the visibility index', async (_n, states) => {
    const plan = await plansOf((deps) =>
      searchPetitions(deps, county, { states: [...states] }, { limit: 20, offset: 0 }),
    );
    expect(plan).toMatch(/Index Only Scan (Backward )?using petition_visibility_unit_state_idx/);
    if (states.length > 1) expect(plan).toMatch(/Merge Append/);
    expect(plan).not.toMatch(/Index Scan using petitions_state/);
  });

  // Person lookups read (key, …, registered_at) entries newest first and stop at their limit: the
  // plan walks the composite index backward (with a key-only index it would read every entry of
  // the person and sort them).
  it('the repeat lookup reads each key newest first from its (key, bureau, time) index', async () => {
    const plan = await plansOf((deps) => findEarlierBySamePerson(deps.db, first.id));
    expect(plan).toMatch(/Index (Only )?Scan Backward using petitioners_id_number_idx/);
    expect(plan).toMatch(/Index (Only )?Scan Backward using petitioners_phone_idx/);
  });

  it('a name search reads the name newest first from its (name, time) index', async () => {
    const plan = await plansOf((deps) =>
      searchPetitions(deps, county, { q: '欧阳明远' }, { limit: 20, offset: 0 }),
    );
    expect(plan).toMatch(/Index (Only )?Scan Backward using petitioners_name_idx/);
  });

  it('a case number search is a lookup of the number, not a text search of its digits', async () => {
    const plan = await plansOf((deps) =>
      searchPetitions(deps, county, { q: first.caseNo }, { limit: 20, offset: 0 }),
    );
    expect(plan).toMatch(/petitions_case_no_idx/);
    expect(plan).not.toMatch(/petitions_search_idx|search_vector @@/);
  });

  it('finds a sort where no index gives the order (the check itself works)', async () => {
    const found = await sorts([['select id from petitions order by content limit 5', []]]);
    expect(found).toHaveLength(1);
  });

  it.each(HOT)('%s', async (_name, run) => {
    const statements = await statementsOf(run);
    expect(statements.length).toBeGreaterThan(0);
    expect(await seqScans(statements)).toEqual([]);
  });

  it('finds a sequential scan where no index can serve (the check itself works)', async () => {
    const found = await seqScans([["select * from petitions where content like '%工资%'", []]]);
    expect(found).toHaveLength(1);
  });

  it('reads the case page in a bounded number of statements, however long its history', async () => {
    const busy = await register(registrar);
    await command(caseworker, busy.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    const fresh = (await statementsOf((deps) => getPetition(deps, county, first.id))).length;
    const longer = (await statementsOf((deps) => getPetition(deps, county, busy.id))).length;
    expect(longer).toBe(fresh);
    expect(fresh).toBeLessThanOrEqual(25);
  });
});
