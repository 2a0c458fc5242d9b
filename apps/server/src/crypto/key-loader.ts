import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FieldAlgorithm } from './field-cipher.ts';

export type KeyMaterial = {
  algorithm: FieldAlgorithm;
  active: string;
  keys: Array<{ id: string; key: Buffer }>;
  indexKey: Buffer;
};

const KeyFileSchema = z.object({
  active: z.string().min(1),
  algorithm: z.enum(['aes-256-gcm', 'sm4']).default('aes-256-gcm'),
  keys: z.record(z.string(), z.string()),
  indexKey: z.string().min(1),
});

const decodeKey = (id: string, text: string): Buffer => {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new Error(`密钥 ${id} 须为32字节的 base64 (key ${id} must be 32 bytes, base64)`);
  return key;
};

/** Parses a key file: `{ active, algorithm, keys: { id: base64 }, indexKey: base64 }`. */
export function parseKeyFile(text: string): KeyMaterial {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('密钥文件不是有效的 JSON (key file is not valid JSON)');
  }
  const parsed = KeyFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `密钥文件格式错误 (invalid key file): ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  const f = parsed.data;
  if (!(f.active in f.keys)) throw new Error(`当前密钥 ${f.active} 不在 keys 中 (active key missing)`);
  return {
    algorithm: f.algorithm,
    active: f.active,
    keys: Object.entries(f.keys).map(([id, k]) => ({ id, key: decodeKey(id, k) })),
    indexKey: decodeKey('indexKey', f.indexKey),
  };
}

/** Parses `XINFANG_MASTER_KEYS=id1:base64,id2:base64` (+ index key and active id from env). */
export function parseEnvKeys(env: {
  masterKeys: string;
  activeKeyId?: string;
  indexKey?: string;
  algorithm?: string;
}): KeyMaterial {
  const keys = env.masterKeys.split(',').map((pair) => {
    const [id, text] = pair.trim().split(':');
    if (!id || !text) throw new Error('XINFANG_MASTER_KEYS 格式应为 id:base64,id:base64');
    return { id, key: decodeKey(id, text) };
  });
  if (!env.indexKey) throw new Error('使用 XINFANG_MASTER_KEYS 时须同时设置 XINFANG_INDEX_KEY');
  const algorithm = env.algorithm === 'sm4' ? 'sm4' : 'aes-256-gcm';
  return {
    algorithm,
    active: env.activeKeyId ?? keys[0].id,
    keys,
    indexKey: decodeKey('XINFANG_INDEX_KEY', env.indexKey),
  };
}

/** A fresh key file for a new installation (written under the data dir with mode 0600). */
export function generateKeyFile(algorithm: FieldAlgorithm = 'aes-256-gcm'): string {
  const id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
  return JSON.stringify(
    {
      active: id,
      algorithm,
      keys: { [id]: randomBytes(32).toString('base64') },
      indexKey: randomBytes(32).toString('base64'),
    },
    null,
    2,
  );
}
