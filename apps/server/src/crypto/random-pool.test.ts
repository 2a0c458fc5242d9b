import { describe, expect, it } from 'vitest';
import { newQueryCredentials } from '../modules/petitions/query-code.ts';
import { pooledRandomBytes } from './random-pool.ts';

describe('pooled CSPRNG bytes', () => {
  it('hands each byte out once: draws across many refills never repeat and are each their own copy', () => {
    // 12-byte draws (an IV) over ≈ 30 refills of the 8 KB pool, odd sizes so draws straddle refills.
    const seen = new Set<string>();
    const draws: Buffer[] = [];
    for (let i = 0; i < 20_000; i++) {
      const bytes = pooledRandomBytes(i % 7 === 0 ? 13 : 12);
      expect(bytes.length).toBe(i % 7 === 0 ? 13 : 12);
      seen.add(bytes.toString('hex'));
      draws.push(bytes);
    }
    expect(seen.size).toBe(20_000);
    // Later draws do not alter earlier ones (no view into the pool is handed out).
    const first = Buffer.from(draws[0]);
    for (let i = 0; i < 2000; i++) pooledRandomBytes(16);
    expect(draws[0]).toEqual(first);
    // Roughly uniform: every byte value occurs, none far off its expected 1/256 share.
    const counts = new Array(256).fill(0);
    for (const d of draws) for (const b of d) counts[b]++;
    const expected = draws.reduce((n, d) => n + d.length, 0) / 256;
    expect(Math.min(...counts)).toBeGreaterThan(expected * 0.8);
    expect(Math.max(...counts)).toBeLessThan(expected * 1.2);
  });

  it('serves a request larger than the pool directly', () => {
    const big = pooledRandomBytes(10_000);
    expect(big.length).toBe(10_000);
    expect(big.equals(Buffer.alloc(10_000))).toBe(false);
  });

  it('query credentials stay 12 + 8 letters of the alphabet, all distinct', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const { code, secret } = newQueryCredentials();
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/);
      expect(secret).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      codes.add(code);
    }
    expect(codes.size).toBe(5000);
  });
});
