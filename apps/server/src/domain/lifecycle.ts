import type { CommandName, PetitionState, Purpose, Role, Source, TriageKind } from '@xinfang/contract';
import { hasReviewChain } from './stage.ts';

/**
 * Who may run a command: a role, acting from a unit in a given relation to the petition.
 * - bureau: the registering 信访部门 (or any bureau whose region contains the matter)
 * - responsible: the unit the case is currently routed to
 * - upper: the unit that assigned the case from above (审核办结), or a bureau above the handler
 * - reviewOrgan: the organ the petitioner addressed for the current 复查 or 复核 (arts. 35–36)
 */
export type ActorRelation = 'bureau' | 'responsible' | 'upper' | 'reviewOrgan';

export type TransitionRule = {
  from: readonly PetitionState[];
  roles: readonly Role[];
  relations: readonly ActorRelation[];
  /** Extra applicability condition on the case itself. */
  when?: (p: CaseFacts) => boolean;
  label: string;
};

const OPEN_FOR_ROUTING = ['transferred', 'pending_acceptance'] as const;
const AFTER_REPLY = ['replied', 'evaluated', 'concluded'] as const;
const OPEN = [
  'registered',
  'transferred',
  'returned',
  'pending_acceptance',
  'accepted',
  'replied',
  'evaluated',
  'reported',
  'review_requested',
  'reviewed',
  're_review_requested',
  're_reviewed',
] as const;
const ALL_STATES = [...OPEN, 'filed', 'declined', 'refused', 'concluded', 'final'] as const;
/** 复查/复核 only for 申诉求决 matters (arts. 31–36). */
const reviewable = (p: CaseFacts) => hasReviewChain(p.purpose);

export const TRANSITIONS: Record<CommandName, TransitionRule> = {
  triage: { from: ['registered'], roles: ['caseworker', 'registrar'], relations: ['bureau'], label: '分流' },
  sign: {
    from: ['transferred'],
    roles: ['handler', 'caseworker'],
    relations: ['responsible'],
    label: '签收',
  },
  object: {
    from: OPEN_FOR_ROUTING,
    roles: ['handler', 'caseworker'],
    relations: ['responsible'],
    label: '异议退回',
  },
  reassign: { from: ['returned'], roles: ['caseworker'], relations: ['bureau'], label: '改派' },
  accept: {
    from: ['pending_acceptance'],
    roles: ['handler', 'caseworker'],
    relations: ['responsible'],
    label: '受理',
  },
  decline: {
    from: ['pending_acceptance'],
    roles: ['handler', 'caseworker'],
    relations: ['responsible'],
    label: '不予受理',
  },
  extend: {
    from: ['accepted'],
    roles: ['handler', 'caseworker'],
    relations: ['responsible'],
    when: (p) => p.extensionDays === 0,
    label: '延期',
  },
  reply: { from: ['accepted'], roles: ['handler', 'caseworker'], relations: ['responsible'], label: '答复' },
  evaluate: {
    from: ['replied'],
    roles: ['caseworker', 'registrar', 'handler'],
    relations: ['bureau', 'responsible'],
    label: '满意度评价',
  },
  conclude: {
    from: ['replied', 'evaluated'],
    roles: ['caseworker', 'handler'],
    relations: ['bureau', 'responsible'],
    when: (p) => p.source !== 'from_above',
    label: '办结',
  },
  requestReview: {
    from: AFTER_REPLY,
    roles: ['caseworker', 'registrar'],
    relations: ['bureau', 'upper'],
    when: reviewable,
    label: '申请复查',
  },
  // The deciding organ itself, or the bureau recording the decision on its behalf.
  decideReview: {
    from: ['review_requested'],
    roles: ['caseworker', 'handler'],
    relations: ['reviewOrgan', 'bureau', 'upper'],
    label: '复查决定',
  },
  requestReReview: {
    from: ['reviewed'],
    roles: ['caseworker', 'registrar'],
    relations: ['bureau', 'upper'],
    when: reviewable,
    label: '申请复核',
  },
  decideReReview: {
    from: ['re_review_requested'],
    roles: ['caseworker', 'handler'],
    relations: ['reviewOrgan', 'bureau', 'upper'],
    label: '复核决定',
  },
  recordHearing: {
    from: ['re_review_requested'],
    roles: ['caseworker', 'handler'],
    relations: ['reviewOrgan', 'bureau', 'upper'],
    label: '记录听证',
  },
  finalize: { from: ['re_reviewed'], roles: ['caseworker'], relations: ['bureau', 'upper'], label: '终结' },
  reportConclusion: {
    from: ['replied', 'evaluated'],
    roles: ['caseworker', 'handler'],
    relations: ['bureau', 'responsible'],
    when: (p) => p.source === 'from_above',
    label: '上报办结',
  },
  approveConclusion: { from: ['reported'], roles: ['caseworker'], relations: ['upper'], label: '审核办结' },
  sendBack: { from: ['reported'], roles: ['caseworker'], relations: ['upper'], label: '审核退回' },
  followUp: {
    from: ['concluded', 'final', 'evaluated', 'replied', 'reviewed', 're_reviewed'],
    roles: ['caseworker', 'handler', 'leader'],
    relations: ['bureau', 'responsible'],
    label: '回访',
  },
  linkRepeat: {
    from: [
      'registered',
      'transferred',
      'returned',
      'pending_acceptance',
      'accepted',
      'filed',
      'replied',
      'evaluated',
      'concluded',
    ],
    roles: ['caseworker', 'registrar'],
    relations: ['bureau'],
    label: '关联重复件',
  },
  recordDelivery: {
    from: ALL_STATES,
    roles: ['caseworker', 'registrar', 'handler'],
    relations: ['bureau', 'responsible', 'upper', 'reviewOrgan'],
    label: '登记送达',
  },
  // The head of the handling unit assigns; a handler may take an unassigned case himself.
  assignHandler: {
    from: OPEN,
    roles: ['leader', 'caseworker', 'handler'],
    relations: ['responsible', 'reviewOrgan'],
    label: '指定承办人',
  },
  recuse: {
    from: ALL_STATES,
    roles: ['leader', 'caseworker', 'handler'],
    relations: ['responsible', 'bureau', 'reviewOrgan', 'upper'],
    label: '回避',
  },
};

/** The state reached by a triage decision. */
export function triageTarget(kind: TriageKind): PetitionState {
  switch (kind) {
    case 'file':
      return 'filed';
    case 'direct_reply':
      return 'replied';
    case 'forward':
    case 'assign':
    case 'supervise':
      return 'transferred';
    case 'acceptance_notice':
      return 'accepted';
    case 'decline':
      return 'declined';
    case 'refuse':
      return 'refused';
  }
}

/** Fixed targets for every command except triage (which depends on its kind). */
export const TARGET_STATE: Partial<Record<CommandName, PetitionState | 'same'>> = {
  sign: 'pending_acceptance',
  object: 'returned',
  reassign: 'transferred',
  accept: 'accepted',
  decline: 'declined',
  extend: 'same',
  reply: 'replied',
  evaluate: 'evaluated',
  conclude: 'concluded',
  requestReview: 'review_requested',
  decideReview: 'reviewed',
  requestReReview: 're_review_requested',
  decideReReview: 're_reviewed',
  finalize: 'final',
  reportConclusion: 'reported',
  approveConclusion: 'concluded',
  sendBack: 'accepted',
  followUp: 'same',
  linkRepeat: 'same',
  recordDelivery: 'same',
  recordHearing: 'same',
  assignHandler: 'same',
  recuse: 'same',
};

export type CaseFacts = { state: PetitionState; source: Source; purpose: Purpose; extensionDays: number };

/** Commands that the case's state allows (regardless of who asks). */
export function allowedCommands(p: CaseFacts): CommandName[] {
  return (Object.keys(TRANSITIONS) as CommandName[]).filter((name) => isAllowed(name, p));
}

export function isAllowed(name: CommandName, p: CaseFacts): boolean {
  const rule = TRANSITIONS[name];
  return rule.from.includes(p.state) && (rule.when ? rule.when(p) : true);
}

/** Whether the actor's roles and relations to the case satisfy the rule. */
export function mayPerform(
  name: CommandName,
  roles: readonly Role[],
  relations: readonly ActorRelation[],
): boolean {
  const rule = TRANSITIONS[name];
  return rule.roles.some((r) => roles.includes(r)) && rule.relations.some((r) => relations.includes(r));
}

/** States in which the matter is still open (counted as 正在办理). */
export const TERMINAL_STATES: readonly PetitionState[] = [
  'filed',
  'declined',
  'refused',
  'concluded',
  'final',
];
