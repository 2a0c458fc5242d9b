/**
 * CLI start benchmark (issue 9, item 2; target ≤ 3 s): how long `xinfang user list` takes on an existing data
 * directory made by `xinfang serve`, beside `node -e 0` measured in the same run (the machine's own floor), and how
 * long a writing command beside a running server takes to be refused. Each command runs `--runs` times,
 * interleaved, so a change in the machine's load touches every row alike.
 *
 *   cd apps/server && npm run bench:cli -- [--runs 5] [--postgres postgres://postgres@127.0.0.1:5432/xf_NAME] \
 *     [--before /path/to/other/checkout/apps/server/bin/xinfang.mjs]   # adds that build's `user list`, same data
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BIN, ServerProcess, scratchDatabase, serverEnv } from '../scripts/server-process.ts';

type Row = { label: string; args: string[]; env: NodeJS.ProcessEnv; expectExit: number; samples: number[] };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (ms: number) => Math.round(ms) / 1000;

/** Wall time of one process in ms; fails the benchmark when it does not end as designed. */
function timeRun(row: Row): number {
  const t0 = performance.now();
  const done = spawnSync(process.execPath, row.args, { env: row.env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (done.status !== row.expectExit)
    throw new Error(
      `${row.label}: exit ${done.status}, expected ${row.expectExit}\n${done.stdout}${done.stderr}`,
    );
  return ms;
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      postgres: { type: 'string' },
      before: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const dataDir = mkdtempSync(join(tmpdir(), 'xf-bench-cli-'));
  const port = 21000 + Math.floor(Math.random() * 15000);
  // The scratch database is named after the one given (xf_NAME → xf_NAME_cli_<random>) and dropped at the end.
  const pgUrl = values.postgres
    ? await scratchDatabase(values.postgres, `${new URL(values.postgres).pathname.slice(1) || 'xf'}_cli`)
    : undefined;
  const env = serverEnv({ dataDir, port });
  const pgEnv = pgUrl
    ? serverEnv({ dataDir: mkdtempSync(join(tmpdir(), 'xf-bench-cli-pg-')), port, databaseUrl: pgUrl })
    : undefined;

  // The data directory (and the PostgreSQL database) are made as an operator makes them: by `serve`.
  const server = new ServerProcess(env);
  await server.start();
  const refused: Row = {
    label: 'user add while serve runs (refused: data directory in use)',
    args: [BIN, 'user', 'add', 'bench', '--name', '测试', '--unit', '兰考县信访局', '--roles', 'registrar'],
    env,
    expectExit: 1,
    samples: [],
  };
  for (let i = 0; i < runs; i++) refused.samples.push(timeRun(refused));
  await server.stop();
  if (pgEnv) {
    const pgServer = new ServerProcess(pgEnv);
    await pgServer.start();
    await pgServer.stop();
  }

  const rows: Row[] = [
    { label: 'node -e 0 (floor)', args: ['-e', '0'], env, expectExit: 0, samples: [] },
    { label: 'xinfang help', args: [BIN, 'help'], env, expectExit: 0, samples: [] },
    { label: 'xinfang user list (PGlite)', args: [BIN, 'user', 'list'], env, expectExit: 0, samples: [] },
  ];
  if (values.before)
    rows.push({
      label: `user list (PGlite) with ${values.before}`,
      args: [values.before, 'user', 'list'],
      env,
      expectExit: 0,
      samples: [],
    });
  if (pgEnv)
    rows.push({
      label: 'xinfang user list (PostgreSQL)',
      args: [BIN, 'user', 'list'],
      env: pgEnv,
      expectExit: 0,
      samples: [],
    });
  const loadBefore = loadavg()[0];
  for (let i = 0; i < runs; i++) for (const row of rows) row.samples.push(timeRun(row));
  rows.push(refused);
  console.log(
    `load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)} on this machine; ${runs} runs each, wall s`,
  );
  for (const row of rows)
    console.log(
      `${row.label}: median ${round(median(row.samples))} s (runs ${row.samples.map(round).join(', ')})`,
    );
  rmSync(dataDir, { recursive: true, force: true });
  if (pgEnv?.XINFANG_DATA_DIR) rmSync(pgEnv.XINFANG_DATA_DIR, { recursive: true, force: true });
  if (pgUrl && values.postgres) {
    const admin = new pg.Client({ connectionString: values.postgres });
    await admin.connect();
    await admin.query(`drop database ${new URL(pgUrl).pathname.slice(1)}`);
    await admin.end();
  }
}

await main();
