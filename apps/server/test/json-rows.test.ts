import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jsonRow } from '../src/db/json-rows.ts';
import { outbox, petitionEvents } from '../src/db/schema/index.ts';

describe('jsonRow', () => {
  const at = new Date('2026-11-25T01:02:03.004Z');

  it('renders the row keyed by property, dates as ISO strings, with the join keys beside its values', () => {
    const row = jsonRow(
      petitionEvents,
      { petitionId: 'p1', action: 'register', at, fromState: null, note: undefined },
      { member: 'p1', extra: undefined },
    );
    expect(row?.keys).toEqual(['petitionId', 'action', 'at', 'fromState']);
    expect(JSON.parse(row?.json ?? '')).toEqual({
      petitionId: 'p1',
      action: 'register',
      at: '2026-11-25T01:02:03.004Z',
      fromState: null,
      member: 'p1',
      extra: null,
    });
  });

  it('lists only the keys that name a column, and renders an empty row with its join keys alone', () => {
    expect(jsonRow(outbox, { topic: 't', notAColumn: 1 })?.keys).toEqual(['topic']);
    expect(jsonRow(outbox, {}, { member: 'm' })?.json).toBe('{"member":"m"}');
    expect(jsonRow(outbox, {})?.json).toBe('{}');
  });

  it('answers undefined for a row holding an SQL expression', () => {
    expect(jsonRow(outbox, { topic: 't', createdAt: sql`now()` })).toBeUndefined();
  });
});
