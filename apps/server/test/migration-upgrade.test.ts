import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from '../src/modules/documents/exceljs.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCryptoDeps } from '../src/crypto/crypto-deps.ts';
import { type Database, queryRows } from '../src/db/client.ts';
import { listMigrations, migrate } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { verifyAuditChain } from '../src/modules/audit/audit.service.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import { exportLedger } from '../src/modules/ledger/ledger-export.service.ts';
import { queueCounts } from '../src/modules/petitions/petition-query.service.ts';
import { unitRanking } from '../src/modules/statistics/ranking.service.ts';
import { statisticsReport } from '../src/modules/statistics/statistics.service.ts';
import { DRIVERS, emptyDatabase } from './helpers/test-db.ts';

/** The services' dependencies on the upgraded database, "today" being 2026-03-02 (Beijing). */
const depsOn = (database: Database): Deps => ({
  db: database.db,
  crypto: testCryptoDeps(),
  now: () => new Date('2026-03-02T02:00:00Z'),
  checkpointDir: mkdtempSync(join(tmpdir(), 'xf-upgrade-')),
  maxUploadBytes: 1024 * 1024,
});

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
  let applied: string[];

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
    await db.execute(
      sql`insert into regions (code, name, parent_code, level) values ('410225', '兰考县', null, 3)`,
    );
    await db.execute(sql`insert into units (id, name, kind, region_code)
      values (${BUREAU}, '兰考县信访局', 'bureau', '410225'), (${DEPT}, '兰考县人力资源和社会保障局', 'department', '410225')`);
    await db.execute(sql`insert into calendar_days (date, kind, name, source)
      values ('2027-01-01', 'holiday', '元旦', 'import'), ('2026-10-10', 'workday', '调休', 'override')`);
    applied = await migrate(database.db);
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

  it('applies every later migration of the list, whatever their number', () => {
    expect(applied).toEqual(
      listMigrations()
        .map((m) => m.tag)
        .filter((tag) => tag !== '0000_init'),
    );
  });

  /**
   * Every report on the upgraded rows equals the figures computed by hand from the fixture (only one code version
   * exists, so the "before" side is this snapshot): P1 a 2024-02-29 visit of 1 person, replied; P2 a 2025-12-31
   * visit of 1 person, transferred; neither concluded, none collective.
   */
  describe('reports after the upgrade equal the hand-computed figures of the fixture', () => {
    const deps = () => depsOn(database);

    it('statistics report: totals, channels, collective and conclusion figures', async () => {
      const whole = await statisticsReport(deps(), null, { from: '2024-01-01', to: '2026-12-31' });
      expect(whole.total).toEqual({ batches: 2, persons: 2 });
      expect(whole.byChannel.visit).toEqual({ batches: 2, persons: 2 });
      expect(whole.byChannel.letter).toEqual({ batches: 0, persons: 0 });
      expect(whole.collective).toEqual({ batches: 0, persons: 0 });
      expect(whole.individual).toEqual({ batches: 2, persons: 2 });
      expect(whole.concluded).toBe(0);
      expect(whole.inProgress).toBe(2);
      // 2024 alone holds P1; its 同比 period (2023) nothing.
      const y2024 = await statisticsReport(deps(), null, { from: '2024-01-01', to: '2024-12-31' });
      expect(y2024.total).toEqual({ batches: 1, persons: 1 });
      expect(y2024.previousYear.total).toEqual({ batches: 0, persons: 0 });
      // 2026 holds nothing registered (P2 is 2025-12-31); 2025 holds P2.
      const y2026 = await statisticsReport(deps(), null, { from: '2026-01-01', to: '2026-12-31' });
      expect(y2026.total).toEqual({ batches: 0, persons: 0 });
      expect(y2026.previousYear.total).toEqual({ batches: 1, persons: 1 });
    });

    it('ledger export: one row per petition, with its number, date, channel and persons', async () => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise((r) => out.on('end', r));
      const { rows } = await exportLedger(deps(), null, { from: '2024-01-01', to: '2026-12-31' }, out);
      await done;
      expect(rows).toBe(2);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const col = (name: string) => header.indexOf(name) + 1;
      const line = (n: number) => {
        const row = sheet.getRow(n);
        return {
          no: String(row.getCell(col('编号')).value),
          date: String(row.getCell(col('登记日期')).value),
          channel: String(row.getCell(col('信访形式')).value),
          persons: Number(row.getCell(col('人数')).value),
        };
      };
      expect([line(2), line(3)].sort((a, b) => a.no.localeCompare(b.no))).toEqual([
        { no: 'Q1', date: '2024-02-29', channel: '来访', persons: 1 },
        { no: 'Q2', date: '2025-12-31', channel: '来访', persons: 1 },
      ]);
    });

    it('work queues of the bureau and of the department', async () => {
      const actor = (unitId: string, unitKind: 'bureau' | 'department', unitName: string): Actor => ({
        userId: '55555555-5555-4555-8555-555555555555',
        username: 'clerk',
        displayName: '经办人',
        unitId,
        unitName,
        unitKind,
        regionCode: '410225',
        roles: ['caseworker', 'handler'],
        canViewPersonalData: false,
      });
      const none = {
        triage: 0,
        returned: 0,
        sign: 0,
        handle: 0,
        near_due: 0,
        overdue: 0,
        approve: 0,
        evaluate: 0,
        deliver: 0,
      };
      // Today 2026-03-02: P1 (due 2024-05-30) and P2 (due 2026-01-20) are open and overdue for both units; P1
      // (replied) waits for its evaluation; P2 (transferred to the department) waits for its signature. P1's 受理告知书
      // and 处理意见书 to the petitioner were never delivered: P1 is in 待送达 of the bureau and of the replying department.
      expect(await queueCounts(deps(), actor(BUREAU, 'bureau', '兰考县信访局'))).toEqual({
        ...none,
        overdue: 2,
        evaluate: 1,
        deliver: 1,
        review: 0,
      });
      expect(await queueCounts(deps(), actor(DEPT, 'department', '兰考县人力资源和社会保障局'))).toEqual({
        ...none,
        sign: 1,
        overdue: 2,
        evaluate: 1,
        deliver: 1,
        review: 0,
      });
    });

    it('audit verify: the chain from its genesis verifies after the upgrade', async () => {
      // The fixture had no audit rows; the one entry is the ledger export above (every export is audited).
      expect(await verifyAuditChain(deps())).toMatchObject({ ok: true, count: 1 });
    });
  });
});

const UNIT_A = '66666666-6666-4666-8666-666666666666';
const UNIT_B = '77777777-7777-4777-8777-777777777777';

/**
 * The previous migration set (every migration but the newest) with rows of a year's work, and the reports and the
 * unit ranking computed by the current code on it before the newest migration and again after it: both times equal
 * to figures worked out by hand from the rows (default weights 25/35/15/25, 2 points per return, 15 evaluation days;
 * "today" 2026-03-02).
 */
describe.each(DRIVERS)(
  'upgrading a database of the previous migration set: reports unchanged [%s]',
  (driver) => {
    let database: Database;
    let applied: string[];
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const tags = listMigrations().map((m) => m.tag);
    const deps = () => depsOn(database);
    const reports = async () => ({
      ranking: (await unitRanking(deps(), null, { period: 'year', date: '2025-06-15' })).units,
      year: await statisticsReport(deps(), null, { from: '2025-01-01', to: '2025-12-31' }),
    });

    beforeAll(async () => {
      database = await emptyDatabase(driver);
      await migrate(database.db, { upTo: tags[tags.length - 2] });
      const db = database.db;
      await db.execute(
        sql`insert into regions (code, name, parent_code, level) values ('410225', '兰考县', null, 3)`,
      );
      await db.execute(sql`insert into units (id, name, kind, region_code)
      values (${BUREAU}, '兰考县信访局', 'bureau', '410225'), (${UNIT_A}, '兰考县人力资源和社会保障局', 'department', '410225'),
             (${UNIT_B}, '兰考县住房和城乡建设局', 'department', '410225')`);
      const petition = (
        n: number,
        unit: string,
        channel: string,
        persons: number,
        d: { reg: string; accDue: string; acc: string | null; repDue: string | null; rep: string | null },
        evaluation: string | null,
      ) =>
        db.execute(sql`insert into petitions (id, case_no, bureau_unit_id, region_code, channel, purpose, source,
        persons, is_collective, title, content, state, responsible_unit_id, registered_at, registered_on,
        transferred_on, received_on, acceptance_due_on, acceptance_decided_on, accepted_on, reply_due_on, replied_on,
        evaluation, query_code, query_secret_hash)
        values (${`8888888${n}-8888-4888-8888-888888888888`}, ${`R${n}`}, ${BUREAU}, '410225', ${channel}, 'solution',
        'own', ${persons}, false, '标题', '内容', ${d.rep ? 'replied' : 'transferred'}, ${unit}, now(), ${d.reg},
        ${d.reg}, ${d.reg}, ${d.accDue}, ${d.acc}, ${d.acc}, ${d.repDue}, ${d.rep}, ${evaluation}, ${`R${n}`}, 'x')`);
      // A1: accepted in time, replied in time, 满意. A2: accepted late, replied late, 不满意.
      await petition(
        1,
        UNIT_A,
        'visit',
        1,
        {
          reg: '2025-03-03',
          accDue: '2025-03-20',
          acc: '2025-03-10',
          repDue: '2025-05-10',
          rep: '2025-05-01',
        },
        'satisfied',
      );
      await petition(
        2,
        UNIT_A,
        'letter',
        3,
        {
          reg: '2025-04-01',
          accDue: '2025-04-20',
          acc: '2025-04-25',
          repDue: '2025-06-20',
          rep: '2025-07-01',
        },
        'dissatisfied',
      );
      // B1: acceptance never decided (overdue). B2: accepted and replied in time, never evaluated (window expired).
      await petition(
        3,
        UNIT_B,
        'visit',
        1,
        { reg: '2025-05-05', accDue: '2025-05-20', acc: null, repDue: null, rep: null },
        null,
      );
      await petition(
        4,
        UNIT_B,
        'online',
        2,
        {
          reg: '2025-05-12',
          accDue: '2025-06-01',
          acc: '2025-05-30',
          repDue: '2025-08-01',
          rep: '2025-07-20',
        },
        null,
      );
      // B1 went to A first, and A returned it (退回): one bounce for A.
      await db.execute(sql`insert into petition_routes (petition_id, unit_id, kind, sent_on, received_on, signed_on, returned_on)
      values ('88888883-8888-4888-8888-888888888888', ${UNIT_A}, 'assign', '2025-05-05', '2025-05-05', null, '2025-05-07')`);
      Object.assign(before, await reports());
      applied = await migrate(database.db);
      Object.assign(after, await reports());
    });
    afterAll(async () => database?.close());

    it('applies the newest migration only', () => {
      expect(applied).toEqual([tags[tags.length - 1]]);
    });

    // 住建局: timely 1/2, on time 1/1, evaluated 0/1, satisfaction none (full 25) → 12.5 + 35 + 0 + 25 = 72.5.
    // 人社局: timely 1/2, on time 1/2, evaluated 2/2, satisfied 1/2, one return → 12.5 + 17.5 + 15 + 12.5 − 2 = 55.5.
    const ranking = [
      {
        rank: 1,
        unit: '兰考县住房和城乡建设局',
        cases: 2,
        timelyAcceptance: 0.5,
        onTimeConclusion: 1,
        evaluationParticipation: 0,
        satisfaction: null,
        bounces: 0,
        score: 72.5,
      },
      {
        rank: 2,
        unit: '兰考县人力资源和社会保障局',
        cases: 2,
        timelyAcceptance: 0.5,
        onTimeConclusion: 0.5,
        evaluationParticipation: 1,
        satisfaction: 0.5,
        bounces: 1,
        score: 55.5,
      },
    ];

    it('unit ranking (xinfang ranking): the hand-computed table before and after', () => {
      expect(before.ranking).toEqual(ranking);
      expect(after.ranking).toEqual(ranking);
    });

    it('statistics report of 2025: the hand-computed totals before and after', () => {
      for (const report of [before.year, after.year] as Array<Awaited<ReturnType<typeof statisticsReport>>>) {
        expect(report.total).toEqual({ batches: 4, persons: 7 });
        expect(report.byChannel.visit).toEqual({ batches: 2, persons: 2 });
        expect(report.byChannel.letter).toEqual({ batches: 1, persons: 3 });
        expect(report.byChannel.online).toEqual({ batches: 1, persons: 2 });
        expect(report.collective).toEqual({ batches: 0, persons: 0 });
        expect(report.previousYear.total).toEqual({ batches: 0, persons: 0 });
      }
      expect(after.year).toEqual(before.year);
    });
  },
);

/** 0016: 集体访 is a visit; the flag set from 人数 alone is cleared on petitions of other channels. */
describe.each(DRIVERS)('upgrading flagged joint letters to 0016 [%s]', (driver) => {
  let database: Database;
  afterAll(async () => database?.close());

  it('clears the collective flag of every petition that is no visit, and keeps the visits’', async () => {
    database = await emptyDatabase(driver);
    await migrate(database.db, { upTo: '0015_bureau_region_prefix' });
    const db = database.db;
    await db.execute(
      sql`insert into units (id, name, kind, region_code) values (${BUREAU}, '兰考县信访局', 'bureau', '410225')`,
    );
    const flagged = [
      ['visit', 8, true],
      ['letter', 12, true],
      ['online', 6, true],
      ['visit', 2, false],
    ] as const;
    for (const [k, [channel, persons, collective]] of flagged.entries())
      await db.execute(sql`insert into petitions (id, case_no, bureau_unit_id, region_code, channel, purpose, source,
        persons, is_collective, title, content, state, registered_at, registered_on, query_code, query_secret_hash)
        values (${`3333333${k}-3333-4333-8333-333333333333`}, ${`C${k}`}, ${BUREAU}, '410225', ${channel}, 'solution',
          'own', ${persons}, ${collective}, '标题', '内容', 'registered', now(), '2026-03-02', ${`C${k}`}, 'x')`);
    await migrate(db);
    const rows = await queryRows<{ case_no: string; is_collective: boolean }>(
      db,
      sql`select case_no, is_collective from petitions order by case_no`,
    );
    expect(rows).toEqual([
      { case_no: 'C0', is_collective: true },
      { case_no: 'C1', is_collective: false },
      { case_no: 'C2', is_collective: false },
      { case_no: 'C3', is_collective: false },
    ]);
  });
});
