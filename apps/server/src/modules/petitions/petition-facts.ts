import type { PetitionState, Source } from '@xinfang/contract';
import type { StageFacts } from '../../domain/stage.ts';
import type { PetitionRow } from './petition.repo.ts';

/** The parts of a row that the pure rules read. */
export function stageFacts(
  row: Omit<PetitionRow, 'id' | 'version' | 'createdAt' | 'updatedAt'> | PetitionRow,
): StageFacts {
  return {
    state: row.state as PetitionState,
    isRepeat: row.isRepeat ?? (row.repeatOfId !== null && row.repeatOfId !== undefined),
    registeredOn: row.registeredOn,
    transferredOn: row.transferredOn ?? null,
    acceptedOn: row.acceptedOn ?? null,
    extensionDays: row.extensionDays ?? 0,
    repliedOn: row.repliedOn ?? null,
    reviewRequestedOn: row.reviewRequestedOn ?? null,
    reviewedOn: row.reviewedOn ?? null,
    reReviewRequestedOn: row.reReviewRequestedOn ?? null,
  };
}

export function caseFacts(row: PetitionRow): { state: PetitionState; source: Source; extensionDays: number } {
  return {
    state: row.state as PetitionState,
    source: row.source as Source,
    extensionDays: row.extensionDays,
  };
}
