import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Adds a fresh key to a key file and makes it active, keeping the old keys so existing values
 * still decrypt. Written atomically (temp file + rename), mode 0600. Returns the new key id.
 */
export function addActiveKey(path: string, now = new Date()): string {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { active: string; keys: Record<string, string> };
  let id = `k${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
  while (id in file.keys) id = `${id}x`;
  file.keys[id] = randomBytes(32).toString('base64');
  file.active = id;
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2), { mode: 0o600 });
  renameSync(tmp, path);
  return id;
}
