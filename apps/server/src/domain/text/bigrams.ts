/** Runs of Chinese characters (all in the BMP: one UTF-16 unit each) or of lower-case letters and digits. */
const RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;

/**
 * Search tokens for Chinese text without a segmenter: overlapping character bigrams of every run
 * of Chinese characters (a lone character stays as it is), and whole lower-cased words/numbers
 * otherwise. "拖欠工资3万" → 拖欠 欠工 工资 3. Indexed as a 'simple' tsvector with a GIN index.
 */
export function bigrams(text: string): string[] {
  const tokens = new Set<string>();
  for (const run of text.normalize('NFKC').toLowerCase().match(RUNS) ?? []) {
    // A run is Chinese or ASCII throughout; Chinese characters are single UTF-16 units.
    if (run.charCodeAt(0) < 0x80 || run.length === 1) {
      tokens.add(run);
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) tokens.add(run.slice(i, i + 2));
  }
  return [...tokens];
}

/** The space-separated document fed to to_tsvector('simple', …). */
export const searchDocument = (...parts: Array<string | null | undefined>): string =>
  bigrams(parts.filter(Boolean).join(' ')).join(' ');

/** PostgreSQL's highest lexeme position (MAXENTRYPOS − 1); to_tsvector clamps later ones to it. */
const MAX_POSITION = 16383;
/** to_tsvector skips longer words ("word is too long to be indexed") without using up a position. */
const MAX_WORD_BYTES = 2047;
/** …but a tsvector literal refuses a word of 2047 bytes on PostgreSQL 18 (accepted by 15). */
const MAX_LITERAL_WORD_BYTES = 2046;

/**
 * The search document as a tsvector literal: what to_tsvector('simple', searchDocument(…))
 * returns (each token once, at its position), built in Node so that the database only parses it —
 * a million-row import or a busy registration desk does not spend the database's CPU on it.
 * Null in the one case a literal cannot say it on every PostgreSQL (a 2,047-byte word): then the
 * caller lets the database run to_tsvector on the document.
 */
export function searchVectorLiteral(...parts: Array<string | null | undefined>): string | null {
  const out: string[] = [];
  let position = 0;
  for (const token of bigrams(parts.filter(Boolean).join(' '))) {
    // Only ASCII runs can be long (Chinese tokens are one or two characters): length = bytes.
    if (token.length > MAX_WORD_BYTES) continue;
    if (token.length > MAX_LITERAL_WORD_BYTES) return null;
    position++;
    out.push(`'${token}':${Math.min(position, MAX_POSITION)}`);
  }
  return out.join(' ');
}
