import type { NoticeKind } from '@xinfang/contract';
import type { Db } from '../../../db/client.ts';
import type { Deps } from '../../../deps.ts';
import type { WorkCalendar } from '../../../domain/calendar/work-calendar.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ActorRelation } from '../../../domain/lifecycle.ts';
import type { UnitRow } from '../../reference/reference.repo.ts';
import type { Policy } from '../../settings/policy.ts';
import type { PetitionInsert, PetitionRow } from '../petition.repo.ts';

/** What a command handler sees: the locked row, the caller and today's rules. */
export type TransitionContext = {
  deps: Deps;
  tx: Db;
  actor: Actor;
  row: PetitionRow;
  today: string;
  policy: Policy;
  calendar: WorkCalendar;
  relations: readonly ActorRelation[];
};

/** The state after the change, passed to notice builders (e.g. for the new due date). */
export type AfterChange = { row: PetitionRow; dueOn: string | null };

/** What a command does: the fields it changes, what the timeline records, the notice it issues. */
export type Effect = {
  patch: Partial<PetitionInsert>;
  /** Only for commands whose target depends on input (triage). */
  state?: PetitionRow['state'];
  event?: Record<string, unknown>;
  /**
   * The written notice this step issues. `issuer`: the organ in whose name it goes out when the
   * caller records it on that organ's behalf (a bureau recording a 复查 decision).
   */
  notice?: {
    kind: NoticeKind;
    values: (after: AfterChange) => Record<string, string>;
    issuer?: UnitRow;
  };
};

export type Handler<I> = (ctx: TransitionContext, input: I) => Promise<Effect>;
