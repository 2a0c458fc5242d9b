import { timingSafeEqual } from 'node:crypto';
import {
  type NoticeKind,
  NOTICE_LABELS,
  PETITIONER_NOTICES,
  type PetitionState,
  STATE_LABELS,
} from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { deadlineStatus } from '../../domain/deadlines.ts';
import { TRANSITIONS } from '../../domain/lifecycle.ts';
import { AppError } from '../../errors.ts';
import { systemActor } from '../auth/actor.ts';
import { findDeliveryOf } from '../petitions/delivery.repo.ts';
import { runCommand } from '../petitions/transition.service.ts';
import { findUnit } from '../reference/reference.repo.ts';
import {
  findByQueryCode,
  findDocument,
  findPetition,
  listDocuments,
  listEvents,
  type PetitionRow,
} from '../petitions/petition.repo.ts';
import { rulesForPetition } from '../settings/policy.ts';

const mismatch = () => new AppError('NOT_FOUND', '查询码或查询密码不正确');

/** The one petition a query code + secret opens; any mismatch answers the same 404. */
async function openByCode(deps: Deps, code: string, secret: string): Promise<PetitionRow> {
  const row = await findByQueryCode(deps.db, code.trim().toUpperCase());
  const expected = Buffer.from(row?.querySecretHash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(deps.crypto.hashSecret(secret.trim().toUpperCase()), 'hex');
  if (!row || expected.length !== given.length || !timingSafeEqual(expected, given)) throw mismatch();
  return row;
}

/** 网上查询: progress, the current deadline and the written notices of one petition, nothing internal. */
export async function lookupPetition(deps: Deps, input: { code: string; secret: string }) {
  const row = await openByCode(deps, input.code, input.secret);
  const [policy, events, docs] = await Promise.all([
    rulesForPetition(deps.db, row).then((r) => r.policy),
    listEvents(deps.db, row.id),
    listDocuments(deps.db, row.id),
  ]);
  const today = todayIn(deps.now());
  return {
    caseNo: row.caseNo,
    registeredOn: row.registeredOn,
    state: row.state,
    stateLabel: STATE_LABELS[row.state as PetitionState],
    deadline: row.stageDueOn
      ? {
          dueOn: row.stageDueOn,
          ...deadlineStatus({ due: row.stageDueOn, today, nearDueDays: policy.limits.nearDueDays }),
        }
      : null,
    progress: events
      .filter((e) => e.action === 'register' || e.action in TRANSITIONS)
      .map((e) => ({
        date: e.at.toISOString().slice(0, 10),
        step: e.action === 'register' ? '登记' : TRANSITIONS[e.action as keyof typeof TRANSITIONS].label,
        state: e.toState ? STATE_LABELS[e.toState as PetitionState] : null,
      })),
    documents: docs
      .filter((d) => PETITIONER_NOTICES.includes(d.kind as NoticeKind))
      .map((d) => ({
        id: d.id,
        title: NOTICE_LABELS[d.kind as NoticeKind],
        issuedOn: d.createdAt.toISOString().slice(0, 10),
      })),
  };
}

export async function portalDocument(
  deps: Deps,
  input: { code: string; secret: string; documentId: string },
) {
  const row = await openByCode(deps, input.code, input.secret);
  const doc = await findDocument(deps.db, row.id, input.documentId);
  if (!doc || !PETITIONER_NOTICES.includes(doc.kind as NoticeKind))
    throw new AppError('NOT_FOUND', '文书不存在');
  await recordElectronicDelivery(deps, row.id, doc.id);
  return { fileName: doc.fileName, content: Buffer.from(doc.content, 'base64') };
}

/**
 * 电子送达: the petitioner downloading a notice on the portal is its delivery, recorded by the
 * system on that day (once; a notice already delivered keeps its first delivery).
 */
async function recordElectronicDelivery(deps: Deps, petitionId: string, documentId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await findPetition(deps.db, petitionId, undefined);
    const bureau = row ? await findUnit(deps.db, row.bureauUnitId) : undefined;
    if (!row || !bureau || (await findDeliveryOf(deps.db, documentId))) return;
    try {
      await runCommand(deps, systemActor({ ...bureau, kind: 'bureau' }), petitionId, 'recordDelivery', {
        version: row.version,
        documentId,
        method: 'electronic',
        deliveredOn: todayIn(deps.now()),
        note: '信访人通过网上查询下载文书',
      });
      return;
    } catch (error) {
      if (error instanceof AppError && error.code === 'ALREADY_DELIVERED') return;
      if (!(error instanceof AppError && error.code === 'VERSION_CONFLICT')) throw error;
    }
  }
}
