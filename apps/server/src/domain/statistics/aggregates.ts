import type { Channel, Purpose, Source } from '@xinfang/contract';
import type { IsoDate } from '../calendar/iso-date.ts';
import { type Count, emptyCount, rate } from './definitions.ts';
import { bounceOrder, CHANNELS, type CategoryRow, categoryOrder, type PeriodFigures } from './report.ts';

/** A group of a breakdown (属地, 责任单位, 目的, 来源, 接访领导) as counted by the database. */
export type GroupCount<K extends string = string> = { name: K; batches: number; persons: number };

/**
 * The counts of one period as a database computes them (count(*) FILTER, sum(persons) FILTER,
 * GROUP BY): every figure of the report is one of these counts or a ratio of two. The statistic
 * definitions over rows (`periodFigures`) are the oracle these counts are tested against.
 */
export type PeriodAggregates = {
  total: Count;
  byChannel: Partial<Record<Channel, Count>>;
  collective: Count;
  individual: Count;
  leaderReceptions: Count;
  concluded: number;
  timely: { timely: number; late: number; overdueUndecided: number };
  onTime: { onTime: number; late: number; pending: number; overdueUnreplied: number };
  participation: { evaluated: number; expired: number };
  satisfaction: { satisfied: number; basicallySatisfied: number; evaluated: number };
  sameDay: { sameDay: number; first: number };
  resolved: { resolved: number; applicable: number };
  reported: { approved: number; fromAbove: number };
  first: Count;
  repeat: Count;
  skipLevel: Count;
  /** Level-1 rows (each category or parent with the rollup of its children) and level-2 rows. */
  categories: CategoryRow[];
  purposes: GroupCount<Purpose>[];
  regions: GroupCount[];
  units: GroupCount[];
  sources: GroupCount<Source>[];
  leaders: GroupCount[];
  bounces: Array<{ unit: string; count: number }>;
};

export const emptyAggregates = (): PeriodAggregates => ({
  total: emptyCount(),
  byChannel: {},
  collective: emptyCount(),
  individual: emptyCount(),
  leaderReceptions: emptyCount(),
  concluded: 0,
  timely: { timely: 0, late: 0, overdueUndecided: 0 },
  onTime: { onTime: 0, late: 0, pending: 0, overdueUnreplied: 0 },
  participation: { evaluated: 0, expired: 0 },
  satisfaction: { satisfied: 0, basicallySatisfied: 0, evaluated: 0 },
  sameDay: { sameDay: 0, first: 0 },
  resolved: { resolved: 0, applicable: 0 },
  reported: { approved: 0, fromAbove: 0 },
  first: emptyCount(),
  repeat: emptyCount(),
  skipLevel: emptyCount(),
  categories: [],
  purposes: [],
  regions: [],
  units: [],
  sources: [],
  leaders: [],
  bounces: [],
});

const sorted = <K extends string>(groups: GroupCount<K>[]) =>
  groups
    .map((g) => ({ name: g.name, batches: g.batches, persons: g.persons }))
    .sort((a, b) => b.batches - a.batches || b.persons - a.persons || a.name.localeCompare(b.name, 'zh'));

/** The figures of one period from its counts: the same shape and order as `periodFigures` over rows. */
export function figuresFromAggregates(
  a: PeriodAggregates,
  period: { from: IsoDate; to: IsoDate },
): PeriodFigures {
  const t = a.timely;
  const o = a.onTime;
  const e = a.participation;
  const s = a.satisfaction;
  const timelyAcceptance = { ...rate(t.timely, t.timely + t.late + t.overdueUndecided), ...t };
  const onTimeConclusion = {
    ...rate(o.onTime, o.onTime + o.late + o.pending + o.overdueUnreplied),
    ...o,
  };
  const evaluationParticipation = { ...rate(e.evaluated, e.evaluated + e.expired), ...e };
  const satisfaction = {
    ...rate(s.satisfied + s.basicallySatisfied, s.evaluated),
    satisfied: s.satisfied,
    basicallySatisfied: s.basicallySatisfied,
    dissatisfied: s.evaluated - s.satisfied - s.basicallySatisfied,
  };
  const sameDayForwarding = { ...rate(a.sameDay.sameDay, a.sameDay.first), ...a.sameDay };
  const concluded = rate(a.concluded, a.total.batches);
  const resolved = rate(a.resolved.resolved, a.resolved.applicable);
  const reportedConcluded = rate(a.reported.approved, a.reported.fromAbove);
  return {
    from: period.from,
    to: period.to,
    total: a.total,
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, a.byChannel[c] ?? emptyCount()])) as Record<
      Channel,
      Count
    >,
    collective: a.collective,
    individual: a.individual,
    byCategory: [...a.categories].sort(categoryOrder),
    leaderReceptions: a.leaderReceptions,
    concluded: a.concluded,
    inProgress: a.total.batches - a.concluded,
    concludedRate: concluded.value,
    rates: {
      timelyAcceptance: timelyAcceptance.value,
      onTimeConclusion: onTimeConclusion.value,
      evaluationParticipation: evaluationParticipation.value,
      satisfaction: satisfaction.value,
      sameDayForwarding: sameDayForwarding.value,
      resolved: resolved.value,
      reportedConcluded: reportedConcluded.value,
    },
    rateDetails: {
      timelyAcceptance,
      onTimeConclusion,
      evaluationParticipation,
      satisfaction,
      sameDayForwarding,
      concluded,
      resolved,
      reportedConcluded,
    },
    byPurpose: sorted(a.purposes),
    byRegion: sorted(a.regions),
    byUnit: sorted(a.units),
    bySource: sorted(a.sources),
    firstVsRepeat: { first: a.first, repeat: a.repeat },
    skipLevel: a.skipLevel,
    leaders: sorted(a.leaders),
    bouncesByUnit: [...a.bounces].sort(bounceOrder),
  };
}
