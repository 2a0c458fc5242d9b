import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
 * unique and gap-free.
 */
describe.skipIf(!url)('two server instances on one PostgreSQL', () => {
  const servers: ServerProcess[] = [];
  let sessions: Session[];

  beforeAll(async () => {
    const databaseUrl = await scratchDatabase(url!, 'xf_two');
    for (let i = 0; i < 2; i++) {
      const port = 20000 + Math.floor(Math.random() * 20000) + i;
      servers.push(
        new ServerProcess(serverEnv({ dataDir: mkdtempSync(join(tmpdir(), 'xf-two-')), port, databaseUrl })),
      );
    }
    await servers[0].start(); // first start: migrations and the first admin
    await servers[1].start(); // finds both done
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
});
