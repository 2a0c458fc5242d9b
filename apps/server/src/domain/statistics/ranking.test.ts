import { describe, expect, it } from 'vitest';
import { RankingWeightsSchema, rankingPeriod, rankUnits } from './ranking.ts';
import type { StatPetition } from './stat-record.ts';

const base: Omit<StatPetition, 'id' | 'responsibleUnitName'> = {
  registeredOn: '2025-03-01',
  channel: 'visit',
  persons: 1,
  purpose: 'solution',
  categoryName: null,
  categoryParentName: null,
  regionCode: null,
  regionName: null,
  responsibleUnitId: null,
  source: 'own',
  isRepeat: false,
  isSkipLevel: false,
  leaderName: null,
  state: 'accepted',
  firstTriagedOn: '2025-03-01',
  acceptanceDueOn: '2025-03-16',
  acceptanceDecidedOn: '2025-03-05',
  replyDueOn: '2025-05-04',
  repliedOn: null,
  concludedOn: null,
  evaluation: null,
  resolved: null,
  reportApproved: null,
  returns: [],
};

describe('unit ranking', () => {
  it('finds the periods of a week, month, half year and year', () => {
    expect(rankingPeriod('week', '2025-03-05')).toEqual({ from: '2025-03-03', to: '2025-03-09' });
    expect(rankingPeriod('month', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(rankingPeriod('half', '2025-09-01')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(rankingPeriod('year', '2025-09-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('scores units by weighted rates minus bounces, ties sharing a rank', () => {
    const weights = RankingWeightsSchema.parse({});
    const rows: StatPetition[] = [
      { ...base, id: 'a', responsibleUnitName: '人社局', repliedOn: '2025-04-01', evaluation: 'satisfied' },
      {
        ...base,
        id: 'b',
        responsibleUnitName: '住建局',
        acceptanceDecidedOn: '2025-03-20',
        returns: [{ unitId: 'x', unitName: '自然资源局' }],
      },
      { ...base, id: 'c', responsibleUnitName: '农业局', repliedOn: '2025-04-01', evaluation: 'satisfied' },
    ];
    const ranking = rankUnits(rows, weights, '2025-06-01', 15);
    // 人社局 and 农业局: every rate 1 → 100. 住建局: late acceptance (0), reply overdue (0), nothing to rate → 15 + 25 = 40.
    // 自然资源局: no cases, 1 bounce → 100 − 2 = 98.
    expect(ranking.map((r) => [r.rank, r.unit, r.score])).toEqual([
      [1, '农业局', 100],
      [1, '人社局', 100],
      [3, '自然资源局', 98],
      [4, '住建局', 40],
    ]);
  });
});
