import { describe, expect, it } from 'vitest';
import { testCryptoDeps } from '../../crypto/crypto-deps.ts';
import { idNumberCheckDigit } from '../../domain/id-number.ts';
import type { RawRow } from './ledger-reader.ts';
import { type CheckedRow, checkRow } from './ledger-row-compute.ts';
import { STAGING_ROW_COLUMNS } from './ledger-staging-columns.ts';
import { checkedInWorkers } from './ledger-workers.ts';

const crypto = testCryptoDeps();
const today = '2026-01-15';
const settings = { collectiveThreshold: 5 };
/** Columns whose text is random (ids, query credentials, ciphertexts): compared by meaning below. */
const RANDOM = new Set(['new_id', 'query_code', 'query_secret_hash', 'people']);

const idNumber = (i: number) => {
  const body = `41022519${70 + (i % 30)}0101${String(100 + (i % 900)).padStart(3, '0')}`;
  return `${body}${idNumberCheckDigit(body)}`;
};
const raw = (i: number): RawRow => ({
  line: i + 2,
  cells: {
    编号: `W-${i}`,
    // Every 97th row has an impossible date.
    登记日期: i % 97 === 5 ? '2023-02-30' : `2023-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    信访形式: '来访',
    信访人: i % 10 === 0 ? `甲${i}、乙${i}` : `甲${i}`,
    人数: '1',
    内容分类: '其他',
    诉求内容: `第${i}件：反映小区供暖不达标\t要求答复`,
    办理状态: '已受理',
    受理日期: '2023-04-01',
    证件号码: i % 10 === 0 ? `${idNumber(i)}、${idNumber(i + 1)}` : idNumber(i),
    联系电话: `1380000${String(i % 10_000).padStart(4, '0')}`,
  },
});

/** A checked row with its random columns replaced by what they mean (decrypted petitioners, lengths). */
function meaning(result: CheckedRow) {
  if (!result.ok) return result;
  const { row, copyText } = result.computed!;
  const fields = copyText.split('\t');
  const column = (name: string) => fields[STAGING_ROW_COLUMNS.indexOf(name as never)];
  const people = (JSON.parse(column('people')) as Array<Record<string, string | null>>).map((p) => ({
    ...p,
    idc: p.idc && crypto.decrypt(p.idc),
    phc: p.phc && crypto.decrypt(p.phc),
  }));
  return {
    row,
    fixed: STAGING_ROW_COLUMNS.filter((c) => !RANDOM.has(c)).map((c) => column(c)),
    idLength: column('new_id').length,
    codeLength: column('query_code').length,
    hashLength: column('query_secret_hash').length,
    people,
  };
}

describe('ledger rows checked in worker threads', () => {
  it('come back in file order, each as this thread checks it, also while this thread checks batches itself', async () => {
    // 3,000 rows: 12 batches. An in-memory source never lets this thread wait, so no worker answer
    // arrives before it has four batches in flight: batches 5 to 9 are checked in this thread.
    const rows = Array.from({ length: 3000 }, (_, i) => raw(i));
    async function* source() {
      yield* rows;
    }
    const results: Array<[RawRow, CheckedRow]> = [];
    for await (const pair of checkedInWorkers(
      source(),
      1,
      { material: crypto.material, today, settings },
      crypto,
    ))
      results.push(pair);
    expect(results.map(([r]) => r)).toEqual(rows);
    expect(results.filter(([, c]) => !c.ok)).toHaveLength(31);
    for (const [r, checked] of results)
      expect(meaning(checked)).toEqual(meaning(checkRow(crypto, r, today, settings)));
  });
});
