import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { testCryptoDeps } from '../src/crypto/crypto-deps.ts';
import type { Deps } from '../src/deps.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { importLedger } from '../src/modules/ledger/ledger-import.service.ts';
import { readLedgerFile } from '../src/modules/ledger/ledger-reader.ts';
import { DEMO_REGIONS } from '../src/modules/reference/data/demo-regions.ts';
import { insertUnit } from '../src/modules/reference/reference.repo.ts';
import { seedDefaultCategories, seedRegions } from '../src/modules/reference/reference-seed.service.ts';
import { statisticsReport } from '../src/modules/statistics/statistics.service.ts';
import { generateLedger } from './generate-ledger.ts';

/**
 * `npm run bench`: imports a generated 100,000-row ledger into an on-disk PGlite (or the
 * PostgreSQL of BENCH_DATABASE_URL), then builds a full-year report; prints times and peak RSS.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'xf-bench-'));
const file = join(dir, 'ledger.csv');
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);

const t0 = performance.now();
await generateLedger(file, ROWS);
const database = process.env.BENCH_DATABASE_URL
  ? await openDatabase({ driver: 'postgres', url: process.env.BENCH_DATABASE_URL })
  : await openDatabase({ driver: 'pglite', dataDir: join(dir, 'pgdata') });
await migrate(database.db);
const deps: Deps = {
  db: database.db,
  crypto: testCryptoDeps(),
  now: () => new Date('2026-01-15T02:00:00Z'),
  dataDir: dir,
  maxUploadBytes: 1 << 20,
};
await seedRegions(deps.db, DEMO_REGIONS);
await seedDefaultCategories(deps.db);
const bureau = await insertUnit(deps.db, { name: '基准测试信访局', kind: 'bureau', regionCode: '410225' });
const t1 = performance.now();
const lastShown = { validate: 0, import: 0 };
const summary = await importLedger(
  deps,
  systemActor({ ...bureau, kind: 'bureau' }),
  () => readLedgerFile(file),
  {
    onProgress: (phase, done) => {
      if (done - lastShown[phase] >= 20_000 || done === ROWS) {
        lastShown[phase] = done;
        process.stderr.write(`${phase} ${done}\n`);
      }
    },
  },
);
const t2 = performance.now();
const report = await statisticsReport(deps, null, { from: '2025-01-01', to: '2025-12-31' });
const t3 = performance.now();
clearInterval(sampler);
await database.close();
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MiB`;
const result = {
  rows: ROWS,
  driver: process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite (on disk)',
  fileSize: mb(statSync(file).size),
  imported: summary.imported,
  rejected: summary.rejected.length,
  importSeconds: Math.round((t2 - t1) / 100) / 10,
  rowsPerSecond: Math.round(ROWS / ((t2 - t1) / 1000)),
  reportSeconds: Math.round((t3 - t2) / 100) / 10,
  reportBatches: report.total.batches,
  generateSeconds: Math.round((t1 - t0) / 100) / 10,
  peakRss: mb(peakRss),
};
console.log(JSON.stringify(result, null, 2));
rmSync(dir, { recursive: true, force: true });
