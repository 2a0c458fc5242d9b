import { NOTICE_LABELS, type NoticeKind, PETITIONER_NOTICES } from '@xinfang/contract';
import type { Db } from '../../db/client.ts';
import { findTemplate } from '../admin/template.repo.ts';
import { DEFAULT_TEMPLATES, type NoticeTemplate } from '../documents/notice-templates.ts';
import { renderNotice } from '../documents/render-notice.ts';
import type { UnitRow } from '../reference/reference.repo.ts';
import { type DocumentRow, insertDocument, nextCaseSequence } from './petition.repo.ts';

/** The template in force: an admin's edited version, or the built-in default. */
export async function templateFor(db: Db, kind: NoticeKind): Promise<NoticeTemplate> {
  return ((await findTemplate(db, kind)) as NoticeTemplate | undefined) ?? DEFAULT_TEMPLATES[kind];
}

/** 发文字号 codes after the 机关代字, one numbering sequence per kind and year. */
const DOC_CODES: Record<NoticeKind, string> = {
  acceptance: '受',
  decline: '不受',
  refusal: '不再受',
  extension: '延',
  reply: '处',
  review: '复查',
  re_review: '复核',
  transfer: '转',
  supervision: '督',
  request_declined: '请不受',
};

/** 文号 such as 兰信受〔2026〕12号: the unit's 机关代字 (its name when none is configured). */
export function documentNumber(
  unit: Pick<UnitRow, 'name' | 'docAbbrev'>,
  kind: NoticeKind,
  year: number,
  seq: number,
) {
  return `${unit.docAbbrev?.trim() || unit.name}${DOC_CODES[kind]}〔${year}〕${seq}号`;
}

/** What stands in for a confidential petitioner in the redacted form of a notice. */
export const REDACTED_NAME = '（信访人信息保密）';

/**
 * Renders a notice from its template and stores the .docx with its document number. A notice of
 * a confidential petition is rendered twice: the petitioner's copy, and a redacted one that
 * everyone outside the identity rule receives. Notices to the petitioner await delivery (送达).
 */
export async function issueNotice(
  tx: Db,
  args: {
    petition: { id: string; caseNo: string; confidential: boolean };
    kind: NoticeKind;
    values: Record<string, string>;
    today: string;
    /** The organ in whose name the notice is issued. */
    issuer: Pick<UnitRow, 'id' | 'name' | 'docAbbrev'>;
    /** The bureau that recorded it on the issuer's behalf, when not the issuer itself. */
    recordedBy?: Pick<UnitRow, 'id' | 'name'> | null;
    createdBy: string;
    /** When it was issued (the service's clock). */
    at: Date;
  },
): Promise<DocumentRow> {
  const { petition, kind, values, today, issuer } = args;
  const year = Number(today.slice(0, 4));
  const seq = await nextCaseSequence(tx, issuer.id, year, `doc:${kind}`);
  const documentNo = documentNumber(issuer, kind, year, seq);
  const template = await templateFor(tx, kind);
  const meta = { issuerUnit: issuer.name, documentNo };
  const content = await renderNotice(template, values, meta);
  const redactedContent = petition.confidential
    ? await renderNotice(template, { ...values, petitionerName: REDACTED_NAME }, meta)
    : null;
  return insertDocument(tx, {
    petitionId: petition.id,
    kind,
    documentNo,
    fileName: `${petition.caseNo}-${NOTICE_LABELS[kind]}.docx`,
    content: content.toString('base64'),
    redactedContent: redactedContent?.toString('base64') ?? null,
    redacted: false,
    addressee: PETITIONER_NOTICES.includes(kind) ? 'petitioner' : 'unit',
    issuerUnitId: issuer.id,
    recordedByUnitId: args.recordedBy && args.recordedBy.id !== issuer.id ? args.recordedBy.id : null,
    createdBy: args.createdBy,
    createdAt: args.at,
  });
}
