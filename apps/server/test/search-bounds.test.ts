import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';
import { idNumberCheckDigit } from '../src/domain/id-number.ts';
import { type Actor, systemActor } from '../src/modules/auth/actor.ts';
import { searchPetitions } from '../src/modules/petitions/petition-query.service.ts';
import { SEARCH_COUNT_LIMIT } from '../src/modules/petitions/petition.repo.ts';
import {
  findEarlierBySamePerson,
  REPEAT_CANDIDATES,
} from '../src/modules/petitions/repeat-candidates.repo.ts';
import { type Client, loginAs } from './helpers/api.ts';
import { type Registered, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

const person = (name: string, id17: string, phone: string) => ({
  name,
  idNumber: `${id17}${idNumberCheckDigit(id17)}`,
  phone,
});
/** A 老户: more earlier petitions than a search counts. */
const HEAVY = person('司马青云', '41022519700101123', '13700001111');
const HEAVY_EARLIER = SEARCH_COUNT_LIMIT + 60;
/** Someone who came back a few times. */
const LIGHT = person('欧阳晓月', '41022519800202456', '13700002222');
const LIGHT_EARLIER = 4;

/**
 * Person lookups read their page, not the person's history: a petitioner with hundreds of earlier
 * petitions costs the repeat lookup and the name search what one with a few does (rows visited,
 * from EXPLAIN ANALYZE), and a search's count stops at SEARCH_COUNT_LIMIT, labelled.
 */
describe.each(DRIVERS)('person lookups are bounded by their page [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let county: Actor;
  let otherCounty: Actor;
  let heavy: Registered;
  let light: Registered;

  /** `n` earlier copies of a petition (one hour apart, before it), with its people and visibility. */
  async function earlierCopies(of: Registered, n: number) {
    const db = world.deps.db;
    await db.execute(sql`insert into petitions
      select (jsonb_populate_record(p, jsonb_build_object(
        'id', md5(p.id::text || i)::uuid, 'case_no', p.case_no || '-' || i,
        'query_code', p.query_code || '-' || i, 'external_no', null,
        'registered_at', p.registered_at - i * interval '1 hour'))).*
      from petitions p cross join generate_series(1, ${n}::int) i where p.id = ${of.id}::uuid`);
    await db.execute(sql`insert into petitioners
        (petition_id, position, name, id_number_cipher, id_number_index, phone_cipher, phone_index)
      select md5(pe.petition_id::text || i)::uuid, pe.position, pe.name, pe.id_number_cipher,
        pe.id_number_index, pe.phone_cipher, pe.phone_index
      from petitioners pe cross join generate_series(1, ${n}::int) i where pe.petition_id = ${of.id}::uuid`);
    await db.execute(sql`insert into petition_visibility (petition_id, unit_id, registered_at, state)
      select md5(v.petition_id::text || i)::uuid, v.unit_id, v.registered_at - i * interval '1 hour', v.state
      from petition_visibility v cross join generate_series(1, ${n}::int) i where v.petition_id = ${of.id}::uuid`);
  }

  beforeAll(async () => {
    world = await buildWorld(driver);
    registrar = await loginAs(world.app, 'registrar', { now: () => world.clock.now });
    heavy = await register(registrar, { petitioners: [HEAVY] });
    light = await register(registrar, { petitioners: [LIGHT] });
    await earlierCopies(heavy, HEAVY_EARLIER);
    await earlierCopies(light, LIGHT_EARLIER);
    await world.deps.db.execute(sql`analyze`);
    county = systemActor({ ...world.units.county, kind: 'bureau' });
    otherCounty = systemActor({ ...world.units.otherCounty, kind: 'bureau' });
  });
  afterAll(async () => world?.close());

  /** Every statement a read runs. */
  async function statementsOf(run: (deps: Deps) => Promise<unknown>) {
    const seen: Array<[string, unknown[]]> = [];
    const db = world.database.observed((query, params) => seen.push([query, params]));
    await run({ ...world.deps, db });
    return seen.filter(([q]) => /^\s*(select|with)\b/i.test(q));
  }

  /**
   * The most rows any plan node reading `table` returned over all its loops (EXPLAIN ANALYZE), with
   * sequential scans and sorts priced out: on this small seed the planner would rather read whole
   * tables; at a province's size only an index read in order can stop early, and that is the plan
   * checked here.
   */
  async function rowsRead(statements: Array<[string, unknown[]]>, table: string): Promise<number> {
    return world.database.onOneConnection(async (query) => {
      let most = 0;
      await query('set enable_seqscan = off');
      await query('set enable_sort = off');
      try {
        for (const [text, params] of statements) {
          const plan = (await query(`explain (analyze, format text) ${text}`, params)).map((r) =>
            String(Object.values(r as Record<string, unknown>)[0]),
          );
          for (const line of plan) {
            const node = new RegExp(
              `Scan.* on ${table}\\b.*actual time=[\\d.]+\\.\\.[\\d.]+ rows=(\\d+) loops=(\\d+)`,
            ).exec(line);
            if (node) most = Math.max(most, Number(node[1]) * Number(node[2]));
          }
        }
      } finally {
        await query('reset enable_seqscan');
        await query('reset enable_sort');
      }
      return most;
    });
  }

  it('copies the petition’s bureau and registration time onto its people, and keeps them', async () => {
    const [row] = await queryRows<{ same: boolean }>(
      world.deps.db,
      sql`select bool_and(coalesce(pe.bureau_unit_id = p.bureau_unit_id and pe.registered_at = p.registered_at, false)) as same
        from petitioners pe join petitions p on p.id = pe.petition_id`,
    );
    expect(row.same).toBe(true);
    await world.deps.db.execute(
      sql`update petitions set registered_at = registered_at - interval '1 minute' where id = ${light.id}::uuid`,
    );
    const [moved] = await queryRows<{ same: boolean }>(
      world.deps.db,
      sql`select bool_and(coalesce(pe.registered_at = p.registered_at, false)) as same
        from petitioners pe join petitions p on p.id = pe.petition_id where p.id = ${light.id}::uuid`,
    );
    expect(moved.same).toBe(true);
    // A writer that does not know them (a bulk load, a repair) gets them from the petition; a person moved to
    // another petition takes that petition's.
    const copied = async (name: string) =>
      queryRows<{ same: boolean }>(
        world.deps.db,
        sql`select coalesce(pe.bureau_unit_id = p.bureau_unit_id and pe.registered_at = p.registered_at, false) as same
          from petitioners pe join petitions p on p.id = pe.petition_id where pe.name = ${name}`,
      );
    await world.deps.db.execute(
      sql`insert into petitioners (petition_id, position, name) values (${light.id}::uuid, 9, '补录人')`,
    );
    expect(await copied('补录人')).toEqual([{ same: true }]);
    await world.deps.db.execute(
      sql`update petitioners set petition_id = (select id from petitions where id <> ${light.id}::uuid
          and registered_at <> (select registered_at from petitions where id = ${light.id}::uuid) limit 1)
        where name = '补录人'`,
    );
    expect(await copied('补录人')).toEqual([{ same: true }]);
    await world.deps.db.execute(sql`delete from petitioners where name = '补录人'`);
  });

  it('the repeat lookup reads ten entries per key, however many petitions the person has', async () => {
    const found = await findEarlierBySamePerson(world.deps.db, heavy.id);
    expect(found.candidates).toHaveLength(REPEAT_CANDIDATES);
    const newestFirst = found.candidates.map((c) => c.caseNo);
    expect(newestFirst).toEqual(
      Array.from({ length: REPEAT_CANDIDATES }, (_, i) => `${heavy.caseNo}-${i + 1}`),
    );
    const few = await findEarlierBySamePerson(world.deps.db, light.id);
    expect(few.candidates).toHaveLength(LIGHT_EARLIER);

    const heavyRows = await rowsRead(
      await statementsOf((deps) => findEarlierBySamePerson(deps.db, heavy.id)),
      'petitioners',
    );
    const lightRows = await rowsRead(
      await statementsOf((deps) => findEarlierBySamePerson(deps.db, light.id)),
      'petitioners',
    );
    expect(heavyRows).toBeLessThanOrEqual(REPEAT_CANDIDATES);
    expect(lightRows).toBeLessThanOrEqual(REPEAT_CANDIDATES);
  });

  it('a name search shows the newest page and counts up to the limit, labelled', async () => {
    const page = await searchPetitions(world.deps, county, { q: HEAVY.name }, { limit: 20, offset: 0 });
    expect(page.items).toHaveLength(20);
    expect(page.items[0].caseNo).toBe(heavy.caseNo);
    expect(page.total).toBe(SEARCH_COUNT_LIMIT);
    expect(page.totalCapped).toBe(true);
    const next = await searchPetitions(
      world.deps,
      county,
      { q: HEAVY.name },
      { limit: 20, offset: 0, after: page.nextCursor ?? undefined },
    );
    expect(next.items[0].caseNo).toBe(`${heavy.caseNo}-20`);

    const few = await searchPetitions(world.deps, county, { q: LIGHT.name }, { limit: 20, offset: 0 });
    expect(few.total).toBe(LIGHT_EARLIER + 1);
    expect(few.totalCapped).toBe(false);

    // The name's entries read stop at the count's limit, however many petitions the person has.
    const statements = await statementsOf((deps) =>
      searchPetitions(deps, county, { q: HEAVY.name }, { limit: 20, offset: 0 }),
    );
    expect(await rowsRead(statements, 'petitioners')).toBeLessThanOrEqual(SEARCH_COUNT_LIMIT + 1);
  });

  it('pages through every petition of the name, past the count’s limit, by cursor and by offset', async () => {
    const seen = new Set<string>();
    let after: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await searchPetitions(
        world.deps,
        county,
        { q: HEAVY.name },
        { limit: 50, offset: 0, after },
      );
      for (const item of page.items) seen.add(item.id);
      expect(page.total).toBe(SEARCH_COUNT_LIMIT);
      after = page.nextCursor ?? undefined;
      if (!after) break;
    }
    expect(seen.size).toBe(HEAVY_EARLIER + 1);
    const deep = await searchPetitions(world.deps, county, { q: HEAVY.name }, { limit: 20, offset: 240 });
    expect(deep.items.map((p) => p.caseNo)).toEqual(
      Array.from({ length: 20 }, (_, i) => `${heavy.caseNo}-${240 + i}`),
    );
    const oldest = await searchPetitions(
      world.deps,
      county,
      { q: HEAVY.name },
      { limit: 5, offset: 0, sort: 'registered_asc' },
    );
    expect(oldest.items[0].caseNo).toBe(`${heavy.caseNo}-${HEAVY_EARLIER}`);
  });

  it('a word common to more petitions than the limit counts up to it, labelled', async () => {
    const page = await searchPetitions(world.deps, county, { q: '安置小区' }, { limit: 20, offset: 0 });
    expect(page.total).toBe(SEARCH_COUNT_LIMIT);
    expect(page.totalCapped).toBe(true);
    expect(page.items).toHaveLength(20);
  });

  it('a case number is that petition alone, not its digits searched as text', async () => {
    const page = await searchPetitions(world.deps, county, { q: heavy.caseNo }, { limit: 20, offset: 0 });
    expect(page.items.map((p) => p.id)).toEqual([heavy.id]);
    expect(page.total).toBe(1);
  });

  it('nothing outside the caller’s scope is shown or counted', async () => {
    for (const q of [HEAVY.name, '安置小区', heavy.caseNo]) {
      const page = await searchPetitions(world.deps, otherCounty, { q }, { limit: 20, offset: 0 });
      expect(page.items).toEqual([]);
      expect(page.total).toBe(0);
      expect(page.totalCapped).toBe(false);
    }
  });
});
