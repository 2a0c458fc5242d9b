const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Search tokens for Chinese text without a segmenter: overlapping character bigrams of every run
 * of Chinese characters (a lone character stays as it is), and whole lower-cased words/numbers
 * otherwise. "拖欠工资3万" → 拖欠 欠工 工资 3. Indexed as a 'simple' tsvector with a GIN index.
 */
export function bigrams(text: string): string[] {
  const tokens = new Set<string>();
  for (const run of text
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g) ?? []) {
    if (!CJK.test(run[0])) {
      tokens.add(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) tokens.add(run);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i] + chars[i + 1]);
  }
  return [...tokens];
}

/** The space-separated document fed to to_tsvector('simple', …). */
export const searchDocument = (...parts: Array<string | null | undefined>): string =>
  bigrams(parts.filter(Boolean).join(' ')).join(' ');
