import type { Role } from '@xinfang/contract';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    unitId: uuid('unit_id').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    canViewPersonalData: boolean('can_view_personal_data').notNull().default(false),
    /** Read access to a region's subtree granted to a leader outside the bureau (e.g. a county leader). */
    regionGrant: text('region_grant'),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    /** TOTP second factor (等保 2.0 level 3): the secret, field-encrypted like personal data; null until confirmed. */
    totpSecret: text('totp_secret'),
    /** A secret generated for an enrolment not yet confirmed with a first valid code (encrypted). */
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The last 30-second step whose code was accepted: a code of this step or earlier is refused (replay). */
    totpLastStep: integer('totp_last_step'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('users_unit_idx').on(t.unitId)],
);

/** Server-side sessions: work across N instances. The cookie holds the token, the row its hash. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    /** A session that may only enrol a second factor (a user who must have one and has none yet). */
    enrolmentOnly: boolean('enrolment_only').notNull().default(false),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Unsaved forms of a user (the registration being typed), kept on the server so they follow the
 * user and never sit in a shared PC's browser: the payload holds names and ID numbers, so it is
 * encrypted with the personal-data keyring. Deleted at logout and by the retention sweep.
 */
export const drafts = pgTable(
  'drafts',
  {
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    payload: text('payload').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('drafts_updated_idx').on(t.updatedAt)],
);
