import { createHash } from 'node:crypto';
import { type CopyValue, copyField } from '../../db/copy-text.ts';
import type { CryptoDeps } from '../../deps.ts';
import { isCollective } from '@xinfang/contract';
import { searchDocument, searchVectorLiteral } from '../../domain/text/bigrams.ts';
import { newQueryCredentials } from '../petitions/query-code.ts';
import type { LedgerColumn } from './ledger-columns.ts';
import type { RawRow } from './ledger-reader.ts';
import { type LedgerRow, parseLedgerRow } from './ledger-row.ts';
import { STAGING_ROW_COLUMNS, type StagingRowColumn } from './ledger-staging-columns.ts';
import { timeOrderedId } from '../../crypto/time-ordered-id.ts';

/** The crypto a row needs (what a worker thread rebuilds from the key material). */
export type RowCrypto = Pick<CryptoDeps, 'encrypt' | 'index' | 'hashSecret'>;

/**
 * What the importing thread still reads of a valid row: the facts its deadlines are computed from
 * (on the bureau's work calendar) and the names of the references it uses. Only these few short
 * fields go back from a worker thread with the COPY text (not the content or the petitioners).
 */
export type StagedRow = Pick<
  LedgerRow,
  | 'state'
  | 'purpose'
  | 'registeredOn'
  | 'isRepeat'
  | 'triagedOn'
  | 'acceptedOn'
  | 'acceptanceDueOn'
  | 'replyDueOn'
  | 'region'
  | 'category'
  | 'unit'
>;

/**
 * The costly, calendar-free part of a valid row, computed once (in this thread or a worker) and
 * encoded as COPY text, so that only one string per row goes back to the importing thread: its
 * 编号, id, search vector literal, query credentials, encrypted petitioners with blind indexes and
 * every other column but the deadlines (STAGING_ROW_COLUMNS, in that order, tab-separated).
 */
export type ComputedRow = { row: StagedRow; copyText: string };

/** What a row's computation needs beyond the row: the bureau's threshold of a collective petition. */
export type RowSettings = { collectiveThreshold: number };

/** A raw row checked: valid and computed (`computed` null when asked not to compute), or its problems. */
export type CheckedRow =
  | { ok: true; computed: ComputedRow | null }
  | { ok: false; line: number; errors: string[] };

/** A row without 编号 gets a stable one from its content, so re-importing the same file never duplicates. */
export const autoExternalNo = (r: LedgerRow) =>
  `auto:${createHash('sha256')
    .update([r.registeredOn, r.channel, r.petitionerNames.join('、'), r.content].join('\u0000'))
    .digest('hex')
    .slice(0, 24)}`;

export function computeRow(crypto: RowCrypto, r: LedgerRow, settings: RowSettings): ComputedRow {
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
  const closed = r.state === 'concluded' || r.state === 'final';
  const values: Record<StagingRowColumn, CopyValue> = {
    line: r.line,
    new_id: timeOrderedId(),
    external_no: externalNo,
    region_text: r.region,
    category_text: r.category,
    unit_text: r.unit,
    channel: r.channel,
    purpose: r.purpose,
    source: r.source,
    persons: r.persons,
    is_collective: isCollective(r.channel, r.persons, settings.collectiveThreshold),
    is_skip_level: r.isSkipLevel,
    is_repeat: r.isRepeat,
    confidential: r.purpose === 'report',
    leader_name: r.leaderName,
    title: r.content.replace(/\s+/g, ' ').slice(0, 40),
    content: r.content,
    search_vector: searchLiteral,
    search_doc: searchLiteral === null ? searchDocument(externalNo, r.content) : null,
    state: r.state,
    registered_at: `${r.registeredOn}T09:00:00+08:00`,
    registered_on: r.registeredOn,
    first_triaged_on: r.triagedOn,
    transferred_on: r.triagedOn,
    acceptance_decided_on: r.acceptedOn,
    accepted_on: acceptedOn(r),
    replied_on: r.repliedOn,
    evaluation: r.evaluation,
    evaluated_on: r.evaluation ? r.repliedOn : null,
    concluded_on: r.concludedOn,
    final_on: r.state === 'final' ? r.concludedOn : null,
    resolved: r.resolved,
    // A case from above that the ledger shows closed has passed 审核办结.
    report_approved: r.source === 'from_above' && closed ? true : null,
    query_code: credentials.code,
    query_secret_hash: crypto.hashSecret(credentials.secret),
    people: JSON.stringify(people),
  };
  const row: StagedRow = {
    state: r.state,
    purpose: r.purpose,
    registeredOn: r.registeredOn,
    isRepeat: r.isRepeat,
    triagedOn: r.triagedOn,
    acceptedOn: r.acceptedOn,
    acceptanceDueOn: r.acceptanceDueOn,
    replyDueOn: r.replyDueOn,
    region: r.region,
    category: r.category,
    unit: r.unit,
  };
  return { row, copyText: STAGING_ROW_COLUMNS.map((c) => copyField(values[c])).join('\t') };
}

/** 受理日期 as the petition keeps it: a declined row was decided (不予受理), never accepted. */
export const acceptedOn = (r: Pick<LedgerRow, 'state' | 'acceptedOn'>): string | null =>
  r.state === 'declined' ? null : r.acceptedOn;

/** Validates a raw row (every problem reported) and, if valid and given the settings, computes it. */
export function checkRow(
  crypto: RowCrypto,
  raw: RawRow,
  today: string,
  settings: RowSettings | null,
): CheckedRow {
  const parsed = parseLedgerRow(raw.cells as Partial<Record<LedgerColumn, string>>, raw.line, today);
  if (!parsed.ok) return parsed;
  return { ok: true, computed: settings ? computeRow(crypto, parsed.row, settings) : null };
}
