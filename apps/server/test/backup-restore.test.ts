import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Database, queryRows } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';
import { sweepIdempotencyKeys, sweepSessions } from '../src/jobs/job-runner.ts';
import { backupTo, restoreFrom } from '../src/modules/backup/backup.service.ts';
import { writeAuditCheckpoint } from '../src/modules/audit/audit-checkpoint.ts';
import { verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import { readLedgerBuffer } from '../src/modules/ledger/ledger-reader.ts';
import { expectStatus, loginAs } from './helpers/api.ts';
import { command, detail, register, registration } from './helpers/petitions.ts';
import { DRIVERS, freshDatabase } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

async function ledgerRows(app: FastifyInstance, username: string) {
  const client = await loginAs(app, username);
  const res = await client.get('/api/ledger/export?from=2026-01-01&to=2026-12-31');
  expect(res.statusCode).toBe(200);
  const rows: Array<Record<string, string>> = [];
  for await (const row of readLedgerBuffer(res.rawPayload, 'export.xlsx')) rows.push(row.cells);
  return rows;
}

async function report(app: FastifyInstance, username: string) {
  const client = await loginAs(app, username);
  return expectStatus(await client.get('/api/statistics/report?from=2026-01-01&to=2026-12-31'), 200);
}

describe.each(DRIVERS)('backup and restore (%s)', (driver) => {
  let world: World;
  let target: { database: Database; app: FastifyInstance } | undefined;
  afterAll(async () => {
    await target?.app.close();
    await target?.database.close();
    await world?.close();
  });

  it('restores into an empty instance: identical report, ledger export and attachments; the audit chain verifies', async () => {
    world = await buildWorld(driver, { checkpointDir: mkdtempSync(join(tmpdir(), 'xf-backup-src-')) });
    const registrar = await loginAs(world.app, 'registrar');
    const caseworker = await loginAs(world.app, 'caseworker');
    const petitions = [];
    for (let i = 0; i < 4; i++) petitions.push(await register(registrar));
    const d = await detail(caseworker, petitions[0].id);
    await command(caseworker, petitions[0].id, 'triage', {
      version: d.version,
      kind: 'assign',
      unitId: world.units.hrss.id,
    });
    const upload = await world.app.inject({
      method: 'POST',
      url: `/api/petitions/${petitions[1].id}/attachments`,
      headers: {
        cookie: `xf_session=${caseworker.session().cookie}`,
        'x-csrf-token': caseworker.session().csrf,
        'content-type': 'multipart/form-data; boundary=BK',
      },
      payload:
        '--BK\r\nContent-Disposition: form-data; name="file"; filename="证据.txt"\r\nContent-Type: text/plain\r\n\r\n现场照片说明\r\n--BK--\r\n',
    });
    const attachment = expectStatus(upload, 201);
    await writeAuditCheckpoint(world.deps);

    const file = join(mkdtempSync(join(tmpdir(), 'xf-backup-')), 'xinfang.backup.gz');
    const made = await backupTo(world.deps, file);
    expect(made.tables.petitions).toBe(4);
    expect(made.attachments).toBe(1);
    expect(made.tables.blobs).toBe(1); // the bytes travel as rows of the blobs table

    // An empty instance with the same keys (the key file travels apart from the backup).
    const database = await freshDatabase(driver);
    const deps: Deps = {
      ...world.deps,
      db: database.db,
      checkpointDir: mkdtempSync(join(tmpdir(), 'xf-backup-dst-')),
    };
    const restored = await restoreFrom(deps, file);
    expect(restored).toEqual(made);
    const verdict = await verifyAuditChain(deps);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict).toEqual(await verifyAuditChain(world.deps));
    const app = await buildApp({ deps });
    target = { database, app };

    expect(await report(app, 'caseworker')).toEqual(await report(world.app, 'caseworker'));
    expect(await ledgerRows(app, 'caseworker')).toEqual(await ledgerRows(world.app, 'caseworker'));
    const download = await (await loginAs(app, 'caseworker')).get(
      `/api/petitions/${petitions[1].id}/attachments/${attachment.id}`,
    );
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('现场照片说明');
    // New work continues on the restored instance (serial ids and case numbers go on).
    const again = await register(await loginAs(app, 'registrar'));
    expect(again.caseNo).not.toBe(petitions.at(-1)?.caseNo);

    // A second restore into a non-empty instance is refused and changes nothing.
    await expect(restoreFrom(deps, file)).rejects.toThrow('空实例');
  });
});

describe.each(DRIVERS)('retention sweeps (%s)', (driver) => {
  let world: World | undefined;
  afterAll(async () => world?.close());

  it('expires idempotency keys after 7 days and sessions after their limits, on schedule', async () => {
    world = await buildWorld(driver);
    // Idempotency keys are stamped by the database clock (now()): run the business clock from the same moment.
    world.clock.set(new Date().toISOString());
    const registrar = await loginAs(world.app, 'registrar', { now: () => (world as World).clock.now });
    const { cookie, csrf } = registrar.session();
    const send = () =>
      (world as World).app.inject({
        method: 'POST',
        url: '/api/petitions',
        headers: { cookie: `xf_session=${cookie}`, 'x-csrf-token': csrf, 'idempotency-key': 'sweep-1' },
        payload: registration(),
      });
    const first = expectStatus(await send(), 201);
    expect(expectStatus(await send(), 201).id).toBe(first.id);
    world.clock.advanceDays(6);
    expect(await sweepIdempotencyKeys(world.deps)).toBe(0);
    world.clock.advanceDays(2);
    expect(await sweepIdempotencyKeys(world.deps)).toBe(1);
    expect(await sweepSessions(world.deps)).toBeGreaterThan(0);
    const [{ left }] = await queryRows<{ left: number }>(
      world.deps.db,
      sql`select count(*)::int as left from sessions`,
    );
    expect(left).toBe(0);
  });
});
