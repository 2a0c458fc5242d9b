import { describe, expect, it } from 'vitest';
import { groupRead } from '../src/db/group-commit.ts';

/** A store read by key, counting the reads it answers. */
function store(initial: Record<string, number>) {
  const values = new Map(Object.entries(initial));
  const reads: string[][] = [];
  const read = async (keys: string[]) => {
    reads.push(keys);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return new Map(keys.flatMap((k) => (values.has(k) ? [[k, values.get(k) as number] as const] : [])));
  };
  return { values, reads, read };
}

describe('groupRead: keys asked for while a read runs are read together in the next one', () => {
  it('sends the first key at once and the rest, deduplicated, in one read', async () => {
    const s = store({ a: 1, b: 2, c: 3 });
    const get = groupRead(s.read);
    const answers = await Promise.all(['a', 'b', 'c', 'b', 'missing'].map(get));
    expect(answers).toEqual([1, 2, 3, 2, undefined]);
    expect(s.reads).toEqual([['a'], ['b', 'c', 'missing']]);
  });

  it('keeps nothing: a key asked for after a change is read after it', async () => {
    const s = store({ a: 1 });
    const get = groupRead(s.read);
    expect(await get('a')).toBe(1);
    s.values.delete('a');
    expect(await get('a')).toBeUndefined();
    s.values.set('a', 7);
    const during = get('a');
    s.values.set('a', 8); // changed while the read was in flight: that read may see either
    const after = get('a'); // asked after the change: read by the next statement
    expect([7, 8]).toContain(await during);
    expect(await after).toBe(8);
  });

  it('answers a failed read with its error, to every key of it', async () => {
    const get = groupRead<string, number>(async () => {
      throw new Error('database gone');
    });
    await expect(Promise.all([get('a'), get('b')])).rejects.toThrow('database gone');
    await expect(get('c')).rejects.toThrow('database gone');
  });
});
