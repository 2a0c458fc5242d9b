import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from './calendar/work-calendar.ts';
import { computeDue, deadlineStatus } from './deadlines.ts';
import { DEFAULT_TIME_LIMITS } from './time-limits.ts';

const calendar = createWorkCalendar();

describe('deadline arithmetic across the 2026 Spring Festival (holiday 02-15..02-23; 调休 Saturdays 02-14 and 02-28)', () => {
  it('working days: makeup Saturdays count, holidays and weekends do not', () => {
    // Thu 02-12 + 5 working days: 02-13, 02-14 (调休 Sat), [holiday], 02-24, 02-25, 02-26.
    const r = computeDue({ start: '2026-02-12', days: 5, mode: 'working', calendar });
    expect(r.due).toBe('2026-02-26');
    expect(r.warnings).toEqual([]);
    expect(r.explanation.join('\n')).toContain('春节');
    expect(r.explanation.join('\n')).toContain('2026-02-14');
  });

  it('15 working days from Tue 02-10 end on Mon 03-09', () => {
    // 02-11,12,13,14(调休) =4; 02-24..28 (28 调休) =9; 03-02..06 =14; 03-09 =15.
    expect(computeDue({ start: '2026-02-10', days: 15, mode: 'working', calendar }).due).toBe('2026-03-09');
  });

  it('calendar days: a period ending inside the holiday rolls to the first working day after it', () => {
    const r = computeDue({ start: '2026-02-10', days: 5, mode: 'calendar', calendar });
    expect(r.due).toBe('2026-02-24');
    expect(r.explanation.join('\n')).toContain('顺延');
  });

  it('calendar days without roll-over end on the rest day itself', () => {
    expect(
      computeDue({ start: '2026-02-10', days: 5, mode: 'calendar', calendar, rollOverRestDay: false }).due,
    ).toBe('2026-02-15');
  });

  it('calendar days ending on a 调休 Saturday end there (it is a working day)', () => {
    expect(computeDue({ start: '2026-02-13', days: 15, mode: 'calendar', calendar }).due).toBe('2026-02-28');
  });
});

describe('other deadline cases', () => {
  it('counts from the day after a Friday start', () => {
    // Fri 2026-03-06 + 1 working day = Mon 03-09; + 1 calendar day = Sat 03-07 → Mon 03-09.
    expect(computeDue({ start: '2026-03-06', days: 1, mode: 'working', calendar }).due).toBe('2026-03-09');
    expect(computeDue({ start: '2026-03-06', days: 1, mode: 'calendar', calendar }).due).toBe('2026-03-09');
  });

  it('crosses the 2025 National Day holiday (10-01..10-08, 调休 Sat 10-11)', () => {
    // Tue 09-30 + 3 working days: 10-09, 10-10, 10-11 (调休 Saturday).
    expect(computeDue({ start: '2025-09-30', days: 3, mode: 'working', calendar }).due).toBe('2025-10-11');
  });

  it('days = 0 is due the same day (日清日结)', () => {
    expect(computeDue({ start: '2026-03-07', days: 0, mode: 'calendar', calendar }).due).toBe('2026-03-07');
  });

  it('warns loudly when a period runs into a year without holiday data', () => {
    const r = computeDue({ start: '2026-12-20', days: 15, mode: 'working', calendar });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'CALENDAR_YEAR_MISSING', year: 2027 })]);
    expect(r.explanation.join('\n')).toContain('2027年节假日安排尚未导入');
    const later = computeDue({ start: '2027-03-01', days: 10, mode: 'calendar', calendar });
    expect(later.warnings.map((w) => w.year)).toEqual([2027]);
  });

  it('an imported year silences the warning and its holidays count', () => {
    const imported = createWorkCalendar({
      extraYears: [2027],
      overrides: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-04', kind: 'holiday', name: '元旦' },
      ],
    });
    const r = computeDue({ start: '2026-12-31', days: 1, mode: 'working', calendar: imported });
    expect(r.warnings).toEqual([]);
    expect(r.due).toBe('2027-01-05'); // 01-01 holiday, 01-02/03 weekend, 01-04 holiday
  });

  it('admin overrides win over the national data', () => {
    const overridden = createWorkCalendar({
      overrides: [{ date: '2026-02-24', kind: 'holiday', name: '本地调整' }],
    });
    expect(computeDue({ start: '2026-02-10', days: 5, mode: 'calendar', calendar: overridden }).due).toBe(
      '2026-02-25',
    );
  });

  it('tells normal, near due and overdue', () => {
    expect(deadlineStatus({ due: '2026-03-10', today: '2026-03-01', nearDueDays: 3 })).toEqual({
      status: 'normal',
      daysLeft: 9,
    });
    expect(deadlineStatus({ due: '2026-03-10', today: '2026-03-07', nearDueDays: 3 }).status).toBe(
      'near_due',
    );
    expect(deadlineStatus({ due: '2026-03-10', today: '2026-03-10', nearDueDays: 3 }).status).toBe(
      'near_due',
    );
    expect(deadlineStatus({ due: '2026-03-10', today: '2026-03-11', nearDueDays: 3 })).toEqual({
      status: 'overdue',
      daysLeft: -1,
    });
  });

  it('has the 条例 defaults', () => {
    expect(DEFAULT_TIME_LIMITS).toMatchObject({
      forwardDays: 15,
      acceptanceDays: 15,
      handlingDays: 60,
      maxExtensionDays: 30,
    });
  });
});
