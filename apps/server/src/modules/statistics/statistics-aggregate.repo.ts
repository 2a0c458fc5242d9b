import { and, type SQL, sql } from 'drizzle-orm';
import type { Channel, Purpose, Source } from '@xinfang/contract';
import { type Db, queryRows } from '../../db/client.ts';
import { emptyAggregates, type PeriodAggregates } from '../../domain/statistics/aggregates.ts';
import { ALL_VIEWER } from './stat-rollup.repo.ts';

/**
 * Who the report is for. `visible` is the scope before 回避, `visibleEach` the same checked
 * petition by petition, and `notRecused` the caller's 回避 (SQL over `petitions`, from
 * petition.scope.ts); null: the whole installation (the CLI).
 */
export type StatScope = {
  unitId: string;
  userId: string;
  grantPrefix: string | null;
  visible: SQL;
  visibleEach: SQL;
  notRecused: SQL;
} | null;

export type AggregateOptions = {
  /**
   * summaryOnly: count only the total, the channels and collective/individual of that period (what
   * a 环比 comparison reads); its other counts stay empty.
   */
  periods: ReadonlyArray<{ from: string; to: string; summaryOnly?: boolean }>;
  regionPrefix?: string;
  unitId?: string;
  asOf: string;
  collectiveThreshold: number;
  evaluationDays: number;
};

/** A visit (来访) in SQL, as `isVisit` says in the contract: 集体访, 个体访 and 领导接访 are visits. */
const VISIT = `channel = 'visit'`;

/** The facts the report counts; 领导接访 only on visits (definitions.ts, receivingLeader). */
const FACT_COLUMNS = sql.raw(`day, region_code, unit_id, category_id, channel, purpose, source,
  case when ${VISIT} then nullif(leader_name, '') end as leader_name, persons, is_repeat, is_skip_level,
  concluded, acceptance, reply, replied, evaluation, same_day, report_approved, resolved, n`);

/** Some of the periods, each with its position k in AggregateOptions.periods (never empty). */
type Periods = ReadonlyArray<{ k: number; from: string; to: string }>;

const periodValues = (ps: Periods) =>
  sql`(values ${sql.join(
    ps.map((p) => sql`(${p.k}::int, ${p.from}::date, ${p.to}::date)`),
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
 * Whether the caller is recused from any petition (回避). Most staff never are: their report
 * leaves out the recusal branches, which cost more to plan than the rest of the statement (on
 * PGlite ≈ 13 of 16 ms of planning for a province bureau's half-year report). A recusal recorded
 * between this probe and the report is as if the report had run a moment earlier.
 */
async function isRecusedFromAny(db: Db, scope: StatScope): Promise<boolean> {
  if (!scope) return false;
  const [row] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from recusals where user_id = ${scope.userId}::uuid) as any`,
  );
  return row.any;
}

/**
 * The facts of each period (k, fact columns, n): the rollup's rows for whole days, less the
 * petitions the caller is recused from, recounted from their rows (few).
 */
function periodFacts(o: AggregateOptions, scope: StatScope, recused: boolean, ps: Periods): SQL {
  const rollup = sql`select w.k, ${FACT_COLUMNS} from ${periodValues(ps)}
    cross join lateral (select * from stat_daily s where ${viewerCondition(scope)}
      and s.day between w.f and w.t${rollupFilters(o, sql`s.unit_id`)} offset 0) s`;
  if (!scope || !recused) return rollup;
  return sql`${rollup} union all select w.k, ${FACT_COLUMNS} from ${periodValues(ps)}
    cross join lateral (${recusedRows(o, scope, sql`cross join lateral stat_fact(petitions) f`, sql`f.*, -1 as n`)}) c`;
}

/** Returns (退回) per period and returning unit, like periodFacts. */
function periodReturns(o: AggregateOptions, scope: StatScope, recused: boolean, ps: Periods): SQL {
  const rollup = sql`select w.k, s.unit_id, s.n from ${periodValues(ps)}
    cross join lateral (select * from stat_daily_returns s where ${viewerCondition(scope)}
      and s.day between w.f and w.t${rollupFilters(o, sql`s.responsible_unit_id`)} offset 0) s`;
  if (!scope || !recused) return rollup;
  return sql`${rollup} union all select w.k, c.unit_id, -1 from ${periodValues(ps)}
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
function dueCounts(o: AggregateOptions, scope: StatScope, recused: boolean, ps: Periods): SQL {
  // One range over all the periods (constants, so the planner sees how few rows the partial index
  // holds), each row then counted in every period that contains it. The scope is probed per row:
  // few rows, and no semi-join for the planner to place (≈ 2 ms of planning each on PGlite).
  const first = ps.map((p) => p.from).sort()[0];
  const last = ps.map((p) => p.to).sort()[ps.length - 1];
  const count = (what: string, condition: SQL) =>
    sql`select w.k, ${what} as what, count(*)::int as n from ${periodValues(ps)}
      join (select petitions.registered_on from petitions where ${condition}
        and petitions.registered_on between ${first}::date and ${last}::date${
          scope ? sql` and ${recused ? and(scope.visibleEach, scope.notRecused) : scope.visibleEach}` : sql``
        }${rowFilters(o)}
        offset 0) x on x.registered_on between w.f and w.t group by w.k`;
  return sql`${count('acceptance', sql`petitions.acceptance_decided_on is null and petitions.acceptance_due_on >= ${o.asOf}::date`)}
    union all ${count('reply', sql`petitions.replied_on is null and petitions.reply_due_on >= ${o.asOf}::date`)}
    union all ${count(
      'evaluation',
      sql`coalesce(petitions.evaluation, '') = '' and petitions.replied_on >= ${o.asOf}::date - ${o.evaluationDays}::int`,
    )}`;
}

type ScalarRow = Record<
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

type Dim = 'channel' | 'purpose' | 'source' | 'region' | 'unit' | 'leader' | 'cat1' | 'cat2';

/**
 * One row of the answer, by part: 's' the scalar counts of period k (in `scalars`), 'g' a group of
 * a breakdown, 'b' the returns (退回) of a unit, 'd' a date-dependent count. The database sends
 * them as one JSON array of arrays: a few thousand protocol rows cost more to send and decode
 * than the same values in one JSON text (PGlite most: ≈ 3× at 5,000 rows).
 */
type Part = {
  part: 's' | 'g' | 'b' | 'd';
  k: number;
  dim: string | null;
  name: string | null;
  parent: string | null;
  b: number;
  p: number;
  cb: number;
  cp: number;
  scalars: ScalarRow | null;
};

/**
 * Every count of the statistics report for each period, computed by the database from the daily
 * rollup (stat_daily) in one statement: ONE hashed pass over the facts into six GROUPING SETS
 * (channel, purpose, region, unit, category × 人数, and the values the scalar figures filter on ×
 * 人数 × source × leader), whose groups then give the scalar figures (sum FILTER over groups, not
 * over facts), the source and leader breakdowns, the named breakdowns and the categories with
 * their parent rollup; the returns per unit; and the few date-dependent counts from the rows.
 * Scope filtering is exact (see periodFacts).
 */
export async function aggregateStatistics(
  db: Db,
  scope: StatScope,
  o: AggregateOptions,
): Promise<PeriodAggregates[]> {
  const th = o.collectiveThreshold;
  if (!Number.isInteger(th)) throw new Error('collectiveThreshold must be an integer');
  const n = (cond: string) => `coalesce(sum(b) filter (where ${cond}), 0)::int`;
  const s = (cond: string) => `coalesce(sum(p) filter (where ${cond}), 0)::int`;
  const scalars = sql.raw(`coalesce(sum(b), 0)::int as total_b, coalesce(sum(p), 0)::int as total_p,
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
      ${n('resolved')} as resolved, ${n('resolved is not null')} as resolved_applicable`);
  // 集体访 and 个体访 are visits (definitions.ts), counted from the channel × 人数 groups.
  const collective = `${VISIT} and persons >= ${th}`;
  const individual = `${VISIT} and persons < ${th}`;
  const visits = sql.raw(`${n(collective)} as coll_b, ${s(collective)} as coll_p,
      ${n(individual)} as ind_b, ${s(individual)} as ind_p`);
  const sums = sql`sum(b)::int, sum(p)::int`;
  const flags = sql.raw(`is_repeat, is_skip_level, concluded, acceptance, reply, replied, evaluation,
    same_day, report_approved, resolved, source, leader_name`);
  // One statement, one read of the facts (not materialized: its only reader is the GROUPING SETS,
  // a single hashed pass); every later step reads those groups (≈ 1/3 of the facts at a province).
  // Channels and categories keep 人数 in the key, so the collective counts (any threshold) come
  // from the groups. Regions and units are answered one row per code or unit with its name, and
  // merged by name below (sorting thousands of names cost PGlite more than the grouping itself).
  const recused = await isRecusedFromAny(db, scope);
  const indexed = o.periods.map((p, k) => ({ k, from: p.from, to: p.to, summaryOnly: p.summaryOnly }));
  const full = indexed.filter((p) => !p.summaryOnly);
  const summary = indexed.filter((p) => p.summaryOnly);
  // The periods counted in full, then the summary ones (channel and 人数 only: the other columns
  // of their groups are null, so every other count of theirs comes out empty).
  const groups = [
    ...(full.length
      ? [
          sql`select k,
        case when grouping(concluded) = 0 then 'flags' when grouping(category_id) = 0 then 'category'
          when grouping(channel) = 0 then 'channel' when grouping(purpose) = 0 then 'purpose'
          when grouping(region_code) = 0 then 'region' else 'unit' end as dim,
        channel, purpose, region_code, unit_id, category_id, persons, ${flags},
        sum(n) as b, sum(n * persons) as p
      from (${periodFacts(o, scope, recused, full)}) f
      group by grouping sets ((k, channel, persons), (k, purpose), (k, region_code), (k, unit_id),
        (k, category_id, channel, persons), (k, ${flags}))`,
        ]
      : []),
    ...(summary.length
      ? [
          sql`select k, case when grouping(channel) = 0 then 'channel' else 'flags' end,
        channel, null::text, null::text, null::uuid, null::uuid, persons, null::boolean, null::boolean,
        null::boolean, null::smallint, null::smallint, null::boolean, null::text, null::boolean, null::boolean,
        null::boolean, null::text, null::text, sum(n), sum(n * persons)
      from (${periodFacts(o, scope, recused, summary)}) f group by grouping sets ((k, channel, persons), (k))`,
        ]
      : []),
  ];
  const [answer] = await queryRows<{
    parts: Array<
      [
        Part['part'],
        number,
        string | null,
        string | null,
        string | null,
        number,
        number,
        number,
        number,
        ScalarRow | null,
      ]
    >;
  }>(
    db,
    sql`with gi as (${sql.join(groups, sql` union all `)}),
    sc as (select k, ${scalars} from gi where dim = 'flags' group by k),
    cv as (select k, ${visits} from gi where dim = 'channel' group by k),
    cat as (select k, category_id, sum(b) as b, sum(p) as p,
        coalesce(sum(b) filter (where ${sql.raw(collective)}), 0) as cb,
        coalesce(sum(p) filter (where ${sql.raw(collective)}), 0) as cp
      from gi where dim = 'category' group by k, category_id),
    gn as (
      select k, dim, coalesce(channel, purpose) as name, null::text as parent, sum(b)::int as b, sum(p)::int as p,
        0 as cb, 0 as cp
      from gi where dim in ('channel', 'purpose') group by k, dim, 3
      union all select k, 'source', source, null, ${sums}, 0, 0 from gi where dim = 'flags' group by k, source
      union all select k, 'leader', leader_name, null, ${sums}, 0, 0 from gi where dim = 'flags' group by k, leader_name
      union all select k, dim, coalesce(rg.name, gi.region_code), null, b::int, p::int, 0, 0
        from gi left join regions rg on rg.code = gi.region_code where dim = 'region'
      union all select k, dim, u.name, null, b::int, p::int, 0, 0
        from gi join units u on u.id = gi.unit_id where dim = 'unit'
      union all select k, case when grouping(cat2) = 0 then 'cat2' else 'cat1' end,
          case when grouping(cat2) = 0 then cat2 else cat1 end, case when grouping(cat2) = 0 then cat1 end, ${sums},
          sum(cb)::int, sum(cp)::int
        from (select cat.*, coalesce(pc.name, c.name, '未分类') as cat1,
            case when pc.name is not null then c.name end as cat2
          from cat left join categories c on c.id = cat.category_id left join categories pc on pc.id = c.parent_id) x
        group by grouping sets ((k, cat1), (k, cat1, cat2))),
    bo as (${
      full.length
        ? sql`select r.k, ru.name as unit, sum(r.n)::int as count from (${periodReturns(o, scope, recused, full)}) r
      join units ru on ru.id = r.unit_id group by r.k, ru.name having sum(r.n) <> 0`
        : sql`select null::int as k, null::text as unit, null::int as count where false`
    }),
    du as (${full.length ? dueCounts(o, scope, recused, full) : sql`select null::int as k, null::text as what, null::int as n where false`})
    select coalesce(json_agg(json_build_array(part, k, dim, name, parent, b, p, cb, cp, scalars)), '[]') as parts from (
      select 's' as part, k, null as dim, null as name, null as parent, 0 as b, 0 as p, 0 as cb, 0 as cp,
        to_jsonb(sc) || coalesce(to_jsonb(cv) - 'k', '{}') as scalars from sc left join cv using (k)
      union all select 'g', k, dim, name, parent, b, p, cb, cp, null from gn
        where name is not null and (b <> 0 or dim in ('region', 'unit'))
      union all select 'b', k, null, unit, null, count, 0, 0, 0, null from bo
      union all select 'd', k, what, null, null, n, 0, 0, 0, null from du) x`,
  );
  const parts = answer.parts.map(
    ([part, k, dim, name, parent, b, p, cb, cp, scalars]): Part => ({
      part,
      k,
      dim,
      name,
      parent,
      b,
      p,
      cb,
      cp,
      scalars,
    }),
  );
  const notYet = (k: number, what: string) =>
    parts.find((d) => d.part === 'd' && d.k === k && d.dim === what)?.b ?? 0;

  const result = o.periods.map(() => emptyAggregates());
  for (const x of parts) {
    if (x.part !== 's' || !x.scalars) continue;
    const r = x.scalars;
    const a = result[x.k];
    a.total = { batches: r.total_b, persons: r.total_p };
    a.collective = { batches: r.coll_b, persons: r.coll_p };
    a.individual = { batches: r.ind_b, persons: r.ind_p };
    a.leaderReceptions = { batches: r.leader_b, persons: r.leader_p };
    a.concluded = r.concluded;
    a.timely = {
      timely: r.timely,
      late: r.late_acc,
      overdueUndecided: r.open_acc - notYet(x.k, 'acceptance'),
    };
    const pending = notYet(x.k, 'reply');
    a.onTime = { onTime: r.on_time, late: r.late_reply, pending, overdueUnreplied: r.open_reply - pending };
    a.participation = { evaluated: r.evaluated, expired: r.unrated_replied - notYet(x.k, 'evaluation') };
    a.satisfaction = { satisfied: r.satisfied, basicallySatisfied: r.basically, evaluated: r.rated };
    a.sameDay = { sameDay: r.same_day, first: r.first_own };
    a.resolved = { resolved: r.resolved, applicable: r.resolved_applicable };
    a.reported = { approved: r.approved, fromAbove: r.from_above };
    a.first = { batches: r.first_b, persons: r.first_p };
    a.repeat = { batches: r.repeat_b, persons: r.repeat_p };
    a.skipLevel = { batches: r.skip_b, persons: r.skip_p };
  }
  // Regions and units come one row per code or unit, with its name: units of one name (and a
  // region's code where it has no name) are counted as one group here, as the definitions say.
  const byName = new Map<string, Part>();
  for (const x of parts) {
    if (x.part !== 'g' || x.name === null || (x.dim !== 'region' && x.dim !== 'unit')) continue;
    const key = `${x.k}\u0000${x.dim}\u0000${x.name}`;
    const seen = byName.get(key);
    if (seen) {
      seen.b += x.b;
      seen.p += x.p;
    } else byName.set(key, { ...x });
  }
  for (const x of parts) {
    if (x.part === 'g' && x.name !== null && x.dim !== 'region' && x.dim !== 'unit')
      addGroup(result[x.k], x.dim as Dim, x.name, x);
    if (x.part === 'b' && x.name !== null) result[x.k].bounces.push({ unit: x.name, count: x.b });
  }
  for (const x of byName.values())
    if (x.b !== 0 && x.name !== null) addGroup(result[x.k], x.dim as Dim, x.name, x);
  return result;
}

function addGroup(a: PeriodAggregates, dim: Dim, name: string, g: Part): void {
  const count = { batches: g.b, persons: g.p };
  const collective = { collectiveBatches: g.cb, collectivePersons: g.cp };
  switch (dim) {
    case 'channel':
      a.byChannel[name as Channel] = count;
      break;
    case 'purpose':
      a.purposes.push({ name: name as Purpose, ...count });
      break;
    case 'source':
      a.sources.push({ name: name as Source, ...count });
      break;
    case 'region':
      a.regions.push({ name, ...count });
      break;
    case 'unit':
      a.units.push({ name, ...count });
      break;
    case 'leader':
      a.leaders.push({ name, ...count });
      break;
    case 'cat1':
      a.categories.push({ name, parent: null, level: 1, ...count, ...collective });
      break;
    case 'cat2':
      a.categories.push({ name, parent: g.parent, level: 2, ...count, ...collective });
      break;
  }
}
