import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { cryptoDepsFrom } from '../src/crypto/crypto-deps.ts';
import type { Db } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';

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

/** The dependencies a bench tool runs the services with: the benchmark's fixed date, /tmp for checkpoints. */
export const benchDeps = (db: Db): Deps => ({
  db,
  crypto: benchCryptoDeps(),
  now: () => new Date('2026-01-15T02:00:00Z'),
  checkpointDir: tmpdir(),
  maxUploadBytes: 1 << 20,
});
