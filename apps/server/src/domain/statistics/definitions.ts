import { isVisit } from '@xinfang/contract';
import { addDays, diffDays, type IsoDate, shiftYears } from '../calendar/iso-date.ts';
import type { StatPetition } from './stat-record.ts';

/** Counts every statistic gives: 批次 (one per petition) and 人次 (its persons, summed). */
export type Count = { batches: number; persons: number };
export type Rate = { value: number | null; numerator: number; denominator: number };

export const emptyCount = (): Count => ({ batches: 0, persons: 0 });
export const countOf = (rows: readonly StatPetition[]): Count => ({
  batches: rows.length,
  persons: rows.reduce((s, r) => s + r.persons, 0),
});

export const rate = (numerator: number, denominator: number): Rate => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});

/** (current − previous) / previous; null when previous is 0. */
export const change = (current: number, previous: number): number | null =>
  previous === 0 ? null : (current - previous) / previous;

// 集体访 / 个体访: the rule lives in the contract, so the registration form marks a collective visit as here.
export { isCollective, isIndividualVisit } from '@xinfang/contract';

/**
 * 领导接访: the leader who received the petition, when it is a visit. A leader receives visitors: a
 * name on a letter or an online petition is no reception. Registration and the ledger import refuse
 * one; petitions registered before they did may carry one, and are not counted.
 */
export const receivingLeader = (r: Pick<StatPetition, 'channel' | 'leaderName'>): string | null =>
  isVisit(r.channel) && r.leaderName ? r.leaderName : null;

/** Registered within [from, to], both inclusive. */
export const inPeriod = (r: StatPetition, from: IsoDate, to: IsoDate): boolean =>
  r.registeredOn >= from && r.registeredOn <= to;

/** 同比: the same dates one year earlier (29 February → 28 February). */
export const previousYearPeriod = (from: IsoDate, to: IsoDate) => ({
  from: shiftYears(from, -1),
  to: shiftYears(to, -1),
});

/** 环比: the period of equal length that ends the day before `from`. */
export function previousPeriod(from: IsoDate, to: IsoDate) {
  const length = diffDays(from, to) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/** 已办结: the matter is closed (存档, 不予受理, 不再受理, 办结, 终结); everything else is 正在办理. */
export const CLOSED_STATES = new Set(['filed', 'declined', 'refused', 'concluded', 'final']);
export const isConcluded = (r: StatPetition): boolean => CLOSED_STATES.has(r.state);

/**
 * 及时受理率 = 及时受理 / (及时受理 + 超期受理 + 超期未受理). Cases whose acceptance decision is not
 * yet due and not yet made are left out; cases without an acceptance stage (filed directly) too.
 */
export function timelyAcceptance(rows: readonly StatPetition[], asOf: IsoDate) {
  let timely = 0;
  let late = 0;
  let overdueUndecided = 0;
  for (const r of rows) {
    if (!r.acceptanceDueOn) continue;
    if (r.acceptanceDecidedOn) {
      if (r.acceptanceDecidedOn <= r.acceptanceDueOn) timely++;
      else late++;
    } else if (asOf > r.acceptanceDueOn) overdueUndecided++;
  }
  return { ...rate(timely, timely + late + overdueUndecided), timely, late, overdueUndecided };
}

/**
 * 按期办结率 = 按期答复 / (按期答复 + 超期答复 + 未到期未答复 + 超期未答复), over every case with a reply
 * due date (accepted cases), as of `asOf`. The four outcomes are reported with the rate.
 */
export function onTimeConclusion(rows: readonly StatPetition[], asOf: IsoDate) {
  let onTime = 0;
  let late = 0;
  let pending = 0;
  let overdueUnreplied = 0;
  for (const r of rows) {
    if (!r.replyDueOn) continue;
    if (r.repliedOn) {
      if (r.repliedOn <= r.replyDueOn) onTime++;
      else late++;
    } else if (asOf > r.replyDueOn) overdueUnreplied++;
    else pending++;
  }
  return {
    ...rate(onTime, onTime + late + pending + overdueUnreplied),
    onTime,
    late,
    pending,
    overdueUnreplied,
  };
}

/**
 * 参评率 = 已评价 / (已评价 + 评价期满未评价). The evaluation window is `evaluationDays` calendar days
 * after the reply; replied cases still inside it are left out.
 */
export function evaluationParticipation(
  rows: readonly StatPetition[],
  asOf: IsoDate,
  evaluationDays: number,
) {
  let evaluated = 0;
  let expired = 0;
  for (const r of rows) {
    if (!r.repliedOn) continue;
    if (r.evaluation) evaluated++;
    else if (asOf > addDays(r.repliedOn, evaluationDays)) expired++;
  }
  return { ...rate(evaluated, evaluated + expired), evaluated, expired };
}

/** 满意率 = (满意 + 基本满意) / 已评价. */
export function satisfaction(rows: readonly StatPetition[]) {
  const evaluated = rows.filter((r) => r.evaluation);
  const satisfied = evaluated.filter((r) => r.evaluation === 'satisfied').length;
  const basically = evaluated.filter((r) => r.evaluation === 'basically_satisfied').length;
  return {
    ...rate(satisfied + basically, evaluated.length),
    satisfied,
    basicallySatisfied: basically,
    dissatisfied: evaluated.length - satisfied - basically,
  };
}

/** 日清日结率 = 初信初访中登记当日即分流的 / 初信初访 (本级登记). */
export function sameDayForwarding(rows: readonly StatPetition[]) {
  const first = rows.filter((r) => !r.isRepeat && r.source === 'own');
  const sameDay = first.filter((r) => r.firstTriagedOn === r.registeredOn).length;
  return { ...rate(sameDay, first.length), sameDay, first: first.length };
}

/** 结案率 = 已办结 / 总件数. */
export const concludedRate = (rows: readonly StatPetition[]): Rate =>
  rate(rows.filter(isConcluded).length, rows.length);

/** 化解率 = 已化解 / 记录了化解情况的办结件数 (recorded at 办结、审核办结、终结). */
export function resolvedRate(rows: readonly StatPetition[]): Rate {
  const applicable = rows.filter((r) => r.resolved !== null);
  return rate(applicable.filter((r) => r.resolved).length, applicable.length);
}

/** 上报办结率 = 上级交办件中审核办结的 / 上级交办件. */
export function reportedConcludedRate(rows: readonly StatPetition[]): Rate {
  const fromAbove = rows.filter((r) => r.source === 'from_above');
  return rate(fromAbove.filter((r) => r.reportApproved === true).length, fromAbove.length);
}

/** Groups rows by a key into counts, sorted by batches (then persons) descending. */
export function groupCounts<K extends string>(
  rows: readonly StatPetition[],
  key: (r: StatPetition) => K | null,
) {
  const groups = new Map<K, Count>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const c = groups.get(k) ?? emptyCount();
    c.batches++;
    c.persons += r.persons;
    groups.set(k, c);
  }
  return [...groups.entries()]
    .map(([name, c]) => ({ name, ...c }))
    .sort((a, b) => b.batches - a.batches || b.persons - a.persons || a.name.localeCompare(b.name, 'zh'));
}
