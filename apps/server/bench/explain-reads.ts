import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { benchDeps } from './crypto.ts';
import { addPetitions, buildProvinceReference } from './province.ts';
import { halfYearReport } from './measure.ts';
import { actorsOf, readCases } from './reads.ts';

/**
 * `npm run bench:explain [-- name…]`: every SQL statement each hot read (and `report`, the province
 * bureau's half-year report of the benchmark) runs on the province in
 * BENCH_DATABASE_URL (built by `npm run bench:data`), with EXPLAIN (ANALYZE, BUFFERS) of each.
 * Prints statements per read and the plan of any statement slower than BENCH_EXPLAIN_MS (default 5).
 * With BENCH_PGLITE_DIR, the same on PGlite: a province of BENCH_PGLITE_SIZE (default 50,000)
 * petitions is built in that directory the first time and reused after.
 */
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xf_bench';
const slowMs = Number(process.env.BENCH_EXPLAIN_MS ?? 5);
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const pgliteDir = process.env.BENCH_PGLITE_DIR;
const fresh = pgliteDir !== undefined && !existsSync(pgliteDir);
const database = pgliteDir
  ? await openDatabase({ driver: 'pglite', dataDir: pgliteDir })
  : await openDatabase({ driver: 'postgres', url, poolSize: 2 });
if (fresh) {
  const setup = { ...benchDeps(database.db) };
  await migrate(setup.db);
  await buildProvinceReference(setup.db);
  const size = Number(process.env.BENCH_PGLITE_SIZE ?? 50_000);
  await addPetitions(setup, 1, size, (step) => process.stderr.write(`pglite ${size}: ${step}\n`));
  await setup.db.execute(sql`vacuum analyze`);
}
let seen: Array<{ query: string; params: unknown[] }> = [];
const deps = benchDeps(database.observed((query, params) => seen.push({ query, params })));
const actors = await actorsOf(database.db);
const cases = {
  ...(await readCases(deps, actors)),
  report: () => halfYearReport(deps, actors.province),
};
for (const [name, fn] of Object.entries(cases)) {
  if (only.length && !only.includes(name)) continue;
  await fn(1); // warm
  seen = [];
  const t = performance.now();
  await fn(2);
  const ms = performance.now() - t;
  const statements = seen;
  console.log(`\n=== ${name}: ${statements.length} statements, ${ms.toFixed(1)} ms`);
  for (const s of statements) {
    if (/^\s*explain/i.test(s.query)) continue;
    const plan = await database.onOneConnection((run) =>
      run(`explain (analyze, buffers, format text) ${s.query}`, s.params),
    );
    const lines = plan.map((r) => String(Object.values(r as Record<string, unknown>)[0]));
    const took = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? '')?.[1] ?? 0);
    console.log(`--- ${took.toFixed(1)} ms: ${s.query.replace(/\s+/g, ' ').slice(0, 160)}`);
    if (took >= slowMs) console.log(`${s.query}\n${JSON.stringify(s.params)}\n${lines.join('\n')}`);
  }
}
await database.close();
