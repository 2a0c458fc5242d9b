import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG per refill: one system call for hundreds of IVs and query codes. */
const POOL_BYTES = 8192;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * `size` fresh bytes from the CSPRNG (node:crypto), taken from a pool refilled in one call when it
 * runs short — as Node itself does for `randomUUID`: a bulk import draws a few million small random
 * values, and one `randomBytes` call per value costs ≈ 5 µs of call overhead each. Every byte is
 * handed out once; the caller gets its own copy.
 */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(size));
  if (offset + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  // What was handed out is not left in the pool's memory.
  pool.fill(0, offset, offset + size);
  offset += size;
  return bytes;
}
