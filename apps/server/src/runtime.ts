import { join } from 'node:path';
import type { Config } from './config.ts';
import { loadCryptoDeps } from './crypto/crypto-deps.ts';
import { type Database, openDatabase } from './db/client.ts';
import { type DataDirLock, lockDataDir } from './db/data-dir-lock.ts';
import { migrate } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { importLegacyAttachments, type LegacyImport } from './modules/storage/legacy-attachments.ts';

export type Runtime = {
  deps: Deps;
  database: Database;
  applied: string[];
  lock?: DataDirLock;
  /** Attachment files of an earlier version moved into the database at this start. */
  legacyAttachments?: LegacyImport;
};

/** Opens the configured database (PGlite under the data dir, or PostgreSQL), migrates, wires deps. */
export async function openRuntime(
  config: Config,
  options: { migrate?: boolean; command?: string } = {},
): Promise<Runtime> {
  // PGlite is single-process: the data directory gets one owner, refused to any second process.
  const lock = config.databaseUrl
    ? undefined
    : lockDataDir(config.dataDir, options.command ?? process.argv.slice(2).join(' '));
  let opened: Database;
  try {
    opened = config.databaseUrl
      ? await openDatabase({ driver: 'postgres', url: config.databaseUrl })
      : await openDatabase({ driver: 'pglite', dataDir: join(config.dataDir, 'pgdata') });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const database: Database = {
    ...opened,
    close: async () => {
      try {
        await opened.close();
      } finally {
        lock?.release();
      }
    },
  };
  const applied = options.migrate === false ? [] : await migrate(database.db);
  const legacyAttachments =
    options.migrate === false ? undefined : await importLegacyAttachments(database.db, config.dataDir);
  const crypto = loadCryptoDeps(config);
  return {
    database,
    applied,
    lock,
    legacyAttachments,
    deps: {
      db: database.db,
      crypto,
      now: () => new Date(),
      checkpointDir: config.checkpointDir,
      maxUploadBytes: config.maxUploadBytes,
    },
  };
}
