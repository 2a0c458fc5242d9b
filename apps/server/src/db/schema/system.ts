import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Hash-chained audit log. Append-only for the application's role. */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: text('at').notNull(), // ISO-8601 UTC, hashed exactly as stored
  actorUserId: uuid('actor_user_id'),
  actorUnitId: uuid('actor_unit_id'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id'),
  ip: text('ip'),
  algorithm: text('algorithm').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

/**
 * Audit entries written by use cases, not yet linked into the chain. Appending here takes no
 * lock; a single sealer (`sealAuditChain`) moves them into `audit_log` in batches, in id order,
 * assigning each its seq and hash. Rows wait here at most one sealing interval.
 */
export const auditPending = pgTable('audit_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: text('at').notNull(),
  actorUserId: uuid('actor_user_id'),
  actorUnitId: uuid('actor_unit_id'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id'),
  ip: text('ip'),
});

/**
 * One row per archive of old audit entries (`xinfang audit archive`): the entries first_seq..last_seq
 * left the table for a gzip file; this row (signed with the checkpoint key, outside the database)
 * anchors the live chain at `last_hash`, and names the file and its SHA-256 so the whole chain can
 * be verified from the archive files.
 */
export const auditArchives = pgTable('audit_archives', {
  firstSeq: bigint('first_seq', { mode: 'number' }).primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  prevHash: text('prev_hash').notNull(),
  lastHash: text('last_hash').notNull(),
  entryCount: bigint('entry_count', { mode: 'number' }).notNull(),
  before: text('before').notNull(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  createdAt: text('created_at').notNull(),
  sig: text('sig').notNull(),
});

/** Transactional outbox: events for background work, delivered with FOR UPDATE SKIP LOCKED. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_pending_idx').on(t.processedAt, t.availableAt)],
);
