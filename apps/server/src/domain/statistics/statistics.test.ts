import { describe, expect, it } from 'vitest';
import {
  change,
  isCollective,
  isIndividualVisit,
  previousPeriod,
  previousYearPeriod,
  timelyAcceptance,
} from './definitions.ts';
import { periodLabel, renderNarrative } from './narrative.ts';
import { buildReport } from './report.ts';
import type { StatPetition } from './stat-record.ts';

let n = 0;
/** A petition with neutral defaults; each case overrides what it is about. */
function p(o: Partial<StatPetition>): StatPetition {
  n++;
  return {
    id: `p${n}`,
    registeredOn: '2025-03-01',
    channel: 'visit',
    persons: 1,
    purpose: 'solution',
    categoryName: '其他',
    categoryParentName: null,
    regionCode: '410225',
    regionName: '兰考县',
    responsibleUnitId: null,
    responsibleUnitName: null,
    source: 'own',
    isRepeat: false,
    isSkipLevel: false,
    leaderName: null,
    state: 'registered',
    firstTriagedOn: null,
    acceptanceDueOn: null,
    acceptanceDecidedOn: null,
    replyDueOn: null,
    repliedOn: null,
    concludedOn: null,
    evaluation: null,
    resolved: null,
    reportApproved: null,
    returns: [],
    ...o,
  };
}

const LABOUR = { categoryName: '劳资纠纷', categoryParentName: '劳动和社会保障' };
const DEMOLITION = { categoryName: '拆迁补偿', categoryParentName: '城乡建设' };

/** A hand-built half year (2025 H1) and the same half a year earlier; figures worked out in the comments. */
const LEDGER: StatPetition[] = [
  // A: first day of the period, collective visit received by a leader, concluded, everything on time, satisfied.
  p({
    registeredOn: '2025-01-01',
    persons: 6,
    ...LABOUR,
    leaderName: '赵县长',
    state: 'concluded',
    firstTriagedOn: '2025-01-01',
    acceptanceDueOn: '2025-01-16',
    acceptanceDecidedOn: '2025-01-10',
    replyDueOn: '2025-03-11',
    repliedOn: '2025-03-01',
    concludedOn: '2025-03-05',
    evaluation: 'satisfied',
  }),
  // B: last day of the period, a letter not yet triaged.
  p({ registeredOn: '2025-06-30', channel: 'letter', ...DEMOLITION }),
  // C: collective exactly at the threshold (5); accepted late; reply overdue on 07-15.
  p({
    registeredOn: '2025-03-15',
    persons: 5,
    ...LABOUR,
    state: 'accepted',
    firstTriagedOn: '2025-03-16',
    acceptanceDueOn: '2025-03-31',
    acceptanceDecidedOn: '2025-04-02',
    replyDueOn: '2025-06-01',
  }),
  // D: 4 persons (individual), leader reception, replied late, evaluation window (15 days) expired unevaluated.
  p({
    registeredOn: '2025-04-10',
    persons: 4,
    leaderName: '钱副县长',
    state: 'replied',
    firstTriagedOn: '2025-04-10',
    acceptanceDueOn: '2025-04-25',
    acceptanceDecidedOn: '2025-04-20',
    replyDueOn: '2025-06-19',
    repliedOn: '2025-06-25',
  }),
  // E: online repeat petition, filed.
  p({
    registeredOn: '2025-05-05',
    channel: 'online',
    ...DEMOLITION,
    isRepeat: true,
    state: 'filed',
    firstTriagedOn: '2025-05-05',
  }),
  // F: phone, skip-level, replied on time, dissatisfied.
  p({
    registeredOn: '2025-02-10',
    channel: 'phone',
    ...LABOUR,
    isSkipLevel: true,
    state: 'evaluated',
    firstTriagedOn: '2025-02-10',
    acceptanceDueOn: '2025-02-25',
    acceptanceDecidedOn: '2025-02-20',
    replyDueOn: '2025-04-21',
    repliedOn: '2025-04-01',
    evaluation: 'dissatisfied',
  }),
  // I: mailbox, accepted in time, reply not yet due.
  p({
    registeredOn: '2025-06-20',
    channel: 'mailbox',
    state: 'accepted',
    firstTriagedOn: '2025-06-20',
    acceptanceDueOn: '2025-07-05',
    acceptanceDecidedOn: '2025-06-22',
    replyDueOn: '2025-08-21',
  }),
  // Outside the period on both sides.
  p({ registeredOn: '2024-12-31', persons: 3 }),
  p({ registeredOn: '2025-07-01', persons: 2 }),
  // The same half a year earlier: 3 batches, 13 persons (a leap day included).
  p({ registeredOn: '2024-02-29', persons: 10, ...LABOUR, state: 'concluded' }),
  p({ registeredOn: '2024-03-01', channel: 'letter', ...DEMOLITION, state: 'concluded' }),
  p({ registeredOn: '2024-06-30', persons: 2, state: 'concluded' }),
];

const OPTIONS = {
  from: '2025-01-01',
  to: '2025-06-30',
  asOf: '2025-07-15',
  collectiveThreshold: 5,
  evaluationDays: 15,
};

describe('statistic definitions', () => {
  it('collective is a visit at or above the threshold; an individual visit is one below it', () => {
    expect(isCollective('visit', 5)).toBe(true);
    expect(isCollective('visit', 4)).toBe(false);
    expect(isCollective('visit', 3, 3)).toBe(true);
    expect(isIndividualVisit('visit', 4)).toBe(true);
    expect(isIndividualVisit('visit', 5)).toBe(false);
    // A joint letter or online petition of many names is no visit, collective or individual.
    for (const channel of ['letter', 'online', 'phone', 'mailbox']) {
      expect(isCollective(channel, 12)).toBe(false);
      expect(isIndividualVisit(channel, 1)).toBe(false);
    }
  });
  it('change is null when the previous figure is 0', () => {
    expect(change(50, 26)).toBeCloseTo(0.923, 3);
    expect(change(3, 0)).toBeNull();
    expect(change(0, 4)).toBe(-1);
  });
  it('compares with the same dates a year earlier (leap day → 28 February) and the previous equal period', () => {
    expect(previousYearPeriod('2025-01-01', '2025-06-30')).toEqual({ from: '2024-01-01', to: '2024-06-30' });
    expect(previousYearPeriod('2024-02-01', '2024-02-29')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(previousPeriod('2025-07-01', '2025-07-31')).toEqual({ from: '2025-05-31', to: '2025-06-30' });
  });
  it('leaves undecided cases that are not yet due out of 及时受理率', () => {
    const r = timelyAcceptance(
      [p({ acceptanceDueOn: '2025-07-20' }), p({ acceptanceDueOn: '2025-07-01' })],
      '2025-07-15',
    );
    expect(r).toMatchObject({ timely: 0, late: 0, overdueUndecided: 1, value: 0 });
    expect(timelyAcceptance([], '2025-07-15').value).toBeNull();
  });
});

describe('the half-year report on a hand-built ledger', () => {
  const report = buildReport(LEDGER, OPTIONS);

  it('counts batches and persons by channel, collective and leader receptions, boundaries included', () => {
    expect(report.total).toEqual({ batches: 7, persons: 19 });
    expect(report.byChannel).toEqual({
      visit: { batches: 3, persons: 15 },
      letter: { batches: 1, persons: 1 },
      online: { batches: 1, persons: 1 },
      phone: { batches: 1, persons: 1 },
      mailbox: { batches: 1, persons: 1 },
    });
    expect(report.collective).toEqual({ batches: 2, persons: 11 });
    // 个体访: the visits below the threshold (D), not the letters, calls and online petitions.
    expect(report.individual).toEqual({ batches: 1, persons: 4 });
    expect(report.leaderReceptions).toEqual({ batches: 2, persons: 10 });
    expect(report.firstVsRepeat.repeat).toEqual({ batches: 1, persons: 1 });
    expect(report.skipLevel).toEqual({ batches: 1, persons: 1 });
  });

  it('lists categories at their recorded level with parent rollups', () => {
    expect(report.byCategory).toEqual([
      {
        name: '劳动和社会保障',
        parent: null,
        level: 1,
        batches: 3,
        persons: 12,
        collectiveBatches: 2,
        collectivePersons: 11,
      },
      {
        name: '劳资纠纷',
        parent: '劳动和社会保障',
        level: 2,
        batches: 3,
        persons: 12,
        collectiveBatches: 2,
        collectivePersons: 11,
      },
      {
        name: '其他',
        parent: null,
        level: 1,
        batches: 2,
        persons: 5,
        collectiveBatches: 0,
        collectivePersons: 0,
      },
      {
        name: '城乡建设',
        parent: null,
        level: 1,
        batches: 2,
        persons: 2,
        collectiveBatches: 0,
        collectivePersons: 0,
      },
      {
        name: '拆迁补偿',
        parent: '城乡建设',
        level: 2,
        batches: 2,
        persons: 2,
        collectiveBatches: 0,
        collectivePersons: 0,
      },
    ]);
  });

  it('computes every rate from its definition', () => {
    expect(report.concluded).toBe(2);
    expect(report.inProgress).toBe(5);
    expect(report.concludedRate).toBeCloseTo(2 / 7, 10);
    expect(report.rates.timelyAcceptance).toBe(0.8); // A, D, F, I timely; C late
    expect(report.rates.onTimeConclusion).toBe(0.4); // A, F on time; D late; I pending; C overdue
    expect(report.rates.evaluationParticipation).toBeCloseTo(2 / 3, 10); // A, F rated; D expired
    expect(report.rates.satisfaction).toBe(0.5); // A satisfied, F dissatisfied
    expect(report.rates.sameDayForwarding).toBeCloseTo(4 / 6, 10); // A, D, F, I of A, B, C, D, F, I
    expect(report.rateDetails.onTimeConclusion).toMatchObject({
      onTime: 2,
      late: 1,
      pending: 1,
      overdueUnreplied: 1,
    });
  });

  it('compares with the same half a year earlier', () => {
    expect(report.previousYear.total).toEqual({ batches: 3, persons: 13 });
    expect(report.previousYear.collective).toEqual({ batches: 1, persons: 10 });
    expect(report.yoy.total.batches).toBeCloseTo(4 / 3, 10);
    expect(report.yoy.total.persons).toBeCloseTo(6 / 13, 10);
    expect(report.yoy.byChannel.visit).toEqual({ batches: 0.5, persons: 0.25 });
    expect(report.yoy.byChannel.letter).toEqual({ batches: 0, persons: 0 });
    expect(report.yoy.byChannel.online).toEqual({ batches: null, persons: null });
    expect(report.yoy.collective).toEqual({ batches: 1, persons: 0.1 });
    expect(report.previousPeriod).toMatchObject({
      from: '2024-07-04',
      to: '2024-12-31',
      total: { batches: 1, persons: 3 },
    });
  });

  it('writes the statistics section in the voice of the work summaries', () => {
    expect(renderNarrative(report).paragraphs).toEqual([
      '元至六月，共接待各类群众来信来访7批19人次，与去年同期（3批13人次）相比件数上升133%、人数上升46%。其中来信1件，来访3批15人次，网上信访1件，来电1件，领导信箱1件。集体访2批11人次，个体访1批4人次。领导接访2批10人次。',
      '按内容分类：劳资纠纷问题3批12人次（其中集体访2批11人次），其他问题2批5人次，拆迁补偿问题2批2人次。',
      '重复信访1批1人次，越级信访1批1人次。',
      '各类信访事项已办结2件，正在办理5件，结案率29%。及时受理率80%，按期办结率40%，参评率67%，满意率50%，日清日结率67%。',
    ]);
  });

  it('counts a joint letter of many names as no visit: neither collective nor individual', () => {
    const joint = buildReport(
      [
        p({ registeredOn: '2025-02-01', channel: 'letter', persons: 12, ...LABOUR }),
        p({ registeredOn: '2025-02-02', channel: 'online', persons: 7, ...LABOUR }),
        p({ registeredOn: '2025-02-03', channel: 'visit', persons: 8, ...LABOUR }),
        p({ registeredOn: '2025-02-04', channel: 'visit', persons: 2, ...LABOUR }),
      ],
      OPTIONS,
    );
    expect(joint.total).toEqual({ batches: 4, persons: 29 });
    expect(joint.collective).toEqual({ batches: 1, persons: 8 });
    expect(joint.individual).toEqual({ batches: 1, persons: 2 });
    expect(joint.byCategory.find((c) => c.name === '劳资纠纷')).toMatchObject({
      batches: 4,
      persons: 29,
      collectiveBatches: 1,
      collectivePersons: 8,
    });
    expect(renderNarrative(joint).paragraphs[0]).toBe(
      '元至六月，共接待各类群众来信来访4批29人次，去年同期无可比数据。其中来信1件，来访2批10人次，网上信访1件。集体访1批8人次，个体访1批2人次。',
    );
  });

  it('counts a leader reception only on a visit: a name on a letter or the mailbox is none', () => {
    const named = buildReport(
      [
        p({ registeredOn: '2025-02-01', channel: 'visit', persons: 3, leaderName: '赵县长' }),
        p({ registeredOn: '2025-02-02', channel: 'letter', persons: 2, leaderName: '赵县长' }),
        p({ registeredOn: '2025-02-03', channel: 'mailbox', leaderName: '钱副县长' }),
        p({ registeredOn: '2025-02-04', channel: 'online', leaderName: '钱副县长' }),
        p({ registeredOn: '2025-02-05', channel: 'visit', persons: 2, leaderName: '钱副县长' }),
        p({ registeredOn: '2025-02-06', channel: 'visit', persons: 4 }),
      ],
      OPTIONS,
    );
    // Visits received by a leader: 3 + 2 persons; the letter, mailbox and online petition are not.
    expect(named.leaderReceptions).toEqual({ batches: 2, persons: 5 });
    expect(named.leaders).toEqual([
      { name: '赵县长', batches: 1, persons: 3 },
      { name: '钱副县长', batches: 1, persons: 2 },
    ]);
    expect(renderNarrative(named).paragraphs[0]).toContain('领导接访2批5人次。');
  });

  it('says so when there is nothing to compare with', () => {
    const lonely = buildReport([p({ registeredOn: '2025-02-01' })], OPTIONS);
    expect(renderNarrative(lonely).text).toContain('去年同期无可比数据');
    expect(renderNarrative(buildReport([], OPTIONS)).text).toBe('元至六月，未受理群众来信来访。');
  });

  it('labels periods as the summaries do', () => {
    expect(periodLabel('2025-01-01', '2025-06-30')).toBe('元至六月');
    expect(periodLabel('2025-01-01', '2025-12-31')).toBe('全年');
    expect(periodLabel('2025-07-01', '2025-09-30')).toBe('七至九月');
    expect(periodLabel('2025-03-01', '2025-03-31')).toBe('三月份');
    expect(periodLabel('2025-03-05', '2025-04-08')).toBe('3月5日至4月8日');
  });
});
