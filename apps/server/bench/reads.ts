import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';
import { type Actor, systemActor } from '../src/modules/auth/actor.ts';
import { getPetition, searchPetitions } from '../src/modules/petitions/petition-query.service.ts';
import { cursorOf } from '../src/modules/petitions/petition.repo.ts';
import { findEarlierBySamePerson } from '../src/modules/petitions/repeat-candidates.repo.ts';
import { type CpuClock, type Percentiles, timeInRounds } from './measure.ts';

export type Actors = { province: Actor; county: Actor; department: Actor; countyCode: string };

/** The benchmark's three callers: the province bureau, a county bureau (410121) and one of its departments. */
export async function actorsOf(db: Deps['db']): Promise<Actors> {
  const unit = (where: ReturnType<typeof sql>) =>
    queryRows<{ id: string; name: string; region_code: string }>(
      db,
      sql`select id, name, region_code from units where ${where} order by name limit 1`,
    );
  const [p] = await unit(sql`kind = 'bureau' and region_code = '410000'`);
  const [c] = await unit(sql`kind = 'bureau' and region_code = '410121'`);
  const [dept] = await unit(sql`kind = 'department' and region_code = '410121'`);
  const as = (u: typeof p, kind: 'bureau' | 'department') =>
    systemActor({ id: u.id, name: u.name, regionCode: u.region_code, kind });
  return {
    province: as(p, 'bureau'),
    county: as(c, 'bureau'),
    department: { ...as(dept, 'department'), roles: ['handler'] },
    countyCode: '410121',
  };
}

/** Each hot read, as the API calls it: a name and a function of the iteration number. */
export async function readCases(deps: Deps, a: Actors) {
  const sample = await queryRows<{ id: string; case_no: string }>(
    deps.db,
    sql`select p.id, p.case_no from petition_visibility v join petitions p on p.id = v.petition_id
        where v.unit_id = ${a.county.unitId} order by v.registered_at desc limit 200`,
  );
  const [{ name }] = await queryRows<{ name: string }>(
    deps.db,
    sql`select name from petitioners where petition_id = ${sample[0].id} limit 1`,
  );
  // Page 1000 as the work list reaches it: by the keyset cursor of page 999's last row (the
  // browser pages by cursor), so the query seeks instead of skipping 19,980 rows.
  const [last] = await queryRows<{ id: string; registered_at: Date }>(
    deps.db,
    sql`select petition_id as id, registered_at from petition_visibility where unit_id = ${a.province.unitId}
        order by registered_at desc, petition_id desc offset ${999 * 20 - 1} limit 1`,
  );
  const after = last
    ? cursorOf({ id: last.id, registeredAt: new Date(last.registered_at), stageDueOn: null, caseNo: '' })
    : undefined;
  const pick = (i: number) => sample[(i * 37) % sample.length];
  const page = (n: number) => ({ limit: 20, offset: (n - 1) * 20 });
  return {
    'list.county': () => searchPetitions(deps, a.county, {}, page(1)),
    'list.province': () => searchPetitions(deps, a.province, {}, page(1)),
    'list.department': () => searchPetitions(deps, a.department, {}, page(1)),
    'list.filtered': () => searchPetitions(deps, a.county, { states: ['accepted', 'transferred'] }, page(1)),
    'list.page50': () => searchPetitions(deps, a.county, {}, page(50)),
    'list.page1000': () => searchPetitions(deps, a.province, {}, { limit: 20, offset: 0, after }),
    'search.words': () => searchPetitions(deps, a.county, { q: '拖欠农民工工资' }, page(1)),
    'search.caseNo': (i: number) => searchPetitions(deps, a.county, { q: pick(i).case_no }, page(1)),
    'search.name': () => searchPetitions(deps, a.county, { q: name }, page(1)),
    case: (i: number) => getPetition(deps, a.county, pick(i).id),
    repeat: (i: number) => findEarlierBySamePerson(deps.db, pick(i).id),
  } satisfies Record<string, (i: number) => Promise<unknown>>;
}

/** p50/p95 (and CPU per call) of every hot read, through the same service functions the API calls. */
export async function measureReads(
  deps: Deps,
  a: Actors,
  iterations: number,
  cpu?: CpuClock,
): Promise<Record<string, Percentiles>> {
  return timeInRounds(iterations, await readCases(deps, a), cpu);
}
