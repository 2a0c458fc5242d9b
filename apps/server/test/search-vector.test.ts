import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.ts';
import { searchDocument, searchVectorLiteral } from '../src/domain/text/bigrams.ts';
import { DRIVERS, freshDatabase } from './helpers/test-db.ts';

/**
 * The search vector is built in Node (registration, ledger import) as a tsvector literal; it must
 * be exactly what the database's own to_tsvector('simple', …) makes of the same document, or a
 * search would find a petition registered one way and miss one imported the other way.
 */
describe.each(DRIVERS)('search vector built in Node equals to_tsvector [%s]', (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(driver);
  });
  afterAll(async () => database?.close());

  const compare = async (texts: string[]) => {
    const pairs = texts.map((t) => ({ d: searchDocument(t), l: searchVectorLiteral(t) }));
    // A literal is always given, except for a word of exactly 2,047 bytes (to_tsvector's own limit).
    expect(pairs.filter((p) => p.l === null).length).toBe(
      texts.filter((t) => /(^|[^a-z0-9])[a-z0-9]{2047}([^a-z0-9]|$)/i.test(t)).length,
    );
    const rows = await queryRows<{ db: string; node: string }>(
      database.db,
      sql`select to_tsvector('simple', x.e->>'d')::text as db,
          coalesce((x.e->>'l')::tsvector, to_tsvector('simple', x.e->>'d'))::text as node
        from jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) with ordinality as x(e, n) order by x.n`,
    );
    for (const [i, row] of rows.entries()) expect(row.node === row.db, texts[i].slice(0, 200)).toBe(true);
  };

  it('on Chinese, mixed words and numbers, full-width forms, very long words and very long texts', async () => {
    await compare([
      '反映某建筑公司拖欠农民工工资共计3万元，多次讨要未果',
      'ABC公司 x86 服务器 007号 2025年3月1日 Ｅｍａｉｌ：ZHANG@example.com 第1a2b件',
      '单',
      '',
      `${'a'.repeat(2046)} 中 ${'c'.repeat(2048)} 字 ${'d'.repeat(3000)} 文`,
      `${'b'.repeat(2047)} 中文`,
      // More distinct tokens than tsvector positions (16,383): the later ones share the last position.
      Array.from({ length: 17_000 }, (_, i) => `w${i}`).join(' '),
    ]);
  });

  it('on random text', async () => {
    const pieces = fc.constantFrom(
      '拖欠',
      '工资',
      '补偿',
      '，',
      '。',
      ' ',
      'ab',
      'Z9',
      '１２３',
      '丶',
      '〇',
      '\u3400',
      '\uf900',
      '-',
      "'",
      '\\',
      ':',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')),
          { minLength: 1, maxLength: 20 },
        ),
        compare,
      ),
      { numRuns: 30 },
    );
  });
});
