import { bigint, customType, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** PostgreSQL bytea: node-postgres answers with a Buffer, PGlite with a Uint8Array. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * Content-addressed file bytes (attachments): the same content is stored once, under its
 * SHA-256. Living in the database, a file commits with the row that refers to it, every
 * instance reads the same bytes, and backup/restore carries them. `bytes` is stored uncompressed
 * out of line (STORAGE EXTERNAL, set in the migration) so reading it slice by slice is cheap.
 */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
