import { fileURLToPath } from 'node:url';
import type { Role, UnitKind } from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { testCryptoDeps } from '../../src/crypto/crypto-deps.ts';
import type { Database } from '../../src/db/client.ts';
import type { Deps } from '../../src/deps.ts';
import { createUser } from '../../src/modules/admin/users.service.ts';
import { DEMO_REGIONS } from '../../src/modules/reference/data/demo-regions.ts';
import { insertUnit, replaceUpperOrgans, type UnitRow } from '../../src/modules/reference/reference.repo.ts';
import { seedDefaultCategories, seedRegions } from '../../src/modules/reference/reference-seed.service.ts';
import { enrolSecondFactor, registerAuthenticator } from './authenticator.ts';
import { type Driver, freshDatabase } from './test-db.ts';

export const PASSWORD = 'Test#Passw0rd';

/** A controllable clock: tests move time to cross deadlines and windows. */
export type Clock = { now: Date; set: (iso: string) => void; advanceDays: (days: number) => void };

export function testClock(start = '2026-03-02T02:00:00Z'): Clock {
  const clock: Clock = {
    now: new Date(start),
    set: (iso) => {
      clock.now = new Date(iso);
    },
    advanceDays: (days) => {
      clock.now = new Date(clock.now.getTime() + days * 86_400_000);
    },
  };
  return clock;
}

export type World = {
  database: Database;
  deps: Deps;
  app: FastifyInstance;
  clock: Clock;
  units: Record<
    | 'city'
    | 'county'
    | 'hrss'
    | 'housing'
    | 'township'
    | 'discipline'
    | 'court'
    | 'otherCounty'
    | 'otherHrss'
    | 'countyGov'
    | 'cityGov'
    | 'cityHrss',
    UnitRow
  >;
  close: () => Promise<void>;
};

const UNITS: Array<[keyof World['units'], string, UnitKind, string]> = [
  ['city', '开封市信访局', 'bureau', '410200'],
  ['county', '兰考县信访局', 'bureau', '410225'],
  ['hrss', '兰考县人力资源和社会保障局', 'department', '410225'],
  ['housing', '兰考县住房和城乡建设局', 'department', '410225'],
  ['township', '城关镇人民政府', 'township', '410225001'],
  ['discipline', '兰考县纪委监委', 'discipline', '410225'],
  ['court', '兰考县人民法院', 'court', '410225'],
  // A neighbouring county: its cases are out of scope for the county above.
  ['otherCounty', '杞县信访局', 'bureau', '410221'],
  ['otherHrss', '杞县人力资源和社会保障局', 'department', '410221'],
  // Organs one level up (上一级机关、单位) that decide 复查 and 复核 (《信访工作条例》第三十五、三十六条).
  ['countyGov', '兰考县人民政府', 'government', '410225'],
  ['cityGov', '开封市人民政府', 'government', '410200'],
  ['cityHrss', '开封市人力资源和社会保障局', 'department', '410200'],
];

/** unit → its upper organs, as an admin would set them. */
const UPPER_ORGANS: Array<[keyof World['units'], Array<[keyof World['units'], string]>]> = [
  [
    'hrss',
    [
      ['countyGov', 'government'],
      ['cityHrss', 'department'],
    ],
  ],
  ['housing', [['countyGov', 'government']]],
  ['township', [['countyGov', 'government']]],
  ['county', [['countyGov', 'government']]],
  ['countyGov', [['cityGov', 'government']]],
  ['cityHrss', [['cityGov', 'government']]],
];

/** The users the tests log in as: username → (unit, roles). */
export const USERS: Array<[string, keyof World['units'], Role[], boolean?]> = [
  ['registrar', 'county', ['registrar']],
  ['caseworker', 'county', ['caseworker'], true],
  ['countyadmin', 'county', ['admin']],
  ['supervisor', 'county', ['supervisor']],
  ['leader', 'county', ['leader']],
  ['cityworker', 'city', ['caseworker']],
  ['hrss', 'hrss', ['handler']],
  ['housing', 'housing', ['handler']],
  ['township', 'township', ['handler']],
  ['discipline', 'discipline', ['handler', 'caseworker']],
  ['otherclerk', 'otherCounty', ['registrar', 'caseworker', 'admin']],
  ['cityadmin', 'city', ['admin']],
  ['countygov', 'countyGov', ['caseworker', 'handler']],
  ['citygov', 'cityGov', ['caseworker', 'handler']],
  ['hrsshead', 'hrss', ['leader']],
  ['hrss2', 'hrss', ['handler']],
];

/** A migrated database with the demo regions, a city and a county bureau, departments and users. */
export async function buildWorld(
  driver: Driver,
  options: { checkpointDir?: string; clockStart?: string } = {},
): Promise<World> {
  const database = await freshDatabase(driver);
  const clock = testClock(options.clockStart);
  const deps: Deps = {
    db: database.db,
    crypto: testCryptoDeps(),
    now: () => clock.now,
    checkpointDir: options.checkpointDir ?? `/tmp/xinfang-test-${process.pid}`,
    maxUploadBytes: 1024 * 1024,
  };
  await seedRegions(deps.db, [...DEMO_REGIONS, { code: '410221', name: '杞县' }]);
  await seedDefaultCategories(deps.db);
  const units = {} as World['units'];
  for (const [key, name, kind, regionCode] of UNITS)
    units[key] = await insertUnit(deps.db, { name, kind, regionCode });
  for (const [unit, uppers] of UPPER_ORGANS)
    await replaceUpperOrgans(
      deps.db,
      units[unit].id,
      uppers.map(([upper, relation]) => ({ upperUnitId: units[upper].id, relation })),
    );
  for (const [username, unit, roles, pii] of USERS) {
    await createUser(deps, null, {
      username,
      displayName: username,
      unitId: units[unit].id,
      roles,
      password: PASSWORD,
      canViewPersonalData: pii ?? false,
    });
  }
  // A fixed stand-in for the built workbench, so the route table does not depend on a web build.
  const webDir = fileURLToPath(new URL('../fixtures/web', import.meta.url));
  const app = await buildApp({
    deps,
    webDir,
    strictResponses: true,
    logger: process.env.TEST_LOG ? { level: 'error' } : false,
  });
  registerAuthenticator(app, deps);
  // Admins log in with a second factor (domain/second-factor.ts): they bound their phones a minute before the
  // tests start, so every code around the start time is still unused.
  const start = clock.now.toISOString();
  clock.set(new Date(clock.now.getTime() - 60_000).toISOString());
  for (const [username, , roles] of USERS)
    if (roles.includes('admin')) await enrolSecondFactor(app, deps, username, PASSWORD);
  clock.set(start);
  return {
    database,
    deps,
    app,
    clock,
    units,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
