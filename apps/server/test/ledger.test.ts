import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type * as Xlsx from 'exceljs';
import ExcelJS from '../src/modules/documents/exceljs.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/modules/auth/actor.ts';
import { readDocxText } from '../src/modules/documents/read-docx.ts';
import { displayWidth, fittedWidths } from '../src/modules/documents/xlsx-layout.ts';
import { inArray, sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.ts';
import { petitioners } from '../src/db/schema/index.ts';
import { idNumberCheckDigit } from '../src/domain/id-number.ts';
import { isInRegion } from '../src/domain/region.ts';
import { exportLedger } from '../src/modules/ledger/ledger-export.service.ts';
import { importLedger } from '../src/modules/ledger/ledger-import.service.ts';
import {
  countLedgerBufferRows,
  countLedgerFileRows,
  readLedgerBuffer,
  readLedgerFile,
} from '../src/modules/ledger/ledger-reader.ts';
import { IMPORTED_TABLES } from '../src/modules/ledger/ledger-staging.repo.ts';
import { secondaryIndexes } from '../src/db/secondary-indexes.ts';
import { renderNarrative } from '../src/domain/statistics/narrative.ts';
import { reportDocx } from '../src/modules/statistics/report-docx.ts';
import { reportXlsx } from '../src/modules/statistics/report-xlsx.ts';
import { rebuildRollup } from '../src/modules/statistics/stat-rollup.repo.ts';
import { statisticsReport } from '../src/modules/statistics/statistics.service.ts';
import { loginAs } from './helpers/api.ts';
import { rollupContent } from './helpers/rollup.ts';
import { command, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { hasAutovacuum, tablesDue } from '../src/db/upkeep.ts';
import { buildWorld, type World } from './helpers/world.ts';

const HEADER =
  '编号,登记日期,信访形式,信访人,人数,内容分类,诉求内容,办理状态,是否重复,是否越级,接访领导,分流日期,受理截止日期,受理日期,答复截止日期,答复日期,办结日期,评价结果';
/** A hand-built ledger: 2025 H1 (7 in the period, 2 just outside) and 2024 H1 (3); figures worked out below. */
const ROWS = [
  'L-A,2025-01-01,来访,张秀兰,6,劳动和社会保障/劳资纠纷,反映拖欠农民工工资,已办结,否,否,赵县长,2025-01-01,2025-01-16,2025-01-10,2025-03-11,2025-03-01,2025-03-05,满意',
  'L-B,2025-06-30,来信,李建国,1,城乡建设/拆迁补偿,反映拆迁补偿偏低,登记,否,否,,,,,,,,',
  'L-C,2025-03-15,走访,王桂英,5,劳动和社会保障/劳资纠纷,反映企业欠薪,办理中,否,否,,2025-03-16,2025-03-31,2025-04-02,2025-06-01,,,',
  'L-D,2025-04-10,来访,赵志强,4,其他,反映道路破损,已答复,否,否,钱副县长,2025-04-10,2025-04-25,2025-04-20,2025-06-19,2025-06-25,,',
  'L-E,2025-05-05,网信,孙玉梅,1,城乡建设/拆迁补偿,再次反映拆迁补偿,已办结,是,否,,2025-05-05,2025-05-20,2025-05-06,2025-07-05,2025-05-20,2025-05-25,基本满意',
  'L-F,2025-02-10,来电,周国庆,1,劳动和社会保障/劳资纠纷,反映工资拖欠,已答复,否,是,,2025-02-10,2025-02-25,2025-02-20,2025-04-21,2025-04-01,,不满意',
  'L-I,2025-06-20,领导信箱,吴红霞,1,其他,建议增设公交线路,已受理,否,否,,2025-06-20,2025-07-05,2025-06-22,2025-08-21,,,',
  'L-X1,2024-12-31,来访,郑海军,3,其他,反映邻里纠纷,登记,否,否,,,,,,,,',
  'L-X2,2025-07-01,来访,冯丽娟,2,其他,反映物业问题,登记,否,否,,,,,,,,',
  'L-P1,2024-02-29,来访,陈卫东,10,劳动和社会保障/劳资纠纷,集体反映欠薪,已办结,否,否,,2024-02-29,2024-03-15,2024-03-01,2024-04-30,2024-04-01,2024-04-10,满意',
  'L-P2,2024-03-01,来信,褚春生,1,城乡建设/拆迁补偿,反映补偿问题,已办结,否,否,,2024-03-01,2024-03-16,2024-03-02,2024-05-01,2024-04-01,2024-04-10,满意',
  'L-P3,2024-06-30,来访,卫淑珍,2,其他,反映路灯不亮,已办结,否,否,,2024-06-30,2024-07-15,2024-07-01,2024-08-30,2024-07-20,2024-07-25,满意',
];
const PERIOD = { from: '2025-01-01', to: '2025-06-30' };

function writeLedger(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`);
  return path;
}

/** The report without the bounce counts, which live in routing records, not in the ledger. */
const comparable = (r: Awaited<ReturnType<typeof statisticsReport>>) => ({
  ...r,
  bouncesByUnit: undefined,
  previousYear: { ...r.previousYear, bouncesByUnit: undefined },
});

describe.each(DRIVERS)('ledger import, reports and export [%s]', (driver) => {
  let world: World;
  let dir: string;
  const actor = () => systemActor({ ...world.units.county, kind: 'bureau' });

  beforeAll(async () => {
    world = await buildWorld(driver);
    world.clock.set('2025-07-15T02:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'xf-ledger-'));
  });
  afterAll(async () => world?.close());

  it('imports a hand-built ledger and reports every figure as worked out by hand', async () => {
    const file = writeLedger(dir, 'ledger.csv', ROWS);
    const summary = await importLedger(world.deps, actor(), () => readLedgerFile(file));
    expect(summary).toMatchObject({ total: 12, imported: 12, updated: 0, rejected: [], committed: true });
    const report = await statisticsReport(world.deps, null, PERIOD);
    expect(report.total).toEqual({ batches: 7, persons: 19 });
    expect(report.byChannel).toEqual({
      visit: { batches: 3, persons: 15 },
      letter: { batches: 1, persons: 1 },
      online: { batches: 1, persons: 1 },
      phone: { batches: 1, persons: 1 },
      mailbox: { batches: 1, persons: 1 },
    });
    expect(report.collective).toEqual({ batches: 2, persons: 11 });
    // 个体访: the one visit below the threshold (4 persons); letters, calls and online petitions are no visits.
    expect(report.individual).toEqual({ batches: 1, persons: 4 });
    expect(report.leaderReceptions).toEqual({ batches: 2, persons: 10 });
    expect(
      report.byCategory.map((c) => [c.name, c.batches, c.persons, c.collectiveBatches, c.collectivePersons]),
    ).toEqual([
      ['劳动和社会保障', 3, 12, 2, 11],
      ['劳资纠纷', 3, 12, 2, 11],
      ['其他', 2, 5, 0, 0],
      ['城乡建设', 2, 2, 0, 0],
      ['拆迁补偿', 2, 2, 0, 0],
    ]);
    expect([report.concluded, report.inProgress]).toEqual([2, 5]);
    expect(report.concludedRate).toBeCloseTo(2 / 7, 10);
    expect(report.rates.timelyAcceptance).toBeCloseTo(5 / 6, 10); // A, D, E, F, I timely; C late; B not yet due
    expect(report.rates.onTimeConclusion).toBe(0.5); // A, E, F on time; D late; I pending; C overdue
    expect(report.rates.evaluationParticipation).toBe(0.75); // A, E, F rated; D's window closed 07-10
    expect(report.rates.satisfaction).toBeCloseTo(2 / 3, 10);
    expect(report.rates.sameDayForwarding).toBeCloseTo(4 / 6, 10);
    expect(report.previousYear.total).toEqual({ batches: 3, persons: 13 });
    expect(report.yoy.total.batches).toBeCloseTo(4 / 3, 10);
    expect(report.yoy.byChannel.visit).toEqual({ batches: 0.5, persons: 0.25 });
    expect(report.yoy.byChannel.online).toEqual({ batches: null, persons: null });
    expect(report.yoy.collective).toEqual({ batches: 1, persons: 0.1 });
    expect(renderNarrative(report).paragraphs).toEqual([
      '元至六月，共接待各类群众来信来访7批19人次，与去年同期（3批13人次）相比件数上升133%、人数上升46%。其中来信1件，来访3批15人次，网上信访1件，来电1件，领导信箱1件。集体访2批11人次，个体访1批4人次。领导接访2批10人次。',
      '按内容分类：劳资纠纷问题3批12人次（其中集体访2批11人次），其他问题2批5人次，拆迁补偿问题2批2人次。',
      '重复信访1批1人次，越级信访1批1人次。',
      '各类信访事项已办结2件，正在办理5件，结案率29%。及时受理率83%，按期办结率50%，参评率75%，满意率67%，日清日结率67%。',
    ]);
  });

  it('makes each imported row visible to exactly its bureau and every bureau whose region contains it', async () => {
    // The oracle in TypeScript (domain/region.ts), not the SQL the import runs: an imported row has
    // no source unit, routes or review organs, so its viewers are its bureau and the bureaus above.
    const rows = await queryRows<{
      id: string;
      bureau_unit_id: string;
      region_code: string;
      viewers: string[];
    }>(
      world.deps.db,
      sql`select p.id, p.bureau_unit_id, p.region_code,
          coalesce((select array_agg(v.unit_id::text order by v.unit_id) from petition_visibility v
            where v.petition_id = p.id), '{}') as viewers
        from petitions p where exists (select 1 from petition_events e where e.petition_id = p.id
          and e.action = 'import')`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const bureaus = await queryRows<{ id: string; region_code: string }>(
      world.deps.db,
      sql`select id, region_code from units where kind = 'bureau'`,
    );
    for (const row of rows) {
      const expected = new Set([row.bureau_unit_id]);
      for (const b of bureaus) if (isInRegion(row.region_code, b.region_code)) expected.add(b.id);
      expect(row.viewers).toEqual([...expected].sort());
    }
    // The county's rows are seen by the city above, never by a neighbouring county.
    expect(rows.every((r) => r.viewers.includes(world.units.city.id))).toBe(true);
    expect(rows.some((r) => r.viewers.includes(world.units.otherCounty.id))).toBe(false);
  });

  it('is idempotent: the same 编号 updates, never duplicates', async () => {
    const file = writeLedger(dir, 'ledger-again.csv', ROWS);
    const before = await statisticsReport(world.deps, null, PERIOD);
    const summary = await importLedger(world.deps, actor(), () => readLedgerFile(file));
    expect(summary).toMatchObject({ imported: 0, updated: 12 });
    expect(comparable(await statisticsReport(world.deps, null, PERIOD))).toEqual(comparable(before));
  });

  it('a re-import that moves a row to another region makes it visible to that region’s bureau, in bulk and not', async () => {
    const head = '编号,登记日期,信访形式,信访人,人数,问题属地,内容分类,诉求内容,办理状态';
    const other = world.units.otherCounty;
    const seenBy = async (externalNo: string) =>
      (
        await queryRows<{ unit_id: string }>(
          world.deps.db,
          sql`select v.unit_id from petition_visibility v join petitions p on p.id = v.petition_id
            where p.external_no = ${externalNo}`,
        )
      ).map((r) => r.unit_id);
    for (const [no, rebuildIndexes] of [
      ['RM-1', 'never'],
      ['RM-2', 'always'],
    ] as const) {
      const file = (region: string) => {
        const path = join(dir, `${no}-${region}.csv`);
        writeFileSync(path, `${head}\n${no},2025-05-06,来访,迁移${no},1,${region},其他,反映属地变更,登记\n`);
        return path;
      };
      await importLedger(world.deps, actor(), () => readLedgerFile(file('410225')), { rebuildIndexes });
      expect(await seenBy(no)).not.toContain(other.id);
      // A unit returned it (退回) before the re-import: the return is counted per region, so the move must take it
      // out of the old region's returns and count it in the new one's (a bulk import looks up the routes of the
      // rows it did not create).
      await world.deps.db.execute(sql`insert into petition_routes (petition_id, unit_id, kind, sent_on, received_on, returned_on, active)
        select id, ${world.units.hrss.id}::uuid, 'assign', '2025-05-07', '2025-05-07', '2025-05-08', false from petitions
        where external_no = ${no}`);
      const moved = await importLedger(world.deps, actor(), () => readLedgerFile(file('410221')), {
        rebuildIndexes,
      });
      expect(moved).toMatchObject({ imported: 0, updated: 1, committed: true });
      // 杞县 (410221) is the other county's region: its bureau sees the row now; the county that registered it,
      // and the city over both, still do.
      expect(await seenBy(no)).toEqual(
        expect.arrayContaining([other.id, world.units.county.id, world.units.city.id]),
      );
      const counted = await rollupContent(world.deps.db);
      expect(counted.returns.filter((r) => r.includes('"region_code":"410221"'))).not.toEqual([]);
      await rebuildRollup(world.deps.db);
      expect(counted).toEqual(await rollupContent(world.deps.db));
    }
  });

  it('an import killed midway leaves nothing behind, and running it again completes it exactly once', async () => {
    const lines = Array.from(
      { length: 30 },
      (_, i) =>
        `K-${i},2025-05-${String(1 + (i % 28)).padStart(2, '0')},来访,中断${i},1,其他,中断测试第${i}件,登记,否,否,,,,,,,,`,
    );
    const file = writeLedger(dir, 'killed.csv', lines);
    const counts = async () => {
      const [row] = await queryRows<{ petitions: number; people: number; events: number; counter: number }>(
        world.deps.db,
        sql`select (select count(*) from petitions where external_no like 'K-%')::int as petitions,
          (select count(*) from petitioners where name like '中断%')::int as people,
          (select count(*) from petition_events e join petitions p on p.id = e.petition_id
            where p.external_no like 'K-%')::int as events,
          (select coalesce(sum(last), 0) from case_counters where year = 2025)::int as counter`,
      );
      return row;
    };
    const before = await counts();
    // Killed while streaming the file (the reader dies after 20 rows)…
    async function* dying() {
      let n = 0;
      for await (const row of readLedgerFile(file)) {
        if (++n > 20) throw new Error('进程被终止');
        yield row;
      }
    }
    await expect(importLedger(world.deps, actor(), dying)).rejects.toThrow('进程被终止');
    expect(await counts()).toEqual(before);
    // …and killed after the petitions were written, before the rest.
    const killAfter = (step: string) => (progress: { step?: string }) => {
      if (progress.step === step) throw new Error('进程被终止');
    };
    await expect(
      importLedger(world.deps, actor(), () => readLedgerFile(file), { onProgress: killAfter('信访事项') }),
    ).rejects.toThrow('进程被终止');
    expect(await counts()).toEqual(before);
    // Running it again imports every row once (case numbers continue without a gap); once more updates them.
    expect(await importLedger(world.deps, actor(), () => readLedgerFile(file))).toMatchObject({
      imported: 30,
      updated: 0,
      committed: true,
    });
    expect(await counts()).toEqual({
      petitions: 30,
      people: 30,
      events: 30,
      counter: before.counter + 30,
    });
    expect(await importLedger(world.deps, actor(), () => readLedgerFile(file))).toMatchObject({
      imported: 0,
      updated: 30,
    });
    expect(await counts()).toEqual({ petitions: 30, people: 30, events: 60, counter: before.counter + 30 });
  });

  it('a large import drops the secondary indexes and builds them again; killed midway, they are back as they were', async () => {
    const indexes = () => secondaryIndexes(world.deps.db, IMPORTED_TABLES);
    const before = await indexes();
    expect(before.map((i) => i.name)).toEqual(
      expect.arrayContaining(['petitions_search_idx', 'petitions_registered_on_idx', 'petitioners_name_idx']),
    );
    expect(before.map((i) => i.name)).not.toContain('petitions_case_no_uq');
    const lines = Array.from(
      { length: 5 },
      (_, i) => `R-${i},2025-05-0${1 + i},来访,重建${i},1,其他,重建索引第${i}件,登记,否,否,,,,,,,,`,
    );
    const file = writeLedger(dir, 'rebuilt.csv', lines);
    await expect(
      importLedger(world.deps, actor(), () => readLedgerFile(file), {
        rebuildIndexes: 'always',
        onProgress: (p) => {
          if (p.step === '信访事项') throw new Error('进程被终止');
        },
      }),
    ).rejects.toThrow('进程被终止');
    expect(await indexes()).toEqual(before);
    // The insert triggers it held off are on again ('O': fires in origin and local sessions).
    const heldTriggers = () =>
      queryRows<{ name: string; enabled: string }>(
        world.deps.db,
        sql`select t.tgname as name, t.tgenabled as enabled from pg_trigger t
            join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = current_schema()
            and t.tgname in ('stat_petitions_inserted', 'petitions_copy_to_new_petitioners', 'stat_visibility_inserted')
          order by t.tgname`,
      );
    expect(await heldTriggers()).toEqual([
      { name: 'petitions_copy_to_new_petitioners', enabled: 'O' },
      { name: 'stat_petitions_inserted', enabled: 'O' },
      { name: 'stat_visibility_inserted', enabled: 'O' },
    ]);
    const steps: string[] = [];
    const summary = await importLedger(world.deps, actor(), () => readLedgerFile(file), {
      rebuildIndexes: 'always',
      onProgress: (p) => {
        if (p.phase === 'import') steps.push(`${p.done}/${p.total} ${p.step}`);
      },
    });
    expect(summary).toMatchObject({ imported: 5, committed: true });
    expect(steps).toEqual([
      '1/7 比对已有编号',
      '2/7 更新已有事项',
      '3/7 信访事项',
      '4/7 信访人与时间线',
      '5/7 可见范围',
      '6/7 统计汇总',
      '7/7 重建索引',
    ]);
    expect(await indexes()).toEqual(before);
    const [{ found }] = await queryRows<{ found: number }>(
      world.deps.db,
      sql`select count(*)::int as found from petitions where external_no like 'R-%'
        and search_vector @@ to_tsquery('simple', '重建')`,
    );
    expect(found).toBe(5);
    expect((await heldTriggers()).map((t) => t.enabled)).toEqual(['O', 'O', 'O']);
    // Counted once from the new rows, the rollup is what the triggers keep: equal to one rebuilt from the petitions.
    const counted = await rollupContent(world.deps.db);
    expect(counted.facts.some((f) => f.includes('"day":"2025-05-01"'))).toBe(true);
    await rebuildRollup(world.deps.db);
    expect(counted).toEqual(await rollupContent(world.deps.db));
    // The people carry their petition's bureau and time, written by the import itself.
    const [people] = await queryRows<{ rows: number; copied: number }>(
      world.deps.db,
      sql`select count(*)::int as rows, count(*) filter (where pe.bureau_unit_id = p.bureau_unit_id
          and pe.registered_at = p.registered_at)::int as copied
        from petitioners pe join petitions p on p.id = pe.petition_id where p.external_no like 'R-%'`,
    );
    expect(people).toEqual({ rows: 5, copied: 5 });
  });

  it('a large import leaves the tables analyzed and vacuumed where no autovacuum runs (PGlite)', async () => {
    // 1,200 new rows: more than autovacuum's 1,000 inserted (+ 0.2 × the rows counted before) and 50 changed
    // (+ 0.1 ×) on a world of a few dozen petitions, so the petitions are due.
    const lines = Array.from(
      { length: 1200 },
      (_, i) => `U-${i},2025-04-01,来访,维护${i},1,其他,导入后维护第${i}件,登记,否,否,,,,,,,,`,
    );
    const file = writeLedger(dir, 'upkeep.csv', lines);
    const summary = await importLedger(world.deps, actor(), () => readLedgerFile(file), {
      rebuildIndexes: 'always',
    });
    expect(summary).toMatchObject({ imported: 1200, committed: true });
    if (await hasAutovacuum(world.deps.db)) return; // PostgreSQL: its autovacuum's work, on its own schedule
    const [stats] = await queryRows<{ estimated: number; counted: number; vacuumed: boolean }>(
      world.deps.db,
      sql`select (select reltuples::int from pg_class where oid = 'petitions'::regclass) as estimated,
        (select count(*)::int from petitions) as counted,
        (select last_vacuum is not null from pg_stat_user_tables where relid = 'petitions'::regclass) as vacuumed`,
    );
    expect(stats).toEqual({ estimated: stats.counted, counted: stats.counted, vacuumed: true });
    expect((await tablesDue(world.deps.db)).map((t) => t.table)).not.toContain('petitions');
  });

  it('writes a file chunk by chunk as it would at once: numbers, later rows winning, rollup — in bulk and not', async () => {
    const row = (prefix: string, i: number, channel: string, text = '') =>
      `${prefix}-${i},2025-04-${String(1 + (i % 28)).padStart(2, '0')},${channel},分块${i},${1 + (i % 3)},其他,分块第${i}件${text},登记,否,否,,,,,,,,`;
    // 23 rows, then C-3 again (four chunks later) and C-21 again (same chunk): the later rows win.
    const lines = (prefix: string, channel: string) => [
      ...Array.from({ length: 23 }, (_, i) => row(prefix, i, channel)),
      row(prefix, 3, '来信', '（更正）'),
      row(prefix, 21, '来信', '（更正）'),
    ];
    const check = async (prefix: string) => {
      const [facts] = await queryRows<{ petitions: number; numbers: number; span: number; people: number }>(
        world.deps.db,
        sql`select count(*)::int as petitions, count(distinct case_no)::int as numbers,
            (max(right(case_no, 6)::int) - min(right(case_no, 6)::int) + 1)::int as span,
            (select count(*) from petitioners pe join petitions q on q.id = pe.petition_id
              where q.external_no like ${`${prefix}-%`})::int as people
          from petitions where external_no like ${`${prefix}-%`}`,
      );
      expect(facts).toEqual({ petitions: 23, numbers: 23, span: 23, people: 23 });
      const corrected = await queryRows<{ externalNo: string; channel: string; content: string }>(
        world.deps.db,
        sql`select external_no as "externalNo", channel, content from petitions
          where external_no in (${`${prefix}-3`}, ${`${prefix}-21`}) order by external_no`,
      );
      expect(corrected).toEqual([
        { externalNo: `${prefix}-21`, channel: 'letter', content: '分块第21件（更正）' },
        { externalNo: `${prefix}-3`, channel: 'letter', content: '分块第3件（更正）' },
      ]);
      const counted = await rollupContent(world.deps.db);
      await rebuildRollup(world.deps.db);
      expect(counted).toEqual(await rollupContent(world.deps.db));
    };
    for (const [prefix, rebuildIndexes] of [
      ['CB', 'always'],
      ['CN', 'never'],
    ] as const) {
      const first = writeLedger(dir, `${prefix}.csv`, lines(prefix, '来访'));
      const steps: string[] = [];
      const summary = await importLedger(world.deps, actor(), () => readLedgerFile(first), {
        chunkRows: 5,
        rebuildIndexes,
        onProgress: (p) => {
          if (p.phase === 'import') steps.push(`${p.done}/${p.total} ${p.step}`);
        },
      });
      expect(summary).toMatchObject({ total: 25, imported: 23, updated: 0, committed: true });
      // Only the last chunk's steps are reported (the others were written while the file was read).
      expect(steps[0]).toBe(rebuildIndexes === 'always' ? '1/7 比对已有编号' : '1/5 比对已有编号');
      await check(prefix);
      // Again with every other channel changed: each known row updated once, its old facts taken out of the rollup.
      const second = writeLedger(dir, `${prefix}-2.csv`, lines(prefix, '来电'));
      expect(
        await importLedger(world.deps, actor(), () => readLedgerFile(second), {
          chunkRows: 5,
          rebuildIndexes,
        }),
      ).toMatchObject({ imported: 0, updated: 23, committed: true });
      await check(prefix);
    }
  });

  it('validates and computes rows in worker threads exactly as in this thread, in file order', async () => {
    const id = (i: number) => {
      const body = `41022519${70 + (i % 30)}0101${String(100 + (i % 900)).padStart(3, '0')}`;
      return `${body}${idNumberCheckDigit(body)}`;
    };
    // 600 rows (three batches of a worker), every 97th with an impossible date; dated 2023, outside
    // the periods the other tests report and export.
    const file = (name: string, prefix: string) => {
      const path = join(dir, name);
      const rows = Array.from({ length: 600 }, (_, i) =>
        [
          `${prefix}-${i}`,
          i % 97 === 5 ? '2023-02-30' : `2023-03-${String(1 + (i % 28)).padStart(2, '0')}`,
          '来访',
          `并行${i}`,
          '1',
          '其他',
          `并行校验第${i}件`,
          '已受理',
          '2023-04-01',
          id(i),
          `1380000${String(i).padStart(4, '0')}`,
        ].join(','),
      );
      writeFileSync(
        path,
        `${['编号,登记日期,信访形式,信访人,人数,内容分类,诉求内容,办理状态,受理日期,证件号码,联系电话', ...rows].join('\n')}\n`,
      );
      return path;
    };
    const rejected = (s: Awaited<ReturnType<typeof importLedger>>) =>
      s.rejected.map((r) => ({ line: r.line, errors: r.errors }));
    const inThread = await importLedger(world.deps, actor(), () => readLedgerFile(file('inline.csv', 'WA')), {
      skipInvalid: true,
      workers: 0,
    });
    const inWorkers = await importLedger(
      world.deps,
      actor(),
      () => readLedgerFile(file('workers.csv', 'WB')),
      { skipInvalid: true, workers: 2 },
    );
    expect(inWorkers).toMatchObject({ total: 600, imported: 593, committed: true });
    expect(rejected(inWorkers)).toEqual(rejected(inThread));
    expect(rejected(inWorkers).map((r) => r.line)).toEqual([7, 104, 201, 298, 395, 492, 589]);
    // Every column a ledger row sets (computed in a worker as COPY text, or here), but the 编号
    // itself, the query credentials (random) and the search vector (it holds the 编号).
    const rows = await queryRows<Record<string, unknown> & { external_no: string; case_no: string }>(
      world.deps.db,
      sql`select external_no, case_no, content, title, channel, purpose, source, persons, is_collective,
          is_skip_level, is_repeat, confidential, state, category_id, region_code, responsible_unit_id,
          registered_at::text, registered_on::text, first_triaged_on::text, transferred_on::text,
          acceptance_due_on::text, acceptance_decided_on::text, accepted_on::text, reply_due_on::text,
          stage, stage_start_on::text, stage_days, stage_day_mode, stage_due_on::text, deadline_warnings,
          length(query_code) as query_code_length, length(query_secret_hash) as secret_hash_length,
          (select array_agg(l) from unnest(tsvector_to_array(search_vector)) l where l not in ('wa', 'wb')
            and l !~ '^[0-9]+$') as search_words
        from petitions where external_no like 'WA-%' or external_no like 'WB-%' order by case_no`,
    );
    const by = (prefix: string) =>
      rows
        .filter((r) => r.external_no.startsWith(prefix))
        .map((r) => ({ ...r, external_no: r.external_no.slice(3), case_no: undefined }));
    // Same rows, same deadlines, and case numbers in file order in both runs.
    expect(by('WB-')).toEqual(by('WA-'));
    expect(
      by('WB-')
        .slice(0, 3)
        .map((r) => r.external_no),
    ).toEqual(['0', '1', '2']);
    // Petitioners encrypted in the workers decrypt here; their blind indexes are the same.
    const people = await queryRows<{
      external_no: string;
      id_number_cipher: string;
      id_number_index: string;
    }>(
      world.deps.db,
      sql`select p.external_no, x.id_number_cipher, x.id_number_index from petitioners x
        join petitions p on p.id = x.petition_id where p.external_no like 'WB-%'`,
    );
    expect(people).toHaveLength(593);
    for (const person of people) {
      const i = Number(person.external_no.slice(3));
      expect(world.deps.crypto.decrypt(person.id_number_cipher)).toBe(id(i));
      expect(person.id_number_index).toBe(world.deps.crypto.index('id_number', id(i)));
    }
  });

  it('validates every row first: an invalid file imports nothing and names each bad row', async () => {
    const file = writeLedger(dir, 'bad.csv', [
      'B-1,2025-02-30,来访,甲,1,其他,内容,登记,否,否,,,,,,,,',
      'B-2,2025-03-01,传真,乙,1,其他,内容,登记,否,否,,,,,,,,',
      'B-3,2025-03-01,来访,丙,0,其他,内容,登记,也许,否,,,,,,,,',
      'B-4,2025-03-02,来访,丁,2,新分类/新子类,内容,登记,否,否,,,,,,,,',
      'B-5,2025-03-02,来访,,1,其他,,登记,否,否,,,,,,,,',
      'B-6,2025-03-03,来信,戊,1,其他,内容,登记,否,否,赵县长,,,,,,,',
    ]);
    const summary = await importLedger(world.deps, actor(), () => readLedgerFile(file));
    expect(summary.committed).toBe(false);
    expect(summary.imported).toBe(0);
    expect(summary.rejected.map((r) => r.line)).toEqual([2, 3, 4, 6, 7]);
    expect(summary.rejected[0].errors.join()).toContain('登记日期');
    expect(summary.rejected[1].errors.join()).toContain('信访形式');
    expect(summary.rejected[2].errors.join()).toMatch(/人数.*是否重复|是否重复/);
    expect(summary.rejected[3].errors.join()).toContain('缺少「信访人」');
    // A leader receives visits: a letter naming one is refused, with the row's channel.
    expect(summary.rejected[4].errors).toEqual([
      '「接访领导」只适用于来访，来信、网上信访、电话和领导信箱不是领导接访（本行为来信）',
    ]);
    const skipped = await importLedger(world.deps, actor(), () => readLedgerFile(file), {
      skipInvalid: true,
    });
    expect(skipped).toMatchObject({ imported: 1, committed: true });
    expect(skipped.created.categories).toEqual(['新分类', '新分类/新子类']);
  });

  it('reads the first sheet of an .xlsx the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([
      'X-1',
      new Date('2025-03-03T00:00:00Z'),
      '来访',
      '蒋德明',
      2,
      '其他',
      '反映排水不畅',
      '登记',
      '否',
      '否',
    ]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const summary = await importLedger(world.deps, actor(), () => readLedgerBuffer(buffer, 'x.xlsx'));
    expect(summary).toMatchObject({ total: 1, imported: 1 });
  });

  it('round-trips: export → import into an empty instance → identical report', async () => {
    // A case that went through the lifecycle, with a bounce, is exported too.
    world.clock.set('2025-03-03T02:00:00Z');
    const now = () => world.clock.now;
    const registrar = await loginAs(world.app, 'registrar', { now });
    const caseworker = await loginAs(world.app, 'caseworker', { now });
    const hrss = await loginAs(world.app, 'hrss', { now });
    const secondId = `41022519800101123${idNumberCheckDigit('41022519800101123')}`;
    const p = await register(registrar, {
      persons: 7,
      content: '集体反映某企业拖欠工资',
      petitioners: [
        { name: '张秀兰', idNumber: '11010519491231002X', phone: '13912345678' },
        { name: '李二宝', idNumber: secondId, phone: '13800002222' },
      ],
    });
    await command(caseworker, p.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    await command(hrss, p.id, 'sign');
    await command(hrss, p.id, 'accept');
    world.clock.set('2025-07-15T02:00:00Z');
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c) => chunks.push(c));
    const exported = await exportLedger(world.deps, null, { from: '2024-01-01', to: '2025-07-15' }, out);
    expect(exported.rows).toBeGreaterThanOrEqual(14);
    const xlsx = Buffer.concat(chunks);
    const original = await statisticsReport(world.deps, null, PERIOD);

    const empty = await buildWorld(driver);
    try {
      empty.clock.set('2025-07-15T02:00:00Z');
      const summary = await importLedger(
        empty.deps,
        systemActor({ ...empty.units.county, kind: 'bureau' }),
        () => readLedgerBuffer(xlsx, 'export.xlsx'),
      );
      expect(summary.rejected).toEqual([]);
      expect(summary.imported).toBe(exported.rows);
      expect(comparable(await statisticsReport(empty.deps, null, PERIOD))).toEqual(comparable(original));
      // Every petitioner travels with the ledger, not only the first: names, ID numbers and phones.
      const people = await empty.deps.db
        .select()
        .from(petitioners)
        .where(inArray(petitioners.name, ['张秀兰', '李二宝']));
      const second = people.filter((x) => x.name === '李二宝');
      expect(second).toHaveLength(1);
      expect(empty.deps.crypto.decrypt(second[0].idNumberCipher!)).toBe(secondId);
      expect(empty.deps.crypto.decrypt(second[0].phoneCipher!)).toBe('13800002222');
    } finally {
      await empty.close();
    }
  });

  it('writes the report as .docx (narrative, tables, chart) and .xlsx that open', async () => {
    const report = await statisticsReport(world.deps, null, PERIOD);
    const docx = await reportDocx(report, '2025-07-15');
    const text = await readDocxText(docx);
    expect(text).toContain('元至六月信访工作统计情况');
    expect(text).toContain(renderNarrative(report).paragraphs[0]);
    expect(text).toContain('及时受理 / (及时受理+超期受理+超期未受理)');
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(docx);
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/') && f.endsWith('.png'))).toBe(true);
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/') && f.endsWith('.svg'))).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reportXlsx(report, '2025-07-15')) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '信访形式',
      '内容分类',
      '各项比率',
      '问题属地',
      '责任单位',
      '信访目的',
      '来源',
      '退回次数',
    ]);
    // 概况 carries 集体访 and 个体访 as the report counts them (worked out by hand in the first test).
    const overview = new Map<string, unknown>();
    workbook
      .getWorksheet('概况')!
      .eachRow((row) => overview.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(['集体访批次', '集体访人次', '个体访批次', '个体访人次'].map((k) => overview.get(k))).toEqual([
      report.collective.batches,
      report.collective.persons,
      report.individual.batches,
      report.individual.persons,
    ]);
    expect(workbook.getWorksheet('信访形式')!.getRow(7).values).toEqual(
      expect.arrayContaining(['合计', report.total.batches, report.total.persons]),
    );
  });

  it('prints both workbooks on A4 landscape, one page wide, header repeated and frozen, columns fitted', async () => {
    const printable = (ws: Xlsx.Worksheet) => {
      expect(ws.pageSetup, ws.name).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:1',
      });
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 1 });
    };
    const report = await statisticsReport(world.deps, null, PERIOD);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(report, '2025-07-15')) as never);
    for (const ws of book.worksheets) printable(ws);
    // 信访形式: the longest cells are 信访形式/网上信访/领导信箱 (4 wide characters = 8) → 8 + 2;
    // 批次（件） is 5 wide characters (the brackets are full-width) → 10 + 2.
    const channels = book.getWorksheet('信访形式')!;
    expect(channels.getColumn(1).width).toBe(10);
    expect(channels.getColumn(2).width).toBe(12);
    // The chart beside the table: one PNG anchored in the column after the gap (7 columns + 1).
    const images = channels.getImages();
    expect(images).toHaveLength(1);
    expect(images[0].range.tl.nativeCol).toBe(8);
    const media = (book.model as unknown as { media: Array<{ buffer: Buffer; extension: string }> }).media;
    expect(media).toHaveLength(1);
    expect(media[0].extension).toBe('png');
    expect(media[0].buffer.subarray(1, 4).toString()).toBe('PNG');

    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c) => chunks.push(c));
    await exportLedger(world.deps, null, { from: '2024-01-01', to: '2025-07-15' }, out);
    const ledger = new ExcelJS.Workbook();
    await ledger.xlsx.load(Buffer.concat(chunks) as never);
    const sheet = ledger.worksheets[0];
    printable(sheet);
    expect(sheet.getRow(1).getCell(2).value).toBe('登记日期');
    // 登记日期: dates of 10 characters, longer than the header's 8 → 10 + 2.
    expect(sheet.getColumn(2).width).toBe(12);
    // 人数: the header (2 wide characters = 4) + 2.
    expect(sheet.getColumn(5).width).toBe(6);
    // 诉求内容 is capped at 50 and wraps.
    expect(sheet.getColumn(11).width).toBeLessThanOrEqual(50);
    expect(sheet.getCell('K2').alignment).toMatchObject({ wrapText: true });
  });

  it('counts a CJK or full-width character as two columns of width', () => {
    expect(displayWidth('信访ab（）')).toBe(10);
    expect(displayWidth('2025-07-15')).toBe(10);
    expect(
      fittedWidths(
        [
          ['编号', '人数'],
          ['兰信〔2025〕1号', 7],
        ],
        6,
        60,
      ),
    ).toEqual([17, 6]);
  });
});

describe('ledger row count for progress', () => {
  it('counts the rows of a CSV as the reader yields them: quoted line breaks, blank lines, CRLF, no final break', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-count-'));
    const path = join(dir, 'count.csv');
    writeFileSync(
      path,
      '\uFEFF编号,诉求内容\r\nA,"第一行\r\n\n续行"\r\n\r\nB,"引号""内,逗号"\r\nC,末行无换行',
    );
    const read: string[] = [];
    for await (const row of readLedgerFile(path)) read.push(row.cells.编号);
    expect(read).toEqual(['A', 'B', 'C']);
    expect(await countLedgerFileRows(path)).toBe(3);
    expect(await countLedgerBufferRows(readFileSync(path), '台账.csv')).toBe(3);
  });
});
