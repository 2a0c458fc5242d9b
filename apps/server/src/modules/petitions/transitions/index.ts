import type { Command, CommandName } from '@xinfang/contract';
import {
  approveConclusion,
  conclude,
  evaluate,
  followUp,
  linkRepeat,
  reportConclusion,
  sendBack,
} from './closing.ts';
import { recordDelivery, recordHearing } from './delivery.ts';
import { accept, decline, extend, reply } from './handling.ts';
import { decideReReview, decideReview, finalize, requestReReview, requestReview } from './review.ts';
import { object, reassign, sign, triage } from './routing.ts';
import { assignHandler, recuse } from './staffing.ts';
import type { Handler } from './transition-context.ts';

/** Every lifecycle command's effect, by name. */
export const HANDLERS: { [N in CommandName]: Handler<Command<N>> } = {
  triage,
  sign,
  object,
  reassign,
  accept,
  decline,
  extend,
  reply,
  evaluate,
  conclude,
  requestReview,
  decideReview,
  requestReReview,
  decideReReview,
  finalize,
  reportConclusion,
  approveConclusion,
  sendBack,
  followUp,
  linkRepeat,
  recordDelivery,
  recordHearing,
  assignHandler,
  recuse,
};
