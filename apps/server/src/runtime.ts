import { join } from 'node:path';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { type DataDirLock, lockDataDir } from './db/data-dir-lock.ts';
import type { Deps } from './deps.ts';
import type { LegacyImport } from './modules/storage/legacy-attachments.ts';

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
  // The database starts (PGlite's WebAssembly boot takes seconds) while the modules around it load.
  const { openDatabase } = await import('./db/client.ts');
  const starting = config.databaseUrl
    ? openDatabase({ driver: 'postgres', url: config.databaseUrl })
    : openDatabase({ driver: 'pglite', dataDir: join(config.dataDir, 'pgdata') });
  let opened: Database;
  let modules: [
    typeof import('./db/migrate.ts'),
    typeof import('./modules/storage/legacy-attachments.ts'),
    typeof import('./crypto/crypto-deps.ts'),
  ];
  try {
    [opened, ...modules] = await Promise.all([
      starting,
      import('./db/migrate.ts'),
      import('./modules/storage/legacy-attachments.ts'),
      import('./crypto/crypto-deps.ts'),
    ]);
  } catch (error) {
    await starting.then((db) => db.close()).catch(() => undefined);
    lock?.release();
    throw error;
  }
  const [{ migrate }, { importLegacyAttachments }, { loadCryptoDeps }] = modules;
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
