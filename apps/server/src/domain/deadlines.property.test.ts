import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, diffDays } from './calendar/iso-date.ts';
import { type CalendarOverride, createWorkCalendar } from './calendar/work-calendar.ts';
import { statutoryDue } from './deadlines.ts';

// Random calendars in a year the package has no data for (2031): only generated holidays and 调休.
const BASE = '2031-01-01';
const dayIn = fc.integer({ min: 0, max: 330 }).map((n) => addDays(BASE, n));
const override = fc.record({
  date: dayIn,
  kind: fc.constantFrom<'workday' | 'holiday'>('holiday', 'holiday', 'workday'),
});
const calendars = fc.uniqueArray(override, { selector: (o) => o.date, maxLength: 40 });
const build = (overrides: CalendarOverride[]) => createWorkCalendar({ overrides, extraYears: [2031, 2032] });

describe('statutory due dates on random calendars (property)', () => {
  it('are working days, never before the plain calendar count, and the first working day from it', () => {
    fc.assert(
      fc.property(calendars, dayIn, fc.integer({ min: 1, max: 60 }), (overrides, start, days) => {
        const calendar = build(overrides);
        const { due } = statutoryDue(start, days, calendar);
        const plain = addDays(start, days);
        expect(calendar.isWorkday(due)).toBe(true);
        expect(diffDays(plain, due)).toBeGreaterThanOrEqual(0);
        for (let d = plain; d < due; d = addDays(d, 1)) expect(calendar.isWorkday(d)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('moving a holiday moves only the deadlines it touches', () => {
    fc.assert(
      fc.property(
        calendars,
        dayIn,
        dayIn,
        fc.integer({ min: 1, max: 60 }),
        (overrides, start, moved, days) => {
          const before = build(overrides);
          const toggled = before.isWorkday(moved) ? 'holiday' : 'workday';
          const after = build([...overrides.filter((o) => o.date !== moved), { date: moved, kind: toggled }]);
          const plain = addDays(start, days);
          const oldDue = statutoryDue(start, days, before).due;
          const newDue = statutoryDue(start, days, after).due;
          if (moved < plain || moved > oldDue)
            expect(newDue).toBe(oldDue); // untouched
          else if (moved < oldDue)
            expect(newDue).toBe(moved); // a rest day in the roll-over became a working day
          else expect(newDue > oldDue).toBe(true); // the due day itself became a rest day
        },
      ),
      { numRuns: 500 },
    );
  });
});
