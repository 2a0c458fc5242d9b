import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A PostgreSQL tsvector (bigram search document, see domain/text/bigrams.ts). */
const tsvector = customType<{ data: unknown }>({ dataType: () => 'tsvector' });

export const petitions = pgTable(
  'petitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseNo: text('case_no').notNull(),
    externalNo: text('external_no'),
    bureauUnitId: uuid('bureau_unit_id').notNull(),
    regionCode: text('region_code').notNull(),
    channel: text('channel').notNull(),
    purpose: text('purpose').notNull(),
    categoryId: uuid('category_id'),
    source: text('source').notNull(),
    sourceUnitId: uuid('source_unit_id'),
    sourceNote: text('source_note'),
    persons: integer('persons').notNull(),
    isCollective: boolean('is_collective').notNull(),
    isSkipLevel: boolean('is_skip_level').notNull().default(false),
    /** 重复信访: set when linked to an earlier petition, or by an imported ledger's 是否重复. */
    isRepeat: boolean('is_repeat').notNull().default(false),
    repeatOfId: uuid('repeat_of_id'),
    confidential: boolean('confidential').notNull().default(false),
    accusedUnitId: uuid('accused_unit_id'),
    leaderName: text('leader_name'),
    title: text('title').notNull(),
    content: text('content').notNull(),
    searchVector: tsvector('search_vector'),
    state: text('state').notNull(),
    triage: text('triage'),
    responsibleUnitId: uuid('responsible_unit_id'),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    registeredBy: uuid('registered_by'),
    firstTriagedOn: date('first_triaged_on', { mode: 'string' }),
    transferredOn: date('transferred_on', { mode: 'string' }),
    acceptanceDueOn: date('acceptance_due_on', { mode: 'string' }),
    acceptedOn: date('accepted_on', { mode: 'string' }),
    /** Date of the acceptance decision either way (受理 or 不予受理), for 及时受理率. */
    acceptanceDecidedOn: date('acceptance_decided_on', { mode: 'string' }),
    replyDueOn: date('reply_due_on', { mode: 'string' }),
    extensionDays: integer('extension_days').notNull().default(0),
    repliedOn: date('replied_on', { mode: 'string' }),
    replyOutcome: text('reply_outcome'),
    evaluation: text('evaluation'),
    evaluatedOn: date('evaluated_on', { mode: 'string' }),
    concludedOn: date('concluded_on', { mode: 'string' }),
    reviewRequestedOn: date('review_requested_on', { mode: 'string' }),
    reviewedOn: date('reviewed_on', { mode: 'string' }),
    reReviewRequestedOn: date('re_review_requested_on', { mode: 'string' }),
    reReviewedOn: date('re_reviewed_on', { mode: 'string' }),
    finalOn: date('final_on', { mode: 'string' }),
    reportedOn: date('reported_on', { mode: 'string' }),
    reportApproved: boolean('report_approved'),
    bounceCount: integer('bounce_count').notNull().default(0),
    /** The day the current unit received the transfer (art. 23): set at dispatch, never moved by signing. */
    receivedOn: date('received_on', { mode: 'string' }),
    /** The unit that issued the 处理意见书 (its upper organ decides a 复查, art. 35). */
    replyUnitId: uuid('reply_unit_id'),
    /** Delivery (送达) of the 处理意见书 / 复查意见书 / 复核意见书: the petitioner's windows start here. */
    replyServedOn: date('reply_served_on', { mode: 'string' }),
    reviewServedOn: date('review_served_on', { mode: 'string' }),
    reReviewServedOn: date('re_review_served_on', { mode: 'string' }),
    /** The organ the petitioner addressed for 复查 (art. 35) and 复核 (art. 36). */
    reviewOrganId: uuid('review_organ_id'),
    reReviewOrganId: uuid('re_review_organ_id'),
    /** Days of 听证 during 复核: not counted in its 30 days (art. 36). */
    hearingDays: integer('hearing_days').notNull().default(0),
    /** Notices to the petitioner not yet delivered ("待送达"). */
    pendingDeliveries: integer('pending_deliveries').notNull().default(0),
    /** 化解: recorded at conclusion; null while open. */
    resolved: boolean('resolved'),
    resolutionNote: text('resolution_note'),
    /** 承办人: the named person in the handling unit. */
    assigneeUserId: uuid('assignee_user_id'),
    /** Current stage deadline: recomputable from stage_* columns when the calendar changes. */
    stage: text('stage'),
    stageStartOn: date('stage_start_on', { mode: 'string' }),
    stageDays: integer('stage_days'),
    stageDayMode: text('stage_day_mode'),
    stageDueOn: date('stage_due_on', { mode: 'string' }),
    deadlineWarnings:
      jsonb('deadline_warnings').$type<Array<{ code: string; year: number; message: string }>>(),
    queryCode: text('query_code').notNull(),
    querySecretHash: text('query_secret_hash').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('petitions_case_no_uq').on(t.bureauUnitId, t.caseNo),
    uniqueIndex('petitions_query_code_uq').on(t.queryCode),
    uniqueIndex('petitions_external_no_uq').on(t.bureauUnitId, t.externalNo),
    index('petitions_registered_on_idx').on(t.registeredOn),
    index('petitions_region_idx').on(t.regionCode),
    index('petitions_responsible_idx').on(t.responsibleUnitId),
    index('petitions_stage_due_idx').on(t.stageDueOn),
    index('petitions_repeat_of_idx').on(t.repeatOfId),
    index('petitions_bureau_registered_idx').on(t.bureauUnitId, t.registeredOn),
    index('petitions_search_idx').using('gin', t.searchVector),
    index('petitions_assignee_idx').on(t.assigneeUserId),
    // Lists: newest first over everything (CLI, no scope), by state, by deadline; exact lookups.
    // Ascending keys: a backward scan yields `order by registered_at desc, id desc` (NULLS FIRST,
    // SQL's default for DESC); a `DESC NULLS LAST` key matched neither direction of the lists.
    index('petitions_registered_at_idx').on(t.registeredAt, t.id),
    // Also serves every lookup by state alone (its leading column): no (state) index beside it (migration 0013).
    index('petitions_state_registered_at_idx').on(t.state, t.registeredAt, t.id),
    index('petitions_case_no_idx').on(t.caseNo),
    index('petitions_external_no_idx').on(t.externalNo),
    // The few rows whose statistic still moves with the report date (statistics.repo.ts, dueFigures).
    index('petitions_acceptance_open_idx').on(t.acceptanceDueOn).where(sql`acceptance_decided_on is null`),
    index('petitions_reply_open_idx').on(t.replyDueOn).where(sql`replied_on is null`),
    index('petitions_unrated_idx').on(t.repliedOn).where(sql`coalesce(evaluation, '') = ''`),
  ],
);

/**
 * Scope as data: one row per (petition, unit that may see it) — the registering bureau, every
 * bureau whose region contains the petition's, the unit that assigned it from above and every unit
 * it was ever routed to. Written with the petition and with each routing change; lists of a unit
 * walk (unit_id, registered_at) newest first and stop after a page.
 */
export const petitionVisibility = pgTable(
  'petition_visibility',
  {
    petitionId: uuid('petition_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    /**
     * The petition's state: given by every writer (registration's before the petition row, with the
     * state it inserts), carried on each state change by the trigger of migration 0010.
     */
    state: text('state').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.petitionId, t.unitId] }),
    // Ascending keys so that a backward scan serves `order by registered_at desc, petition_id desc`.
    index('petition_visibility_unit_idx').on(t.unitId, t.registeredAt, t.petitionId),
    // A unit's list of some states: one newest-first range per state, and their index-only count.
    index('petition_visibility_unit_state_idx').on(t.unitId, t.state, t.registeredAt, t.petitionId),
  ],
);

/** People in a petition. ID numbers and phones are encrypted; *_index are keyed blind indexes. */
export const petitioners = pgTable(
  'petitioners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    idNumberCipher: text('id_number_cipher'),
    idNumberIndex: text('id_number_index'),
    phoneCipher: text('phone_cipher'),
    phoneIndex: text('phone_index'),
    address: text('address'),
    /**
     * The petition's registering bureau and registration time, copied by the trigger of migration
     * 0009 (on insert of either, and when the petition's bureau or time changes): person lookups read a page of
     * (key, …, registered_at) index entries newest first and stop.
     */
    bureauUnitId: uuid('bureau_unit_id'),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
  },
  (t) => [
    index('petitioners_petition_idx').on(t.petitionId),
    index('petitioners_id_number_idx').on(t.idNumberIndex, t.bureauUnitId, t.registeredAt),
    index('petitioners_phone_idx').on(t.phoneIndex, t.bureauUnitId, t.registeredAt),
    index('petitioners_name_idx').on(t.name, t.registeredAt, t.petitionId),
  ],
);

/** Append-only timeline: who did what, when, with before/after. */
export const petitionEvents = pgTable(
  'petition_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    petitionId: uuid('petition_id').notNull(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorUnitId: uuid('actor_unit_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    fromState: text('from_state'),
    toState: text('to_state'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    documentId: uuid('document_id'),
  },
  (t) => [index('petition_events_petition_idx').on(t.petitionId, t.id)],
);

/** Routing history: each 转送/交办 to a unit, its 签收 and 退回. */
export const petitionRoutes = pgTable(
  'petition_routes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind').notNull(), // forward | assign | supervise | acceptance_notice
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    sentBy: uuid('sent_by'),
    /** Receipt by the unit (art. 23): recorded at dispatch; signing never moves it. */
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    signedOn: date('signed_on', { mode: 'string' }),
    returnedOn: date('returned_on', { mode: 'string' }),
    returnReason: text('return_reason'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    index('petition_routes_petition_idx').on(t.petitionId),
    index('petition_routes_unit_idx').on(t.unitId),
  ],
);

/** Written notices (.docx) generated by transitions. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id').notNull(),
    kind: text('kind').notNull(),
    documentNo: text('document_no').notNull(),
    fileName: text('file_name').notNull(),
    content: text('content').notNull(), // base64 of the .docx (portable across both drivers)
    /** For a confidential petition: the same notice without the petitioner's identity (base64). */
    redactedContent: text('redacted_content'),
    redacted: boolean('redacted').notNull().default(false),
    /** 'petitioner': a written notice to be delivered (送达); 'unit': a slip between organs. */
    addressee: text('addressee').notNull().default('petitioner'),
    issuerUnitId: uuid('issuer_unit_id'),
    /** Set when a bureau recorded the decision on behalf of the deciding organ. */
    recordedByUnitId: uuid('recorded_by_unit_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('documents_petition_idx').on(t.petitionId)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_petition_idx').on(t.petitionId)],
);

/** Ratings with who recorded them and through which channel (ratings are gamed; keep the trail). */
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id').notNull(),
    result: text('result').notNull(),
    channel: text('channel').notNull(),
    recordedBy: uuid('recorded_by'),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('evaluations_petition_idx').on(t.petitionId)],
);

/** Per bureau and year counter for human-readable case numbers. */
export const caseCounters = pgTable(
  'case_counters',
  {
    bureauUnitId: uuid('bureau_unit_id').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').notNull().default('case'),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bureauUnitId, t.year, t.kind] })],
);

/** Idempotency keys: a retried write returns the first result instead of writing twice. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  userId: uuid('user_id'),
  response: jsonb('response').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 送达: how and when a written notice reached the petitioner; one per notice. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id').notNull(),
    petitionId: uuid('petition_id').notNull(),
    method: text('method').notNull(),
    deliveredOn: date('delivered_on', { mode: 'string' }).notNull(),
    trackingNo: text('tracking_no'),
    note: text('note'),
    receiptAttachmentId: uuid('receipt_attachment_id'),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_document_uq').on(t.documentId),
    index('deliveries_petition_idx').on(t.petitionId),
  ],
);

/** 听证 held during 复核 (art. 36): its days are not counted in the 30-day limit. */
export const hearings = pgTable(
  'hearings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id').notNull(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    endOn: date('end_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    participants: text('participants').notNull(),
    minutesAttachmentId: uuid('minutes_attachment_id'),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hearings_petition_idx').on(t.petitionId)],
);

/** 回避: a staff member with an interest in the matter may neither act on it nor see it. */
export const recusals = pgTable(
  'recusals',
  {
    petitionId: uuid('petition_id').notNull(),
    userId: uuid('user_id').notNull(),
    reason: text('reason').notNull(),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.petitionId, t.userId] }), index('recusals_user_idx').on(t.userId)],
);
