import type { Channel, PetitionState, Purpose, Source } from '@xinfang/contract';
import type { IsoDate } from '../calendar/iso-date.ts';

/** One petition as the statistics see it (the repository maps rows to this shape). */
export type StatPetition = {
  id: string;
  registeredOn: IsoDate;
  channel: Channel;
  persons: number;
  purpose: Purpose;
  /** The category recorded on the petition and its parent (null when recorded at the top level). */
  categoryName: string | null;
  categoryParentName: string | null;
  regionCode: string | null;
  regionName: string | null;
  responsibleUnitId: string | null;
  responsibleUnitName: string | null;
  source: Source;
  isRepeat: boolean;
  isSkipLevel: boolean;
  /** Name of the leader who received the visit (领导接访), if any. */
  leaderName: string | null;
  state: PetitionState;
  /** First triage decision (转送/交办/受理告知/直接回复/存/不予受理…), for 日清日结. */
  firstTriagedOn: IsoDate | null;
  acceptanceDueOn: IsoDate | null;
  /** Date of the acceptance decision either way (受理 or 不予受理). */
  acceptanceDecidedOn: IsoDate | null;
  replyDueOn: IsoDate | null;
  repliedOn: IsoDate | null;
  concludedOn: IsoDate | null;
  evaluation: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  /** 化解 (backlog cases): null when not applicable. */
  resolved: boolean | null;
  reportApproved: boolean | null;
  /** Every 退回 of the case, with the unit that returned it. */
  returns: Array<{ unitId: string; unitName: string }>;
};
