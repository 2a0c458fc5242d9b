/**
 * Crash safety: starts the real server (PGlite, or PostgreSQL with --postgres URL), fires
 * registrations and lifecycle commands from several clients with idempotency keys, kill -9s the
 * server at random moments, restarts it, retries whatever was not acknowledged, and checks that
 * every acknowledged petition and transition exists exactly once, timelines and notices are
 * complete, case numbers are unique and gap-free, and the audit chain verifies.
 *
 *   npx tsx scripts/crash.ts [--requests 5000] [--kills 5] [--clients 4] [--postgres postgres://…]
 *
 * Prints one JSON line of figures; exits non-zero on any loss, duplicate or half-write.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { BIN, call, ServerProcess, scratchDatabase, serverEnv, signIn } from './server-process.ts';

const run = promisify(execFile);

export type CrashOptions = { requests: number; kills: number; clients: number; postgres?: string };
export type CrashFigures = {
  driver: 'pglite' | 'postgres';
  requests: number;
  acknowledged: number;
  transitions: number;
  kills: number;
  retries: number;
  lost: number;
  duplicated: number;
  halfWritten: number;
  caseNumbersGapFree: boolean;
  auditVerified: boolean;
  seconds: number;
};

export async function crashTest(options: CrashOptions): Promise<CrashFigures> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'xf-crash-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const databaseUrl = options.postgres ? await scratchDatabase(options.postgres, 'xf_crash') : undefined;
  const env = serverEnv({ dataDir, port, databaseUrl });
  const server = new ServerProcess(env);
  const base = server.base;

  await server.start();
  // The client: the bootstrap admin registers and triages (it has the registrar and caseworker roles).
  let session = await signIn(base);
  const relogin = async () => {
    session = await signIn(base);
  };

  type Ack = {
    key: string;
    id: string;
    caseNo: string;
    triaged: boolean;
    kind: string;
    attachmentId?: string;
  };
  const acks: Ack[] = [];
  let retries = 0;
  let transitions = 0;
  let next = 0;
  let running = true;

  /** Sends until the server answers (it may be down: wait for it to come back). */
  const send = async (path: string, init: RequestInit): Promise<Response> => {
    for (;;) {
      try {
        const res = await call(base, session, path, init);
        if (res.status === 401) {
          await relogin();
          retries++;
          continue;
        }
        return res;
      } catch {
        retries++;
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  };

  const client = async () => {
    while (next < options.requests) {
      const i = next++;
      const key = randomUUID();
      const body = JSON.stringify({
        channel: 'visit',
        purpose: 'solution',
        regionCode: '410225',
        petitioners: [{ name: `崩溃测试${i}` }],
        content: `崩溃测试第${i}件：反映工资拖欠问题，请求协调解决。`,
      });
      let res = await send('/api/petitions', { method: 'POST', body, headers: { 'idempotency-key': key } });
      while (res.status !== 201 && res.status !== 200) {
        retries++;
        res = await send('/api/petitions', { method: 'POST', body, headers: { 'idempotency-key': key } });
      }
      const created = (await res.json()) as { id: string; caseNo: string; version: number };
      const ack: Ack = {
        key,
        id: created.id,
        caseNo: created.caseNo,
        triaged: false,
        kind: i % 2 ? 'file' : 'acceptance_notice',
      };
      acks.push(ack);
      // Every fourth petition gets an attachment (its bytes and its row must commit together).
      if (i % 4 === 0) {
        const upload = {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=XFCRASH' },
          body: `--XFCRASH\r\nContent-Disposition: form-data; name="file"; filename="材料${i}.txt"\r\nContent-Type: text/plain\r\n\r\n崩溃测试附件${i}：${'现场情况说明。'.repeat(200)}\r\n--XFCRASH--\r\n`,
        };
        let a = await send(`/api/petitions/${created.id}/attachments`, upload);
        while (a.status !== 201) {
          retries++;
          a = await send(`/api/petitions/${created.id}/attachments`, upload);
        }
        ack.attachmentId = ((await a.json()) as { id: string }).id;
      }
      // A lifecycle command with the version seen: after a crash, read back whether it was applied.
      let version = created.version;
      for (;;) {
        const t = await send(`/api/petitions/${created.id}/triage`, {
          method: 'POST',
          body: JSON.stringify({ version, kind: ack.kind, reason: '崩溃测试' }),
        });
        if (t.status === 200) break;
        retries++;
        const now = (await (await send(`/api/petitions/${created.id}`, { method: 'GET' })).json()) as {
          state: string;
          version: number;
        };
        if (now.state !== 'registered') break; // applied before the crash, not acknowledged
        version = now.version;
      }
      ack.triaged = true;
      transitions++;
    }
  };

  const killer = async () => {
    for (let k = 0; k < options.kills && running; k++) {
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 3000));
      if (!running) break;
      await server.kill9();
      await server.start();
    }
  };
  const killing = killer();
  await Promise.all(Array.from({ length: options.clients }, client));
  running = false;
  await killing;
  await server.kill9();

  // Checks on the database itself, the server stopped.
  const figures = await inspect(databaseUrl, dataDir, acks);
  const audit = await run(process.execPath, [BIN, 'audit', 'verify'], { env }).then(
    () => true,
    () => false,
  );
  return {
    driver: databaseUrl ? 'postgres' : 'pglite',
    requests: options.requests,
    acknowledged: acks.length,
    transitions,
    kills: options.kills,
    retries,
    ...figures,
    auditVerified: audit,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

/** Opens the stopped server's database and counts what must be there exactly once. */
async function inspect(
  databaseUrl: string | undefined,
  dataDir: string,
  acks: Array<{ id: string; caseNo: string; kind: string; attachmentId?: string }>,
) {
  const { openDatabase, queryRows } = await import('../src/db/client.ts');
  const { sql } = await import('drizzle-orm');
  const database = databaseUrl
    ? await openDatabase({ driver: 'postgres', url: databaseUrl })
    : await openDatabase({ driver: 'pglite', dataDir: join(dataDir, 'pgdata') });
  try {
    const q = <T>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query);
    const petitions = await q<{ id: string; case_no: string; state: string }>(
      sql`select id, case_no, state from petitions where content like '崩溃测试%'`,
    );
    const byId = new Map(petitions.map((p) => [p.id, p]));
    const attachmentIds = new Set(
      (await q<{ id: string }>(sql`select id from attachments`)).map((a) => a.id),
    );
    const lost =
      acks.filter((a) => !byId.has(a.id)).length +
      acks.filter((a) => a.attachmentId && !attachmentIds.has(a.attachmentId)).length;
    const duplicated =
      petitions.length - new Set(petitions.map((p) => p.case_no)).size + (petitions.length - acks.length);
    const events = await q<{ petition_id: string; action: string; n: number }>(
      sql`select petition_id, action, count(*)::int as n from petition_events group by petition_id, action`,
    );
    const count = (id: string, action: string) =>
      events.find((e) => e.petition_id === id && e.action === action)?.n ?? 0;
    const docs = await q<{ petition_id: string; n: number }>(
      sql`select petition_id, count(*)::int as n from documents group by petition_id`,
    );
    const docCount = (id: string) => docs.find((d) => d.petition_id === id)?.n ?? 0;
    const orphans = await q<{ n: number }>(
      sql`select (select count(*) from documents d where not exists (select 1 from petitions p where p.id = d.petition_id))
             + (select count(*) from petition_events e where not exists (select 1 from petitions p where p.id = e.petition_id))
             + (select count(*) from petition_events e where e.document_id is not null
                  and not exists (select 1 from documents d where d.id = e.document_id))
             + (select count(*) from attachments a where not exists (select 1 from petitions p where p.id = a.petition_id))
             + (select count(*) from attachments a where not exists (select 1 from blobs b where b.sha256 = a.sha256))
             + (select count(*) from blobs b where not exists (select 1 from attachments a where a.sha256 = b.sha256)) as n`,
    );
    let halfWritten = Number(orphans[0].n);
    for (const a of acks) {
      const p = byId.get(a.id);
      if (!p) continue;
      const expectedState = a.kind === 'file' ? 'filed' : 'accepted';
      const expectedDocs = a.kind === 'file' ? 0 : 1;
      if (
        p.state !== expectedState ||
        count(a.id, 'register') !== 1 ||
        count(a.id, 'triage') !== 1 ||
        docCount(a.id) !== expectedDocs
      )
        halfWritten++;
    }
    const seqs = petitions.map((p) => Number(p.case_no.split('-').at(-1))).sort((x, y) => x - y);
    const caseNumbersGapFree = seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1);
    return { lost, duplicated, halfWritten, caseNumbersGapFree };
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '5000' },
      kills: { type: 'string', default: '5' },
      clients: { type: 'string', default: '4' },
      postgres: { type: 'string' },
    },
  });
  const figures = await crashTest({
    requests: Number(values.requests),
    kills: Number(values.kills),
    clients: Number(values.clients),
    postgres: values.postgres,
  });
  console.log(JSON.stringify(figures));
  const ok =
    figures.lost === 0 &&
    figures.duplicated === 0 &&
    figures.halfWritten === 0 &&
    figures.caseNumbersGapFree &&
    figures.auditVerified;
  process.exit(ok ? 0 : 1);
}
