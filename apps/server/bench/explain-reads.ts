import { tmpdir } from 'node:os';
import { benchCryptoDeps } from './crypto.ts';
import { openDatabase } from '../src/db/client.ts';
import { actorsOf, readCases } from './reads.ts';

/**
 * `npm run bench:explain [-- name…]`: every SQL statement each hot read runs on the province in
 * BENCH_DATABASE_URL (built by `npm run bench:data`), with EXPLAIN (ANALYZE, BUFFERS) of each.
 * Prints statements per read and the plan of any statement slower than BENCH_EXPLAIN_MS (default 5).
 */
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xf_bench';
const slowMs = Number(process.env.BENCH_EXPLAIN_MS ?? 5);
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const database = await openDatabase({ driver: 'postgres', url, poolSize: 2 });
let seen: Array<{ query: string; params: unknown[] }> = [];
const deps = {
  db: database.observed((query, params) => seen.push({ query, params })),
  crypto: benchCryptoDeps(),
  now: () => new Date('2026-01-15T02:00:00Z'),
  checkpointDir: tmpdir(),
  maxUploadBytes: 1 << 20,
};
const cases = await readCases(deps, await actorsOf(database.db));
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
    const lines = plan.map((r) => String(Object.values(r)[0]));
    const took = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? '')?.[1] ?? 0);
    console.log(`--- ${took.toFixed(1)} ms: ${s.query.replace(/\s+/g, ' ').slice(0, 160)}`);
    if (took >= slowMs) console.log(`${s.query}\n${JSON.stringify(s.params)}\n${lines.join('\n')}`);
  }
}
await database.close();
