import { randomBytes } from 'node:crypto';

/** Crockford-style alphabet: no 0/O, 1/I/L, so codes read well over the phone and on paper. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Largest multiple of the alphabet's size below 256: bytes above it are skipped, so every letter is equally likely. */
const UNBIASED = 256 - (256 % ALPHABET.length);

/** `length` uniform letters from one call to the CSPRNG (a bulk import makes a million of these). */
function randomString(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 4)) {
      if (byte < UNBIASED) out += ALPHABET[byte % ALPHABET.length];
      if (out.length === length) break;
    }
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
