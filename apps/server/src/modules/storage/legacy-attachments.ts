import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/client.ts';
import { blobStore, sha256Of } from './blob-store.ts';
import { attachmentRefersTo } from './blobs.repo.ts';

export type LegacyImport = { imported: number; unreferenced: number; damaged: number };

/**
 * Upgrade path from the file store of earlier versions (`DATA_DIR/attachments/ab/abcdef…`) to the
 * `blobs` table, run at every start while that directory exists (a readdir when there is nothing
 * to do). Each file an attachment refers to is checked against its hash, stored, committed, then
 * deleted. Files no attachment refers to (left by a crash between file and row in the old store)
 * and files whose bytes no longer match their name are moved to `attachments-unreferenced/` for an
 * administrator to look at, never deleted. Safe to run on several instances sharing the directory.
 */
export async function importLegacyAttachments(db: Db, dataDir: string): Promise<LegacyImport> {
  const root = join(dataDir, 'attachments');
  const result: LegacyImport = { imported: 0, unreferenced: 0, damaged: 0 };
  if (!existsSync(root)) return result;
  const aside = join(dataDir, 'attachments-unreferenced');
  for (const prefix of await readdir(root)) {
    const dir = join(root, prefix);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = join(dir, name);
      if (name.startsWith('.')) {
        await rm(file, { force: true }); // a temp file of a write that never finished
        continue;
      }
      const content = await readFile(file).catch(() => null);
      if (!content) continue; // taken by another instance meanwhile
      const intact = sha256Of(content) === name;
      const referenced = intact && (await attachmentRefersTo(db, name));
      if (!referenced) {
        await mkdir(aside, { recursive: true });
        await rename(file, join(aside, name)).catch(() => undefined);
        if (intact) result.unreferenced += 1;
        else result.damaged += 1;
        continue;
      }
      await db.transaction((tx) => blobStore.put(tx, content));
      await rm(file, { force: true });
      result.imported += 1;
    }
    await rmdir(dir).catch(() => undefined);
  }
  await rmdir(root).catch(() => undefined);
  return result;
}
