/**
 * An account an admin has locked stays locked until an admin unlocks it: its lock ends at the
 * end of the representable time, which no automatic lockout (minutes) ever reaches.
 */
export const ADMIN_LOCK_UNTIL = new Date('9999-12-31T00:00:00.000Z');

export const isAdminLock = (lockedUntil: Date | null): boolean =>
  lockedUntil !== null && lockedUntil.getTime() >= ADMIN_LOCK_UNTIL.getTime();
