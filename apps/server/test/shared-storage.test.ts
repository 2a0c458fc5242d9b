import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { insertAttachment } from '../src/modules/attachments/attachments.repo.ts';
import { blobStore } from '../src/modules/storage/blob-store.ts';
import { unreferencedBlobs } from '../src/modules/storage/blobs.repo.ts';
import { importLegacyAttachments } from '../src/modules/storage/legacy-attachments.ts';
import { loginAs } from './helpers/api.ts';
import { register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Writes a file where the file store of earlier versions kept it: attachments/ab/abcdef…. */
function legacyFile(dataDir: string, name: string, content: Buffer): void {
  mkdirSync(join(dataDir, 'attachments', name.slice(0, 2)), { recursive: true });
  writeFileSync(join(dataDir, 'attachments', name.slice(0, 2), name), content);
}

/** Attachment bytes live in the database (`blobs`), one truth for every instance. */
describe.each(DRIVERS)('shared attachment storage in the database (%s)', (driver) => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('moves the files of the earlier file store into the database at start; downloads stay identical', async () => {
    world = await buildWorld(driver);
    const w = world;
    const petition = await register(await loginAs(w.app, 'registrar'));
    const dataDir = mkdtempSync(join(tmpdir(), 'xf-legacy-'));
    const kept = randomBytes(3 * 1024 * 1024 + 17); // more than one 1 MiB read slice
    const stray = Buffer.from('无人引用的旧文件');
    const damaged = Buffer.from('被改动的文件');
    legacyFile(dataDir, sha(kept), kept);
    legacyFile(dataDir, sha(stray), stray);
    legacyFile(dataDir, sha(Buffer.from('原来的内容')), damaged);
    legacyFile(dataDir, `.${sha(kept)}.123.tmp`, kept.subarray(0, 10));
    const row = await insertAttachment(w.deps.db, {
      petitionId: petition.id,
      fileName: '旧版附件.bin',
      contentType: 'application/pdf',
      size: kept.length,
      sha256: sha(kept),
      storageKey: sha(kept),
    });

    expect(await importLegacyAttachments(w.deps.db, dataDir)).toEqual({
      imported: 1,
      unreferenced: 1,
      damaged: 1,
    });
    expect(existsSync(join(dataDir, 'attachments'))).toBe(false);
    expect(readdirSync(join(dataDir, 'attachments-unreferenced')).sort()).toEqual(
      [sha(stray), sha(Buffer.from('原来的内容'))].sort(),
    );
    // A second start finds nothing to do.
    expect(await importLegacyAttachments(w.deps.db, dataDir)).toEqual({
      imported: 0,
      unreferenced: 0,
      damaged: 0,
    });

    const download = await (await loginAs(w.app, 'caseworker')).get(
      `/api/petitions/${petition.id}/attachments/${row.id}`,
    );
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-length']).toBe(String(3 * 1024 * 1024 + 17));
    expect(download.rawPayload.equals(kept)).toBe(true);
  });

  it('stores the same content once, and a rolled-back upload leaves no bytes behind', async () => {
    world = await buildWorld(driver);
    const db = world.deps.db;
    const content = Buffer.from('同一份材料');
    await db.transaction(async (tx) => {
      await blobStore.put(tx, content);
      await blobStore.put(tx, content);
    });
    await expect(
      db.transaction(async (tx) => {
        await blobStore.put(tx, Buffer.from('回滚的上传'));
        throw new Error('登记失败');
      }),
    ).rejects.toThrow('登记失败');
    const rows = await queryRows<{ sha256: string; size: number }>(
      db,
      sql`select sha256, size from blobs order by sha256`,
    );
    expect(rows.map((r) => [r.sha256, Number(r.size)])).toEqual([[sha(content), 15]]);
    expect(await unreferencedBlobs(db)).toEqual([sha(content)]);
    expect((await blobStore.read(db, sha(content))).toString()).toBe('同一份材料');
  });
});
