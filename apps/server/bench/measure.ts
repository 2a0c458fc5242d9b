import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import { statisticsReport } from '../src/modules/statistics/statistics.service.ts';

/** cpuMs: CPU milliseconds per timed call (this process plus, on PostgreSQL, its backends). */
export type Percentiles = { p50: number; p95: number; cpuMs?: number };
export const round = (x: number) => Math.round(x * 10) / 10;
function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}

/**
 * CPU seconds used so far: by this process (`own`) and by other processes doing its work (`others`:
 * the PostgreSQL backends of its database). Read apart so that reading /proc is never counted as the
 * work measured: `others` before `own` ahead of a call, `own` before `others` after it.
 */
export type CpuClock = { own: () => number; others: () => number };
export const ownClock: CpuClock = { own: ownCpuSeconds, others: () => 0 };

/** The wall time (ms) and CPU (s) of one call. */
async function timeCall(fn: () => Promise<unknown>, cpu?: CpuClock): Promise<{ ms: number; cpu: number }> {
  const others = cpu?.others() ?? 0;
  const own = cpu?.own() ?? 0;
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const ownAfter = cpu?.own() ?? 0;
  return { ms, cpu: ownAfter - own + (cpu?.others() ?? 0) - others };
}

const summary = (samples: Array<{ ms: number; cpu: number }>, cpu?: CpuClock): Percentiles => ({
  ...percentiles(samples.map((x) => x.ms)),
  ...(cpu ? { cpuMs: round((samples.reduce((sum, x) => sum + x.cpu, 0) * 1000) / samples.length) } : {}),
});

/**
 * Wall time of n calls after one unmeasured; with `cpu`, also the CPU per call, which other
 * processes on the machine do not inflate the way they do wall time.
 */
export async function timeIt(
  n: number,
  fn: (i: number) => Promise<unknown>,
  cpu?: CpuClock,
): Promise<Percentiles> {
  await fn(0); // warm
  const samples: Array<{ ms: number; cpu: number }> = [];
  for (let i = 0; i < n; i++) samples.push(await timeCall(() => fn(i + 1), cpu));
  return summary(samples, cpu);
}

/**
 * Several calls timed in rounds, one call of each per round (after one unmeasured of each): a
 * burst of load elsewhere on the machine, a checkpoint or a GC pause falls on every call alike,
 * not on the n calls of whichever one ran at that moment.
 */
export async function timeInRounds(
  n: number,
  fns: Record<string, (i: number) => Promise<unknown>>,
  cpu?: CpuClock,
): Promise<Record<string, Percentiles>> {
  const entries = Object.entries(fns);
  for (const [, fn] of entries) await fn(0); // warm
  const samples = new Map(entries.map(([key]) => [key, [] as Array<{ ms: number; cpu: number }>]));
  for (let i = 0; i < n; i++)
    for (const [key, fn] of entries) samples.get(key)?.push(await timeCall(() => fn(i + 1), cpu));
  return Object.fromEntries(entries.map(([key]) => [key, summary(samples.get(key) ?? [], cpu)]));
}

const TICKS_PER_SECOND = 100;
/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Each backend's CPU seconds when last read, by pid and start time (a pid can be used again). */
const backendsSeen = new Map<string, number>();

/**
 * CPU seconds used so far by the PostgreSQL backends serving a database (their process title
 * names it; the WAL writer and other databases' backends are not counted). A backend that ended keeps
 * the seconds it had when last read, so the figure never goes back (two readings differ by the CPU
 * used between them, less what an ending backend used after the first).
 */
export function backendsCpuSeconds(dbName: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${dbName} `)) continue;
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime, stime and starttime: fields 14, 15 and 22 of man 5 proc (the state is field 3).
      const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      backendsSeen.set(`${entry}/${fields[19]}`, cpu);
    } catch {
      // the process ended meanwhile
    }
  }
  let seconds = 0;
  for (const cpu of backendsSeen.values()) seconds += cpu;
  return seconds;
}

/** CPU seconds (user + system) this process has used so far. */
export function ownCpuSeconds(): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1e6;
}
export const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

/** The report's baseline: a hand-written GROUP BY over the petitions of the report's three periods. */
export const handGroupBy = (deps: Deps) =>
  queryRows(
    deps.db,
    sql`select channel, count(*), sum(persons) from petitions
        where registered_on between '2025-01-01' and '2025-06-30'
           or registered_on between '2024-01-01' and '2024-06-30'
           or registered_on between '2024-07-04' and '2024-12-31'
        group by channel`,
  );

/** The half-year report of the benchmark (the same three periods). */
export const halfYearReport = (deps: Deps, actor: Actor) =>
  statisticsReport(deps, actor, { from: '2025-01-01', to: '2025-06-30' });

/** The half-year report vs a hand-written GROUP BY over the rows of the same three periods. */
export async function measureReport(deps: Deps, actor: Actor) {
  let peak = rssMb();
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 20);
  const before = rssMb();
  const report = await timeIt(5, () => halfYearReport(deps, actor));
  clearInterval(sampler);
  const groupBy = await timeIt(5, () => handGroupBy(deps));
  return { report, groupBy, ratio: round(report.p50 / groupBy.p50), rssBeforeMb: before, rssPeakMb: peak };
}
