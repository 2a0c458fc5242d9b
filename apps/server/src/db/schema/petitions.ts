import {
  bigserial,
  customType,
  boolean,
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
    registeredOn: text('registered_on').notNull(),
    registeredBy: uuid('registered_by'),
    firstTriagedOn: text('first_triaged_on'),
    transferredOn: text('transferred_on'),
    acceptanceDueOn: text('acceptance_due_on'),
    acceptedOn: text('accepted_on'),
    /** Date of the acceptance decision either way (受理 or 不予受理), for 及时受理率. */
    acceptanceDecidedOn: text('acceptance_decided_on'),
    replyDueOn: text('reply_due_on'),
    extensionDays: integer('extension_days').notNull().default(0),
    repliedOn: text('replied_on'),
    replyOutcome: text('reply_outcome'),
    evaluation: text('evaluation'),
    evaluatedOn: text('evaluated_on'),
    concludedOn: text('concluded_on'),
    reviewRequestedOn: text('review_requested_on'),
    reviewedOn: text('reviewed_on'),
    reReviewRequestedOn: text('re_review_requested_on'),
    reReviewedOn: text('re_reviewed_on'),
    finalOn: text('final_on'),
    reportedOn: text('reported_on'),
    reportApproved: boolean('report_approved'),
    bounceCount: integer('bounce_count').notNull().default(0),
    /** Current stage deadline: recomputable from stage_* columns when the calendar changes. */
    stage: text('stage'),
    stageStartOn: text('stage_start_on'),
    stageDays: integer('stage_days'),
    stageDayMode: text('stage_day_mode'),
    stageDueOn: text('stage_due_on'),
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
    index('petitions_state_idx').on(t.state),
    index('petitions_region_idx').on(t.regionCode),
    index('petitions_responsible_idx').on(t.responsibleUnitId),
    index('petitions_stage_due_idx').on(t.stageDueOn),
    index('petitions_repeat_of_idx').on(t.repeatOfId),
    index('petitions_bureau_registered_idx').on(t.bureauUnitId, t.registeredOn),
    index('petitions_search_idx').using('gin', t.searchVector),
    // Lists: newest first over everything (CLI, no scope), by state, by deadline; exact lookups.
    index('petitions_registered_at_idx').on(t.registeredAt.desc(), t.id.desc()),
    index('petitions_state_registered_at_idx').on(t.state, t.registeredAt.desc(), t.id.desc()),
    index('petitions_case_no_idx').on(t.caseNo),
    index('petitions_external_no_idx').on(t.externalNo),
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
  },
  (t) => [
    primaryKey({ columns: [t.petitionId, t.unitId] }),
    index('petition_visibility_unit_idx').on(t.unitId, t.registeredAt.desc(), t.petitionId.desc()),
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
  },
  (t) => [
    index('petitioners_petition_idx').on(t.petitionId),
    index('petitioners_id_number_idx').on(t.idNumberIndex),
    index('petitioners_phone_idx').on(t.phoneIndex),
    index('petitioners_name_idx').on(t.name),
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
    sentOn: text('sent_on').notNull(),
    sentBy: uuid('sent_by'),
    signedOn: text('signed_on'),
    returnedOn: text('returned_on'),
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
    redacted: boolean('redacted').notNull().default(false),
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
