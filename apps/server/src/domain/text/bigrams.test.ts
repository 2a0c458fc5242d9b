import { describe, expect, it } from 'vitest';
import { bigrams, searchDocument } from './bigrams.ts';

describe('bigram tokens for Chinese search', () => {
  it('splits Chinese runs into overlapping bigrams and keeps words and numbers', () => {
    expect(bigrams('拖欠工资3.2万元')).toEqual(['拖欠', '欠工', '工资', '3', '2', '万元']);
    expect(bigrams('反映 ABC公司')).toEqual(['反映', 'abc', '公司']);
    expect(bigrams('张')).toEqual(['张']);
    expect(bigrams('，。！')).toEqual([]);
  });
  it('makes a search document from several fields', () => {
    expect(searchDocument('工资', null, '拖欠')).toBe('工资 拖欠');
  });
});
