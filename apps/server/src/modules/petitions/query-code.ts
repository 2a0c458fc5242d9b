import { randomInt } from 'node:crypto';

/** Crockford-style alphabet: no 0/O, 1/I/L, so codes read well over the phone and on paper. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * The petitioner's query code (public, printed on the receipt) and secret (shown once, stored
 * only as a keyed hash). 12 + 8 characters of a 31-letter alphabet: ~99 bits together.
 */
export function newQueryCredentials(): { code: string; secret: string } {
  return { code: randomString(12), secret: randomString(8) };
}
