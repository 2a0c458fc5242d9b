import { z } from 'zod';
import { Channel, PetitionState, Purpose, Role, UnitKind } from './enums.ts';
import { Queue } from './queues.ts';

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
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), roles: z.array(Role) }),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** A second factor being enrolled: the key for the authenticator app (QR code of `uri`, or typed by hand). */
export const SecondFactorSetupSchema = z.object({ secret: z.string(), uri: z.string() });
export type SecondFactorSetup = z.infer<typeof SecondFactorSetupSchema>;

/**
 * A running deadline, or a petitioner's window not started yet (its opinion not delivered). `owner`:
 * the organ's deadline ('unit': normal, near due, overdue), or the petitioner's window to request
 * 复查/复核 ('petitioner', arts. 35–36: open, or 'closed' once it ran out; never a unit's 超期).
 */
export const DeadlineSchema = z
  .union([
    z.object({
      status: z.enum(['normal', 'near_due', 'overdue', 'closed']),
      daysLeft: z.number().int(),
      dueOn: z.string(),
      owner: z.enum(['unit', 'petitioner']),
    }),
    z.object({
      status: z.literal('not_started'),
      daysLeft: z.null(),
      dueOn: z.null(),
      owner: z.literal('petitioner'),
    }),
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
  /** Notices written to the petitioner and not yet delivered (待送达). */
  pendingDeliveries: z.number().int(),
  deliveryLabel: nullableText,
  replyServedOn: nullableText,
  reviewServedOn: nullableText,
  assigneeUserId: nullableText,
  resolved: z.boolean().nullable(),
  stage: nullableText,
  deadline: DeadlineSchema,
  deadlineWarnings: z.array(z.object({ code: z.string(), year: z.number().int(), message: z.string() })),
  queryCode: z.string(),
  version: z.number().int(),
});
export type PetitionSummary = z.infer<typeof PetitionSummarySchema>;

export const PetitionPageSchema = z.object({
  total: z.number().int(),
  /** True when `total` is the planner's estimate (very large unfiltered lists). */
  totalEstimated: z.boolean().optional(),
  /** True when more rows match a search than `total` (its count stops at a limit): "more than `total`". */
  totalCapped: z.boolean().optional(),
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

/** A unit or person named on a case: id and name. */
const NamedRefSchema = z.object({ id: z.string(), name: nullableText });

export const DeliveryStatusSchema = z.object({
  status: z.enum(['pending', 'delivered']),
  label: z.string().optional(),
  method: z.string().optional(),
  deliveredOn: z.string().optional(),
  trackingNo: nullableText.optional(),
  receiptAttachmentId: nullableText.optional(),
});

export const PetitionDetailSchema = PetitionSummarySchema.extend({
  content: z.string(),
  petitioners: z.array(PetitionerViewSchema),
  accusedUnitId: nullableText,
  replyUnit: NamedRefSchema.nullable(),
  reviewOrgan: NamedRefSchema.nullable(),
  reReviewOrgan: NamedRefSchema.nullable(),
  assignee: NamedRefSchema.nullable(),
  recusals: z.array(
    z.object({ userId: z.string(), userName: nullableText, reason: z.string(), at: z.string() }),
  ),
  hearings: z.array(
    z.object({
      startOn: z.string(),
      endOn: z.string(),
      place: z.string(),
      participants: z.string(),
      minutesAttachmentId: nullableText.optional(),
    }),
  ),
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
      petitionId: z.string(),
      kind: z.string(),
      documentNo: nullableText,
      fileName: z.string(),
      redacted: z.boolean(),
      addressee: z.string(),
      issuerUnitId: nullableText,
      recordedByUnitId: nullableText,
      createdBy: nullableText,
      createdAt: z.string(),
      issuerUnitName: nullableText,
      recordedByUnitName: nullableText,
      /** 送达 of a notice to the petitioner (null for notices to units). */
      delivery: DeliveryStatusSchema.nullable(),
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

export const RegisterResultSchema = z.object({
  id: z.string(),
  caseNo: z.string(),
  queryCode: z.string(),
  querySecret: z.string(),
  version: z.number().int(),
  state: PetitionState,
  stageDueOn: nullableText,
});
export type RegisterResult = z.infer<typeof RegisterResultSchema>;

export const UnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: UnitKind,
  regionCode: z.string(),
  parentId: nullableText,
  /** 机关代字 in document numbers, e.g. 兰信. */
  docAbbrev: nullableText,
  active: z.boolean(),
  createdAt: z.union([z.string(), z.date()]),
});
export type Unit = z.infer<typeof UnitSchema>;

export const CategorySchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: nullableText,
  sort: z.number().int(),
  active: z.boolean(),
});
export type Category = z.infer<typeof CategorySchema>;
export const CategoryNodeSchema = CategorySchema.extend({ children: z.array(CategorySchema) });
export type CategoryNode = z.infer<typeof CategoryNodeSchema>;

export const RegionSchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: nullableText,
  level: z.number().int(),
});
export type Region = z.infer<typeof RegionSchema>;

export const QueueCountsSchema = z.record(Queue, z.number().int());
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

/** An attachment's metadata (its storage location stays on the server). */
export const AttachmentSchema = z.object({
  id: z.string(),
  petitionId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: nullableText,
  createdAt: z.union([z.string(), z.date()]),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const DeadlineExplanationSchema = z.object({
  stage: z.string().nullable().optional(),
  label: nullableText.optional(),
  /** The article of the 信访工作条例 the period comes from. */
  article: nullableText.optional(),
  /** Whose window it is: the unit's (办理) or the petitioner's (申请复查、复核). */
  owner: z.enum(['petitioner', 'unit']).nullable().optional(),
  dueOn: z.string().nullable(),
  notStarted: z.boolean().optional(),
  dayMode: nullableText.optional(),
  policyOf: nullableText.optional(),
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
  /** What this bureau itself sets (the rest is inherited). */
  own: z.record(z.string(), z.unknown()),
  /** The statutory maxima, each with its article of the 信访工作条例. */
  statute: z.record(z.string(), z.object({ days: z.number().int(), article: z.string(), label: z.string() })),
});
export type PolicySummary = z.infer<typeof PolicySummarySchema>;

/** The answer of a ledger import: nothing is written when a row is invalid, unless asked to skip. */
export const LedgerImportResultSchema = z.object({
  total: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  committed: z.boolean(),
  rejected: z.array(z.object({ line: z.number().int(), errors: z.array(z.string()) })),
  /** Reference data the import created on the way (names). */
  created: z
    .object({ categories: z.array(z.string()), units: z.array(z.string()), regions: z.array(z.string()) })
    .optional(),
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
  createdAt: z.union([z.string(), z.date()]),
  /** Logs in with a second factor (TOTP); an admin may reset it when the phone is lost. */
  secondFactorEnabled: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

const NoticeTemplateBodySchema = z.object({
  kind: z.string(),
  title: z.string(),
  paragraphs: z.array(z.string()),
});
export const NoticeTemplateViewSchema = z.object({
  kind: z.string(),
  edited: z.boolean(),
  template: NoticeTemplateBodySchema,
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

/**
 * A ledger import asked for as `text/event-stream`: `progress` events (rows done of the phase's
 * total; 校验 validates every row, 写入 writes the valid ones), then one `result` (the import's
 * answer) or one `error` (code and Chinese message).
 */
export const LedgerImportProgressSchema = z.object({
  phase: z.enum(['validate', 'import']),
  done: z.number().int(),
  total: z.number().int(),
  /** The write step just finished (写入 counts steps, not rows: the rows are written set-based). */
  step: z.string().optional(),
});
export type LedgerImportProgress = z.infer<typeof LedgerImportProgressSchema>;

/** The people a case's forms may name (承办人, 回避): staff of the handling unit and the caller's. */
export const CaseStaffSchema = z.object({
  handlingUnitId: z.string(),
  units: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      staff: z.array(
        z.object({
          id: z.string(),
          displayName: z.string(),
          roles: z.array(Role),
          recused: z.boolean(),
          assignee: z.boolean(),
        }),
      ),
    }),
  ),
});
export type CaseStaff = z.infer<typeof CaseStaffSchema>;

/** The answer of an admin's password reset: the one-time password, shown once. */
export const PasswordResetSchema = z.object({
  id: z.string(),
  username: z.string(),
  oneTimePassword: z.string(),
});
export type PasswordReset = z.infer<typeof PasswordResetSchema>;

/** The answer of locking or unlocking a user. */
export const UserLockSchema = z.object({
  id: z.string(),
  username: z.string(),
  lockedUntil: z.string().nullable(),
});
export type UserLock = z.infer<typeof UserLockSchema>;

/** An upper organ (上一级机关、单位) of a unit: who decides a 复查 or 复核 of its opinion. */

/** 超期 / 临期 now by the unit owning the next step (dashboard); each figure opens its list. */
export const DeadlinesByUnitSchema = z.object({
  asOf: z.string(),
  nearDueDays: z.number().int(),
  units: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      overdue: z.number().int(),
      nearDue: z.number().int(),
    }),
  ),
});
export type DeadlinesByUnit = z.infer<typeof DeadlinesByUnitSchema>;

/** Petitions of a period by the sub-regions of a region, with the breadcrumb path. */
export const RegionBreakdownSchema = z.object({
  from: z.string(),
  to: z.string(),
  region: z.object({ code: z.string(), name: z.string(), batches: z.number().int() }),
  path: z.array(z.object({ code: z.string(), name: z.string() })),
  children: z.array(
    z.object({ code: z.string(), name: z.string(), batches: z.number().int(), hasChildren: z.boolean() }),
  ),
});
export type RegionBreakdown = z.infer<typeof RegionBreakdownSchema>;
