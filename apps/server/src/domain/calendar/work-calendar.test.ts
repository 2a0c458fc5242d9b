import { describe, expect, it } from 'vitest';
import { shiftYears } from './iso-date.ts';
import { createWorkCalendar, parseCalendarImport } from './work-calendar.ts';

describe('work calendar', () => {
  const calendar = createWorkCalendar();
  it('knows holidays, 调休 workdays and weekends', () => {
    expect(calendar.dayInfo('2026-02-17')).toMatchObject({ workday: false, reason: 'holiday', name: '春节' });
    expect(calendar.dayInfo('2026-02-14')).toMatchObject({ workday: true, reason: 'makeup_workday' });
    expect(calendar.dayInfo('2026-03-07')).toMatchObject({ workday: false, reason: 'weekend' });
    expect(calendar.dayInfo('2026-03-09')).toMatchObject({ workday: true, reason: 'weekday' });
  });
  it('covers 2004–2026 only', () => {
    expect(calendar.hasDataFor(2026)).toBe(true);
    expect(calendar.hasDataFor(2027)).toBe(false);
  });
  it('shifts leap days to 28 February', () => {
    expect(shiftYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(shiftYears('2025-06-30', -1)).toBe('2024-06-30');
  });
});

describe('calendar import file', () => {
  it('reads CSV with comments and header', () => {
    const r = parseCalendarImport(
      '# 2027年节假日安排\ndate,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.year).toBe(2027);
    expect(r.entries).toHaveLength(2);
  });
  it('reads JSON', () => {
    expect(
      parseCalendarImport('[{"date":"2027-01-01","kind":"holiday","name":"元旦"}]').entries,
    ).toHaveLength(1);
  });
  it('reports every bad line and mixed years', () => {
    const r = parseCalendarImport(
      '2027-13-01,holiday,x\n2027-01-02,rest,x\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦',
    );
    expect(r.errors.map((e) => e.line)).toEqual([1, 2, 0]);
  });
});
