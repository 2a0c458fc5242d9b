import {
  CHANNEL_LABELS,
  type Channel,
  type Deadline,
  PURPOSE_LABELS,
  type Purpose,
  type PetitionState,
  STATE_LABELS,
} from '@xinfang/contract';
import type { CryptoDeps } from '../../deps.ts';
import { deadlineStatus } from '../../domain/deadlines.ts';
import { type StageName, stageOwner } from '../../domain/stage.ts';
import { maskIdNumber, maskPhone } from '../../domain/masking.ts';
import type { Actor } from '../auth/actor.ts';
import { maySeeIdentity } from './identity.policy.ts';
import type { PetitionerRow, PetitionListRow, PetitionRow } from './petition.repo.ts';

export type PetitionerView = {
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
};

export function presentPetitioners(
  crypto: CryptoDeps,
  actor: Actor,
  row: Pick<PetitionRow, 'confidential' | 'bureauUnitId'>,
  people: PetitionerRow[],
): PetitionerView[] {
  if (!maySeeIdentity(actor, row)) {
    return people.map(() => ({ name: '（保密）', idNumber: null, phone: null, address: null }));
  }
  return people.map((p) => ({
    name: p.name,
    idNumber: p.idNumberCipher ? maskIdNumber(crypto.decrypt(p.idNumberCipher)) : null,
    phone: p.phoneCipher ? maskPhone(crypto.decrypt(p.phoneCipher)) : null,
    address: p.address,
  }));
}

/**
 * The current stage's clock as of `today`: the organ's deadline (normal, near due, overdue), or a
 * petitioner's window (arts. 35–36), open or closed and never a unit's 临期/超期; a window before its
 * opinion was delivered has not started.
 */
function deadlineOf(row: PetitionListRow, today: string, nearDueDays: number): Deadline {
  if (!row.stageDueOn)
    return row.stage ? { status: 'not_started', daysLeft: null, dueOn: null, owner: 'petitioner' } : null;
  const owner = row.stage ? stageOwner(row.stage as StageName) : 'unit';
  const clock = deadlineStatus({ due: row.stageDueOn, today, nearDueDays });
  const windowStatus = clock.daysLeft < 0 ? 'closed' : 'normal';
  return {
    status: owner === 'petitioner' ? windowStatus : clock.status,
    daysLeft: clock.daysLeft,
    dueOn: row.stageDueOn,
    owner,
  };
}

/** The list/detail shape of a petition, with its deadline status as of `today`. */
export function presentPetition(row: PetitionListRow, today: string, nearDueDays: number) {
  const deadline = deadlineOf(row, today, nearDueDays);
  return {
    id: row.id,
    caseNo: row.caseNo,
    externalNo: row.externalNo,
    title: row.title,
    state: row.state as PetitionState,
    stateLabel: STATE_LABELS[row.state as PetitionState],
    channel: row.channel as Channel,
    channelLabel: CHANNEL_LABELS[row.channel as Channel],
    purpose: row.purpose as Purpose,
    purposeLabel: PURPOSE_LABELS[row.purpose as Purpose],
    categoryId: row.categoryId,
    regionCode: row.regionCode,
    source: row.source,
    persons: row.persons,
    isCollective: row.isCollective,
    isSkipLevel: row.isSkipLevel,
    isRepeat: row.isRepeat,
    repeatOfId: row.repeatOfId,
    confidential: row.confidential,
    leaderName: row.leaderName,
    bureauUnitId: row.bureauUnitId,
    responsibleUnitId: row.responsibleUnitId,
    triage: row.triage,
    registeredOn: row.registeredOn,
    transferredOn: row.transferredOn,
    acceptedOn: row.acceptedOn,
    repliedOn: row.repliedOn,
    replyOutcome: row.replyOutcome,
    evaluation: row.evaluation,
    concludedOn: row.concludedOn,
    extensionDays: row.extensionDays,
    bounceCount: row.bounceCount,
    pendingDeliveries: row.pendingDeliveries,
    deliveryLabel: row.pendingDeliveries > 0 ? '待送达' : null,
    replyServedOn: row.replyServedOn,
    reviewServedOn: row.reviewServedOn,
    assigneeUserId: row.assigneeUserId,
    resolved: row.resolved,
    stage: row.stage,
    deadline,
    deadlineWarnings: row.deadlineWarnings ?? [],
    queryCode: row.queryCode,
    version: row.version,
  };
}

export type PetitionView = ReturnType<typeof presentPetition>;
