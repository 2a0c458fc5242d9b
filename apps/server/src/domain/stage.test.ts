import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from './calendar/work-calendar.ts';
import { workingDaysDue } from './deadlines.ts';
import { DEFAULT_POLICY, effectivePolicy, type Policy } from './policy.ts';
import { PETITIONER_WINDOWS, requestInTime, type StageFacts, stageDeadline, stageOwner } from './stage.ts';

// 2026 national schedule (国务院办公厅): 春节 02-15..02-23 (调休上班 Sat 02-14, Sat 02-28);
// 清明 04-04..04-06; 中秋 09-25..09-27; 国庆 10-01..10-07 (调休上班 Sun 09-20, Sat 10-10).
const calendar = createWorkCalendar();

const facts = (over: Partial<StageFacts>): StageFacts => ({
  state: 'registered',
  purpose: 'solution',
  isRepeat: false,
  registeredOn: '2026-03-02',
  receivedOn: null,
  acceptedOn: null,
  extensionDays: 0,
  replyServedOn: null,
  reviewRequestedOn: null,
  reviewServedOn: null,
  reReviewRequestedOn: null,
  hearingDays: 0,
  ...over,
});

const due = (f: Partial<StageFacts>, policy: Policy = DEFAULT_POLICY) =>
  stageDeadline(facts(f), policy, calendar)?.due;

describe('statutory periods of the 条例, hand-computed across the 2026 holidays', () => {
  const cases: Array<[string, Partial<StageFacts>, string | null]> = [
    // 第二十二条 15 日: Fri 02-13 + 15 = Sat 02-28, a 调休 working Saturday: due that day.
    ['forward: 15 days ending on a 调休 Saturday', { registeredOn: '2026-02-13' }, '2026-02-28'],
    // 第二十三条 15 日 from receipt: Fri 02-06 + 15 = Sat 02-21 (春节) → Tue 02-24.
    [
      'acceptance: receipt 02-06 rolls out of the Spring Festival',
      { state: 'transferred', receivedOn: '2026-02-06' },
      '2026-02-24',
    ],
    // Tue 09-22 + 15 = Wed 10-07 (国庆) → Thu 10-08.
    [
      'acceptance: receipt 09-22 rolls out of National Day',
      { state: 'pending_acceptance', receivedOn: '2026-09-22' },
      '2026-10-08',
    ],
    // 第三十四条 60 日: Fri 2025-12-19 + 60 = Tue 02-17 (春节) → Tue 02-24.
    [
      'handling: 60 days rolled out of the Spring Festival',
      { state: 'accepted', acceptedOn: '2025-12-19' },
      '2026-02-24',
    ],
    // Extension of 30 from the unrolled due date 02-17: 03-19 (Thu) — not 02-24 + 30 = 03-26.
    [
      'handling: extension runs from the due date before roll-over',
      { state: 'accepted', acceptedOn: '2025-12-19', extensionDays: 30 },
      '2026-03-19',
    ],
    // 第三十五条 30 日 from receipt: delivered Sat 09-05 + 30 = Mon 10-05 (国庆) → Thu 10-08.
    [
      'review window: reply delivered on a Saturday',
      { state: 'replied', replyServedOn: '2026-09-05' },
      '2026-10-08',
    ],
    ['review window: not started before delivery', { state: 'replied', replyServedOn: null }, null],
    // 复查 decision 30 日 from the request: Mon 03-02 + 30 = Wed 04-01.
    ['review decision', { state: 'review_requested', reviewRequestedOn: '2026-03-02' }, '2026-04-01'],
    // 第三十六条: delivered Mon 03-02 + 30 = Wed 04-01.
    [
      're-review window from the delivery of the 复查意见书',
      { state: 'reviewed', reviewServedOn: '2026-03-02' },
      '2026-04-01',
    ],
    // 复核 30 日 + a 3-day 听证 not counted: 03-02 + 33 = Sat 04-04 (清明) → Tue 04-07.
    [
      're-review decision paused by a 3-day hearing',
      { state: 're_review_requested', reReviewRequestedOn: '2026-03-02', hearingDays: 3 },
      '2026-04-07',
    ],
    [
      're-review decision without a hearing',
      { state: 're_review_requested', reReviewRequestedOn: '2026-03-02' },
      '2026-04-01',
    ],
  ];
  it.each(cases)('%s', (_name, f, expected) => {
    expect(due(f)).toBe(expected);
  });

  it('no review chain for 意见建议 and 检举控告', () => {
    expect(
      stageDeadline(
        facts({ state: 'replied', purpose: 'suggestion', replyServedOn: '2026-03-02' }),
        DEFAULT_POLICY,
        calendar,
      ),
    ).toBeNull();
    expect(
      stageDeadline(
        facts({ state: 'replied', purpose: 'report', replyServedOn: '2026-03-02' }),
        DEFAULT_POLICY,
        calendar,
      ),
    ).toBeNull();
    expect(due({ state: 'replied', purpose: 'appeal', replyServedOn: '2026-03-02' })).toBe('2026-04-01');
  });

  it('the objection period of art. 23 is 5 working days: Thu 09-24 → Fri 10-09 across 中秋 and 国庆', () => {
    // 09-25..27 中秋, 09-28/29/30 = 1..3, 10-01..07 国庆, 10-08 = 4, 10-09 = 5.
    expect(workingDaysDue('2026-09-24', 5, calendar).due).toBe('2026-10-09');
  });
});

describe("the petitioner's windows count from receipt (第三十五条、第三十六条)", () => {
  it('a request on day 30 after receipt is in time, on day 31 it is late', () => {
    // Delivered Mon 03-02: day 30 = Wed 04-01, day 31 = Thu 04-02.
    expect(requestInTime('2026-03-02', 30, '2026-04-01', calendar)).toEqual({
      inTime: true,
      windowEndsOn: '2026-04-01',
    });
    expect(requestInTime('2026-03-02', 30, '2026-04-02', calendar).inTime).toBe(false);
  });

  it('a last day on a holiday extends to the next working day', () => {
    // Delivered Sat 09-05: day 30 = 10-05 (国庆) → 10-08; 10-08 in time, 10-09 late.
    expect(requestInTime('2026-09-05', 30, '2026-10-08', calendar).inTime).toBe(true);
    expect(requestInTime('2026-09-05', 30, '2026-10-09', calendar).inTime).toBe(false);
  });

  it('bind the petitioner, every other clock the organ', () => {
    expect(PETITIONER_WINDOWS).toEqual(['review_window', 're_review_window']);
    for (const stage of ['forward', 'acceptance', 'handling', 'review', 're_review'] as const)
      expect(stageOwner(stage)).toBe('unit');
    for (const stage of PETITIONER_WINDOWS) expect(stageOwner(stage)).toBe('petitioner');
  });

  it('before delivery the window has not started: any request is in time', () => {
    expect(requestInTime(null, 30, '2027-01-01', calendar)).toEqual({ inTime: true, windowEndsOn: null });
  });
});

describe('internal targets are the bureau policy, never the statutory count', () => {
  it('日清日结 forwards a first petition the same day; a repeat keeps the 15 days', () => {
    const gd = effectivePolicy([{ internal: { dailyClearance: true } }]);
    expect(due({ registeredOn: '2026-02-13' }, gd)).toBe('2026-02-13');
    expect(due({ registeredOn: '2026-02-13', isRepeat: true }, gd)).toBe('2026-02-28');
  });

  it('a forwarding target in working days: Fri 02-13 + 3 working days = 02-14 (调休), 02-24, 02-25', () => {
    const p = effectivePolicy([{ internal: { forwardTargetDays: 3, dayMode: 'working' } }]);
    expect(due({ registeredOn: '2026-02-13' }, p)).toBe('2026-02-25');
  });

  it("working days in a bureau's policy never touch statutory periods", () => {
    const p = effectivePolicy([{ internal: { dayMode: 'working' } }]);
    expect(due({ state: 'accepted', acceptedOn: '2025-12-19' }, p)).toBe('2026-02-24');
  });

  it('a shortened limit applies; a longer one is refused', () => {
    const p = effectivePolicy([{ limits: { handlingDays: 45 } }]);
    // Mon 03-02 + 45 = Thu 04-16.
    expect(due({ state: 'accepted', acceptedOn: '2026-03-02' }, p)).toBe('2026-04-16');
    expect(() => effectivePolicy([{ limits: { handlingDays: 61 } }])).toThrow(/第三十四条规定的60日/);
  });

  it('patches are inherited down the region chain, the nearest wins', () => {
    const p = effectivePolicy([
      { limits: { handlingDays: 50, acceptanceDays: 10 } },
      { limits: { handlingDays: 40 } },
    ]);
    expect(p.limits.handlingDays).toBe(40);
    expect(p.limits.acceptanceDays).toBe(10);
    expect(p.internal.dailyClearance).toBe(false);
  });
});
