import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { checkpointFile, writeAuditCheckpoint } from '../src/modules/audit/audit-checkpoint.ts';
import { sealAuditChain, verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import { loginAs } from './helpers/api.ts';
import { register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

/**
 * The audit chain is anchored: it starts at a known genesis, and signed checkpoints (count + head
 * hash) are kept in a file outside the database. Every kind of deletion is reported.
 */
describe.each(DRIVERS)('audit chain anchored at genesis and by signed checkpoints (%s)', (driver) => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  /** A world with some audited work and a checkpoint at its head; returns the last seq. */
  async function anchoredWorld(): Promise<{ w: World; last: number }> {
    const w = await buildWorld(driver, { checkpointDir: mkdtempSync(join(tmpdir(), 'xf-audit-')) });
    world = w;
    const registrar = await loginAs(w.app, 'registrar');
    for (let i = 0; i < 3; i++) await register(registrar);
    // Entries are linked into the chain by the sealer (the job runner does it each second).
    await sealAuditChain(w.deps);
    expect(await writeAuditCheckpoint(w.deps)).not.toBeNull();
    const [{ last }] = await queryRows<{ last: number }>(
      w.deps.db,
      sql`select max(seq) as last from audit_log`,
    );
    expect(await verifyAuditChain(w.deps)).toMatchObject({ ok: true, lastSeq: Number(last) });
    return { w, last: Number(last) };
  }

  it('reports the first entries deleted (the head)', async () => {
    const { w } = await anchoredWorld();
    await w.deps.db.execute(sql`delete from audit_log where seq <= 2`);
    expect(await verifyAuditChain(w.deps)).toMatchObject({ ok: false, problem: 'deleted', firstBadSeq: 1 });
  });

  it('reports entries deleted in the middle', async () => {
    const { w, last } = await anchoredWorld();
    const middle = Math.floor(last / 2);
    await w.deps.db.execute(sql`delete from audit_log where seq = ${middle}`);
    expect(await verifyAuditChain(w.deps)).toMatchObject({
      ok: false,
      problem: 'deleted',
      firstBadSeq: middle,
    });
  });

  it('reports the last entries deleted (the tail), which the chain alone cannot see', async () => {
    const { w, last } = await anchoredWorld();
    await w.deps.db.execute(sql`delete from audit_log where seq > ${last - 2}`);
    expect(await verifyAuditChain(w.deps)).toMatchObject({
      ok: false,
      problem: 'deleted',
      firstBadSeq: last - 1,
    });
  });

  it('reports the whole log deleted', async () => {
    const { w } = await anchoredWorld();
    await w.deps.db.execute(sql`delete from audit_log`);
    const verdict = await verifyAuditChain(w.deps);
    expect(verdict).toMatchObject({ ok: false, problem: 'deleted', firstBadSeq: 1 });
    expect(verdict.ok ? '' : verdict.message).toContain('清空');
  });

  it('refuses a checkpoint file edited without the key, and a chain rewritten under a checkpoint', async () => {
    const { w, last } = await anchoredWorld();
    const file = checkpointFile(w.deps);
    const original = readFileSync(file, 'utf8');
    const line = JSON.parse(original.trim().split('\n').at(-1) ?? '{}');
    appendFileSync(file, `${JSON.stringify({ ...line, seq: last + 50 })}\n`);
    expect(await verifyAuditChain(w.deps)).toMatchObject({ ok: false, problem: 'checkpoint' });
    writeFileSync(file, original);
    // Rewriting the head entry with a recomputed, self-consistent hash still breaks the anchor.
    await w.deps.db.execute(sql`update audit_log set hash = repeat('a', 64) where seq = ${last}`);
    expect(await verifyAuditChain(w.deps)).toMatchObject({ ok: false, firstBadSeq: last });
  });
});
