import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { testCryptoDeps } from '../src/crypto/crypto-deps.ts';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { importLedger } from '../src/modules/ledger/ledger-import.service.ts';
import { countLedgerFileRows, readLedgerFile } from '../src/modules/ledger/ledger-reader.ts';
import { DEMO_REGIONS } from '../src/modules/reference/data/demo-regions.ts';
import { insertUnit } from '../src/modules/reference/reference.repo.ts';
import { seedDefaultCategories, seedRegions } from '../src/modules/reference/reference-seed.service.ts';
import { writeLedgerFile } from './ledger-file.ts';

/**
 * `npm run bench:import -- --rows N [--workers N] [--chunk-rows N] [--pglite]`: writes a generated N-row ledger (≈ 200-character
 * contents) and imports it through `importLedger` (what `xinfang import` runs) into an emptied
 * PostgreSQL database (BENCH_IMPORT_DATABASE_URL, else BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/xf_import)
 * or an on-disk PGlite; prints wall time, rows/s and the process's peak RSS.
 */
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const rows = Number(arg('--rows') ?? 100_000);
const onPglite = process.argv.includes('--pglite');
/** Worker threads for the import (default: the import's own choice). */
const workers = arg('--workers') === undefined ? undefined : Number(arg('--workers'));
/** Rows per chunk (default: the import's own). */
const chunkRows = arg('--chunk-rows') === undefined ? undefined : Number(arg('--chunk-rows'));
const url =
  process.env.BENCH_IMPORT_DATABASE_URL ??
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/xf_import';
const dir = mkdtempSync(join(tmpdir(), 'xf-import-'));
const file = join(dir, 'ledger.csv');
const log = (msg: string) =>
  process.stderr.write(`[import ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

async function emptyPostgres(): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString(),
  });
  await admin.connect();
  if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 0)
    await admin.query(`create database ${name}`);
  await admin.end();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('drop schema if exists public cascade; create schema public;');
  // Time spent in PL/pgSQL functions (the stat_daily rollup triggers), read after the import.
  await c.query(`alter database ${name} set track_functions = 'pl'`);
  await c.end();
}

/**
 * CPU ticks (user + system, 1/100 s) of each PostgreSQL backend connected to this database, read
 * from /proc when the server runs on this machine (null otherwise): the database's share of the work.
 */
async function postgresCpuTicks(db: Deps['db']): Promise<Map<number, number> | null> {
  const pids = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  try {
    const ticks = new Map<number, number>();
    for (const { pid } of pids) {
      // Fields after the command name: state is field 3, utime 14 and stime 15 (man 5 proc).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    }
    return ticks;
  } catch {
    return null;
  }
}

/** CPU seconds the backends used between two readings (a backend opened since counts whole). */
function cpuSecondsBetween(before: Map<number, number> | null, after: Map<number, number> | null) {
  if (!before || !after) return null;
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** Time the import spent in the daily-statistics rollup triggers (migration 0005), from pg_stat_user_functions. */
async function rollupTriggerSeconds(): Promise<Record<string, number>> {
  // A backend reports its function statistics at most once a second, when idle.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows: stats } = await c.query<{ name: string; calls: number; seconds: number }>(
    `select funcname as name, calls::int, round((total_time / 1000)::numeric, 2)::float8 as seconds
      from pg_stat_user_functions where funcname like 'stat\\_%' order by total_time desc`,
  );
  await c.end();
  return Object.fromEntries(stats.map((r) => [`${r.name} (${r.calls}×)`, r.seconds]));
}

try {
  log(`writing ${rows} rows`);
  await writeLedgerFile(file, rows);
  if (!onPglite) await emptyPostgres();
  const database = onPglite
    ? await openDatabase({ driver: 'pglite', dataDir: join(dir, 'pgdata') })
    : await openDatabase({ driver: 'postgres', url });
  const deps: Deps = {
    db: database.db,
    crypto: testCryptoDeps(),
    now: () => new Date('2026-01-15T02:00:00Z'),
    checkpointDir: dir,
    maxUploadBytes: 1 << 20,
  };
  await migrate(deps.db);
  await seedRegions(deps.db, DEMO_REGIONS);
  await seedDefaultCategories(deps.db);
  const bureau = await insertUnit(deps.db, { name: '基准测试信访局', kind: 'bureau', regionCode: '410225' });
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const postgresBefore = onPglite ? null : await postgresCpuTicks(deps.db);
  peakRss = rssBefore;
  const t = performance.now();
  let shown = 0;
  let stepStarted = performance.now();
  const steps: Record<string, number> = {};
  const summary = await importLedger(
    deps,
    systemActor({ ...bureau, kind: 'bureau' }),
    () => readLedgerFile(file),
    {
      countRows: () => countLedgerFileRows(file),
      workers,
      chunkRows,
      onProgress: ({ phase, done, step }) => {
        if (step) {
          const now = performance.now();
          steps[step] = Math.round((now - stepStarted) / 100) / 10;
          stepStarted = now;
        }
        if (step || done - shown >= 100_000) {
          shown = done;
          log(`${phase} ${done}${step ? ` ${step} ${steps[step]} s` : ''}`);
        }
      },
    },
  );
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const [{ petitions, people, events }] = await queryRows<{
    petitions: number;
    people: number;
    events: number;
  }>(
    deps.db,
    sql`select (select count(*) from petitions)::int as petitions, (select count(*) from petitioners)::int as people,
      (select count(*) from petition_events)::int as events`,
  );
  const postgresCpu = cpuSecondsBetween(postgresBefore, onPglite ? null : await postgresCpuTicks(deps.db));
  await database.close();
  clearInterval(sampler);
  const rollupTriggers = onPglite ? undefined : await rollupTriggerSeconds();
  const mb = (b: number) => Math.round(b / 1024 / 1024);
  console.log(
    JSON.stringify({
      driver: onPglite ? 'pglite (on disk)' : 'postgres',
      rows,
      workers: workers ?? 'default',
      chunkRows: chunkRows ?? 'default',
      fileMb: mb(statSync(file).size),
      imported: summary.imported,
      rejected: summary.rejected.length,
      petitions,
      people,
      events,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(rows / seconds),
      rssBeforeMb: mb(rssBefore),
      peakRssMb: mb(peakRss),
      // This process's CPU (parse, validate, encrypt, search vectors): the Node share of the work.
      nodeCpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      // The database backends' CPU during the import (pg_stat_activity of this database, /proc).
      postgresCpuSeconds: postgresCpu,
      loadAverage: loadavg()[0],
      // Seconds per step (校验并暂存 = read, validate, compute and COPY every chunk, and write all but the last one
      // meanwhile; the other steps are the last chunk's, then the rollup and the index builds), then in the rollup functions.
      steps,
      rollupTriggers,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
