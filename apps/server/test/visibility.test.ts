import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { regionPrefix } from '../src/domain/region.ts';
import { rebuildVisibility } from '../src/modules/petitions/petition-visibility.repo.ts';
import { insertUnit } from '../src/modules/reference/reference.repo.ts';
import { type Client, loginAs } from './helpers/api.ts';
import { register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

/**
 * Who sees a new registration: its bureau and every bureau whose region contains the petition's
 * (the registration writer finds them by probes of units.region_prefix), the same units the
 * set-based rebuild gives, whatever form the bureaus' codes take (6, 9 or 12 digits).
 */
describe.each(DRIVERS)('visibility of new registrations [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  const extra: Record<string, string> = {};

  beforeAll(async () => {
    world = await buildWorld(driver);
    registrar = await loginAs(world.app, 'registrar', { now: () => world.clock.now });
    // A province bureau (prefix 41), a township bureau written with 12 digits (prefix 410225001) and
    // one whose 9-digit code names the county (prefix 410225).
    for (const [key, name, regionCode] of [
      ['province', '河南省信访局', '410000'],
      ['town', '城关镇信访办', '410225001000'],
      ['county9', '兰考县信访联席办', '410225000'],
    ] as const)
      extra[key] = (await insertUnit(world.deps.db, { name, kind: 'bureau', regionCode })).id;
  });
  afterAll(async () => world?.close());

  const unitsSeeing = async (petitionId: string) =>
    (
      await queryRows<{ unit_id: string }>(
        world.deps.db,
        sql`select unit_id::text from petition_visibility where petition_id = ${petitionId}::uuid order by 1`,
      )
    ).map((r) => r.unit_id);

  it('stores each unit region prefix as the domain computes it', async () => {
    const rows = await queryRows<{ region_code: string; region_prefix: string }>(
      world.deps.db,
      sql`select region_code, region_prefix from units`,
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows)
      expect([row.region_code, row.region_prefix]).toEqual([row.region_code, regionPrefix(row.region_code)]);
  });

  it('makes a registration visible to its bureau and every bureau over its region, as a rebuild does', async () => {
    const { units } = world;
    const cases = [
      // A township of the county: the county (and its 9-digit twin), the town, the city, the province.
      {
        regionCode: '410225001',
        expected: [units.county.id, extra.county9, extra.town, units.city.id, extra.province],
      },
      // The neighbouring county, registered by this county's bureau: its bureau, not the town's.
      {
        regionCode: '410221',
        expected: [units.county.id, units.otherCounty.id, units.city.id, extra.province],
      },
      // Another township of the county: not the town's bureau.
      { regionCode: '410225100', expected: [units.county.id, extra.county9, units.city.id, extra.province] },
      // The province itself: the registering bureau and the province only.
      { regionCode: '410000', expected: [units.county.id, extra.province] },
    ];
    const ids: string[] = [];
    for (const { regionCode, expected } of cases) {
      const { id } = await register(registrar, { regionCode });
      ids.push(id);
      expect(await unitsSeeing(id)).toEqual([...expected].sort());
    }
    const written = await Promise.all(ids.map(unitsSeeing));
    await world.deps.db.execute(sql`delete from petition_visibility`);
    await rebuildVisibility(world.deps.db);
    expect(await Promise.all(ids.map(unitsSeeing))).toEqual(written);
  });
});
