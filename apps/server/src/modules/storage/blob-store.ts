import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import { blobSize, insertBlob, readBlobSlice } from './blobs.repo.ts';

/** Bytes read from the database per step when streaming a file out. */
const SLICE = 1024 * 1024;

export const sha256Of = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

/**
 * The one place file bytes live: the `blobs` table, content-addressed by SHA-256. Writes take the
 * caller's transaction, so a file and the row naming it commit together (no orphan after a
 * crash); every instance on the database reads the same bytes.
 */
export const blobStore = {
  async put(tx: Db, content: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Of(content);
    await insertBlob(tx, { sha256, size: content.length, bytes: content });
    return { sha256, size: content.length };
  },

  /** The whole content (backups, small files). */
  async read(db: Db, sha256: string): Promise<Buffer> {
    const size = await blobSize(db, sha256);
    if (size === undefined) throw new Error(`文件内容缺失（${sha256}）`);
    const parts: Buffer[] = [];
    for (let offset = 0; offset < size; offset += SLICE)
      parts.push(await readBlobSlice(db, sha256, offset, SLICE));
    return Buffer.concat(parts);
  },

  /** A stream reading the content slice by slice: memory stays flat for large files. */
  stream(db: Db, sha256: string, size: number): Readable {
    let offset = 0;
    return new Readable({
      async read() {
        try {
          if (offset >= size) {
            this.push(null);
            return;
          }
          const part = await readBlobSlice(db, sha256, offset, SLICE);
          offset += SLICE;
          this.push(part);
        } catch (error) {
          this.destroy(error as Error);
        }
      },
    });
  },
};
