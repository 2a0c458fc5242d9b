import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.ts';
import { calendarDays, units } from '../src/db/schema/index.ts';
import { rulesForUnit } from '../src/modules/settings/policy.ts';
import { savePolicyPatch } from '../src/modules/settings/policy.repo.ts';
import { DRIVERS, freshDatabase } from './helpers/test-db.ts';

const stamp = async (database: Database) =>
  (await queryRows<{ stamp: string }>(database.db, sql`select stamp from settings_version`))[0].stamp;

describe.each(DRIVERS)('rules per unit, cached under the settings stamp (%s)', (driver) => {
  let database: Database;
  let bureau: string;
  beforeAll(async () => {
    database = await freshDatabase(driver);
    const [row] = await database.db
      .insert(units)
      .values({ name: '测试县信访局', kind: 'bureau', regionCode: '410122' })
      .returning({ id: units.id });
    bureau = row.id;
  });
  afterAll(() => database.close());

  it('answers from the cache while the stamp stands, and afresh after any writer changes a setting', async () => {
    const first = await rulesForUnit(database.db, bureau);
    expect(await rulesForUnit(database.db, bureau)).toBe(first);
    const before = await stamp(database);
    // Another instance's change is a committed row like this one: the triggers replace the stamp.
    await savePolicyPatch(database.db, bureau, { limits: { acceptanceDays: 10 } }, bureau);
    expect(await stamp(database)).not.toBe(before);
    const after = await rulesForUnit(database.db, bureau);
    expect(after).not.toBe(first);
    expect(after.policy.limits.acceptanceDays).toBe(10);

    await database.db.insert(calendarDays).values({ date: '2026-10-10', kind: 'holiday', name: '测试' });
    const calendar = (await rulesForUnit(database.db, bureau)).calendar;
    expect(calendar.isWorkday('2026-10-10')).toBe(false);
    await database.db.execute(sql`update units set name = '测试县人民政府信访局' where id = ${bureau}::uuid`);
    expect((await rulesForUnit(database.db, bureau)).bureau?.name).toBe('测试县人民政府信访局');
  });

  it('keeps what a rolled-back transaction saw to itself', async () => {
    const committed = (await rulesForUnit(database.db, bureau)).policy.limits.acceptanceDays;
    await expect(
      database.db.transaction(async (tx) => {
        await savePolicyPatch(tx, bureau, { limits: { acceptanceDays: 7 } }, bureau);
        expect((await rulesForUnit(tx, bureau)).policy.limits.acceptanceDays).toBe(7);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await rulesForUnit(database.db, bureau)).policy.limits.acceptanceDays).toBe(committed);
  });
});
