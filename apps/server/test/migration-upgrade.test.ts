import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { DRIVERS, emptyDatabase } from './helpers/test-db.ts';

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';
const BUREAU = '33333333-3333-4333-8333-333333333333';
const DEPT = '44444444-4444-4444-8444-444444444444';

/**
 * The dates-as-dates migration (0001) on a database made by the previous migration set, with rows:
 * every row kept, every text date now a SQL date of the same day, and what the new rules need
 * (the unit's receipt, the issuer of the reply, notices awaiting delivery) derived from the rows.
 */
describe.each(DRIVERS)('upgrading a 0000 database with rows to the current schema [%s]', (driver) => {
  let database: Database;

  beforeAll(async () => {
    database = await emptyDatabase(driver);
    await migrate(database.db, { upTo: '0000_init' });
    const db = database.db;
    const petition = (id: string, no: string, state: string, dates: Record<string, string | null>) =>
      db.execute(sql`insert into petitions (id, case_no, bureau_unit_id, region_code, channel, purpose, source,
        persons, is_collective, title, content, state, responsible_unit_id, registered_at, registered_on,
        transferred_on, accepted_on, replied_on, stage_due_on, query_code, query_secret_hash)
        values (${id}, ${no}, ${BUREAU}, '410225', 'visit', 'solution', 'own', 1, false, '标题', '内容', ${state},
        ${DEPT}, now(), ${dates.registered}, ${dates.transferred}, ${dates.accepted}, ${dates.replied},
        ${dates.due}, ${no}, 'x')`);
    await petition(P1, 'Q1', 'replied', {
      registered: '2024-02-29',
      transferred: '2024-03-01',
      accepted: '2024-03-04',
      replied: '2024-04-30',
      due: '2024-05-30',
    });
    await petition(P2, 'Q2', 'transferred', {
      registered: '2025-12-31',
      transferred: '2026-01-05',
      accepted: null,
      replied: null,
      due: '2026-01-20',
    });
    await db.execute(sql`insert into petition_routes (petition_id, unit_id, kind, sent_on, signed_on)
      values (${P1}, ${DEPT}, 'assign', '2024-03-01', '2024-03-02'), (${P2}, ${DEPT}, 'forward', '2026-01-05', null)`);
    await db.execute(sql`insert into documents (petition_id, kind, document_no, file_name, content)
      values (${P1}, 'transfer', 'a', 'a.docx', ''), (${P1}, 'acceptance', 'b', 'b.docx', ''),
             (${P1}, 'reply', 'c', 'c.docx', ''), (${P2}, 'transfer', 'd', 'd.docx', '')`);
    await db.execute(sql`insert into calendar_days (date, kind, name, source)
      values ('2027-01-01', 'holiday', '元旦', 'import'), ('2026-10-10', 'workday', '调休', 'override')`);
    await migrate(database.db);
  });
  afterAll(async () => database?.close());

  it('keeps every row, with its dates as SQL dates of the same day', async () => {
    const rows = await queryRows<Record<string, string | null>>(
      database.db,
      sql`select id, registered_on::text as registered, transferred_on::text as transferred,
          replied_on::text as replied, stage_due_on::text as due,
          pg_typeof(registered_on)::text as type from petitions order by case_no`,
    );
    expect(rows).toEqual([
      {
        id: P1,
        registered: '2024-02-29',
        transferred: '2024-03-01',
        replied: '2024-04-30',
        due: '2024-05-30',
        type: 'date',
      },
      {
        id: P2,
        registered: '2025-12-31',
        transferred: '2026-01-05',
        replied: null,
        due: '2026-01-20',
        type: 'date',
      },
    ]);
    const routes = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from petition_routes`,
    );
    expect(routes[0].n).toBe(2);
    const days = await queryRows<{ scope: string; date: string }>(
      database.db,
      sql`select scope, date::text as date from calendar_days order by date`,
    );
    expect(days).toEqual([
      { scope: 'national', date: '2026-10-10' },
      { scope: 'national', date: '2027-01-01' },
    ]);
  });

  it('derives what the new rules need from the rows', async () => {
    const rows = await queryRows<{
      id: string;
      received: string | null;
      reply_unit: string | null;
      pending: number;
    }>(
      database.db,
      sql`select id, received_on::text as received, reply_unit_id as reply_unit, pending_deliveries as pending
          from petitions order by case_no`,
    );
    // The unit's receipt is the transfer's (signing never moves it); notices to the petitioner
    // (受理告知书, 处理意见书) await delivery; transfer slips are between organs.
    expect(rows).toEqual([
      { id: P1, received: '2024-03-01', reply_unit: DEPT, pending: 2 },
      { id: P2, received: '2026-01-05', reply_unit: null, pending: 0 },
    ]);
    const addressees = await queryRows<{ kind: string; addressee: string }>(
      database.db,
      sql`select kind, addressee from documents order by document_no`,
    );
    expect(addressees.map((d) => d.addressee)).toEqual(['unit', 'petitioner', 'petitioner', 'unit']);
  });

  it('refuses an impossible date at the database too', async () => {
    await expect(
      database.db.execute(sql`update petitions set accepted_on = '2026-02-30' where id = ${P2}`),
    ).rejects.toThrow();
  });
});
