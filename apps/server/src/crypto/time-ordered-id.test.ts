import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId (UUID version 7)', () => {
  it('carries the time in its first 48 bits, version 7 and the RFC 9562 variant', () => {
    // 2026-11-25T01:00:00.123Z is 1795568400123 ms since 1970 (0x01a2103776fb): the first 12 hex digits.
    const id = timeOrderedId(Date.UTC(2026, 10, 25, 1, 0, 0, 123));
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(1795568400123);
  });

  it('orders the ids of one millisecond and of later ones, and never repeats', () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = [
      ...Array.from({ length: 5000 }, () => timeOrderedId(at)),
      ...Array.from({ length: 10 }, () => timeOrderedId(at + 10_000)),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // Past 4,095 ids in one millisecond the time moves on by one.
    expect(Number.parseInt(ids[4999].replace(/-/g, '').slice(0, 12), 16)).toBe(at + 1);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });

  it('keeps order when the clock steps back', () => {
    const a = timeOrderedId(Date.UTC(2031, 0, 1, 0, 0, 1));
    const b = timeOrderedId(Date.UTC(2031, 0, 1, 0, 0, 0));
    expect(b > a).toBe(true);
  });
});
