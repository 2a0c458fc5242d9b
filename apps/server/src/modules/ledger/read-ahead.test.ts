import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.ts';

async function* numbers(n: number, log: string[]) {
  try {
    for (let i = 0; i < n; i++) {
      log.push(`make ${i}`);
      yield i;
    }
  } finally {
    log.push('closed');
  }
}

describe('readAhead', () => {
  it('chunks in order, marks the last chunk, and yields one empty last chunk for an empty source', async () => {
    const seen: Array<[number[], boolean]> = [];
    for await (const c of readAhead(numbers(7, []), 3)) seen.push([c.items, c.last]);
    expect(seen).toEqual([
      [[0, 1, 2], false],
      [[3, 4, 5], false],
      [[6], true],
    ]);
    const empty: Array<[number[], boolean]> = [];
    for await (const c of readAhead(numbers(0, []), 3)) empty.push([c.items, c.last]);
    expect(empty).toEqual([[[], true]]);
    const first: number[][] = [];
    for await (const c of readAhead(numbers(7, []), 3, 1)) first.push(c.items);
    expect(first).toEqual([[0], [1, 2, 3], [4, 5, 6], []]);
    const exact: boolean[] = [];
    for await (const c of readAhead(numbers(6, []), 3)) exact.push(c.last);
    expect(exact).toEqual([false, false, true]);
  });

  it('produces the next chunk while the consumer works on the current one', async () => {
    const log: string[] = [];
    for await (const c of readAhead(numbers(6, log), 3)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push(`wrote ${c.items.join(',')}`);
    }
    // The second chunk was made before the first was written.
    expect(log.indexOf('make 5')).toBeLessThan(log.indexOf('wrote 0,1,2'));
    expect(log.filter((l) => l.startsWith('wrote'))).toEqual(['wrote 0,1,2', 'wrote 3,4,5', 'wrote ']);
  });

  it('closes the source when the consumer stops early, and passes the source’s error on', async () => {
    const log: string[] = [];
    for await (const c of readAhead(numbers(100, log), 3)) if (c.items[0] === 3) break;
    expect(log.at(-1)).toBe('closed');
    expect(log.filter((l) => l.startsWith('make')).length).toBeLessThanOrEqual(9);
    async function* failing() {
      yield 1;
      throw new Error('读取失败');
    }
    await expect(async () => {
      for await (const _ of readAhead(failing(), 3));
    }).rejects.toThrow('读取失败');
  });
});
