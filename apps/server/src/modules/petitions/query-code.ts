import { pooledRandomBytes } from '../../crypto/random-pool.ts';

/** Crockford-style alphabet: no 0/O, 1/I/L, so codes read well over the phone and on paper. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Largest multiple of the alphabet's size below 256: bytes above it are skipped, so every letter is equally likely. */
const UNBIASED = 256 - (256 % ALPHABET.length);

/** `length` uniform letters from the CSPRNG's pool (a bulk import makes a million of these). */
function randomString(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = pooledRandomBytes(length + 4);
    for (let i = 0; i < bytes.length && out.length < length; i++)
      if (bytes[i] < UNBIASED) out += ALPHABET[bytes[i] % ALPHABET.length];
  }
  return out;
}

/**
 * The petitioner's query code (public, printed on the receipt) and secret (shown once, stored
 * only as a keyed hash). 12 + 8 characters of a 31-letter alphabet: ~99 bits together.
 */
export function newQueryCredentials(): { code: string; secret: string } {
  return { code: randomString(12), secret: randomString(8) };
}
