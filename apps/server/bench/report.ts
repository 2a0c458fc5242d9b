import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { benchDeps } from './crypto.ts';
import { measureReport } from './measure.ts';

/**
 * `npm run bench:report [-- REGION_CODE]`: the half-year report of the bureau of REGION_CODE
 * (default 410000, the province) vs the hand-written GROUP BY, on the province that
 * `npm run bench:data` built in BENCH_DATABASE_URL (migrated first, so an older province gets the rollup).
 */
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xf_bench';
const code = process.argv[2] ?? '410000';
const database = await openDatabase({ driver: 'postgres', url });
const deps = benchDeps(database.db);
await migrate(deps.db);
const [bureau] = await queryRows<{ id: string; name: string; region_code: string }>(
  deps.db,
  sql`select id, name, region_code from units where kind = 'bureau' and region_code = ${code}`,
);
if (!bureau) throw new Error(`no bureau for region ${code}`);
const [{ petitions }] = await queryRows<{ petitions: number }>(
  deps.db,
  sql`select count(*)::int as petitions from petitions`,
);
const actor = systemActor({
  id: bureau.id,
  name: bureau.name,
  regionCode: bureau.region_code,
  kind: 'bureau',
});
console.log(JSON.stringify({ petitions, bureau: bureau.name, ...(await measureReport(deps, actor)) }));
await database.close();
