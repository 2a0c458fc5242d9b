import { join } from 'node:path';
import type { Config } from './config.ts';
import { loadCryptoDeps } from './crypto/crypto-deps.ts';
import { type Database, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import type { Deps } from './deps.ts';

export type Runtime = { deps: Deps; database: Database; applied: string[] };

/** Opens the configured database (PGlite under the data dir, or PostgreSQL), migrates, wires deps. */
export async function openRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const database = config.databaseUrl
    ? await openDatabase({ driver: 'postgres', url: config.databaseUrl })
    : await openDatabase({ driver: 'pglite', dataDir: join(config.dataDir, 'pgdata') });
  const applied = options.migrate === false ? [] : await migrate(database.db);
  const crypto = loadCryptoDeps(config);
  return {
    database,
    applied,
    deps: {
      db: database.db,
      crypto,
      now: () => new Date(),
      dataDir: config.dataDir,
      maxUploadBytes: config.maxUploadBytes,
    },
  };
}
