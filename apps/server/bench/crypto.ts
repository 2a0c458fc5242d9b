import { createHash } from 'node:crypto';
import { cryptoDepsFrom } from '../src/crypto/crypto-deps.ts';

const key = (label: string) => createHash('sha256').update(`xinfang-bench\u0000${label}`).digest();

/**
 * Fixed, public keys for benchmark provinces only: a province built by `npm run bench:data` can be
 * read (petitioners decrypted) by a later `bench:explain` or `BENCH_ONLY=reads` process.
 */
export const benchCryptoDeps = () =>
  cryptoDepsFrom({
    algorithm: 'aes-256-gcm',
    active: 'bench',
    keys: [{ id: 'bench', key: key('field') }],
    indexKey: key('index'),
  });
