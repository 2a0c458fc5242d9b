import { and, eq, gte, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Channel, PetitionState, Purpose, Source } from '@xinfang/contract';
import { type Db, queryRows } from '../../db/client.ts';
import { categories, petitionRoutes, petitions, regions, units } from '../../db/schema/index.ts';
import { emptyAggregates, type PeriodAggregates } from '../../domain/statistics/aggregates.ts';
import type { StatPetition } from '../../domain/statistics/stat-record.ts';

export type StatFilter = { from: string; to: string; regionPrefix?: string; unitId?: string };

const parent = alias(categories, 'parent_category');
const returnUnit = alias(units, 'return_unit');

/** The statistic rows of every petition registered in [from, to] that the scope admits. */
export async function loadStatRows(
  db: Db,
  scope: SQL | undefined,
  filter: StatFilter,
): Promise<StatPetition[]> {
  const where = and(
    scope,
    gte(petitions.registeredOn, filter.from),
    lte(petitions.registeredOn, filter.to),
    filter.regionPrefix ? sql`${petitions.regionCode} like ${`${filter.regionPrefix}%`}` : undefined,
    filter.unitId ? eq(petitions.responsibleUnitId, filter.unitId) : undefined,
  );
  const rows = await db
    .select({
      // Only the columns the statistics read: not the content or the search vector.
      p: {
        id: petitions.id,
        registeredOn: petitions.registeredOn,
        channel: petitions.channel,
        persons: petitions.persons,
        purpose: petitions.purpose,
        regionCode: petitions.regionCode,
        responsibleUnitId: petitions.responsibleUnitId,
        source: petitions.source,
        isRepeat: petitions.isRepeat,
        isSkipLevel: petitions.isSkipLevel,
        leaderName: petitions.leaderName,
        state: petitions.state,
        firstTriagedOn: petitions.firstTriagedOn,
        acceptanceDueOn: petitions.acceptanceDueOn,
        acceptanceDecidedOn: petitions.acceptanceDecidedOn,
        replyDueOn: petitions.replyDueOn,
        repliedOn: petitions.repliedOn,
        concludedOn: petitions.concludedOn,
        evaluation: petitions.evaluation,
        reportApproved: petitions.reportApproved,
        resolved: petitions.resolved,
      },
      categoryName: categories.name,
      categoryParentName: parent.name,
      regionName: regions.name,
      unitName: units.name,
    })
    .from(petitions)
    .leftJoin(categories, eq(categories.id, petitions.categoryId))
    .leftJoin(parent, eq(parent.id, categories.parentId))
    .leftJoin(regions, eq(regions.code, petitions.regionCode))
    .leftJoin(units, eq(units.id, petitions.responsibleUnitId))
    .where(where);
  const returns = new Map<string, Array<{ unitId: string; unitName: string }>>();
  const ids = rows.map((r) => r.p.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const batch = await db
      .select({
        petitionId: petitionRoutes.petitionId,
        unitId: petitionRoutes.unitId,
        unitName: returnUnit.name,
      })
      .from(petitionRoutes)
      .innerJoin(returnUnit, eq(returnUnit.id, petitionRoutes.unitId))
      .where(
        and(inArray(petitionRoutes.petitionId, ids.slice(i, i + 5000)), isNotNull(petitionRoutes.returnedOn)),
      );
    for (const r of batch)
      returns.set(r.petitionId, [
        ...(returns.get(r.petitionId) ?? []),
        { unitId: r.unitId, unitName: r.unitName },
      ]);
  }
  return rows.map(({ p, categoryName, categoryParentName, regionName, unitName }) => ({
    id: p.id,
    registeredOn: p.registeredOn,
    channel: p.channel as Channel,
    persons: p.persons,
    purpose: p.purpose as Purpose,
    categoryName,
    categoryParentName,
    regionCode: p.regionCode,
    regionName,
    responsibleUnitId: p.responsibleUnitId,
    responsibleUnitName: unitName,
    source: p.source as Source,
    isRepeat: p.isRepeat,
    isSkipLevel: p.isSkipLevel,
    leaderName: p.leaderName,
    state: p.state as PetitionState,
    firstTriagedOn: p.firstTriagedOn,
    acceptanceDueOn: p.acceptanceDueOn,
    acceptanceDecidedOn: p.acceptanceDecidedOn,
    replyDueOn: p.replyDueOn,
    repliedOn: p.repliedOn,
    concludedOn: p.concludedOn,
    evaluation: p.evaluation as StatPetition['evaluation'],
    resolved: p.resolved,
    reportApproved: p.reportApproved,
    returns: returns.get(p.id) ?? [],
  }));
}

export type AggregateOptions = {
  periods: ReadonlyArray<{ from: string; to: string }>;
  regionPrefix?: string;
  unitId?: string;
  asOf: string;
  collectiveThreshold: number;
  evaluationDays: number;
};

type ScalarRow = {
  k: number;
  total_b: number;
  total_p: number;
  coll_b: number;
  coll_p: number;
  ind_b: number;
  ind_p: number;
  leader_b: number;
  leader_p: number;
  concluded: number;
  timely: number;
  late_acc: number;
  overdue_undecided: number;
  on_time: number;
  late_reply: number;
  pending: number;
  overdue_unreplied: number;
  evaluated: number;
  expired: number;
  satisfied: number;
  basically: number;
  rated: number;
  same_day: number;
  first_own: number;
  approved: number;
  from_above: number;
  first_b: number;
  first_p: number;
  repeat_b: number;
  repeat_p: number;
  skip_b: number;
  skip_p: number;
  resolved: number;
  resolved_applicable: number;
};

type GroupRow = {
  k: number;
  dim: 'channel' | 'purpose' | 'source' | 'region' | 'unit' | 'leader' | 'cat1' | 'cat2';
  channel: string | null;
  purpose: string | null;
  source: string | null;
  region_name: string | null;
  unit_name: string | null;
  leader_name: string | null;
  cat1: string | null;
  cat2: string | null;
  b: number;
  p: number;
  cb: number;
  cp: number;
};

/**
 * The periods as a VALUES list joined to petitions on registered_on (one index range scan per
 * period; a petition in two overlapping periods counts in both), with the scope and filters.
 */
function periodRows(o: AggregateOptions, scope: SQL | undefined, columns: SQL, joins: SQL = sql``): SQL {
  const periods = sql.join(
    o.periods.map((p, k) => sql`(${k}::int, ${p.from}::date, ${p.to}::date)`),
    sql`, `,
  );
  const where = and(
    scope,
    o.regionPrefix ? sql`${petitions.regionCode} like ${`${o.regionPrefix}%`}` : undefined,
    o.unitId ? eq(petitions.responsibleUnitId, o.unitId) : undefined,
  );
  // LATERAL: one index range scan of registered_on per period (a join condition would not use it).
  return sql`select w.k, ${columns}
    from (values ${periods}) as w(k, f, t)
    cross join lateral (select * from ${petitions} where ${petitions.registeredOn} between w.f and w.t offset 0) as ${petitions}
    ${joins}
    ${where ? sql`where ${where}` : sql``}`;
}

/**
 * Every count of the statistics report for each period, computed by the database: one pass of
 * count(*) FILTER / sum(persons) FILTER, one pass of GROUPING SETS (channel, purpose, source,
 * region, unit, leader, category and its parent rollup), and the returns per unit.
 */
export async function aggregateStatistics(
  db: Db,
  scope: SQL | undefined,
  o: AggregateOptions,
): Promise<PeriodAggregates[]> {
  const th = o.collectiveThreshold;
  const asOf = o.asOf;
  const n = (cond: SQL) => sql`count(*) filter (where ${cond})::int`;
  const s = (cond: SQL) => sql`coalesce(sum(${petitions.persons}) filter (where ${cond}), 0)::int`;
  const P = petitions;
  const rated = sql`coalesce(${P.evaluation}, '') <> ''`;
  const scalars = await queryRows<ScalarRow>(
    db,
    periodRows(
      o,
      scope,
      sql`count(*)::int as total_b, coalesce(sum(${P.persons}), 0)::int as total_p,
      ${n(sql`${P.persons} >= ${th}`)} as coll_b, ${s(sql`${P.persons} >= ${th}`)} as coll_p,
      ${n(sql`${P.persons} < ${th}`)} as ind_b, ${s(sql`${P.persons} < ${th}`)} as ind_p,
      ${n(sql`coalesce(${P.leaderName}, '') <> ''`)} as leader_b, ${s(sql`coalesce(${P.leaderName}, '') <> ''`)} as leader_p,
      ${n(sql`${P.state} in ('filed', 'declined', 'refused', 'concluded', 'final')`)} as concluded,
      ${n(sql`${P.acceptanceDecidedOn} <= ${P.acceptanceDueOn}`)} as timely,
      ${n(sql`${P.acceptanceDecidedOn} > ${P.acceptanceDueOn}`)} as late_acc,
      ${n(sql`${P.acceptanceDueOn} is not null and ${P.acceptanceDecidedOn} is null and ${asOf}::date > ${P.acceptanceDueOn}`)} as overdue_undecided,
      ${n(sql`${P.repliedOn} <= ${P.replyDueOn}`)} as on_time,
      ${n(sql`${P.repliedOn} > ${P.replyDueOn}`)} as late_reply,
      ${n(sql`${P.replyDueOn} is not null and ${P.repliedOn} is null and ${asOf}::date <= ${P.replyDueOn}`)} as pending,
      ${n(sql`${P.replyDueOn} is not null and ${P.repliedOn} is null and ${asOf}::date > ${P.replyDueOn}`)} as overdue_unreplied,
      ${n(sql`${P.repliedOn} is not null and ${rated}`)} as evaluated,
      ${n(sql`${P.repliedOn} is not null and not ${rated} and ${asOf}::date > ${P.repliedOn} + ${o.evaluationDays}::int`)} as expired,
      ${n(sql`${rated} and ${P.evaluation} = 'satisfied'`)} as satisfied,
      ${n(sql`${rated} and ${P.evaluation} = 'basically_satisfied'`)} as basically,
      ${n(rated)} as rated,
      ${n(sql`not ${P.isRepeat} and ${P.source} = 'own' and ${P.firstTriagedOn} = ${P.registeredOn}`)} as same_day,
      ${n(sql`not ${P.isRepeat} and ${P.source} = 'own'`)} as first_own,
      ${n(sql`${P.source} = 'from_above' and ${P.reportApproved} is true`)} as approved,
      ${n(sql`${P.source} = 'from_above'`)} as from_above,
      ${n(sql`not ${P.isRepeat}`)} as first_b, ${s(sql`not ${P.isRepeat}`)} as first_p,
      ${n(sql`${P.isRepeat}`)} as repeat_b, ${s(sql`${P.isRepeat}`)} as repeat_p,
      ${n(sql`${P.isSkipLevel}`)} as skip_b, ${s(sql`${P.isSkipLevel}`)} as skip_p,
      ${n(sql`${P.resolved} is true`)} as resolved, ${n(sql`${P.resolved} is not null`)} as resolved_applicable`,
    ).append(sql` group by w.k`),
  );
  const groups = await queryRows<GroupRow>(
    db,
    sql`with g as (${periodRows(
      o,
      scope,
      sql`${P.persons} as persons, ${P.channel} as channel, ${P.purpose} as purpose, ${P.source} as source,
        coalesce(rg.name, ${P.regionCode}) as region_name, u.name as unit_name, ${P.leaderName} as leader_name,
        coalesce(pc.name, c.name, '未分类') as cat1, case when pc.name is not null then c.name end as cat2`,
      sql`left join categories c on c.id = ${P.categoryId}
        left join categories pc on pc.id = c.parent_id
        left join regions rg on rg.code = ${P.regionCode}
        left join units u on u.id = ${P.responsibleUnitId}`,
    )})
    select k,
      case when grouping(channel) = 0 then 'channel' when grouping(purpose) = 0 then 'purpose'
        when grouping(source) = 0 then 'source' when grouping(region_name) = 0 then 'region'
        when grouping(unit_name) = 0 then 'unit' when grouping(leader_name) = 0 then 'leader'
        when grouping(cat2) = 0 then 'cat2' else 'cat1' end as dim,
      channel, purpose, source, region_name, unit_name, leader_name, cat1, cat2,
      count(*)::int as b, sum(persons)::int as p,
      count(*) filter (where persons >= ${th})::int as cb,
      coalesce(sum(persons) filter (where persons >= ${th}), 0)::int as cp
    from g
    group by grouping sets ((k, channel), (k, purpose), (k, source), (k, region_name), (k, unit_name),
      (k, leader_name), (k, cat1), (k, cat1, cat2))`,
  );
  const bounces = await queryRows<{ k: number; unit: string; count: number }>(
    db,
    periodRows(
      o,
      scope,
      sql`ru.name as unit, count(*)::int as count`,
      sql`join petition_routes pr on pr.petition_id = ${P.id} and pr.returned_on is not null
        join units ru on ru.id = pr.unit_id`,
    ).append(sql` group by w.k, ru.name`),
  );

  const result = o.periods.map(() => emptyAggregates());
  for (const r of scalars) {
    const a = result[r.k];
    a.total = { batches: r.total_b, persons: r.total_p };
    a.collective = { batches: r.coll_b, persons: r.coll_p };
    a.individual = { batches: r.ind_b, persons: r.ind_p };
    a.leaderReceptions = { batches: r.leader_b, persons: r.leader_p };
    a.concluded = r.concluded;
    a.timely = { timely: r.timely, late: r.late_acc, overdueUndecided: r.overdue_undecided };
    a.onTime = {
      onTime: r.on_time,
      late: r.late_reply,
      pending: r.pending,
      overdueUnreplied: r.overdue_unreplied,
    };
    a.participation = { evaluated: r.evaluated, expired: r.expired };
    a.satisfaction = { satisfied: r.satisfied, basicallySatisfied: r.basically, evaluated: r.rated };
    a.sameDay = { sameDay: r.same_day, first: r.first_own };
    a.resolved = { resolved: r.resolved, applicable: r.resolved_applicable };
    a.reported = { approved: r.approved, fromAbove: r.from_above };
    a.first = { batches: r.first_b, persons: r.first_p };
    a.repeat = { batches: r.repeat_b, persons: r.repeat_p };
    a.skipLevel = { batches: r.skip_b, persons: r.skip_p };
  }
  for (const g of groups) {
    const a = result[g.k];
    const count = { batches: g.b, persons: g.p };
    switch (g.dim) {
      case 'channel':
        a.byChannel[g.channel as Channel] = count;
        break;
      case 'purpose':
        a.purposes.push({ name: g.purpose as Purpose, ...count });
        break;
      case 'source':
        a.sources.push({ name: g.source as Source, ...count });
        break;
      case 'region':
        a.regions.push({ name: g.region_name!, ...count });
        break;
      case 'unit':
        if (g.unit_name !== null) a.units.push({ name: g.unit_name, ...count });
        break;
      case 'leader':
        if (g.leader_name !== null) a.leaders.push({ name: g.leader_name, ...count });
        break;
      case 'cat1':
        a.categories.push({
          name: g.cat1!,
          parent: null,
          level: 1,
          ...count,
          collectiveBatches: g.cb,
          collectivePersons: g.cp,
        });
        break;
      case 'cat2':
        if (g.cat2 !== null)
          a.categories.push({
            name: g.cat2,
            parent: g.cat1,
            level: 2,
            ...count,
            collectiveBatches: g.cb,
            collectivePersons: g.cp,
          });
        break;
    }
  }
  for (const b of bounces) result[b.k].bounces.push({ unit: b.unit, count: b.count });
  return result;
}
