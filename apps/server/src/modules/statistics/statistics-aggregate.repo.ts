import { type SQL, sql } from 'drizzle-orm';
import type { Channel, Purpose, Source } from '@xinfang/contract';
import { type Db, queryRows } from '../../db/client.ts';
import { emptyAggregates, type PeriodAggregates } from '../../domain/statistics/aggregates.ts';
import { ALL_VIEWER } from './stat-rollup.repo.ts';

/**
 * Who the report is for. `visible` is the scope before 回避 and `full` the whole scope (both SQL
 * over `petitions`, from petition.scope.ts); null: the whole installation (the CLI).
 */
export type StatScope = {
  unitId: string;
  userId: string;
  grantPrefix: string | null;
  visible: SQL;
  full: SQL;
} | null;

export type AggregateOptions = {
  periods: ReadonlyArray<{ from: string; to: string }>;
  regionPrefix?: string;
  unitId?: string;
  asOf: string;
  collectiveThreshold: number;
  evaluationDays: number;
};

const FACT_COLUMNS = sql.raw(`day, region_code, unit_id, category_id, channel, purpose, source, leader_name,
  persons, is_repeat, is_skip_level, concluded, acceptance, reply, replied, evaluation, same_day,
  report_approved, resolved, n`);

const periodValues = (o: AggregateOptions) =>
  sql`(values ${sql.join(
    o.periods.map((p, k) => sql`(${k}::int, ${p.from}::date, ${p.to}::date)`),
    sql`, `,
  )}) as w(k, f, t)`;

/**
 * The rollup rows (alias s) the scope admits, by viewer: the caller's unit; with a region grant,
 * the installation's rows inside the granted region plus the unit's own rows outside it (the two
 * never overlap, so nothing counts twice); no scope: the installation's rows.
 */
function viewerCondition(scope: StatScope): SQL {
  if (!scope) return sql`s.viewer_id = ${ALL_VIEWER}::uuid`;
  if (!scope.grantPrefix) return sql`s.viewer_id = ${scope.unitId}::uuid`;
  const inGrant = sql`starts_with(s.region_code, ${scope.grantPrefix})`;
  return sql`((s.viewer_id = ${ALL_VIEWER}::uuid and ${inGrant}) or (s.viewer_id = ${scope.unitId}::uuid and not ${inGrant}))`;
}

function rollupFilters(o: AggregateOptions, unitColumn: SQL): SQL {
  return sql`${o.regionPrefix ? sql` and starts_with(s.region_code, ${o.regionPrefix})` : sql``}${
    o.unitId ? sql` and ${unitColumn} = ${o.unitId}::uuid` : sql``
  }`;
}

function rowFilters(o: AggregateOptions): SQL {
  return sql`${o.regionPrefix ? sql` and starts_with(petitions.region_code, ${o.regionPrefix})` : sql``}${
    o.unitId ? sql` and petitions.responsible_unit_id = ${o.unitId}::uuid` : sql``
  }`;
}

/** The petitions of a period the caller is recused from (回避) though their unit sees them. */
const recusedRows = (o: AggregateOptions, scope: NonNullable<StatScope>, joins: SQL, columns: SQL) =>
  sql`select ${columns} from petitions
    join recusals rc on rc.petition_id = petitions.id and rc.user_id = ${scope.userId}::uuid
    ${joins}
    where petitions.registered_on between w.f and w.t and ${scope.visible}${rowFilters(o)}`;

/**
 * The facts of each period (k, fact columns, n): the rollup's rows for whole days, less the
 * petitions the caller is recused from, recounted from their rows (few).
 */
function periodFacts(o: AggregateOptions, scope: StatScope): SQL {
  const rollup = sql`select w.k, ${FACT_COLUMNS} from ${periodValues(o)}
    cross join lateral (select * from stat_daily s where ${viewerCondition(scope)}
      and s.day between w.f and w.t${rollupFilters(o, sql`s.unit_id`)} offset 0) s`;
  if (!scope) return rollup;
  return sql`${rollup} union all select w.k, ${FACT_COLUMNS} from ${periodValues(o)}
    cross join lateral (${recusedRows(o, scope, sql`cross join lateral stat_fact(petitions) f`, sql`f.*, -1 as n`)}) c`;
}

/** Returns (退回) per period and returning unit, like periodFacts. */
function periodReturns(o: AggregateOptions, scope: StatScope): SQL {
  const rollup = sql`select w.k, s.unit_id, s.n from ${periodValues(o)}
    cross join lateral (select * from stat_daily_returns s where ${viewerCondition(scope)}
      and s.day between w.f and w.t${rollupFilters(o, sql`s.responsible_unit_id`)} offset 0) s`;
  if (!scope) return rollup;
  return sql`${rollup} union all select w.k, c.unit_id, -1 from ${periodValues(o)}
    cross join lateral (${recusedRows(
      o,
      scope,
      sql`join petition_routes r on r.petition_id = petitions.id and r.returned_on is not null`,
      sql`r.unit_id`,
    )}) c`;
}

/**
 * The figures that move with the report date itself (asOf), counted from the only rows that can
 * still move: undecided acceptances not yet due, unreplied cases not yet due, unrated replies
 * still inside the evaluation window. Each reads a partial index (migration 0005).
 */
function dueCounts(o: AggregateOptions, scope: StatScope): SQL {
  const count = (what: string, condition: SQL) =>
    sql`select w.k, ${what} as what, count(*)::int as n from ${periodValues(o)}
      cross join lateral (select 1 from petitions where ${condition}
        and petitions.registered_on between w.f and w.t${scope ? sql` and ${scope.full}` : sql``}${rowFilters(o)}
        offset 0) x group by w.k`;
  return sql`${count('acceptance', sql`petitions.acceptance_decided_on is null and petitions.acceptance_due_on >= ${o.asOf}::date`)}
    union all ${count('reply', sql`petitions.replied_on is null and petitions.reply_due_on >= ${o.asOf}::date`)}
    union all ${count(
      'evaluation',
      sql`coalesce(petitions.evaluation, '') = '' and petitions.replied_on >= ${o.asOf}::date - ${o.evaluationDays}::int`,
    )}`;
}

type ScalarRow = Record<
  | 'k'
  | 'total_b'
  | 'total_p'
  | 'coll_b'
  | 'coll_p'
  | 'ind_b'
  | 'ind_p'
  | 'leader_b'
  | 'leader_p'
  | 'concluded'
  | 'timely'
  | 'late_acc'
  | 'open_acc'
  | 'on_time'
  | 'late_reply'
  | 'open_reply'
  | 'evaluated'
  | 'unrated_replied'
  | 'satisfied'
  | 'basically'
  | 'rated'
  | 'same_day'
  | 'first_own'
  | 'approved'
  | 'from_above'
  | 'first_b'
  | 'first_p'
  | 'repeat_b'
  | 'repeat_p'
  | 'skip_b'
  | 'skip_p'
  | 'resolved'
  | 'resolved_applicable',
  number
>;

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
 * Every count of the statistics report for each period, computed by the database from the daily
 * rollup (stat_daily): one pass of sum(n) FILTER, one pass of GROUPING SETS (channel, purpose,
 * source, region, unit, leader, category and its parent rollup), the returns per unit, and the
 * few date-dependent counts from the rows. Scope filtering is exact (see periodFacts).
 */
export async function aggregateStatistics(
  db: Db,
  scope: StatScope,
  o: AggregateOptions,
): Promise<PeriodAggregates[]> {
  const th = o.collectiveThreshold;
  if (!Number.isInteger(th)) throw new Error('collectiveThreshold must be an integer');
  const n = (cond: string) => `coalesce(sum(n) filter (where ${cond}), 0)::int`;
  const s = (cond: string) => `coalesce(sum(n * persons) filter (where ${cond}), 0)::int`;
  const facts = periodFacts(o, scope);
  const scalars = await queryRows<ScalarRow>(
    db,
    sql`select k, ${sql.raw(`coalesce(sum(n), 0)::int as total_b, coalesce(sum(n * persons), 0)::int as total_p,
      ${n(`persons >= ${th}`)} as coll_b, ${s(`persons >= ${th}`)} as coll_p,
      ${n(`persons < ${th}`)} as ind_b, ${s(`persons < ${th}`)} as ind_p,
      ${n(`coalesce(leader_name, '') <> ''`)} as leader_b, ${s(`coalesce(leader_name, '') <> ''`)} as leader_p,
      ${n('concluded')} as concluded,
      ${n('acceptance = 1')} as timely, ${n('acceptance = 2')} as late_acc, ${n('acceptance = 3')} as open_acc,
      ${n('reply = 1')} as on_time, ${n('reply = 2')} as late_reply, ${n('reply = 3')} as open_reply,
      ${n(`replied and evaluation <> ''`)} as evaluated, ${n(`replied and evaluation = ''`)} as unrated_replied,
      ${n(`evaluation = 'satisfied'`)} as satisfied, ${n(`evaluation = 'basically_satisfied'`)} as basically,
      ${n(`evaluation <> ''`)} as rated,
      ${n(`not is_repeat and source = 'own' and same_day`)} as same_day,
      ${n(`not is_repeat and source = 'own'`)} as first_own,
      ${n(`source = 'from_above' and report_approved`)} as approved, ${n(`source = 'from_above'`)} as from_above,
      ${n('not is_repeat')} as first_b, ${s('not is_repeat')} as first_p,
      ${n('is_repeat')} as repeat_b, ${s('is_repeat')} as repeat_p,
      ${n('is_skip_level')} as skip_b, ${s('is_skip_level')} as skip_p,
      ${n('resolved')} as resolved, ${n('resolved is not null')} as resolved_applicable`)}
    from (${facts}) f group by k`,
  );
  const groups = await queryRows<GroupRow>(
    db,
    sql`with g as (select f.k, f.n, f.persons, f.channel, f.purpose, f.source,
        coalesce(rg.name, f.region_code) as region_name, u.name as unit_name, f.leader_name,
        coalesce(pc.name, c.name, '未分类') as cat1, case when pc.name is not null then c.name end as cat2
      from (${facts}) f
      left join categories c on c.id = f.category_id
      left join categories pc on pc.id = c.parent_id
      left join regions rg on rg.code = f.region_code
      left join units u on u.id = f.unit_id)
    select k,
      case when grouping(channel) = 0 then 'channel' when grouping(purpose) = 0 then 'purpose'
        when grouping(source) = 0 then 'source' when grouping(region_name) = 0 then 'region'
        when grouping(unit_name) = 0 then 'unit' when grouping(leader_name) = 0 then 'leader'
        when grouping(cat2) = 0 then 'cat2' else 'cat1' end as dim,
      channel, purpose, source, region_name, unit_name, leader_name, cat1, cat2,
      sum(n)::int as b, sum(n * persons)::int as p,
      coalesce(sum(n) filter (where persons >= ${th}), 0)::int as cb,
      coalesce(sum(n * persons) filter (where persons >= ${th}), 0)::int as cp
    from g
    group by grouping sets ((k, channel), (k, purpose), (k, source), (k, region_name), (k, unit_name),
      (k, leader_name), (k, cat1), (k, cat1, cat2))
    having sum(n) <> 0`,
  );
  const bounces = await queryRows<{ k: number; unit: string; count: number }>(
    db,
    sql`select r.k, ru.name as unit, sum(r.n)::int as count from (${periodReturns(o, scope)}) r
      join units ru on ru.id = r.unit_id group by r.k, ru.name having sum(r.n) <> 0`,
  );
  const due = await queryRows<{ k: number; what: 'acceptance' | 'reply' | 'evaluation'; n: number }>(
    db,
    dueCounts(o, scope),
  );
  const notYet = (k: number, what: string) => due.find((d) => d.k === k && d.what === what)?.n ?? 0;

  const result = o.periods.map(() => emptyAggregates());
  for (const r of scalars) {
    const a = result[r.k];
    a.total = { batches: r.total_b, persons: r.total_p };
    a.collective = { batches: r.coll_b, persons: r.coll_p };
    a.individual = { batches: r.ind_b, persons: r.ind_p };
    a.leaderReceptions = { batches: r.leader_b, persons: r.leader_p };
    a.concluded = r.concluded;
    a.timely = {
      timely: r.timely,
      late: r.late_acc,
      overdueUndecided: r.open_acc - notYet(r.k, 'acceptance'),
    };
    const pending = notYet(r.k, 'reply');
    a.onTime = { onTime: r.on_time, late: r.late_reply, pending, overdueUnreplied: r.open_reply - pending };
    a.participation = { evaluated: r.evaluated, expired: r.unrated_replied - notYet(r.k, 'evaluation') };
    a.satisfaction = { satisfied: r.satisfied, basicallySatisfied: r.basically, evaluated: r.rated };
    a.sameDay = { sameDay: r.same_day, first: r.first_own };
    a.resolved = { resolved: r.resolved, applicable: r.resolved_applicable };
    a.reported = { approved: r.approved, fromAbove: r.from_above };
    a.first = { batches: r.first_b, persons: r.first_p };
    a.repeat = { batches: r.repeat_b, persons: r.repeat_p };
    a.skipLevel = { batches: r.skip_b, persons: r.skip_p };
  }
  for (const g of groups) addGroup(result[g.k], g);
  for (const b of bounces) result[b.k].bounces.push({ unit: b.unit, count: b.count });
  return result;
}

function addGroup(a: PeriodAggregates, g: GroupRow): void {
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
