import { randomUUID } from 'node:crypto';
import {
  type Channel,
  isCollective,
  type PetitionState,
  type Purpose,
  type Source,
  type UnitKind,
} from '@xinfang/contract';
import { or, type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCryptoDeps } from '../src/crypto/crypto-deps.ts';
import { type Database, queryRows } from '../src/db/client.ts';
import { categories, petitionRoutes, petitions, recusals, regions, units } from '../src/db/schema/index.ts';
import type { Deps } from '../src/deps.ts';
import { addDays } from '../src/domain/calendar/iso-date.ts';
import { figuresFromAggregates } from '../src/domain/statistics/aggregates.ts';
import {
  assembleReport,
  buildReport,
  type ReportOptions,
  reportPeriods,
  reportPeriodsRead,
} from '../src/domain/statistics/report.ts';
import type { StatPetition } from '../src/domain/statistics/stat-record.ts';
import { type Actor, systemActor } from '../src/modules/auth/actor.ts';
import { petitionScope } from '../src/modules/petitions/petition.scope.ts';
import { addRoutedVisibility, rebuildVisibility } from '../src/modules/petitions/petition-visibility.repo.ts';
import { regionPrefixSql } from '../src/db/region-prefix-sql.ts';
import { compactRollup, rebuildRollup } from '../src/modules/statistics/stat-rollup.repo.ts';
import { regionPrefix } from '../src/domain/region.ts';
import { aggregateStatistics } from '../src/modules/statistics/statistics-aggregate.repo.ts';
import { loadStatRows } from '../src/modules/statistics/statistics.repo.ts';
import { statScope } from '../src/modules/statistics/statistics.service.ts';
import { rollupContent } from './helpers/rollup.ts';
import { DRIVERS, freshDatabase } from './helpers/test-db.ts';

/**
 * The statistics computed by the database (count(*) FILTER, GROUP BY … GROUPING SETS) must equal
 * the pure definitions over the same rows, field by field, for random ledgers: the definitions in
 * domain/statistics are the oracle.
 */

const REGIONS = [
  { code: '410200', name: '开封市', parentCode: '410000', level: 2 },
  { code: '410225', name: '兰考县', parentCode: '410200', level: 3 },
  { code: '410225001', name: '城关镇', parentCode: '410225', level: 4 },
  { code: '410221', name: '杞县', parentCode: '410200', level: 3 },
  // Two townships of one name in two counties: the report counts them as one 城关镇, as the definitions do.
  { code: '410221001', name: '城关镇', parentCode: '410221', level: 4 },
];
/** Also a code missing from the regions table: the report then names the code itself. */
const REGION_CODES = [...REGIONS.map((r) => r.code), '410225999'];
const UNITS: Array<{ id: string; name: string; kind: UnitKind; regionCode: string }> = [
  { id: randomUUID(), name: '兰考县信访局', kind: 'bureau', regionCode: '410225' },
  { id: randomUUID(), name: '开封市信访局', kind: 'bureau', regionCode: '410200' },
  { id: randomUUID(), name: '兰考县人力资源和社会保障局', kind: 'department', regionCode: '410225' },
  { id: randomUUID(), name: '兰考县住房和城乡建设局', kind: 'department', regionCode: '410225' },
  { id: randomUUID(), name: '杞县信访局', kind: 'bureau', regionCode: '410221' },
  // Two units of one name (in two counties): one group in the report.
  { id: randomUUID(), name: '城关镇人民政府', kind: 'department', regionCode: '410225001' },
  { id: randomUUID(), name: '城关镇人民政府', kind: 'department', regionCode: '410221001' },
];
const PARENTS = [
  { id: randomUUID(), name: '劳动和社会保障', parentId: null },
  { id: randomUUID(), name: '城乡建设', parentId: null },
];
const CATEGORIES = [
  ...PARENTS,
  { id: randomUUID(), name: '劳资纠纷', parentId: PARENTS[0].id },
  { id: randomUUID(), name: '社会保险', parentId: PARENTS[0].id },
  { id: randomUUID(), name: '拆迁补偿', parentId: PARENTS[1].id },
  { id: randomUUID(), name: '其他', parentId: null },
];
const categoryById = new Map(CATEGORIES.map((c) => [c.id, c]));
const regionName = new Map(REGIONS.map((r) => [r.code, r.name]));

const day = (from: string, span: number) => fc.integer({ min: 0, max: span }).map((d) => addDays(from, d));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

type Generated = StatPetition & {
  categoryId: string | null;
  bureauUnitId: string;
  sourceUnitId: string | null;
  reviewOrganId: string | null;
  routes: Array<{ unitId: string; returned: boolean }>;
};

const petitionArb: fc.Arbitrary<Generated> = fc
  .record({
    registeredOn: day('2023-11-01', 800),
    channel: fc.constantFrom<Channel>('visit', 'letter', 'online', 'phone', 'mailbox'),
    persons: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 30 })),
    purpose: fc.constantFrom<Purpose>('solution', 'appeal', 'report', 'suggestion', 'other'),
    categoryId: maybe(fc.constantFrom(...CATEGORIES.map((c) => c.id))),
    regionCode: fc.constantFrom(...REGION_CODES),
    responsible: maybe(fc.constantFrom(...UNITS)),
    bureau: fc.constantFrom(UNITS[0], UNITS[1], UNITS[4]),
    source: fc.constantFrom<Source>('own', 'from_above', 'from_below'),
    sourceUnit: maybe(fc.constantFrom(...UNITS)),
    isRepeat: fc.boolean(),
    isSkipLevel: fc.boolean(),
    leaderName: maybe(fc.constantFrom('赵县长', '钱书记', '')),
    state: fc.constantFrom<PetitionState>(
      'registered',
      'accepted',
      'transferred',
      'refused',
      'evaluated',
      'replied',
      'concluded',
      'final',
      'declined',
      'filed',
    ),
    triageLag: maybe(fc.integer({ min: 0, max: 3 })),
    acceptanceDueLag: maybe(fc.integer({ min: 5, max: 20 })),
    acceptanceDecidedLag: maybe(fc.integer({ min: 0, max: 30 })),
    replyDueLag: maybe(fc.integer({ min: 30, max: 90 })),
    repliedLag: maybe(fc.integer({ min: 10, max: 120 })),
    evaluation: maybe(
      fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied') as fc.Arbitrary<
        NonNullable<StatPetition['evaluation']>
      >,
    ),
    reportApproved: maybe(fc.boolean()),
    resolved: maybe(fc.boolean()),
    reviewOrgan: maybe(fc.constantFrom(...UNITS)),
    routes: fc.array(
      fc.record({ unitId: fc.constantFrom(...UNITS.map((u) => u.id)), returned: fc.boolean() }),
      {
        maxLength: 3,
      },
    ),
  })
  .map((g) => {
    const at = (lag: number | null) => (lag === null ? null : addDays(g.registeredOn, lag));
    const category = g.categoryId ? categoryById.get(g.categoryId) : undefined;
    const parent = category?.parentId ? categoryById.get(category.parentId) : undefined;
    const repliedOn = at(g.repliedLag);
    return {
      id: randomUUID(),
      registeredOn: g.registeredOn,
      channel: g.channel,
      persons: g.persons,
      purpose: g.purpose,
      categoryId: g.categoryId,
      categoryName: category?.name ?? null,
      categoryParentName: parent?.name ?? null,
      regionCode: g.regionCode,
      regionName: regionName.get(g.regionCode) ?? null,
      responsibleUnitId: g.responsible?.id ?? null,
      responsibleUnitName: g.responsible?.name ?? null,
      source: g.source,
      isRepeat: g.isRepeat,
      isSkipLevel: g.isSkipLevel,
      leaderName: g.leaderName,
      state: g.state,
      firstTriagedOn: at(g.triageLag),
      acceptanceDueOn: at(g.acceptanceDueLag),
      acceptanceDecidedOn: at(g.acceptanceDecidedLag),
      replyDueOn: at(g.replyDueLag),
      repliedOn,
      concludedOn: repliedOn,
      evaluation: repliedOn ? g.evaluation : null,
      resolved: g.resolved,
      reportApproved: g.reportApproved,
      returns: g.routes
        .filter((r) => r.returned)
        .map((r) => ({ unitId: r.unitId, unitName: UNITS.find((u) => u.id === r.unitId)!.name })),
      bureauUnitId: g.bureau.id,
      sourceUnitId: g.sourceUnit?.id ?? null,
      reviewOrganId: g.reviewOrgan?.id ?? null,
      routes: g.routes,
    };
  });

const optionsArb: fc.Arbitrary<ReportOptions> = fc
  .record({
    from: day('2024-06-01', 500),
    length: fc.integer({ min: 0, max: 240 }),
    asOfLag: fc.integer({ min: 0, max: 200 }),
    collectiveThreshold: fc.integer({ min: 2, max: 8 }),
    evaluationDays: fc.integer({ min: 5, max: 30 }),
  })
  .map((o) => {
    const to = addDays(o.from, o.length);
    return {
      from: o.from,
      to,
      asOf: addDays(to, o.asOfLag),
      collectiveThreshold: o.collectiveThreshold,
      evaluationDays: o.evaluationDays,
    };
  });

const actorArb: fc.Arbitrary<Actor> = fc
  .record({ unit: fc.constantFrom(...UNITS), grant: maybe(fc.constantFrom('410225', '410221')) })
  .map(({ unit, grant }) => ({ ...systemActor(unit), userId: randomUUID(), regionGrant: grant }));

/** 回避: the caller is recused from the petitions whose position is in `positions`. */
async function recuse(database: Database, actor: Actor, rows: Generated[], positions: number[]) {
  await database.db.execute(sql`delete from recusals`);
  const ids = [...new Set(positions.map((i) => rows[i % rows.length].id))];
  for (const id of ids)
    await database.db.insert(recusals).values({ petitionId: id, userId: actor.userId, reason: '利害关系' });
}

/** The petitions row of a generated ledger row. */
const petitionValues = (r: Generated, caseNo: string) => ({
  id: r.id,
  caseNo,
  bureauUnitId: r.bureauUnitId,
  regionCode: r.regionCode!,
  channel: r.channel,
  purpose: r.purpose,
  categoryId: r.categoryId,
  source: r.source,
  sourceUnitId: r.sourceUnitId,
  persons: r.persons,
  isCollective: isCollective(r.channel, r.persons),
  isSkipLevel: r.isSkipLevel,
  isRepeat: r.isRepeat,
  leaderName: r.leaderName,
  title: '测试',
  content: '测试',
  state: r.state,
  responsibleUnitId: r.responsibleUnitId,
  registeredAt: new Date(`${r.registeredOn}T09:00:00+08:00`),
  registeredOn: r.registeredOn,
  firstTriagedOn: r.firstTriagedOn,
  acceptanceDueOn: r.acceptanceDueOn,
  acceptanceDecidedOn: r.acceptanceDecidedOn,
  replyDueOn: r.replyDueOn,
  repliedOn: r.repliedOn,
  concludedOn: r.concludedOn,
  evaluation: r.evaluation,
  reportApproved: r.reportApproved,
  resolved: r.resolved,
  reviewOrganId: r.reviewOrganId,
  queryCode: `Q${r.id}`,
  querySecretHash: 'x',
});

async function insertLedger(database: Database, rows: Generated[]) {
  const db = database.db;
  await db.execute(sql`delete from petition_routes`);
  await db.execute(sql`delete from petitions`);
  if (rows.length === 0) return;
  await db.insert(petitions).values(rows.map((r, i) => petitionValues(r, `T-${i}`)));
  const routes = rows.flatMap((r) =>
    r.routes.map((route) => ({
      petitionId: r.id,
      unitId: route.unitId,
      kind: 'forward',
      sentOn: r.registeredOn,
      receivedOn: r.registeredOn,
      returnedOn: route.returned ? r.registeredOn : null,
      active: !route.returned,
    })),
  );
  if (routes.length > 0) await db.insert(petitionRoutes).values(routes);
  await db.execute(sql`delete from petition_visibility`);
  await rebuildVisibility(db);
}

/** A change a service or an import can make to what the statistics count. */
type Change =
  | { kind: 'edit'; at: number; as: Generated }
  | { kind: 'bulk'; persons: number }
  | { kind: 'route'; at: number; unit: number; returned: boolean }
  | { kind: 'return'; at: number }
  | { kind: 'dropRoute'; at: number }
  | { kind: 'register'; as: Generated }
  | { kind: 'delete'; at: number };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), as: petitionArb }),
  fc.record({ kind: fc.constant('bulk' as const), persons: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('route' as const), at: fc.nat(), unit: fc.nat(), returned: fc.boolean() }),
  fc.record({ kind: fc.constant('return' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dropRoute' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('register' as const), as: petitionArb }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

async function applyChange(db: Database['db'], change: Change, serial: number) {
  const ids = (await queryRows<{ id: string }>(db, sql`select id from petitions order by case_no`)).map(
    (r) => r.id,
  );
  const routeIds = (await queryRows<{ id: string }>(db, sql`select id from petition_routes order by id`)).map(
    (r) => r.id,
  );
  const pick = <T>(list: T[], at: number) => (list.length ? list[at % list.length] : undefined);
  switch (change.kind) {
    case 'edit': {
      const id = pick(ids, change.at);
      if (!id) return;
      const { id: _, caseNo: __, queryCode: ___, ...values } = petitionValues(change.as, '');
      await db.update(petitions).set(values).where(sql`${petitions.id} = ${id}`);
      return;
    }
    case 'bulk':
      await db.execute(
        sql`update petitions set persons = ${change.persons} where persons < ${change.persons}`,
      );
      return;
    case 'route': {
      const id = pick(ids, change.at);
      if (!id) return;
      const unitId = UNITS[change.unit % UNITS.length].id;
      await db.insert(petitionRoutes).values({
        petitionId: id,
        unitId,
        kind: 'forward',
        sentOn: '2024-07-01',
        receivedOn: '2024-07-01',
        returnedOn: change.returned ? '2024-07-02' : null,
      });
      await addRoutedVisibility(db, id, unitId);
      return;
    }
    case 'return': {
      const id = pick(routeIds, change.at);
      if (id)
        await db.execute(
          sql`update petition_routes set returned_on = '2024-07-03', active = false where id = ${id}`,
        );
      return;
    }
    case 'dropRoute': {
      const id = pick(routeIds, change.at);
      if (id) await db.execute(sql`delete from petition_routes where id = ${id}`);
      return;
    }
    case 'register':
      await db.insert(petitions).values(petitionValues(change.as, `N-${serial}`));
      await rebuildVisibility(db, sql`p.id = ${change.as.id}::uuid`);
      return;
    case 'delete': {
      const id = pick(ids, change.at);
      if (id) await db.execute(sql`delete from petitions where id = ${id}`);
      return;
    }
  }
}

/** The scope as rules (the former OR of LIKE and EXISTS): the reference the visibility rows must equal. */
function scopeByRules(actor: Actor) {
  const routed = sql`exists (select 1 from petition_routes r where r.petition_id = ${petitions.id} and r.unit_id = ${actor.unitId})`;
  const assigned = or(
    sql`${petitions.sourceUnitId} = ${actor.unitId}`,
    sql`${petitions.reviewOrganId} = ${actor.unitId}`,
    sql`${petitions.reReviewOrganId} = ${actor.unitId}`,
  );
  const granted = actor.regionGrant
    ? sql`${petitions.regionCode} like ${`${regionPrefix(actor.regionGrant)}%`}`
    : undefined;
  if (actor.unitKind === 'bureau')
    return or(
      sql`${petitions.regionCode} like ${`${regionPrefix(actor.regionCode)}%`}`,
      sql`${petitions.bureauUnitId} = ${actor.unitId}`,
      routed,
      assigned,
      granted,
    );
  return or(routed, assigned, granted);
}

async function sqlReport(deps: Deps, actor: Actor | null, o: ReportOptions) {
  const periods = reportPeriodsRead(o.from, o.to);
  const aggregates = await aggregateStatistics(deps.db, statScope(actor), {
    periods,
    asOf: o.asOf,
    collectiveThreshold: o.collectiveThreshold ?? 5,
    evaluationDays: o.evaluationDays ?? 15,
  });
  return assembleReport(o, (period) =>
    figuresFromAggregates(
      aggregates[periods.findIndex((p) => p.from === period.from && p.to === period.to)],
      period,
    ),
  );
}

describe.each(DRIVERS)('statistics in SQL equal the definitions (%s)', (driver) => {
  let database: Database;
  let deps: Deps;
  beforeAll(async () => {
    database = await freshDatabase(driver);
    deps = {
      db: database.db,
      crypto: testCryptoDeps(),
      now: () => new Date('2025-08-01T02:00:00Z'),
      checkpointDir: '/tmp',
      maxUploadBytes: 1024,
    };
    await database.db.insert(regions).values(REGIONS);
    await database.db.insert(units).values(UNITS);
    await database.db.insert(categories).values(CATEGORIES);
  });
  afterAll(async () => {
    await database.close();
  });

  it('for random ledgers, report options and periods (no scope)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(petitionArb, { maxLength: 60 }), optionsArb, async (rows, o) => {
        await insertLedger(database, rows);
        expect(await sqlReport(deps, null, o)).toEqual(buildReport(rows, o));
      }),
      { numRuns: 40 },
    );
  });

  it('counts the townships and units of one name as one group each', async () => {
    const o = {
      from: '2025-01-01',
      to: '2025-06-30',
      asOf: '2025-07-15',
      collectiveThreshold: 5,
      evaluationDays: 15,
    };
    const [a, b] = [UNITS[5], UNITS[6]];
    const rows = fc.sample(petitionArb, { numRuns: 4, seed: 20 }).map((g, i) => ({
      ...g,
      registeredOn: `2025-0${i + 1}-10`,
      regionCode: i % 2 === 0 ? '410225001' : '410221001',
      regionName: '城关镇',
      responsibleUnitId: (i % 2 === 0 ? a : b).id,
      responsibleUnitName: '城关镇人民政府',
    }));
    await insertLedger(database, rows);
    const report = await sqlReport(deps, null, o);
    expect(report).toEqual(buildReport(rows, o));
    expect(report.byRegion.map((r) => [r.name, r.batches])).toEqual([['城关镇', 4]]);
    expect(report.byUnit.map((u) => [u.name, u.batches])).toEqual([['城关镇人民政府', 4]]);
  });

  it('scope as data (visibility rows) admits exactly the petitions the scope rules admit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(petitionArb, { maxLength: 40 }), actorArb, async (rows, actor) => {
        await insertLedger(database, rows);
        const ids = async (condition: SQL | undefined) =>
          (await database.db.select({ id: petitions.id }).from(petitions).where(condition))
            .map((r) => r.id)
            .sort();
        expect(await ids(petitionScope(actor))).toEqual(await ids(scopeByRules(actor)));
      }),
      { numRuns: 30 },
    );
  });

  it('computes region prefixes in SQL as the domain does', async () => {
    const codes = [
      '410000',
      '410200',
      '410225',
      '410225001',
      '410225001000',
      '410225000',
      '410000000',
      '410201000000',
      '410225100',
    ];
    for (const code of codes) {
      const [row] = await queryRows<{ prefix: string }>(
        database.db,
        sql`select ${regionPrefixSql(sql`${code}::text`)} as prefix`,
      );
      expect([code, row.prefix]).toEqual([code, regionPrefix(code)]);
    }
  });

  it('within the scope of random callers (with recusals): the same rows as the scoped row loader', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(petitionArb, { minLength: 1, maxLength: 40 }),
        optionsArb,
        actorArb,
        fc.array(fc.nat(), { maxLength: 6 }),
        async (rows, o, actor, recused) => {
          await insertLedger(database, rows);
          await recuse(database, actor, rows, recused);
          const window = reportPeriods(o.from, o.to);
          const earliest = window.map((p) => p.from).sort()[0];
          const visible = await loadStatRows(deps.db, petitionScope(actor), { from: earliest, to: o.to });
          const scoped = await sqlReport(deps, actor, o);
          expect(scoped).toEqual(buildReport(visible, o));
          // The scope admits a strict subset here whenever a row is out of reach of this caller.
          expect(scoped.total.batches).toBeLessThanOrEqual(buildReport(rows, o).total.batches);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the rollup kept by each change equals the rollup rebuilt from the petitions, before and after compaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(petitionArb, { maxLength: 25 }),
        fc.array(changeArb, { minLength: 1, maxLength: 12 }),
        async (rows, changes) => {
          await insertLedger(database, rows);
          for (const [i, change] of changes.entries())
            await database.db.transaction(async (tx) => applyChange(tx, change, i));
          const kept = await rollupContent(database.db);
          await compactRollup(database.db);
          const compacted = await rollupContent(database.db);
          const [{ unfolded }] = await queryRows<{ unfolded: number }>(
            database.db,
            sql`select count(*)::int as unfolded from stat_daily where not folded`,
          );
          await rebuildRollup(database.db);
          const rebuilt = await rollupContent(database.db);
          expect(kept).toEqual(rebuilt);
          expect(compacted).toEqual(rebuilt);
          expect(unfolded).toBe(0);
        },
      ),
      { numRuns: 30 },
    );
  });
});
