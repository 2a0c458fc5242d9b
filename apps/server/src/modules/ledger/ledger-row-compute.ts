import { createHash, randomUUID } from 'node:crypto';
import type { CryptoDeps } from '../../deps.ts';
import { searchDocument, searchVectorLiteral } from '../../domain/text/bigrams.ts';
import { newQueryCredentials } from '../petitions/query-code.ts';
import type { LedgerColumn } from './ledger-columns.ts';
import type { RawRow } from './ledger-reader.ts';
import { type LedgerRow, parseLedgerRow } from './ledger-row.ts';

/** The crypto a row needs (what a worker thread rebuilds from the key material). */
export type RowCrypto = Pick<CryptoDeps, 'encrypt' | 'index' | 'hashSecret'>;

/**
 * The costly, calendar-free part of a valid row, computed once (in this thread or a worker):
 * its 编号, id, search vector literal, query credentials, encrypted petitioners with blind indexes.
 */
export type ComputedRow = {
  row: LedgerRow;
  newId: string;
  externalNo: string;
  searchLiteral: string | null;
  searchDoc: string | null;
  queryCode: string;
  querySecretHash: string;
  /** JSON of the petitioners: name, encrypted ID number and phone with their blind indexes. */
  people: string;
};

/** A raw row checked: valid and computed (`computed` null when asked not to compute), or its problems. */
export type CheckedRow =
  | { ok: true; row: LedgerRow; computed: ComputedRow | null }
  | { ok: false; line: number; errors: string[] };

/** A row without 编号 gets a stable one from its content, so re-importing the same file never duplicates. */
export const autoExternalNo = (r: LedgerRow) =>
  `auto:${createHash('sha256')
    .update([r.registeredOn, r.channel, r.petitionerNames.join('、'), r.content].join('\u0000'))
    .digest('hex')
    .slice(0, 24)}`;

export function computeRow(crypto: RowCrypto, r: LedgerRow): ComputedRow {
  const externalNo = r.externalNo ?? autoExternalNo(r);
  const credentials = newQueryCredentials();
  const searchLiteral = searchVectorLiteral(externalNo, r.content);
  const people = r.petitionerNames.map((name, position) => {
    const idNumber = r.idNumbers[position] ?? null;
    const phone = r.phones[position] ?? null;
    return {
      name,
      idc: idNumber ? crypto.encrypt(idNumber) : null,
      idi: idNumber ? crypto.index('id_number', idNumber) : null,
      phc: phone ? crypto.encrypt(phone) : null,
      phi: phone ? crypto.index('phone', phone) : null,
    };
  });
  return {
    row: r,
    newId: randomUUID(),
    externalNo,
    searchLiteral,
    searchDoc: searchLiteral === null ? searchDocument(externalNo, r.content) : null,
    queryCode: credentials.code,
    querySecretHash: crypto.hashSecret(credentials.secret),
    people: JSON.stringify(people),
  };
}

/** Validates a raw row (every problem reported) and, if valid and `compute`, computes it. */
export function checkRow(crypto: RowCrypto, raw: RawRow, today: string, compute: boolean): CheckedRow {
  const parsed = parseLedgerRow(raw.cells as Partial<Record<LedgerColumn, string>>, raw.line, today);
  if (!parsed.ok) return parsed;
  return { ok: true, row: parsed.row, computed: compute ? computeRow(crypto, parsed.row) : null };
}
