import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { createUser } from './modules/admin/users.service.ts';
import { listUsers } from './modules/auth/auth.repo.ts';
import { DEMO_COUNTY_CODE, DEMO_REGIONS } from './modules/reference/data/demo-regions.ts';
import { findRegion, insertUnit, listUnits } from './modules/reference/reference.repo.ts';
import { seedDefaultCategories, seedRegions } from './modules/reference/reference-seed.service.ts';

export type FirstStart = { adminUsername: string; oneTimePassword?: string } | null;

/**
 * Makes a fresh installation usable: the default category tree, the home region chain, the home
 * bureau and an admin. Returns the admin's one-time password when one was generated (printed
 * once by the caller). Idempotent: does nothing once users exist.
 */
export async function ensureFirstStart(
  deps: Deps,
  config: Pick<Config, 'adminPassword'>,
): Promise<FirstStart> {
  await deps.db.transaction(async (tx) => {
    await seedDefaultCategories(tx);
  });
  if ((await listUsers(deps.db)).length > 0) return null;
  const bureau = await deps.db.transaction(async (tx) => {
    if (!(await findRegion(tx, DEMO_COUNTY_CODE))) await seedRegions(tx, DEMO_REGIONS);
    const existing = (await listUnits(tx)).find((u) => u.kind === 'bureau');
    return existing ?? insertUnit(tx, { name: '兰考县信访局', kind: 'bureau', regionCode: DEMO_COUNTY_CODE });
  });
  const created = await createUser(deps, null, {
    username: 'admin',
    displayName: '系统管理员',
    unitId: bureau.id,
    roles: ['admin', 'caseworker', 'registrar', 'supervisor'],
    canViewPersonalData: true,
    password: config.adminPassword,
  });
  return { adminUsername: created.username, oneTimePassword: created.oneTimePassword };
}
