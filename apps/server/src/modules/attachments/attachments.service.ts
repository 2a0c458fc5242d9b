import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { findPetition } from '../petitions/petition.repo.ts';
import { petitionScope } from '../petitions/petition.scope.ts';
import { allowedTypeNames, sniffAllowedType } from './attachment-types.ts';
import { blobStore } from '../storage/blob-store.ts';
import { findAttachment, insertAttachment, listAttachments } from './attachments.repo.ts';

async function requirePetition(deps: Deps, actor: Actor, petitionId: string) {
  const petition = await findPetition(deps.db, petitionId, petitionScope(actor));
  if (!petition) throw notFound('信访事项');
  return petition;
}

/** Stores an uploaded file (type sniffed from content) and records it on the petition. */
export async function addAttachment(
  deps: Deps,
  actor: Actor,
  petitionId: string,
  file: { fileName: string; content: Buffer },
) {
  await requirePetition(deps, actor, petitionId);
  if (file.content.length === 0)
    throw new AppError('VALIDATION_FAILED', '上传的文件为空', {
      fields: [{ field: 'file', message: '文件为空' }],
    });
  if (file.content.length > deps.maxUploadBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', '上传内容超过大小限制');
  const contentType = await sniffAllowedType(file.content);
  if (!contentType) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `不支持的附件类型，允许：${allowedTypeNames()}`);
  }
  return deps.db.transaction(async (tx) => {
    // The bytes commit with the row naming them: a crash leaves neither, never one without the other.
    const stored = await blobStore.put(tx, file.content);
    const row = await insertAttachment(tx, {
      petitionId,
      fileName: file.fileName.slice(0, 200),
      contentType,
      size: file.content.length,
      sha256: stored.sha256,
      storageKey: stored.sha256,
      uploadedBy: actor.userId,
    });
    await recordAudit(deps, tx, actor, {
      action: 'attachment.add',
      entityType: 'petition',
      entityId: petitionId,
      after: { attachmentId: row.id, fileName: row.fileName, size: row.size, contentType },
    });
    return attachmentView(row);
  });
}

/** What callers see of an attachment: its storage location stays on the server. */
const attachmentView = <T extends { storageKey: string }>({ storageKey: _hidden, ...view }: T) => view;

export async function getAttachments(deps: Deps, actor: Actor, petitionId: string) {
  await requirePetition(deps, actor, petitionId);
  return (await listAttachments(deps.db, petitionId)).map(attachmentView);
}

export async function readAttachment(deps: Deps, actor: Actor, petitionId: string, id: string) {
  await requirePetition(deps, actor, petitionId);
  const row = await findAttachment(deps.db, petitionId, id);
  if (!row) throw notFound('附件');
  return { row, content: blobStore.stream(deps.db, row.sha256, row.size) };
}
