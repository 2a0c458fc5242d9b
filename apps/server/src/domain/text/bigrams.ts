/** Chinese characters as the search sees them (all in the BMP: one UTF-16 unit each). */
const isChinese = (c: number) => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/**
 * A Chinese character's place among the 28,160 the search knows (U+3400–U+9FFF, then
 * U+F900–U+FAFF), so that a bigram is one small integer: a Set of integers is cheaper than one of
 * two-character strings (no string per candidate, no string hashing) — a ledger import tokenises
 * every row.
 */
const CHINESE = 0x9fff - 0x3400 + 1 + (0xfaff - 0xf900 + 1);
const chineseIndex = (c: number) => (c <= 0x9fff ? c - 0x3400 : c - 0xf900 + 0x9fff - 0x3400 + 1);
const chineseCode = (i: number) => (i <= 0x9fff - 0x3400 ? i + 0x3400 : i - (0x9fff - 0x3400 + 1) + 0xf900);
const chineseChar = (i: number) => String.fromCharCode(chineseCode(i));
/** Key of a lone Chinese character (a run of one): after every bigram's key, below 2^30 (a small integer). */
const LONE = CHINESE * CHINESE;

/**
 * The distinct tokens in order of first appearance: a Chinese bigram or lone character as its
 * integer key, a word as its text.
 */
function tokenKeys(text: string): Set<number | string> {
  const keys = new Set<number | string>();
  const s = text.normalize('NFKC').toLowerCase();
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isChinese(c)) {
      let previous = chineseIndex(c);
      let j = i + 1;
      for (; j < n; j++) {
        const d = s.charCodeAt(j);
        if (!isChinese(d)) break;
        const index = chineseIndex(d);
        keys.add(previous * CHINESE + index);
        previous = index;
      }
      if (j === i + 1) keys.add(LONE + previous);
      i = j;
    } else if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(s.charCodeAt(j))) j++;
      keys.add(s.slice(i, j));
      i = j;
    } else i++;
  }
  return keys;
}

const tokenOf = (key: number | string): string =>
  typeof key === 'string'
    ? key
    : key >= LONE
      ? chineseChar(key - LONE)
      : chineseChar(Math.floor(key / CHINESE)) + chineseChar(key % CHINESE);

/**
 * Search tokens for Chinese text without a segmenter: overlapping character bigrams of every run
 * of Chinese characters (a lone character stays as it is), and whole lower-cased words/numbers
 * otherwise, each once, in order of first appearance. "拖欠工资3万" → 拖欠 欠工 工资 3. Indexed
 * as a 'simple' tsvector with a GIN index.
 */
export function bigrams(text: string): string[] {
  return Array.from(tokenKeys(text), tokenOf);
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

/** The literal is written as UTF-16 code units and decoded once: far cheaper than a string per token. */
let literal = new Uint16Array(4096);
const utf16 = new TextDecoder('utf-16le');
const QUOTE = 0x27;
const COLON = 0x3a;
const SPACE = 0x20;

/**
 * The search document as a tsvector literal: what to_tsvector('simple', searchDocument(…))
 * returns (each token once, at its position), built in Node so that the database only parses it —
 * a million-row import or a busy registration desk does not spend the database's CPU on it.
 * Null in the one case a literal cannot say it on every PostgreSQL (a 2,047-byte word): then the
 * caller lets the database run to_tsvector on the document.
 */
export function searchVectorLiteral(...parts: Array<string | null | undefined>): string | null {
  const keys = tokenKeys(parts.filter(Boolean).join(' '));
  let at = 0;
  let position = 0;
  for (const key of keys) {
    // Only words can be long (Chinese tokens are one or two characters): length = bytes.
    const length = typeof key === 'string' ? key.length : 2;
    if (length > MAX_LITERAL_WORD_BYTES) {
      if (length > MAX_WORD_BYTES) continue;
      return null;
    }
    position++;
    // A space, the quoted token, a colon and at most five digits.
    if (at + length + 9 > literal.length) {
      const grown = new Uint16Array(Math.max(literal.length * 2, at + length + 9));
      grown.set(literal.subarray(0, at));
      literal = grown;
    }
    if (position > 1) literal[at++] = SPACE;
    literal[at++] = QUOTE;
    if (typeof key === 'string') for (let i = 0; i < key.length; i++) literal[at++] = key.charCodeAt(i);
    else if (key >= LONE) literal[at++] = chineseCode(key - LONE);
    else {
      literal[at++] = chineseCode(Math.floor(key / CHINESE));
      literal[at++] = chineseCode(key % CHINESE);
    }
    literal[at++] = QUOTE;
    literal[at++] = COLON;
    const shown = Math.min(position, MAX_POSITION);
    if (shown >= 10_000) literal[at++] = 0x30 + Math.floor(shown / 10_000);
    if (shown >= 1000) literal[at++] = 0x30 + (Math.floor(shown / 1000) % 10);
    if (shown >= 100) literal[at++] = 0x30 + (Math.floor(shown / 100) % 10);
    if (shown >= 10) literal[at++] = 0x30 + (Math.floor(shown / 10) % 10);
    literal[at++] = 0x30 + (shown % 10);
  }
  return utf16.decode(literal.subarray(0, at));
}
