import { z } from 'zod';
import { addDays, type IsoDate } from '../calendar/iso-date.ts';
import { evaluationParticipation, onTimeConclusion, satisfaction, timelyAcceptance } from './definitions.ts';
import type { StatPetition } from './stat-record.ts';

/** Weights of the unit ranking (每周评查、每月通报、半年排名、年度考核); configurable per bureau. */
export const RankingWeightsSchema = z.object({
  timelyAcceptance: z.number().min(0).max(100).default(25),
  onTimeConclusion: z.number().min(0).max(100).default(35),
  evaluationParticipation: z.number().min(0).max(100).default(15),
  satisfaction: z.number().min(0).max(100).default(25),
  /** Points taken off for each case the unit returned (退回). */
  bouncePenalty: z.number().min(0).max(100).default(2),
});
export type RankingWeights = z.infer<typeof RankingWeightsSchema>;

export type RankingPeriod = 'week' | 'month' | 'half' | 'year';

/** The period of a ranking that contains `date`: ISO week (Mon–Sun), month, half year or year. */
export function rankingPeriod(kind: RankingPeriod, date: IsoDate): { from: IsoDate; to: IsoDate } {
  const [y, m] = date.split('-').map(Number);
  const pad = (n: number) => String(n).padStart(2, '0');
  const monthEnd = (mm: number) => `${y}-${pad(mm)}-${pad(new Date(Date.UTC(y, mm, 0)).getUTCDate())}`;
  switch (kind) {
    case 'week': {
      const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
      const from = addDays(date, -weekday);
      return { from, to: addDays(from, 6) };
    }
    case 'month':
      return { from: `${y}-${pad(m)}-01`, to: monthEnd(m) };
    case 'half':
      return m <= 6 ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

export type UnitScore = {
  rank: number;
  unit: string;
  cases: number;
  timelyAcceptance: number | null;
  onTimeConclusion: number | null;
  evaluationParticipation: number | null;
  satisfaction: number | null;
  bounces: number;
  score: number;
};

/**
 * Ranks the responsible units on the cases assigned to them in the period. A rate with no cases
 * behind it (null) scores full marks for its weight: a unit is not penalized for what it was not
 * given. Score = Σ weight × rate − bouncePenalty × 退回次数; ties share a rank.
 */
export function rankUnits(
  rows: readonly StatPetition[],
  weights: RankingWeights,
  asOf: IsoDate,
  evaluationDays: number,
): UnitScore[] {
  const byUnit = new Map<string, StatPetition[]>();
  const bounces = new Map<string, number>();
  for (const r of rows) {
    if (r.responsibleUnitName)
      byUnit.set(r.responsibleUnitName, [...(byUnit.get(r.responsibleUnitName) ?? []), r]);
    for (const ret of r.returns) {
      bounces.set(ret.unitName, (bounces.get(ret.unitName) ?? 0) + 1);
      if (!byUnit.has(ret.unitName)) byUnit.set(ret.unitName, []);
    }
  }
  const score = (v: number | null, w: number) => (v === null ? w : v * w);
  const scored = [...byUnit.entries()].map(([unit, cases]) => {
    const t = timelyAcceptance(cases, asOf).value;
    const o = onTimeConclusion(cases, asOf).value;
    const e = evaluationParticipation(cases, asOf, evaluationDays).value;
    const s = satisfaction(cases).value;
    const b = bounces.get(unit) ?? 0;
    const total =
      score(t, weights.timelyAcceptance) +
      score(o, weights.onTimeConclusion) +
      score(e, weights.evaluationParticipation) +
      score(s, weights.satisfaction) -
      weights.bouncePenalty * b;
    return {
      unit,
      cases: cases.length,
      timelyAcceptance: t,
      onTimeConclusion: o,
      evaluationParticipation: e,
      satisfaction: s,
      bounces: b,
      score: Math.round(total * 100) / 100,
    };
  });
  scored.sort((a, b) => b.score - a.score || b.cases - a.cases || a.unit.localeCompare(b.unit, 'zh'));
  let rank = 0;
  return scored.map((s, i) => {
    if (i === 0 || scored[i - 1].score !== s.score) rank = i + 1;
    return { ...s, rank };
  });
}
