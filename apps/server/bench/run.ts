import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { benchCryptoDeps } from './crypto.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { upkeepWithoutAutovacuum } from '../src/db/upkeep.ts';
import type { Deps } from '../src/deps.ts';
import { createUser } from '../src/modules/admin/users.service.ts';
import {
  backendsCpuSeconds,
  type CpuClock,
  ownClock,
  halfYearReport,
  measureReport,
  ownCpuSeconds,
  type Percentiles,
  processCpuSeconds,
  round,
  rssMb,
  timeIt,
} from './measure.ts';
import { actorsOf, measureReads } from './reads.ts';
import { addPetitions, buildProvinceReference, type Province } from './province.ts';
import {
  type BenchResults,
  type ReadsResults,
  readsMarkdown,
  recordResults,
  resultsMarkdown,
} from './results-table.ts';

/**
 * `npm run bench` (100k → 1M petitions on PostgreSQL, 50k on PGlite) and `npm run bench:quick`
 * (20k, small runs). Writes bench/results.json and prints the markdown table of docs/benchmarks.md.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/xf_bench, a database
 * of its own that the run empties first).
 */
const quick = process.argv.includes('--quick');
const SIZES = process.env.BENCH_SIZES
  ? process.env.BENCH_SIZES.split(',').map(Number)
  : quick
    ? [10_000, 20_000]
    : [100_000, 1_000_000];
const PGLITE_SIZE = Number(process.env.BENCH_PGLITE_SIZE ?? (quick ? 10_000 : 50_000));
const INTAKE_SECONDS = quick ? 6 : 15;
const WARMUP_SECONDS = 3;
const CLIENTS = 16;
// Timed calls per read: a p95 of 40 was the second-slowest call, so one GC pause or autovacuum moved a
// 5 ms read's p95 by 2×; 200 calls put the p95 at the 10th-slowest.
const ITERATIONS = quick ? 30 : 200;
// The PGlite report's timed calls: with 5, its p95 was the slowest of five (one GC pause decided it).
const REPORT_ITERATIONS = quick ? 10 : 40;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xf_bench';
const NOW = new Date('2026-01-15T02:00:00Z');
const log = (msg: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

async function emptyPostgres(url: string): Promise<void> {
  const target = new URL(url);
  const dbName = target.pathname.slice(1);
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString(),
  });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [dbName]);
  if (exists.rowCount === 0) await admin.query(`create database ${dbName}`);
  await admin.end();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('drop schema if exists public cascade; create schema public;');
  await c.end();
}

function depsFor(database: Database, checkpointDir: string): Deps {
  return {
    db: database.db,
    crypto: benchCryptoDeps(),
    now: () => NOW,
    checkpointDir,
    maxUploadBytes: 1 << 20,
  };
}

async function vacuum(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('vacuum analyze');
  // The bulk load and the vacuum leave gigabytes of dirty pages: written now, not by the
  // checkpointer while the reads are timed.
  await c.query('checkpoint');
  await c.end();
}

/**
 * The server under test runs as its own process (bench/intake-server.ts), as in production: in the
 * benchmark's process, autocannon would share its event loop and CPU. `BENCH_SERVER_PROF=<dir>`
 * writes its CPU profile there.
 */
async function startIntakeServer(): Promise<{ address: string; pid: number; stop: () => Promise<void> }> {
  const prof = process.env.BENCH_SERVER_PROF;
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
      join(import.meta.dirname, 'intake-server.ts'),
      PG_URL,
      tmpdir(),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`intake server exited (${code})`)));
  });
  return {
    address,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function processRssMb(pid: number): number {
  try {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return rss ? Math.round(Number(rss[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU used so far by the server process, by the PostgreSQL backends serving the benchmark's
 * database (their process title names it; the WAL writer and other databases' backends are not
 * counted) and by this process (autocannon).
 */
function cpuSplit(serverPid: number): { server: number; postgres: number; load: number } {
  const own = process.cpuUsage();
  return {
    server: processCpuSeconds(serverPid),
    postgres: backendsCpuSeconds(new URL(PG_URL).pathname.slice(1)),
    load: (own.user + own.system) / 1e6,
  };
}

/** Registrations/s through the HTTP API (autocannon) and pgbench's single-row INSERT ceiling. */
async function measureIntake(deps: Deps, province: Province) {
  const counties = province.bureaus.filter((b) => /^41\d\d2[1-9]$|^41\d\d30$/.test(b.regionCode));
  const spread = counties.filter((_, i) => i % 10 === 0).slice(0, CLIENTS);
  for (const [i, b] of spread.entries())
    await createUser(deps, null, {
      username: `bench${i}`,
      displayName: `登记员${i}`,
      unitId: b.id,
      roles: ['registrar'],
      password: 'Bench#Passw0rd1',
      canViewPersonalData: false,
    });
  const server = await startIntakeServer();
  const address = server.address;
  const sessions: Array<{ cookie: string; csrf: string; region: string }> = [];
  for (const [i, b] of spread.entries()) {
    const res = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `bench${i}`, password: 'Bench#Passw0rd1' }),
    });
    const cookie = /xf_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
    sessions.push({
      cookie,
      csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
      region: `${b.regionCode}001`,
    });
  }
  let n = 0;
  const run = async (pool: typeof sessions, seconds = INTAKE_SECONDS) => {
    let peak = rssMb();
    const sampler = setInterval(() => {
      peak = Math.max(peak, processRssMb(server.pid));
    }, 200);
    const cpuBefore = cpuSplit(server.pid);
    const result = await autocannon({
      url: address,
      connections: CLIENTS,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/petitions',
          setupRequest: (req) => {
            const s = pool[n++ % pool.length];
            return {
              ...req,
              headers: {
                'content-type': 'application/json',
                cookie: `xf_session=${s.cookie}`,
                'x-csrf-token': s.csrf,
              },
              body: JSON.stringify({
                channel: 'visit',
                purpose: 'solution',
                regionCode: s.region,
                petitioners: [{ name: '基准测试', idNumber: '11010519491231002X', phone: '13912345678' }],
                content: `反映某建筑公司拖欠农民工工资共计${n}元，多次讨要未果，涉及群众二十余人，请求有关部门依法依规协调解决，并查处相关责任人，希望尽快给予答复。此前曾到乡镇反映，已持续两年之久，严重影响正常生产生活。`,
              }),
            };
          },
        },
      ],
    });
    clearInterval(sampler);
    const cpuAfter = cpuSplit(server.pid);
    return {
      cpuSeconds: {
        server: round(cpuAfter.server - cpuBefore.server),
        postgresBackends: round(cpuAfter.postgres - cpuBefore.postgres),
        autocannon: round(cpuAfter.load - cpuBefore.load),
      },
      perSecond: round(result.requests.average),
      non2xx: result.non2xx,
      errors: result.errors,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      rssPeakMb: peak,
    };
  };
  // A production server has been running for a while: its code is compiled by the JIT, its
  // modules loaded, its pool connected and its caches filled. Warm it up (unmeasured) first.
  log('intake: warm-up');
  await run(sessions, WARMUP_SECONDS);
  log(`intake: ${CLIENTS} clients over ${spread.length} bureaus`);
  const spreadResult = await run(sessions);
  log('intake: one bureau');
  const oneBureau = await run(sessions.slice(0, 1));
  await server.stop();
  // The same database's raw single-row INSERT ceiling: pgbench, a petition-shaped row, same clients.
  await deps.db.execute(sql`drop table if exists bench_ceiling`);
  await deps.db.execute(
    sql`create table bench_ceiling (like petitions including defaults including indexes)`,
  );
  const content =
    '反映某建筑公司拖欠农民工工资共计三万元，多次讨要未果，涉及群众二十余人，请求有关部门依法依规协调解决，并查处相关责任人，希望尽快给予答复。此前曾到乡镇反映，已持续两年之久，严重影响正常生产生活。';
  const script = join(tmpdir(), 'xf-bench-insert.sql');
  writeFileSync(
    script,
    `insert into bench_ceiling (case_no, bureau_unit_id, region_code, channel, purpose, source, persons, is_collective, title, content, search_vector, state, registered_at, registered_on, query_code, query_secret_hash) values (md5(random()::text), '${spread[0].id}', '410121001', 'visit', 'solution', 'own', 1, false, '${content.slice(0, 40)}', '${content}', to_tsvector('simple', '拖欠 欠农 农民 民工 工工 工资 讨要 未果 群众 协调 解决'), 'registered', now(), '2026-01-15', md5(random()::text), 'x');\n`,
  );
  const out = execFileSync(
    'pgbench',
    ['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(INTAKE_SECONDS), '-f', script, PG_URL],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ceiling = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  await deps.db.execute(sql`drop table bench_ceiling`);
  // Where a registration's CPU goes, and the rate the machine's cores would allow if every one of
  // them were busy with registrations alone: the bound that no scheduling of the same work can pass.
  const registered = spreadResult.perSecond * INTAKE_SECONDS;
  const perRegistration = (seconds: number) => Math.round((seconds * 1e6) / Math.max(registered, 1)) / 1000;
  const cpuMsPerRegistration = {
    server: perRegistration(spreadResult.cpuSeconds.server),
    postgres: perRegistration(spreadResult.cpuSeconds.postgresBackends),
    loadGenerator: perRegistration(spreadResult.cpuSeconds.autocannon),
  };
  const cpuMs =
    cpuMsPerRegistration.server + cpuMsPerRegistration.postgres + cpuMsPerRegistration.loadGenerator;
  return {
    clients: CLIENTS,
    bureaus: spread.length,
    seconds: INTAKE_SECONDS,
    cpuMsPerRegistration,
    cpuBoundPerSecond: Math.round((cpus().length * 1000) / Math.max(cpuMs, 0.01)),
    registrationsPerSecond: spreadResult.perSecond,
    oneBureauPerSecond: oneBureau.perSecond,
    pgbenchInsertCeiling: round(ceiling),
    ratioToCeiling: Math.round((spreadResult.perSecond / ceiling) * 1000) / 1000,
    spread: spreadResult,
    oneBureau,
    serverRssPeakMb: Math.max(spreadResult.rssPeakMb, oneBureau.rssPeakMb),
  };
}

/** `BENCH_ONLY=intake`: only the intake step (registrations/s vs pgbench) on an empty province. */
const INTAKE_ONLY = process.env.BENCH_ONLY === 'intake';
/** `BENCH_ONLY=reads`: only the reads (lists, search, case page, repeat lookup) at each size and on PGlite. */
const READS_ONLY = process.env.BENCH_ONLY === 'reads';

/** CPU seconds of this process and of the PostgreSQL backends of the benchmark's database. */
const postgresCpu: CpuClock = {
  own: ownCpuSeconds,
  others: () => backendsCpuSeconds(new URL(PG_URL).pathname.slice(1)),
};

async function postgresRun() {
  await emptyPostgres(PG_URL);
  const database = await openDatabase({ driver: 'postgres', url: PG_URL, poolSize: 24 });
  const deps = depsFor(database, tmpdir());
  await migrate(deps.db);
  const province = await buildProvinceReference(deps.db);
  const actors = await actorsOf(deps.db);
  const bySize: Record<string, unknown> = {};
  let loaded = 0;
  for (const size of INTAKE_ONLY ? [] : SIZES) {
    const t = performance.now();
    await addPetitions(deps, loaded + 1, size, (step) => log(`postgres ${size}: ${step}`));
    const seconds = round((performance.now() - t) / 1000);
    loaded = size;
    await vacuum(PG_URL);
    log(`postgres ${size}: reads`);
    const reads = await measureReads(deps, actors, ITERATIONS, postgresCpu);
    // The machine is shared: the 1-minute load average when the reads ended says how shared.
    const load = round(loadavg()[0]);
    if (READS_ONLY) {
      bySize[size] = { generateSeconds: seconds, reads, load };
      continue;
    }
    log(`postgres ${size}: report`);
    const report = await measureReport(deps, actors.province);
    bySize[size] = { generateSeconds: seconds, reads, load, report };
  }
  const intake = READS_ONLY ? null : await measureIntake(deps, province);
  await database.close();
  if (INTAKE_ONLY) return { units: province.units, intake };
  const [small, large] = SIZES.map((s) => bySize[s] as { reads: Record<string, Percentiles> });
  const growth = Object.fromEntries(
    Object.keys(small.reads).map((k) => [k, round(large.reads[k].p95 / Math.max(small.reads[k].p95, 0.1))]),
  );
  const growthCpu = Object.fromEntries(
    Object.keys(small.reads).map((k) => [
      k,
      round((large.reads[k].cpuMs ?? 0) / Math.max(small.reads[k].cpuMs ?? 0, 0.1)),
    ]),
  );
  return { units: province.units, sizes: bySize, growthP95: growth, growthCpu, intake };
}

async function pgliteRun() {
  const dir = mkdtempSync(join(tmpdir(), 'xf-bench-pglite-'));
  try {
    const database = await openDatabase({ driver: 'pglite', dataDir: join(dir, 'pgdata') });
    const deps = depsFor(database, dir);
    await migrate(deps.db);
    await buildProvinceReference(deps.db);
    const actors = await actorsOf(deps.db);
    const t = performance.now();
    await addPetitions(deps, 1, PGLITE_SIZE, (step) => log(`pglite ${PGLITE_SIZE}: ${step}`));
    const generateSeconds = round((performance.now() - t) / 1000);
    // What the server's upkeep does on PGlite (no autovacuum): the tables the load made due.
    await upkeepWithoutAutovacuum(deps.db);
    // PGlite runs in this process: its CPU is this process's.
    const reads = await measureReads(deps, actors, ITERATIONS, ownClock);
    const report = await timeIt(REPORT_ITERATIONS, () => halfYearReport(deps, actors.province), ownClock);
    const result = {
      petitions: PGLITE_SIZE,
      generateSeconds,
      reads,
      report,
      load: round(loadavg()[0]),
      rssMb: rssMb(),
    };
    await database.close();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = new Date();
log(`postgres ${PG_URL} sizes ${SIZES.join(', ')}`);
const postgres = await postgresRun();
if (!INTAKE_ONLY) log(`pglite ${PGLITE_SIZE}`);
const pglite = INTAKE_ONLY ? null : await pgliteRun();
const results = {
  date: started.toISOString(),
  command: [
    process.env.BENCH_SIZES ? `BENCH_SIZES=${process.env.BENCH_SIZES}` : '',
    process.env.BENCH_PGLITE_SIZE ? `BENCH_PGLITE_SIZE=${process.env.BENCH_PGLITE_SIZE}` : '',
    INTAKE_ONLY ? 'BENCH_ONLY=intake' : READS_ONLY ? 'BENCH_ONLY=reads' : '',
    quick ? 'npm run bench:quick' : 'npm run bench',
  ]
    .filter(Boolean)
    .join(' '),
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  postgres,
  pglite,
};
writeFileSync(
  join(
    import.meta.dirname,
    INTAKE_ONLY
      ? 'results-intake.json'
      : READS_ONLY
        ? 'results-reads.json'
        : quick
          ? 'results-quick.json'
          : 'results.json',
  ),
  `${JSON.stringify(results, null, 2)}\n`,
);
console.log(JSON.stringify(results, null, 2));
const table = READS_ONLY
  ? readsMarkdown(results as unknown as ReadsResults)
  : resultsMarkdown(results as BenchResults);
// A full run is recorded in docs/benchmarks.md; a quick one only printed.
if (!quick && !READS_ONLY) recordResults(join(import.meta.dirname, '../../../docs/benchmarks.md'), table);
console.log(table);
process.exit(0);
