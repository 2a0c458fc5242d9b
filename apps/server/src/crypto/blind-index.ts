import { createHmac } from 'node:crypto';

export type IndexedKind = 'id_number' | 'phone' | 'name';

/** The canonical form of a value before indexing, so equal values index equally. */
export function normalizeForIndex(kind: IndexedKind, value: string): string {
  const v = value.trim();
  if (kind === 'id_number') return v.toUpperCase();
  if (kind === 'phone') return v.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return v.replace(/\s+/g, '');
}

/**
 * A keyed blind index (HMAC-SHA256, domain-separated by kind) for exact lookups of encrypted
 * values without decrypting. The index key is separate from the encryption keys and is not
 * rotated with them: rotating it would require recomputing every index from plaintext.
 */
export function blindIndex(indexKey: Buffer, kind: IndexedKind, value: string): string {
  return createHmac('sha256', indexKey)
    .update(`${kind}\u0000${normalizeForIndex(kind, value)}`)
    .digest('base64url');
}
