import type { PetitionState, Purpose, Source } from '@xinfang/contract';
import type { StageFacts } from '../../domain/stage.ts';
import type { PetitionInsert, PetitionRow } from './petition.repo.ts';

/** The parts of a row that the pure rules read. */
export function stageFacts(
  row: Pick<PetitionInsert, 'state' | 'purpose' | 'registeredOn'> & Partial<PetitionInsert>,
): StageFacts {
  return {
    state: row.state as PetitionState,
    purpose: row.purpose as Purpose,
    isRepeat: row.isRepeat ?? (row.repeatOfId !== null && row.repeatOfId !== undefined),
    registeredOn: row.registeredOn,
    receivedOn: row.receivedOn ?? null,
    acceptedOn: row.acceptedOn ?? null,
    extensionDays: row.extensionDays ?? 0,
    replyServedOn: row.replyServedOn ?? null,
    reviewRequestedOn: row.reviewRequestedOn ?? null,
    reviewServedOn: row.reviewServedOn ?? null,
    reReviewRequestedOn: row.reReviewRequestedOn ?? null,
    hearingDays: row.hearingDays ?? 0,
  };
}

export type CaseFacts = { state: PetitionState; source: Source; purpose: Purpose; extensionDays: number };

export function caseFacts(row: PetitionRow): CaseFacts {
  return {
    state: row.state as PetitionState,
    source: row.source as Source,
    purpose: row.purpose as Purpose,
    extensionDays: row.extensionDays,
  };
}
