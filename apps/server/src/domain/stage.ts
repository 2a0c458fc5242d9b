import type { PetitionState } from '@xinfang/contract';
import type { TimeLimits } from './deadlines.ts';

/** The clock that currently runs on a case, and whose clock it is. */
export type StageSpec = {
  stage:
    | 'forward'
    | 'acceptance'
    | 'handling'
    | 'review_window'
    | 'review'
    | 're_review_window'
    | 're_review';
  label: string;
  /** 'unit' deadlines bind the handling unit; 'petitioner' windows bind the petitioner's request. */
  owner: 'unit' | 'petitioner';
  start: string;
  days: number;
  /** Extra days granted by an approved extension, added after the base period. */
  extensionDays: number;
};

export type StageFacts = {
  state: PetitionState;
  isRepeat: boolean;
  registeredOn: string;
  transferredOn: string | null;
  acceptedOn: string | null;
  extensionDays: number;
  repliedOn: string | null;
  reviewRequestedOn: string | null;
  reviewedOn: string | null;
  reReviewRequestedOn: string | null;
};

/** Which deadline applies in the case's current state (null for closed states). */
export function stageFor(p: StageFacts, limits: TimeLimits): StageSpec | null {
  const spec = (
    stage: StageSpec['stage'],
    label: string,
    owner: StageSpec['owner'],
    start: string | null,
    days: number,
    extensionDays = 0,
  ): StageSpec | null => (start ? { stage, label, owner, start, days, extensionDays } : null);

  switch (p.state) {
    case 'registered':
      return spec(
        'forward',
        '转送交办期限',
        'unit',
        p.registeredOn,
        !p.isRepeat && limits.forwardFirstSameDay ? 0 : limits.forwardDays,
      );
    case 'transferred':
    case 'pending_acceptance':
    case 'returned':
      // The clock never stops while a case is in transit: it runs from the first transfer.
      return spec(
        'acceptance',
        '受理告知期限',
        'unit',
        p.transferredOn ?? p.registeredOn,
        limits.acceptanceDays,
      );
    case 'accepted':
      return spec('handling', '办理答复期限', 'unit', p.acceptedOn, limits.handlingDays, p.extensionDays);
    case 'replied':
    case 'evaluated':
    case 'reported':
    case 'concluded':
      return spec('review_window', '申请复查期限', 'petitioner', p.repliedOn, limits.reviewRequestDays);
    case 'review_requested':
      return spec('review', '复查办理期限', 'unit', p.reviewRequestedOn, limits.reviewDecisionDays);
    case 'reviewed':
      return spec('re_review_window', '申请复核期限', 'petitioner', p.reviewedOn, limits.reReviewRequestDays);
    case 're_review_requested':
      return spec('re_review', '复核办理期限', 'unit', p.reReviewRequestedOn, limits.reReviewDecisionDays);
    default:
      return null;
  }
}
