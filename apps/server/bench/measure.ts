import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import { statisticsReport } from '../src/modules/statistics/statistics.service.ts';

export type Percentiles = { p50: number; p95: number };
export const round = (x: number) => Math.round(x * 10) / 10;
function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}
export async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<Percentiles> {
  await fn(0); // warm
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i + 1);
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
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
