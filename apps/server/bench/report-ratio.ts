import { openDatabase } from '../src/db/client.ts';
import { benchDeps } from './crypto.ts';
import { halfYearReport, handGroupBy, round } from './measure.ts';
import { actorsOf } from './reads.ts';

/**
 * `npx tsx bench/report-ratio.ts [province|county|department]`: the half-year report vs the hand
 * GROUP BY of `measureReport`, alternated N times (default 15) on the province of
 * BENCH_DATABASE_URL (or the PGlite of BENCH_PGLITE_DIR, built by `npm run bench:explain`): the
 * minimum and median of each, their ratios, and this process's CPU time per call (on PGlite the
 * whole database runs in it). For a machine shared with other work: the minimum of alternated
 * runs moves far less with the load than one run's p50.
 */
const n = Number(process.env.N ?? 15);
const who = (process.argv[2] ?? 'province') as 'province' | 'county' | 'department';
const pgliteDir = process.env.BENCH_PGLITE_DIR;
const database = pgliteDir
  ? await openDatabase({ driver: 'pglite', dataDir: pgliteDir })
  : await openDatabase({
      driver: 'postgres',
      url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xf_bench',
    });
const deps = benchDeps(database.db);
const actor = (await actorsOf(database.db))[who];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const runs = {
  report: [] as number[],
  hand: [] as number[],
  reportCpu: [] as number[],
  handCpu: [] as number[],
};
async function sample(fn: () => Promise<unknown>, wall: number[], cpu: number[]) {
  const c = cpuMs();
  const t = performance.now();
  await fn();
  wall.push(performance.now() - t);
  cpu.push(cpuMs() - c);
}
await halfYearReport(deps, actor); // warm
await handGroupBy(deps);
for (let i = 0; i < n; i++) {
  await sample(() => halfYearReport(deps, actor), runs.report, runs.reportCpu);
  await sample(() => handGroupBy(deps), runs.hand, runs.handCpu);
}
const min = (x: number[]) => round(Math.min(...x));
const median = (x: number[]) => round([...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]);
const r = { min: min(runs.report), median: median(runs.report), cpuMin: min(runs.reportCpu) };
const h = { min: min(runs.hand), median: median(runs.hand), cpuMin: min(runs.handCpu) };
console.log(
  JSON.stringify({
    driver: pgliteDir ? 'pglite' : 'postgres',
    caller: who,
    runs: n,
    report: r,
    handGroupBy: h,
    ratioOfMin: round(r.min / h.min),
    ratioOfMedian: round(r.median / h.median),
  }),
);
await database.close();
