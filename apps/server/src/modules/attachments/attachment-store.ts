import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Content-addressed file store under the data directory: attachments/ab/abcdef…; the same
 * content is stored once. Writes go to a temp file first, so a crash never leaves half a file.
 */
export function attachmentStore(dataDir: string) {
  const root = join(dataDir, 'attachments');
  const pathOf = (key: string) => join(root, key.slice(0, 2), key);
  return {
    async put(content: Buffer): Promise<{ key: string; sha256: string }> {
      const sha256 = createHash('sha256').update(content).digest('hex');
      const dir = join(root, sha256.slice(0, 2));
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `.${sha256}.${process.pid}.tmp`);
      await writeFile(tmp, content, { mode: 0o600 });
      await rename(tmp, pathOf(sha256));
      return { key: sha256, sha256 };
    },
    get: (key: string): Promise<Buffer> => readFile(pathOf(key)),
  };
}
