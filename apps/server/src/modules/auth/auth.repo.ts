import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { groupRead } from '../../db/group-commit.ts';
import { sessions, units, users } from '../../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function listUsers(db: Db) {
  return db.select().from(users).orderBy(users.username);
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<UserRow> {
  const [created] = await db.insert(users).values(row).returning();
  return created;
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<typeof users.$inferInsert>,
): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set(patch).where(eq(users.id, id)).returning();
  return row;
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

/** What a request needs of its session, user and unit (not the password hash or second-factor secrets). */
const sessionColumns = {
  session: {
    tokenHash: sessions.tokenHash,
    userId: sessions.userId,
    csrfToken: sessions.csrfToken,
    lastSeenAt: sessions.lastSeenAt,
    expiresAt: sessions.expiresAt,
    enrolmentOnly: sessions.enrolmentOnly,
  },
  user: {
    id: users.id,
    username: users.username,
    displayName: users.displayName,
    roles: users.roles,
    canViewPersonalData: users.canViewPersonalData,
    regionGrant: users.regionGrant,
    mustChangePassword: users.mustChangePassword,
    active: users.active,
    secondFactorEnabled: sql<boolean>`${users.totpSecret} is not null`,
  },
  unit: { id: units.id, name: units.name, kind: units.kind, regionCode: units.regionCode },
};

const prepareSessionLookup = (db: Db) =>
  db
    .select(sessionColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(sql`${sessions.tokenHash} = any(${sql.placeholder('tokenHashes')}::text[])`)
    .prepare('find_sessions');

export type FoundSession = Awaited<ReturnType<ReturnType<typeof prepareSessionLookup>['execute']>>[number];

/**
 * Every request looks its session up: the statement is built once per database handle (building
 * this three-table select was a tenth of the server's CPU under load) and prepared once per connection.
 */
const sessionLookups = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>();

/** Sessions with their user and unit, by token hash (absent: no such session). */
export async function findSessions(db: Db, tokenHashes: string[]): Promise<Map<string, FoundSession>> {
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    lookup = prepareSessionLookup(db);
    sessionLookups.set(db, lookup);
  }
  const rows = await lookup.execute({ tokenHashes });
  return new Map(rows.map((row) => [row.session.tokenHash, row]));
}

/** A session with its user and unit, or undefined. */
export async function findSession(db: Db, tokenHash: string): Promise<FoundSession | undefined> {
  return (await findSessions(db, [tokenHash])).get(tokenHash);
}

const sessionReaders = new WeakMap<Db, (tokenHash: string) => Promise<FoundSession | undefined>>();

/**
 * `findSession` for the requests of this process: the lookups asked for while one is running are
 * sent together in the next statement (one round trip for many requests under load). Nothing is
 * kept: each session is read by a statement sent after it was asked for, so a logout, lock or
 * password change committed before the request is seen by it.
 */
export function lookUpSession(db: Db, tokenHash: string): Promise<FoundSession | undefined> {
  let read = sessionReaders.get(db);
  if (!read) {
    read = groupRead((tokenHashes: string[]) => findSessions(db, tokenHashes));
    sessionReaders.set(db, read);
  }
  return read(tokenHash);
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  return (await db.delete(sessions).where(eq(sessions.userId, userId)).returning()).length;
}

/** Sweeps sessions past their absolute expiry or idle limit. */
export async function deleteStaleSessions(db: Db, now: Date, idleSince: Date): Promise<number> {
  return (
    await db
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, now), and(lt(sessions.lastSeenAt, idleSince))))
      .returning()
  ).length;
}

/** Display names of users, for timelines ("who did what"). */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Counts one failed login in a single UPDATE (the row lock makes parallel failures count one by
 * one: no read-modify-write). An expired lock starts a fresh count; the failure that reaches
 * `maxFailures` locks the account until `now + lockMinutes`, and failures during a lock keep it.
 */
export async function recordLoginFailure(
  db: Db,
  id: string,
  now: Date,
  policy: { maxFailures: number; lockMinutes: number },
): Promise<{ failedAttempts: number; lockedUntil: Date | null }> {
  const lockEnd = new Date(now.getTime() + policy.lockMinutes * 60_000);
  const expired = sql`(${users.lockedUntil} is not null and ${users.lockedUntil} <= ${now})`;
  const count = sql`(case when ${expired} then 1 else ${users.failedAttempts} + 1 end)`;
  const [row] = await db
    .update(users)
    .set({
      failedAttempts: sql`${count}`,
      lockedUntil: sql`(case when ${count} >= ${policy.maxFailures}
        then coalesce(case when ${users.lockedUntil} > ${now} then ${users.lockedUntil} end, ${lockEnd})
        when ${expired} then null else ${users.lockedUntil} end)`,
    })
    .where(eq(users.id, id))
    .returning({ failedAttempts: users.failedAttempts, lockedUntil: users.lockedUntil });
  return row;
}

/** The active staff of some units (id, name, roles), by unit then name: the pickers of a case. */
export async function listActiveStaff(db: Db, unitIds: string[]) {
  if (unitIds.length === 0) return [];
  return db
    .select({ id: users.id, displayName: users.displayName, unitId: users.unitId, roles: users.roles })
    .from(users)
    .where(and(inArray(users.unitId, unitIds), eq(users.active, true)))
    .orderBy(users.unitId, users.displayName);
}

/**
 * Accepts a second-factor code's step once: the row is claimed only while its last accepted step is older, in one
 * UPDATE (parallel logins with the same code: one wins). False when the step was already used (replay).
 */
export async function claimTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** Ends the enrolment-only state of a user's sessions once a second factor is confirmed. */
export async function releaseEnrolmentSessions(db: Db, userId: string): Promise<void> {
  await db.update(sessions).set({ enrolmentOnly: false }).where(eq(sessions.userId, userId));
}
