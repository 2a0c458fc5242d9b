import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { archiveAuditLog } from '../src/modules/audit/audit-archive.service.ts';
import { writeAuditCheckpoint } from '../src/modules/audit/audit-checkpoint.ts';
import { sealAuditChain, verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import { loginAs } from './helpers/api.ts';
import { register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

const GENESIS = '0'.repeat(64);

/**
 * Old audit entries leave the table for signed archive files (网络安全法第二十一条: not before six
 * months); the live chain still verifies from the archive's last hash, the whole chain verifies
 * from the files, and a deleted archive file, anchor or live entry is reported.
 */
describe.each(DRIVERS)('audit archive keeps verification (%s)', (driver) => {
  let w: World;
  let dir: string;
  let archiveDir: string;
  const seqs = { jan: 0, jun: 0, total: 0 };
  const q = <T>(query: ReturnType<typeof sql>) => queryRows<T>(w.deps.db, query);
  const maxSeq = async () => Number((await q<{ m: string }>(sql`select max(seq) as m from audit_log`))[0].m);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xf-archive-'));
    archiveDir = join(dir, 'audit-archive');
    // The installation started in January 2025; work in January, in June, and today (2026-03-02).
    w = await buildWorld(driver, { checkpointDir: dir, clockStart: '2025-01-10T02:00:00Z' });
    const registrar = await loginAs(w.app, 'registrar', { now: () => w.clock.now });
    await register(registrar);
    await register(registrar);
    await sealAuditChain(w.deps);
    seqs.jan = await maxSeq();
    w.clock.set('2025-06-10T02:00:00Z');
    await register(registrar);
    await sealAuditChain(w.deps);
    seqs.jun = await maxSeq();
    w.clock.set('2026-03-02T02:00:00Z');
    await register(registrar);
    await sealAuditChain(w.deps);
    seqs.total = await maxSeq();
    await writeAuditCheckpoint(w.deps);
  }, 600_000);
  afterAll(async () => w?.close());

  it('refuses a cut-off younger than six months or not a date, and changes nothing', async () => {
    // Today is 2026-03-02: six months back is 2025-09-02.
    await expect(archiveAuditLog(w.deps, { before: '2025-09-03', dir: archiveDir })).rejects.toThrow(
      '最晚为 2025-09-02',
    );
    await expect(archiveAuditLog(w.deps, { before: '2025-02-30', dir: archiveDir })).rejects.toThrow(
      'YYYY-MM-DD',
    );
    expect(await maxSeq()).toBe(seqs.total);
    expect((await q<{ n: number }>(sql`select count(*)::int as n from audit_log`))[0].n).toBe(seqs.total);
  });

  it('moves old entries into archives; the live chain and the whole chain verify', async () => {
    const first = await archiveAuditLog(w.deps, { before: '2025-03-01', dir: archiveDir });
    expect(first).toMatchObject({ firstSeq: 1, lastSeq: seqs.jan, entryCount: seqs.jan, prevHash: GENESIS });
    const [{ lo }] = await q<{ lo: string }>(sql`select min(seq) as lo from audit_log`);
    expect(Number(lo)).toBe(seqs.jan + 1);
    expect(await verifyAuditChain(w.deps)).toMatchObject({
      ok: true,
      count: seqs.total - seqs.jan,
      lastSeq: seqs.total,
      archived: seqs.jan,
      archivesChecked: false,
    });

    const second = await archiveAuditLog(w.deps, { before: '2025-09-01', dir: archiveDir });
    expect(second).toMatchObject({
      firstSeq: seqs.jan + 1,
      lastSeq: seqs.jun,
      entryCount: seqs.jun - seqs.jan,
      prevHash: first?.lastHash,
    });
    expect(await archiveAuditLog(w.deps, { before: '2025-09-01', dir: archiveDir })).toBeNull();
    expect(await verifyAuditChain(w.deps, { archivesDir: archiveDir })).toMatchObject({
      ok: true,
      count: seqs.total,
      lastSeq: seqs.total,
      archived: seqs.jun,
      archivesChecked: true,
    });
    // The archive file holds exactly the entries that left the table, as JSON lines.
    const lines = gunzipSync(readFileSync(join(archiveDir, second!.fileName)))
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number });
    expect(lines.map((l) => Number(l.seq))).toEqual(
      Array.from({ length: seqs.jun - seqs.jan }, (_, i) => seqs.jan + 1 + i),
    );
    const manifest = JSON.parse(
      readFileSync(join(archiveDir, second!.fileName.replace('.jsonl.gz', '.manifest.json')), 'utf8'),
    );
    expect(manifest).toEqual(second);
  });

  it('reports a missing or altered archive file, a deleted or forged anchor, and deleted live entries', async () => {
    const [a1] = await q<{ file_name: string }>(
      sql`select file_name from audit_archives order by first_seq limit 1`,
    );
    const file = join(archiveDir, a1.file_name);
    const whole = () => verifyAuditChain(w.deps, { archivesDir: archiveDir });

    renameSync(file, `${file}.away`);
    const missing = await whole();
    expect(missing).toMatchObject({ ok: false, problem: 'archive', firstBadSeq: 1 });
    expect(JSON.stringify(missing)).toContain(`${a1.file_name} 缺失`);
    expect(await verifyAuditChain(w.deps)).toMatchObject({ ok: true }); // the live chain alone is intact
    renameSync(`${file}.away`, file);

    const original = readFileSync(file);
    const rows = gunzipSync(original).toString().trim().split('\n');
    const edited = JSON.parse(rows[0]) as Record<string, unknown>;
    edited.action = 'user.delete';
    writeFileSync(file, gzipSync([JSON.stringify(edited), ...rows.slice(1)].join('\n')));
    expect(await whole()).toMatchObject({ ok: false, problem: 'archive', firstBadSeq: 1 });
    writeFileSync(file, original);
    expect(await whole()).toMatchObject({ ok: true });

    // The anchor of the second archive deleted: the live chain no longer joins the first archive.
    const [a2] = await q<Record<string, unknown>>(
      sql`select * from audit_archives where first_seq = ${seqs.jan + 1}`,
    );
    await w.deps.db.execute(sql`delete from audit_archives where first_seq = ${seqs.jan + 1}`);
    expect(await verifyAuditChain(w.deps)).toMatchObject({
      ok: false,
      problem: 'deleted',
      firstBadSeq: seqs.jan + 1,
    });
    await w.deps.db.execute(
      sql`insert into audit_archives select * from json_populate_record(null::audit_archives, ${JSON.stringify(a2)}::json)`,
    );
    expect(await verifyAuditChain(w.deps)).toMatchObject({ ok: true });

    // An anchor rewritten without the key (to hide deleted live entries) is reported.
    await w.deps.db.execute(
      sql`update audit_archives set last_seq = last_seq + 1 where first_seq = ${seqs.jan + 1}`,
    );
    expect(await verifyAuditChain(w.deps)).toMatchObject({ ok: false, problem: 'archive' });
    await w.deps.db.execute(
      sql`update audit_archives set last_seq = last_seq - 1 where first_seq = ${seqs.jan + 1}`,
    );

    // The first live entry deleted.
    await w.deps.db.execute(sql`delete from audit_log where seq = ${seqs.jun + 1}`);
    expect(await verifyAuditChain(w.deps)).toMatchObject({
      ok: false,
      problem: 'deleted',
      firstBadSeq: seqs.jun + 1,
    });
  });
});
