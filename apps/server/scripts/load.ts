/**
 * Load script (not CI): two `xinfang serve` instances on one PostgreSQL database and N concurrently
 * active simulated staff for a fixed time, each doing what a clerk does — open a work list, open a
 * case page, search, register a petition, triage one they registered — with think time between
 * actions. Reports requests, errors (anything but the expected 2xx), p50/p95 per kind and each
 * instance's peak RSS.
 *
 * Think time: a clerk reads a case page, types a registration or a triage reason between two requests; at 40–60
 * cases a day a clerk sends some 1,000–1,500 requests in a 7-hour day, one every 17–25 s on average, and a
 * registration form takes minutes. The default 15–45 s (mean 30 s) is therefore a busy clerk, not an idle one:
 * 1,000 staff send ≈ 33 requests/s in all (docs/reliability.md, "Load").
 *
 *   cd apps/server && npx tsx scripts/load.ts --postgres postgres://postgres@127.0.0.1:5432/xf_NAME \
 *     [--staff 1000] [--seconds 120] [--think-min 15 --think-max 45] [--seed 200]
 * The two instances share a scratch database `<that database's name>_load_<random>` on the same server.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { call, ServerProcess, type Session, scratchDatabase, serverEnv, signIn } from './server-process.ts';

type Kind = 'work-list' | 'case-page' | 'search' | 'register' | 'triage';
type Options = {
  postgres: string;
  staff: number;
  seconds: number;
  thinkMin: number;
  thinkMax: number;
  seed: number;
};

/** The share of each action in a clerk's day (the rest of a step is thinking). */
const MIX: Array<[Kind, number]> = [
  ['work-list', 0.35],
  ['case-page', 0.25],
  ['search', 0.15],
  ['register', 0.15],
  ['triage', 0.1],
];
const SEARCH_WORDS = ['供暖', '工资', '拆迁', '物业', '噪音', '低保', '医保', '征地'];
const QUEUES = ['triage', 'sign', 'handle', 'near_due', 'overdue'];

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function chooseKind(): Kind {
  let r = Math.random();
  for (const [kind, share] of MIX) {
    r -= share;
    if (r < 0) return kind;
  }
  return 'work-list';
}

const registration = (n: number) =>
  JSON.stringify({
    channel: pick(['visit', 'letter', 'phone', 'online']),
    purpose: 'solution',
    regionCode: '410225',
    petitioners: [{ name: `压测${n}` }],
    content: `压测第${n}件：反映${pick(SEARCH_WORDS)}问题，请求协调解决。`,
  });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Peak resident memory of a process, from /proc (Linux). */
function rssMb(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export async function loadTest(options: Options) {
  const databaseUrl = await scratchDatabase(
    options.postgres,
    `${new URL(options.postgres).pathname.slice(1) || 'xf'}_load`,
  );
  const dirs = [mkdtempSync(join(tmpdir(), 'xf-load-a-')), mkdtempSync(join(tmpdir(), 'xf-load-b-'))];
  const checkpointDir = mkdtempSync(join(tmpdir(), 'xf-load-checkpoints-'));
  const servers = dirs.map((dir, i) => {
    const env: NodeJS.ProcessEnv = {
      ...serverEnv({ dataDir: dir, port: 21000 + Math.floor(Math.random() * 15000) + i, databaseUrl }),
      XINFANG_CHECKPOINT_DIR: checkpointDir,
      LOG_LEVEL: 'warn',
    };
    if (i > 0) env.XINFANG_KEY_FILE = join(dirs[0], 'keys.json');
    return new ServerProcess(env);
  });
  await servers[0].start();
  await servers[1].start();
  try {
    // One session, shared by the simulated staff on both instances (sessions live in the shared database). Each
    // further sign-in of the admin would wait for a new code of its authenticator (a code is accepted once).
    const sessions: Session[] = [await signIn(servers[0].base)];

    // Existing work to look at: petitions registered before the clock starts.
    const known: string[] = [];
    for (let n = 0; n < options.seed; n++) {
      const res = await call(servers[n % 2].base, sessions[0], '/api/petitions', {
        method: 'POST',
        body: registration(n),
      });
      if (res.status !== 201) throw new Error(`预置登记失败：${res.status} ${await res.text()}`);
      known.push(((await res.json()) as { id: string }).id);
    }

    const latencies = new Map<Kind, number[]>(MIX.map(([k]) => [k, []]));
    const errors = new Map<string, number>();
    let requests = 0;
    let serial = options.seed;
    const rss = [0, 0];
    const sampler = setInterval(() => {
      servers.forEach((s, i) => {
        rss[i] = Math.max(rss[i], rssMb(s.pid));
      });
    }, 1000);
    const started = Date.now();
    const endAt = started + options.seconds * 1000;

    const timed = async (kind: Kind, expect: number, send: () => Promise<Response>) => {
      const t0 = performance.now();
      let status = 0;
      let body: unknown = null;
      try {
        const res = await send();
        status = res.status;
        body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.arrayBuffer();
      } catch (error) {
        errors.set(
          `${kind} ${(error as Error).message}`,
          (errors.get(`${kind} ${(error as Error).message}`) ?? 0) + 1,
        );
      }
      requests++;
      latencies.get(kind)!.push(performance.now() - t0);
      if (status !== 0 && status !== expect) {
        const key = `${kind} ${status}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      return status === expect ? body : null;
    };

    const clerk = async (i: number) => {
      const base = servers[i % 2].base;
      const session = sessions[i % sessions.length];
      const mine: Array<{ id: string; version: number }> = [];
      // Thinking stops at the end of the run (the figures cover exactly the run's seconds).
      const think = () =>
        sleep(
          Math.min(
            (options.thinkMin + Math.random() * (options.thinkMax - options.thinkMin)) * 1000,
            Math.max(0, endAt - Date.now()),
          ),
        );
      // Staff are already at work when the clock starts: each is somewhere in a think pause.
      await sleep(Math.min(Math.random() * options.thinkMax * 1000, Math.max(0, endAt - Date.now())));
      while (Date.now() < endAt) {
        let kind = chooseKind();
        if (kind === 'triage' && mine.length === 0) kind = 'register';
        if (kind === 'work-list')
          await timed(kind, 200, () =>
            call(base, session, `/api/petitions?queue=${pick(QUEUES)}&pageSize=20`),
          );
        else if (kind === 'case-page')
          await timed(kind, 200, () => call(base, session, `/api/petitions/${pick(known)}`));
        else if (kind === 'search')
          await timed(kind, 200, () =>
            call(base, session, `/api/petitions?q=${encodeURIComponent(pick(SEARCH_WORDS))}&pageSize=20`),
          );
        else if (kind === 'register') {
          const body = registration(serial++);
          const created = (await timed(kind, 201, () =>
            call(base, session, '/api/petitions', {
              method: 'POST',
              body,
              headers: { 'idempotency-key': randomUUID() },
            }),
          )) as { id: string; version: number } | null;
          if (created) {
            mine.push({ id: created.id, version: created.version });
            known.push(created.id);
          }
        } else {
          const p = mine.shift()!;
          await timed(kind, 200, () =>
            call(base, session, `/api/petitions/${p.id}/triage`, {
              method: 'POST',
              body: JSON.stringify({
                version: p.version,
                kind: pick(['file', 'acceptance_notice']),
                reason: '压测分流',
              }),
            }),
          );
        }
        await think();
      }
    };
    await Promise.all(Array.from({ length: options.staff }, (_, i) => clerk(i)));
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const perKind = Object.fromEntries(
      [...latencies].map(([kind, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        return [
          kind,
          {
            requests: values.length,
            p50ms: Math.round(percentile(sorted, 50)),
            p95ms: Math.round(percentile(sorted, 95)),
          },
        ];
      }),
    );
    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    return {
      staff: options.staff,
      seconds: Math.round(seconds),
      requests,
      requestsPerSecond: Math.round((requests / seconds) * 10) / 10,
      errors: [...errors.values()].reduce((a, b) => a + b, 0),
      errorKinds: Object.fromEntries(errors),
      p50ms: Math.round(percentile(all, 50)),
      p95ms: Math.round(percentile(all, 95)),
      perKind,
      peakRssMb: { instanceA: rss[0], instanceB: rss[1] },
    };
  } finally {
    for (const s of servers) await s.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      staff: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '120' },
      'think-min': { type: 'string', default: '15' },
      'think-max': { type: 'string', default: '45' },
      seed: { type: 'string', default: '200' },
    },
  });
  const figures = await loadTest({
    postgres: values.postgres!,
    staff: Number(values.staff),
    seconds: Number(values.seconds),
    thinkMin: Number(values['think-min']),
    thinkMax: Number(values['think-max']),
    seed: Number(values.seed),
  });
  console.log(JSON.stringify(figures, null, 2));
  process.exitCode = figures.errors === 0 ? 0 : 1;
}
