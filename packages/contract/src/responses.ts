import { z } from 'zod';
import { Channel, PetitionState, Purpose, Role, UnitKind } from './enums.ts';

/**
 * Response shapes of the routes the web workbench reads. The server declares them as its route
 * response schemas (OpenAPI + serialization) and the web infers its types from them.
 */
const nullableText = z.string().nullable();

export const MeSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitKind: UnitKind,
  regionCode: z.string(),
  regionName: nullableText,
  roles: z.array(Role),
  mustChangePassword: z.boolean(),
  /** The user must enrol a second factor (TOTP) before anything else. */
  mustEnrolSecondFactor: z.boolean(),
  /** The user logs in with a second factor. */
  secondFactorEnabled: z.boolean(),
  /** The session's CSRF token, echoed as `x-csrf-token` on writes (cookie sessions only). */
  csrfToken: nullableText,
});
export type Me = z.infer<typeof MeSchema>;

export const LoginResponseSchema = z.object({
  csrfToken: z.string(),
  token: z.string().optional(),
  mustChangePassword: z.boolean(),
  mustEnrolSecondFactor: z.boolean(),
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }).passthrough(),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** A second factor being enrolled: the key for the authenticator app (QR code of `uri`, or typed by hand). */
export const SecondFactorSetupSchema = z.object({ secret: z.string(), uri: z.string() });
export type SecondFactorSetup = z.infer<typeof SecondFactorSetupSchema>;

/** A running deadline, or a petitioner's window not started yet (its opinion not delivered). */
export const DeadlineSchema = z
  .union([
    z.object({
      status: z.enum(['normal', 'near_due', 'overdue']),
      daysLeft: z.number().int(),
      dueOn: z.string(),
    }),
    z.object({ status: z.literal('not_started'), daysLeft: z.null(), dueOn: z.null() }),
  ])
  .nullable();
export type Deadline = z.infer<typeof DeadlineSchema>;

export const PetitionSummarySchema = z.object({
  id: z.string(),
  caseNo: z.string(),
  externalNo: nullableText,
  title: z.string(),
  state: PetitionState,
  stateLabel: z.string(),
  channel: Channel,
  channelLabel: z.string(),
  purpose: Purpose,
  purposeLabel: z.string(),
  categoryId: nullableText,
  regionCode: z.string(),
  source: z.string(),
  persons: z.number().int(),
  isCollective: z.boolean(),
  isSkipLevel: z.boolean(),
  isRepeat: z.boolean(),
  repeatOfId: nullableText,
  confidential: z.boolean(),
  leaderName: nullableText,
  bureauUnitId: z.string(),
  responsibleUnitId: nullableText,
  triage: nullableText,
  registeredOn: z.string(),
  transferredOn: nullableText,
  acceptedOn: nullableText,
  repliedOn: nullableText,
  replyOutcome: nullableText,
  evaluation: nullableText,
  concludedOn: nullableText,
  extensionDays: z.number().int(),
  bounceCount: z.number().int(),
  stage: nullableText,
  deadline: DeadlineSchema,
  deadlineWarnings: z.array(z.object({ code: z.string(), year: z.number().int(), message: z.string() })),
  queryCode: z.string(),
  version: z.number().int(),
});
export type PetitionSummary = z.infer<typeof PetitionSummarySchema>;

export const PetitionPageSchema = z.object({
  total: z.number().int(),
  items: z.array(PetitionSummarySchema),
  /** Keyset cursors: pass as `after` / `before` for the next / previous page (null at an end). */
  nextCursor: nullableText,
  prevCursor: nullableText,
});
export type PetitionPage = z.infer<typeof PetitionPageSchema>;

export const PetitionerViewSchema = z.object({
  name: z.string(),
  idNumber: nullableText,
  phone: nullableText,
  address: nullableText,
});
export type PetitionerView = z.infer<typeof PetitionerViewSchema>;

export const TimelineEventSchema = z.object({
  id: z.union([z.string(), z.number()]),
  action: z.string(),
  at: z.string(),
  actorUserId: nullableText,
  actorName: nullableText,
  actorUnitId: nullableText,
  actorUnitName: nullableText,
  fromState: nullableText,
  toState: nullableText,
  data: z.record(z.string(), z.unknown()),
  documentId: nullableText,
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const PetitionDetailSchema = PetitionSummarySchema.extend({
  content: z.string(),
  petitioners: z.array(PetitionerViewSchema),
  accusedUnitId: nullableText,
  allowedCommands: z.array(z.string()),
  timeline: z.array(TimelineEventSchema),
  routes: z.array(
    z.object({
      unitId: z.string(),
      unitName: nullableText,
      kind: z.string(),
      sentOn: z.string(),
      signedOn: nullableText,
      returnedOn: nullableText,
      returnReason: nullableText,
      active: z.boolean(),
    }),
  ),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      documentNo: nullableText,
      fileName: z.string(),
      redacted: z.boolean(),
      createdAt: z.string(),
    }),
  ),
});
export type PetitionDetail = z.infer<typeof PetitionDetailSchema>;

export const CommandResultSchema = z.object({
  id: z.string(),
  state: z.string(),
  version: z.number().int(),
  stageDueOn: nullableText,
  eventId: z.union([z.string(), z.number()]).nullable().optional(),
  documentId: nullableText.optional(),
});
export type CommandResult = z.infer<typeof CommandResultSchema>;

export const RegisterResultSchema = z
  .object({
    id: z.string(),
    caseNo: z.string(),
    queryCode: z.string(),
    querySecret: z.string(),
    version: z.number().int(),
  })
  .passthrough();
export type RegisterResult = z.infer<typeof RegisterResultSchema>;

export const UnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: UnitKind,
  regionCode: z.string(),
  parentId: nullableText,
  active: z.boolean(),
});
export type Unit = z.infer<typeof UnitSchema>;

export const CategoryNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: nullableText,
  active: z.boolean(),
  children: z.array(
    z.object({ id: z.string(), name: z.string(), parentId: nullableText, active: z.boolean() }),
  ),
});
export type CategoryNode = z.infer<typeof CategoryNodeSchema>;

export const RegionSchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: nullableText,
  level: z.number().int(),
});
export type Region = z.infer<typeof RegionSchema>;

/** Work queues of the workbench (我的待办), each a filter the list API understands. */
export const Queue = z.enum([
  'triage',
  'sign',
  'handle',
  'near_due',
  'overdue',
  'returned',
  'approve',
  'evaluate',
  'review',
]);
export type Queue = z.infer<typeof Queue>;
export const QUEUE_LABELS: Record<Queue, string> = {
  triage: '待分流',
  sign: '待签收',
  handle: '待办理',
  near_due: '临期',
  overdue: '超期',
  returned: '退回待改派',
  approve: '待审核',
  evaluate: '待评价',
  review: '复查复核待决定',
};
export const QueueCountsSchema = z.record(Queue, z.number().int());
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

export const AttachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const DeadlineExplanationSchema = z.object({
  stage: z.string().nullable().optional(),
  dueOn: z.string().nullable(),
  dayMode: z.string(),
  explanation: z.array(z.string()),
  warnings: z.array(z.object({ code: z.string(), year: z.number().int(), message: z.string() })),
});
export type DeadlineExplanation = z.infer<typeof DeadlineExplanationSchema>;

/** The part of the bureau's policy every page reads (the thresholds shown while registering). */
const PolicyValuesSchema = z
  .object({
    collectiveThreshold: z.number().int(),
    /** Staff (not only admins) log in with a second factor. */
    staffSecondFactor: z.boolean(),
    limits: z
      .object({
        nearDueDays: z.number().int(),
        acceptanceDays: z.number().int(),
        handlingDays: z.number().int(),
      })
      .passthrough(),
    internal: z.object({
      dailyClearance: z.boolean(),
      forwardTargetDays: z.number().int().nullable(),
      dayMode: z.enum(['calendar', 'working']),
    }),
  })
  .passthrough();
/** The policy in force for the caller's bureau, what it inherits from, and the statutory maxima. */
export const PolicySummarySchema = z.object({
  bureau: z.object({ id: z.string(), name: z.string() }).nullable(),
  inheritsFrom: z.array(z.object({ id: z.string(), name: z.string() })),
  effective: PolicyValuesSchema,
});
export type PolicySummary = z.infer<typeof PolicySummarySchema>;

/** The answer of a ledger import: nothing is written when a row is invalid, unless asked to skip. */
export const LedgerImportResultSchema = z.object({
  total: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  committed: z.boolean(),
  rejected: z.array(z.object({ line: z.number().int(), errors: z.array(z.string()) })),
});
export type LedgerImportResult = z.infer<typeof LedgerImportResultSchema>;

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.string(),
  roles: z.array(Role),
  canViewPersonalData: z.boolean(),
  regionGrant: nullableText,
  mustChangePassword: z.boolean(),
  failedAttempts: z.number().int(),
  lockedUntil: z.union([z.string(), z.date()]).nullable(),
  active: z.boolean(),
  /** Logs in with a second factor (TOTP); an admin may reset it when the phone is lost. */
  secondFactorEnabled: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

export const NoticeTemplateViewSchema = z.object({
  kind: z.string(),
  edited: z.boolean(),
  template: z.object({ title: z.string(), paragraphs: z.array(z.string()) }),
});
export type NoticeTemplateView = z.infer<typeof NoticeTemplateViewSchema>;

export const CalendarDaySchema = z.object({
  date: z.string(),
  workday: z.boolean(),
  reason: z.string(),
  name: z.string().optional(),
});
export const CalendarYearSchema = z.object({
  year: z.number().int(),
  hasData: z.boolean(),
  days: z.array(CalendarDaySchema),
});
export type CalendarYear = z.infer<typeof CalendarYearSchema>;
