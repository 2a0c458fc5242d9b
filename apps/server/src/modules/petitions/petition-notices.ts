import { NOTICE_LABELS, type NoticeKind } from '@xinfang/contract';
import type { Db } from '../../db/client.ts';
import { findTemplate } from '../admin/template.repo.ts';
import { DEFAULT_TEMPLATES, type NoticeTemplate } from '../documents/notice-templates.ts';
import { renderNotice } from '../documents/render-notice.ts';
import type { Actor } from '../auth/actor.ts';
import { type DocumentRow, insertDocument, nextCaseSequence } from './petition.repo.ts';

/** The template in force: an admin's edited version, or the built-in default. */
export async function templateFor(db: Db, kind: NoticeKind): Promise<NoticeTemplate> {
  return ((await findTemplate(db, kind)) as NoticeTemplate | undefined) ?? DEFAULT_TEMPLATES[kind];
}

/** Renders a notice from its template and stores the .docx with a numbered document number. */
export async function issueNotice(
  tx: Db,
  actor: Actor,
  petition: { id: string; caseNo: string },
  kind: NoticeKind,
  values: Record<string, string>,
  today: string,
  redacted = false,
): Promise<DocumentRow> {
  const year = Number(today.slice(0, 4));
  const seq = await nextCaseSequence(tx, actor.unitId, year, `doc:${kind}`);
  const documentNo = `${actor.unitName}〔${year}〕${NOTICE_LABELS[kind].slice(0, 2)}${seq}号`;
  const buffer = await renderNotice(await templateFor(tx, kind), values, {
    issuerUnit: actor.unitName,
    documentNo,
  });
  return insertDocument(tx, {
    petitionId: petition.id,
    kind,
    documentNo,
    fileName: `${petition.caseNo}-${NOTICE_LABELS[kind]}.docx`,
    content: buffer.toString('base64'),
    createdBy: actor.userId,
    redacted,
  });
}
