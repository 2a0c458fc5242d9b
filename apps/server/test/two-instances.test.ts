import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  call,
  ServerProcess,
  type Session,
  scratchDatabase,
  serverEnv,
  signIn,
} from '../scripts/server-process.ts';

const url = process.env.TEST_DATABASE_URL;

/**
 * Two real server processes on one PostgreSQL database, as a province runs N instances behind a
 * load balancer: sessions work on either, racing commands have one winner, case numbers stay
 * unique and gap-free; attachments, documents and audit checkpoints are one truth for both. Each
 * instance has a data directory of its own; they share the key file and the checkpoint directory.
 */
describe.skipIf(!url)('two server instances on one PostgreSQL', () => {
  const servers: ServerProcess[] = [];
  let sessions: Session[];
  let databaseUrl: string;
  const checkpointDir = mkdtempSync(join(tmpdir(), 'xf-two-checkpoints-'));

  beforeAll(async () => {
    databaseUrl = await scratchDatabase(url!, 'xf_two');
    const dirs = [mkdtempSync(join(tmpdir(), 'xf-two-a-')), mkdtempSync(join(tmpdir(), 'xf-two-b-'))];
    for (let i = 0; i < 2; i++) {
      const port = 20000 + Math.floor(Math.random() * 20000) + i;
      servers.push(
        new ServerProcess({
          ...serverEnv({ dataDir: dirs[i], port, databaseUrl }),
          XINFANG_CHECKPOINT_DIR: checkpointDir,
          // The first start writes the key file into its data dir; the other instance uses it.
          XINFANG_KEY_FILE: join(dirs[0], 'keys.json'),
        }),
      );
    }
    delete servers[0].env.XINFANG_KEY_FILE;
    await servers[0].start(); // first start: migrations, the key file and the first admin
    await servers[1].start(); // finds all done
    const session = await signIn(servers[0].base);
    // A session made on one instance is valid on the other (sessions live in the database).
    sessions = [session, session];
  }, 600_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  const on = (i: number, path: string, init?: RequestInit) =>
    call(servers[i % 2].base, sessions[i % 2], path, init);
  const register = async (i: number, n: number) => {
    const res = await on(i, '/api/petitions', {
      method: 'POST',
      body: JSON.stringify({
        channel: 'visit',
        purpose: 'solution',
        regionCode: '410225',
        petitioners: [{ name: `双实例${n}` }],
        content: `双实例测试第${n}件：反映供暖问题。`,
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; caseNo: string; version: number };
  };

  it('numbers concurrent registrations on both instances uniquely and without gaps', {
    timeout: 600_000,
  }, async () => {
    const created = await Promise.all(Array.from({ length: 120 }, (_, n) => register(n, n)));
    const seqs = created.map((p) => Number(p.caseNo.split('-').at(-1))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(120);
    expect(seqs.at(-1)! - seqs[0] + 1).toBe(120);
  });

  it('gives every raced transition exactly one winner; the others get 409', {
    timeout: 600_000,
  }, async () => {
    const petitions = await Promise.all(Array.from({ length: 20 }, (_, n) => register(n, 1000 + n)));
    const outcomes = { won: 0, conflicts: 0, other: 0 };
    for (const p of petitions) {
      const attempts = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          on(i, `/api/petitions/${p.id}/triage`, {
            method: 'POST',
            body: JSON.stringify({
              version: p.version,
              kind: i % 2 ? 'file' : 'acceptance_notice',
              reason: '竞争',
            }),
          }),
        ),
      );
      const statuses = attempts.map((r) => r.status);
      expect(
        statuses.filter((s) => s === 200),
        p.caseNo,
      ).toHaveLength(1);
      expect(
        statuses.filter((s) => s === 409),
        p.caseNo,
      ).toHaveLength(7);
      outcomes.won += 1;
      outcomes.conflicts += 7;
      const detail = (await (await on(1, `/api/petitions/${p.id}`)).json()) as {
        state: string;
        timeline: Array<{ action: string }>;
        documents: unknown[];
      };
      expect(['filed', 'accepted']).toContain(detail.state);
      expect(detail.timeline.filter((e) => e.action === 'triage')).toHaveLength(1);
      expect(detail.documents).toHaveLength(detail.state === 'accepted' ? 1 : 0);
    }
    expect(outcomes).toEqual({ won: 20, conflicts: 140, other: 0 });
  });

  it('serves an attachment uploaded on one instance identically from the other, and a document generated on one', {
    timeout: 600_000,
  }, async () => {
    const petition = await register(0, 5000);
    const content = Buffer.from('现场照片说明：供暖管道破裂，室温12摄氏度。\n'.repeat(8000));
    const form = new FormData();
    form.append('file', new Blob([content]), '现场说明.txt');
    const upload = await fetch(`${servers[0].base}/api/petitions/${petition.id}/attachments`, {
      method: 'POST',
      headers: { cookie: sessions[0].cookie, 'x-csrf-token': sessions[0].csrf },
      body: form,
    });
    expect(upload.status).toBe(201);
    const attachment = (await upload.json()) as { id: string };
    const download = await on(1, `/api/petitions/${petition.id}/attachments/${attachment.id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);

    const triage = await on(0, `/api/petitions/${petition.id}/triage`, {
      method: 'POST',
      body: JSON.stringify({ version: petition.version, kind: 'acceptance_notice', reason: '受理' }),
    });
    expect(triage.status).toBe(200);
    const detail = (await (await on(1, `/api/petitions/${petition.id}`)).json()) as {
      documents: Array<{ id: string }>;
    };
    expect(detail.documents).toHaveLength(1);
    const docOnA = await on(0, `/api/petitions/${petition.id}/documents/${detail.documents[0].id}`);
    const docOnB = await on(1, `/api/petitions/${petition.id}/documents/${detail.documents[0].id}`);
    expect(docOnB.status).toBe(200);
    const bytes = Buffer.from(await docOnB.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a .docx is a zip
    expect(bytes.equals(Buffer.from(await docOnA.arrayBuffer()))).toBe(true);
  });

  it('holds the audit chain against checkpoints written by either instance, seen from the other', {
    timeout: 600_000,
  }, async () => {
    const verifyOn = async (i: number) => {
      try {
        const { stdout } = await promisify(execFile)('node', [BIN, 'audit', 'verify'], {
          env: servers[i].env,
          timeout: 600_000,
        });
        return { code: 0, out: stdout };
      } catch (error) {
        const e = error as { code: number; stdout: string };
        return { code: e.code, out: e.stdout };
      }
    };
    await servers[1].stop(); // B's last checkpoint goes to the shared directory
    const lines = () =>
      readFileSync(join(checkpointDir, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n');
    const afterB = JSON.parse(lines().at(-1)!) as { seq: number };
    await register(0, 6000); // more audited work, only on A
    await servers[0].stop(); // A seals it and writes its checkpoint
    const afterA = JSON.parse(lines().at(-1)!) as { seq: number };
    expect(afterA.seq).toBeGreaterThan(afterB.seq);
    expect(await verifyOn(1)).toMatchObject({ code: 0 });

    // Entries only A's checkpoint covers are removed from the end: B's side reports it.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('delete from audit_log where seq > $1', [afterB.seq]);
    await client.end();
    const verdict = await verifyOn(1);
    expect(verdict.code).toBe(2);
    expect(JSON.parse(verdict.out)).toMatchObject({
      ok: false,
      problem: 'deleted',
      firstBadSeq: afterB.seq + 1,
    });
  });
});
