import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, type Registered, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

type Page = { items: Array<{ id: string; state: string }>; total: number; nextCursor: string | null };

/**
 * A list filtered by state reads the state each visibility row carries: a transition moves the
 * petition from one state's list to the other's, for every unit that sees it, with exact counts;
 * several states list newest first like the unfiltered list, by page and by cursor.
 */
describe.each(DRIVERS)('lists filtered by state [%s]', (driver) => {
  let world: World;
  let registrar: Client;
  let caseworker: Client;
  let hrss: Client;
  let hrss2: Client;
  let leader: Client;
  const registered: Registered[] = [];

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    [registrar, caseworker, hrss, hrss2, leader] = await Promise.all(
      ['registrar', 'caseworker', 'hrss', 'hrss2', 'leader'].map((u) => loginAs(world.app, u, { now })),
    );
    for (let i = 0; i < 5; i++) {
      registered.push(await register(registrar));
      world.clock.set(new Date(world.clock.now.getTime() + 60_000).toISOString());
    }
  }, 120_000);
  afterAll(async () => world?.close());

  const list = async (client: Client, query: string) =>
    expectStatus(await client.get(`/api/petitions?${query}`), 200) as unknown as Page;
  const ids = (page: Page) => page.items.map((i) => i.id);
  /** Every visibility row carries its petition's current state. */
  const stale = async () =>
    (
      await queryRows<{ n: number }>(
        world.deps.db,
        sql`select count(*)::int as n from petition_visibility v join petitions p on p.id = v.petition_id
          where v.state <> p.state`,
      )
    )[0].n;

  it('moves a petition between the state lists of every unit that sees it, counts exact', async () => {
    const newest = registered.map((p) => p.id).reverse();
    expect(await list(caseworker, 'state=registered')).toMatchObject({ total: 5 });
    expect(ids(await list(caseworker, 'state=registered'))).toEqual(newest);
    expect((await list(caseworker, 'state=transferred')).total).toBe(0);

    const [a, b] = registered;
    for (const p of [a, b])
      await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    expect(await stale()).toBe(0);

    const moved = [b.id, a.id];
    const transferred = await list(caseworker, 'state=transferred');
    expect({ ids: ids(transferred), total: transferred.total }).toEqual({ ids: moved, total: 2 });
    const left = await list(caseworker, 'state=registered');
    expect({ ids: ids(left), total: left.total }).toEqual({ ids: newest.slice(0, 3), total: 3 });
    // The unit it was routed to sees it in its own list of that state.
    const routed = await list(hrss, 'state=transferred');
    expect({ ids: ids(routed), total: routed.total }).toEqual({ ids: moved, total: 2 });
    expect((await list(hrss, 'state=registered')).total).toBe(0);

    // Signing moves it on, in the bureau's list and the department's.
    await command(hrss, a.id, 'sign');
    expect(await stale()).toBe(0);
    for (const client of [caseworker, hrss]) {
      const pending = await list(client, 'state=pending_acceptance');
      expect({ ids: ids(pending), total: pending.total }).toEqual({ ids: [a.id], total: 1 });
      expect((await list(client, 'state=transferred')).total).toBe(1);
    }
  });

  it('lists several states newest first, by page and by cursor, exactly as the unfiltered list', async () => {
    const states = 'state=registered&state=transferred&state=pending_acceptance';
    const all = await list(caseworker, 'pageSize=200');
    const several = await list(caseworker, `${states}&pageSize=200`);
    expect({ ids: ids(several), total: several.total }).toEqual({ ids: ids(all), total: 5 });
    expect(ids(await list(caseworker, `${states}&pageSize=2&page=2`))).toEqual(ids(all).slice(2, 4));
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(caseworker, `${states}&pageSize=2${cursor ? `&after=${cursor}` : ''}`);
      walked.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(ids(all));
    const two = await list(caseworker, 'state=registered&state=pending_acceptance');
    expect(two.total).toBe(4);
    expect(ids(two)).toEqual(ids(all).filter((id) => id !== registered[1].id));
  });

  it('leaves a recused user out of the rows and the count of a state list', async () => {
    const [a] = registered;
    await command(leader, a.id, 'recuse', { userId: await userId('hrss'), reason: '与信访人系亲属关系' });
    const recused = await list(hrss, 'state=pending_acceptance&state=transferred');
    expect({ ids: ids(recused), total: recused.total }).toEqual({ ids: [registered[1].id], total: 1 });
    const other = await list(hrss2, 'state=pending_acceptance&state=transferred');
    expect(other.total).toBe(2);
    // Unfiltered browsing counts the same way: the recused petition is neither listed nor counted.
    const all = await list(hrss, '');
    expect({ listed: ids(all).includes(a.id), total: all.total }).toEqual({ listed: false, total: 1 });
    expect((await list(hrss2, '')).total).toBe(2);
  });

  it('changes no statistics when a visibility row only changes state', async () => {
    const snapshot = () =>
      queryRows<{ rows: string }>(
        world.deps.db,
        sql`select coalesce(string_agg(s::text, '|' order by s::text), '') as rows from stat_daily s`,
      );
    const before = await snapshot();
    const [{ n }] = await queryRows<{ n: number }>(
      world.deps.db,
      sql`with u as (update petition_visibility set state = state returning 1) select count(*)::int as n from u`,
    );
    expect(n).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });

  async function userId(username: string): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      world.deps.db,
      sql`select id from users where username = ${username}`,
    );
    return row.id;
  }
});
