import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { blobs } from '../../db/schema/index.ts';

/** Stores bytes under their hash; content already stored is left as it is. */
export async function insertBlob(
  db: Db,
  row: { sha256: string; size: number; bytes: Buffer },
): Promise<void> {
  await db.insert(blobs).values(row).onConflictDoNothing({ target: blobs.sha256 });
}

export async function blobSize(db: Db, sha256: string): Promise<number | undefined> {
  const [row] = await db.select({ size: blobs.size }).from(blobs).where(eq(blobs.sha256, sha256));
  return row ? Number(row.size) : undefined;
}

/** One slice of a blob (1-based offset, as SQL's substring counts); cheap with STORAGE EXTERNAL. */
export async function readBlobSlice(db: Db, sha256: string, offset: number, length: number): Promise<Buffer> {
  const [row] = await queryRows<{ part: Buffer | Uint8Array }>(
    db,
    sql`select substring(bytes from ${offset + 1} for ${length}) as part from blobs where sha256 = ${sha256}`,
  );
  if (!row) throw new Error(`文件内容缺失（${sha256}）`);
  return Buffer.isBuffer(row.part) ? row.part : Buffer.from(row.part);
}

/** Hashes of blobs no attachment refers to (left by nothing the application does; checked by tests). */
export async function unreferencedBlobs(db: Db): Promise<string[]> {
  const rows = await queryRows<{ sha256: string }>(
    db,
    sql`select b.sha256 from blobs b where not exists (select 1 from attachments a where a.sha256 = b.sha256)`,
  );
  return rows.map((r) => r.sha256);
}

export async function attachmentRefersTo(db: Db, sha256: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from attachments where sha256 = ${sha256} limit 1`,
  );
  return rows.length > 0;
}
