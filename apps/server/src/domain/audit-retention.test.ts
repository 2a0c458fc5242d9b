import { describe, expect, it } from 'vitest';
import { archiveCutoffAllowed, latestArchiveCutoff, parseDate } from './audit-retention.ts';

// 网络安全法第二十一条: logs kept no less than six months. Values computed by hand.
describe('audit retention: six months before archiving', () => {
  it('goes back six calendar months, to the month end when that month is shorter', () => {
    expect(latestArchiveCutoff('2026-11-24')).toBe('2026-05-24');
    expect(latestArchiveCutoff('2026-03-02')).toBe('2025-09-02');
    expect(latestArchiveCutoff('2026-08-31')).toBe('2026-02-28');
    expect(latestArchiveCutoff('2024-08-31')).toBe('2024-02-29');
    expect(latestArchiveCutoff('2026-12-31')).toBe('2026-06-30');
    expect(latestArchiveCutoff('2026-01-15')).toBe('2025-07-15');
  });

  it('allows the cut-off itself and earlier days, refuses a later day', () => {
    expect(archiveCutoffAllowed('2025-09-02', '2026-03-02')).toBe(true);
    expect(archiveCutoffAllowed('2025-01-01', '2026-03-02')).toBe(true);
    expect(archiveCutoffAllowed('2025-09-03', '2026-03-02')).toBe(false);
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(parseDate('2025-02-28')).toEqual({ y: 2025, m: 2, d: 28 });
    expect(parseDate('2025-02-29')).toBeNull();
    expect(parseDate('2025-2-1')).toBeNull();
    expect(parseDate('2025-13-01')).toBeNull();
  });
});
