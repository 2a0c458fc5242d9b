import pg from 'pg';
import { benchCryptoDeps } from './crypto.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { addPetitions, buildProvinceReference, petitionCount } from './province.ts';

/**
 * `npm run bench:data -- --petitions N`: a realistic province (17 cities, 170 counties, ~1,900
 * units, categories) with N petitions over ten years in the PostgreSQL of BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/xf_bench, emptied first), set-based in the database.
 */
const arg = process.argv.indexOf('--petitions');
const n = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
if (!Number.isInteger(n) || n < 1) throw new Error('--petitions N: a positive integer');
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xf_bench';
const dbName = new URL(url).pathname.slice(1);
const admin = new pg.Client({
  connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString(),
});
await admin.connect();
if ((await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 0)
  await admin.query(`create database ${dbName}`);
await admin.end();
const reset = new pg.Client({ connectionString: url });
await reset.connect();
await reset.query('drop schema if exists public cascade; create schema public;');
await reset.end();
const database = await openDatabase({ driver: 'postgres', url });
const deps = {
  db: database.db,
  crypto: benchCryptoDeps(),
  now: () => new Date('2026-01-15T02:00:00Z'),
  checkpointDir: '/tmp',
  maxUploadBytes: 1 << 20,
};
const t = performance.now();
await migrate(deps.db);
const province = await buildProvinceReference(deps.db);
const CHUNK = 1_000_000;
for (let from = 1; from <= n; from += CHUNK) {
  const to = Math.min(n, from + CHUNK - 1);
  await addPetitions(deps, from, to, (step) =>
    process.stderr.write(
      `[data ${new Date().toISOString().slice(11, 19)} +${Math.round((performance.now() - t) / 100) / 10} s] ${from}–${to}: ${step}\n`,
    ),
  );
}
console.log(
  JSON.stringify({
    petitions: await petitionCount(deps.db),
    units: province.units,
    seconds: Math.round((performance.now() - t) / 100) / 10,
  }),
);
await database.close();
