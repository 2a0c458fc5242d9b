import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import { benchCryptoDeps } from './crypto.ts';

/**
 * The intake benchmark's server, in a process of its own as in production (`bench/run.ts` starts
 * it): the load generator no longer shares its event loop and CPU. Prints its address on stdout,
 * closes on SIGTERM (with `--cpu-prof`, the profile is written on that exit).
 */
const url = process.argv[2];
const database = await openDatabase({ driver: 'postgres', url, poolSize: 24 });
const app = await buildApp({
  deps: {
    db: database.db,
    crypto: benchCryptoDeps(),
    now: () => new Date(),
    checkpointDir: process.argv[3],
    maxUploadBytes: 1 << 20,
  },
  logger: false,
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
