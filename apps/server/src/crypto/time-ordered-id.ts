import { pooledRandomBytes } from './random-pool.ts';

let lastMs = 0;
let counter = 0;

/**
 * A UUID version 7 (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then a 12-bit counter that
 * orders the ids one thread makes within a millisecond (RFC 9562 §6.2, method 1; past 4,095 the time moves
 * on a millisecond), then 62 random bits from the CSPRNG. Petition ids made one after another are neighbours
 * in every index that starts with the id (the petitions' primary key, visibility, people, events): a bulk
 * load or a burst of registrations appends to those indexes instead of touching a random page per row. The
 * id shows when the petition was created, which anyone who may open the case sees anyway; its 62 random bits
 * keep it unguessable.
 */
export function timeOrderedId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  const bytes = pooledRandomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
