import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.ts';
import {
  fillTemplate,
  inlineStatement,
  MAX_PREPARED_PER_SESSION,
  runInlined,
  runScript,
  sqlLiteral,
  statementTemplate,
} from '../src/db/script.ts';
import { DRIVERS, emptyDatabase } from './helpers/test-db.ts';

describe('sqlLiteral', () => {
  it('writes texts dollar-quoted as they are, and plain numbers, booleans, null', () => {
    expect(sqlLiteral("it's")).toBe("$xf$it's$xf$");
    expect(sqlLiteral('a\\b')).toBe('$xf$a\\b$xf$');
    expect(sqlLiteral('')).toBe('$xf$$xf$');
    expect(sqlLiteral('ends with $')).toBe('$xf$ends with $$xf$');
    expect(sqlLiteral(12.5)).toBe('12.5');
    expect(sqlLiteral(false)).toBe('false');
    expect(sqlLiteral(null)).toBe('null');
  });

  it('writes a text that could close the dollar quote as an escape-string literal, quotes and backslashes doubled', () => {
    expect(sqlLiteral("it's $xf$ a\\b")).toBe("E'it''s $xf$ a\\\\b'");
    expect(sqlLiteral('ends with $xf')).toBe("E'ends with $xf'");
  });

  it('refuses what it cannot write exactly', () => {
    expect(() => sqlLiteral(new Date())).toThrow(TypeError);
    expect(() => sqlLiteral(Number.NaN)).toThrow(TypeError);
    expect(() => sqlLiteral(['a'])).toThrow(TypeError);
  });

  it('keeps the statement with placeholders and writes each parameter as its own literal', () => {
    expect(inlineStatement(sql`select ${'$2'} as a, ${'x'} as b`)).toEqual({
      withPlaceholders: 'select $1 as a, $2 as b',
      literals: ['$xf$$2$xf$', '$xf$x$xf$'],
    });
  });
});

describe('statement templates', () => {
  const template = statementTemplate(
    sql`select ${sql.placeholder('rows')}::jsonb as rows, ${'fixed'} as f, ${sql.placeholder('rows')} as again`,
  );

  it('keep the text and fill each placeholder by name, the fixed parameters as they were', () => {
    expect(template.withPlaceholders).toBe('select $1::jsonb as rows, $2 as f, $3 as again');
    expect(fillTemplate(template, { rows: '[{"a":"it\'s"}]' })).toEqual({
      withPlaceholders: template.withPlaceholders,
      literals: ['$xf$[{"a":"it\'s"}]$xf$', '$xf$fixed$xf$', '$xf$[{"a":"it\'s"}]$xf$'],
    });
    expect(fillTemplate(template, { rows: '[]' }).literals).toEqual([
      '$xf$[]$xf$',
      '$xf$fixed$xf$',
      '$xf$[]$xf$',
    ]);
  });

  it('refuse a placeholder without a value', () => {
    expect(() => fillTemplate(template, { other: '[]' })).toThrow('no value for placeholder rows');
  });
});

/** Statements sent together (register-batch.repo.ts): one transaction, each seeing the ones before. */
describe.each(DRIVERS)('runScript [%s]', (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await emptyDatabase(driver);
    await database.db.execute(sql`create table script_probe (n int primary key, note text)`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('runs a template filled with each script its own values', async () => {
    const template = statementTemplate(
      sql`select v from jsonb_array_elements_text(${sql.placeholder('values')}::jsonb) with ordinality as t(v, n) order by n`,
    );
    for (const values of [
      ["O'Brien", '新建'],
      ['$1', '\\', 'x'],
      // Texts that would close a dollar quote early, or end next to its closing tag.
      ['a$xf$b', 'a $xf', 'end$', 'end$x', '$xf$', "it's \\ $xf$$"],
    ]) {
      const [rows] = await runInlined(database.db, [
        fillTemplate(template, { values: JSON.stringify(values) }),
      ]);
      expect(rows.map((r) => r.v)).toEqual(values);
    }
  });

  it('reads back exactly what it was given, whatever the characters', async () => {
    const values = ["O'Brien", 'C:\\temp\\新建', '$1 $2 $$ $q$', "E'\\''", '换行\n制表\t', '{"a":"\\u0041"}'];
    const [rows] = await runScript(database.db, [
      sql`select v from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb) with ordinality as t(v, n) order by n`,
    ]);
    expect(rows.map((r) => r.v)).toEqual(values);
    const [one] = await runScript(database.db, [sql`select ${values[1]}::text as v`]);
    expect(one[0].v).toBe(values[1]);
  });

  it('answers each statement, and a later one sees what an earlier one wrote and its transaction-local setting', async () => {
    const [inserted, seen] = await runScript(database.db, [
      sql`with w as (insert into script_probe (n, note) values (1, 'a'), (2, 'b') returning n)
        select set_config('xinfang.script_probe', (select string_agg(n::text, ',' order by n) from w), true) as handed`,
      sql`select count(*)::int as n, current_setting('xinfang.script_probe', true) as handed from script_probe`,
    ]);
    expect(inserted).toEqual([{ handed: '1,2' }]);
    expect(seen).toEqual([{ n: 2, handed: '1,2' }]);
    // The setting was the transaction's own.
    const [after] = await queryRows<{ handed: string | null }>(
      database.db,
      sql`select nullif(current_setting('xinfang.script_probe', true), '') as handed`,
    );
    expect(after.handed).toBeNull();
  });

  it('writes nothing when a later statement fails', async () => {
    await expect(
      runScript(database.db, [
        sql`insert into script_probe (n, note) values (3, ${'c'})`,
        sql`insert into script_probe (n, note) values (1, ${'秘密'})`,
      ]),
    ).rejects.toMatchObject({
      code: '23505',
      // What a log may show: the statements without their values.
      query:
        'insert into script_probe (n, note) values (3, $1);\ninsert into script_probe (n, note) values (1, $1)',
    });
    const rows = await queryRows<{ n: number }>(database.db, sql`select n from script_probe order by n`);
    expect(rows.map((r) => r.n)).toEqual([1, 2]);
    // The connection is usable again: no transaction was left open.
    const [again] = await runScript(database.db, [sql`select 1 as ok`, sql`select 2 as ok`]);
    expect(again).toEqual([{ ok: 1 }]);
  });

  it('prepares each statement once per session and executes it with each script values', async () => {
    const prepared = async () =>
      (
        await queryRows<{ statement: string }>(
          database.db,
          sql`select statement from pg_prepared_statements where name like 'xf_script_%' and statement like '%script_probe_note%'`,
        )
      ).map((r) => r.statement);
    const note = (n: number) => sql`select note as script_probe_note from script_probe where n = ${n}`;
    const [first] = await runScript(database.db, [note(1)]);
    const [second] = await runScript(database.db, [note(2)]);
    expect([first, second]).toEqual([[{ script_probe_note: 'a' }], [{ script_probe_note: 'b' }]]);
    // One session (PGlite; the test pool's connection used twice at most holds it once each).
    const held = await prepared();
    expect(held.length).toBeGreaterThan(0);
    expect(new Set(held).size).toBe(1);
    expect(held[0]).toContain('where n = $1');
  });

  it('knows after a failure which statements its session kept prepared', async () => {
    const fresh = sql`select count(*)::int as fresh_probe from script_probe where note <> ${'x'}`;
    // The PREPARE of the new statement runs, then the script fails: the session keeps it.
    await expect(
      runScript(database.db, [fresh, sql`insert into script_probe (n, note) values (1, ${'again'})`]),
    ).rejects.toMatchObject({ code: '23505' });
    // Sent again, it is not prepared a second time (that would fail: "already exists").
    for (let i = 0; i < 12; i++) {
      const [rows] = await runScript(database.db, [fresh]);
      expect(rows).toEqual([{ fresh_probe: 2 }]);
    }
  });

  it('keeps at most MAX_PREPARED_PER_SESSION statements prepared in a session', async () => {
    for (let k = 0; k < MAX_PREPARED_PER_SESSION + 5; k++) {
      const [rows] = await runScript(database.db, [
        sql`select ${k}::int + ${sql.raw(String(k))} as bounded_probe`,
      ]);
      expect(rows).toEqual([{ bounded_probe: 2 * k }]);
    }
    const [held] = await runScript(database.db, [
      sql`select count(*)::int as n from pg_prepared_statements where name like ${'xf_script_%'}`,
    ]);
    expect(held[0].n).toBeGreaterThan(0);
    expect(held[0].n).toBeLessThanOrEqual(MAX_PREPARED_PER_SESSION);
  });

  it('prepares a new statement once when two handles on the same database send it at once', async () => {
    const other = database.observed(() => {});
    const probe = (n: number) => sql`select ${n}::int * 3 as concurrent_probe`;
    const answers = await Promise.all([
      runScript(database.db, [probe(1)]),
      runScript(other, [probe(2)]),
      runScript(database.db, [probe(3)]),
    ]);
    expect(answers.map(([rows]) => rows[0].concurrent_probe)).toEqual([3, 6, 9]);
  });

  it('writes a script once more when its session lost the statements it had prepared', async () => {
    const probe = (n: number) => sql`select ${n}::int + 100 as rediscarded_probe`;
    const [first] = await runScript(database.db, [probe(1)]);
    expect(first).toEqual([{ rediscarded_probe: 101 }]);
    // Someone deallocates every prepared statement of the session (the pool hands the same connection back).
    await runScript(database.db, [sql`select 1 as before_discard`]);
    await database.db.execute(sql`deallocate all`);
    const [again] = await runScript(database.db, [probe(2)]);
    expect(again).toEqual([{ rediscarded_probe: 102 }]);
  });
});
