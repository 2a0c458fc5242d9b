import type { Channel } from '@xinfang/contract';
import type { IsoDate } from '../calendar/iso-date.ts';
import {
  type Count,
  change,
  concludedRate,
  countOf,
  evaluationParticipation,
  groupCounts,
  inPeriod,
  isCollective,
  isIndividualVisit,
  isConcluded,
  onTimeConclusion,
  previousPeriod,
  previousYearPeriod,
  receivingLeader,
  reportedConcludedRate,
  resolvedRate,
  sameDayForwarding,
  satisfaction,
  timelyAcceptance,
} from './definitions.ts';
import type { StatPetition } from './stat-record.ts';

export const CHANNELS: readonly Channel[] = ['visit', 'letter', 'online', 'phone', 'mailbox'];

export type ReportOptions = {
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  collectiveThreshold?: number;
  evaluationDays?: number;
};

export type CategoryRow = {
  name: string;
  parent: string | null;
  level: 1 | 2;
  batches: number;
  persons: number;
  collectiveBatches: number;
  collectivePersons: number;
};

/**
 * 内容分类 at the level recorded on each petition; every parent is also listed with the rollup of
 * itself and its children. Sorted by batches, then persons, descending.
 */
function byCategory(rows: readonly StatPetition[], threshold: number): CategoryRow[] {
  const table = new Map<string, CategoryRow>();
  const add = (name: string, parent: string | null, level: 1 | 2, r: StatPetition) => {
    const key = `${parent ?? ''}/${name}`;
    const row = table.get(key) ?? {
      name,
      parent,
      level,
      batches: 0,
      persons: 0,
      collectiveBatches: 0,
      collectivePersons: 0,
    };
    row.batches++;
    row.persons += r.persons;
    if (isCollective(r.channel, r.persons, threshold)) {
      row.collectiveBatches++;
      row.collectivePersons += r.persons;
    }
    table.set(key, row);
  };
  for (const r of rows) {
    const name = r.categoryName ?? '未分类';
    if (r.categoryParentName) {
      add(name, r.categoryParentName, 2, r);
      add(r.categoryParentName, null, 1, r);
    } else add(name, null, 1, r);
  }
  return [...table.values()].sort(categoryOrder);
}

/** Batches, then persons, descending; then level, name and parent (so ties never depend on row order). */
export const categoryOrder = (a: CategoryRow, b: CategoryRow): number =>
  b.batches - a.batches ||
  b.persons - a.persons ||
  a.level - b.level ||
  a.name.localeCompare(b.name, 'zh') ||
  (a.parent ?? '').localeCompare(b.parent ?? '', 'zh');

/** Returns per unit, most first; ties by unit name. */
export const bounceOrder = (a: { unit: string; count: number }, b: { unit: string; count: number }): number =>
  b.count - a.count || a.unit.localeCompare(b.unit, 'zh');

/** The figures of one period (no comparisons). */
export function periodFigures(all: readonly StatPetition[], o: ReportOptions) {
  const threshold = o.collectiveThreshold ?? 5;
  const rows = all.filter((r) => inPeriod(r, o.from, o.to));
  const collective = rows.filter((r) => isCollective(r.channel, r.persons, threshold));
  const byChannel = Object.fromEntries(
    CHANNELS.map((c) => [c, countOf(rows.filter((r) => r.channel === c))]),
  ) as Record<Channel, Count>;
  const concluded = rows.filter(isConcluded).length;
  const timely = timelyAcceptance(rows, o.asOf);
  const onTime = onTimeConclusion(rows, o.asOf);
  const participation = evaluationParticipation(rows, o.asOf, o.evaluationDays ?? 15);
  const satisfied = satisfaction(rows);
  const sameDay = sameDayForwarding(rows);
  const bounces = new Map<string, number>();
  for (const r of rows)
    for (const ret of r.returns) bounces.set(ret.unitName, (bounces.get(ret.unitName) ?? 0) + 1);
  return {
    from: o.from,
    to: o.to,
    total: countOf(rows),
    byChannel,
    collective: countOf(collective),
    individual: countOf(rows.filter((r) => isIndividualVisit(r.channel, r.persons, threshold))),
    byCategory: byCategory(rows, threshold),
    leaderReceptions: countOf(rows.filter((r) => receivingLeader(r))),
    concluded,
    inProgress: rows.length - concluded,
    concludedRate: concludedRate(rows).value,
    rates: {
      timelyAcceptance: timely.value,
      onTimeConclusion: onTime.value,
      evaluationParticipation: participation.value,
      satisfaction: satisfied.value,
      sameDayForwarding: sameDay.value,
      resolved: resolvedRate(rows).value,
      reportedConcluded: reportedConcludedRate(rows).value,
    },
    rateDetails: {
      timelyAcceptance: timely,
      onTimeConclusion: onTime,
      evaluationParticipation: participation,
      satisfaction: satisfied,
      sameDayForwarding: sameDay,
      concluded: concludedRate(rows),
      resolved: resolvedRate(rows),
      reportedConcluded: reportedConcludedRate(rows),
    },
    byPurpose: groupCounts(rows, (r) => r.purpose),
    byRegion: groupCounts(rows, (r) => r.regionName ?? r.regionCode),
    byUnit: groupCounts(rows, (r) => r.responsibleUnitName),
    bySource: groupCounts(rows, (r) => r.source),
    firstVsRepeat: {
      first: countOf(rows.filter((r) => !r.isRepeat)),
      repeat: countOf(rows.filter((r) => r.isRepeat)),
    },
    skipLevel: countOf(rows.filter((r) => r.isSkipLevel)),
    leaders: groupCounts(rows, receivingLeader),
    bouncesByUnit: [...bounces.entries()].map(([unit, count]) => ({ unit, count })).sort(bounceOrder),
  };
}

export type PeriodFigures = ReturnType<typeof periodFigures>;

const countChange = (cur: Count, prev: Count) => ({
  batches: change(cur.batches, prev.batches),
  persons: change(cur.persons, prev.persons),
});

function comparison(cur: PeriodFigures, prev: PeriodFigures) {
  return {
    total: countChange(cur.total, prev.total),
    byChannel: Object.fromEntries(
      CHANNELS.map((c) => [c, countChange(cur.byChannel[c], prev.byChannel[c])]),
    ) as Record<Channel, { batches: number | null; persons: number | null }>,
    collective: countChange(cur.collective, prev.collective),
  };
}

/**
 * The report of a period with 同比 (same dates a year earlier) and 环比 (the previous period of
 * equal length). `rows` must cover all three periods; `asOf` fixes every "overdue" judgement.
 */
export function buildReport(rows: readonly StatPetition[], o: ReportOptions) {
  return assembleReport(o, (period) => periodFigures(rows, { ...o, ...period }));
}

/** The three periods a report compares: the period itself, 同比 and 环比, in that order. */
export function reportPeriods(from: IsoDate, to: IsoDate): [Period, Period, Period] {
  return [{ from, to }, previousYearPeriod(from, to), previousPeriod(from, to)];
}

export type Period = { from: IsoDate; to: IsoDate };

/**
 * The three periods as the report reads them (`assembleReport`): every figure of the period and of
 * 同比, of 环比 only its total, channels and collective counts (`summaryOnly`).
 */
export function reportPeriodsRead(from: IsoDate, to: IsoDate): Array<Period & { summaryOnly: boolean }> {
  const [period, previousYear, previous] = reportPeriods(from, to);
  return [
    { ...period, summaryOnly: false },
    { ...previousYear, summaryOnly: false },
    { ...previous, summaryOnly: true },
  ];
}

/** The report from the figures of its three periods, however they were computed (rows or SQL). */
export function assembleReport(o: ReportOptions, figuresOf: (period: Period) => PeriodFigures) {
  const [, py, pp] = reportPeriods(o.from, o.to);
  const current = figuresOf({ from: o.from, to: o.to });
  const previousYear = figuresOf(py);
  const previous = figuresOf(pp);
  return {
    ...current,
    previousYear,
    yoy: comparison(current, previousYear),
    previousPeriod: {
      from: pp.from,
      to: pp.to,
      total: previous.total,
      byChannel: previous.byChannel,
      collective: previous.collective,
    },
    mom: comparison(current, previous),
  };
}

export type Report = ReturnType<typeof assembleReport>;

/** The earliest date a report over [from, to] needs rows from (for the caller's query). */
export function reportWindow(from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate } {
  const py = previousYearPeriod(from, to);
  const pp = previousPeriod(from, to);
  return { from: [py.from, pp.from].sort()[0], to };
}
