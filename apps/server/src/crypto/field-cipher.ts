import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  timingSafeEqual,
} from 'node:crypto';
import { pooledRandomBytes } from './random-pool.ts';

export type FieldAlgorithm = 'aes-256-gcm' | 'sm4';
export type Keyring = { keys: Map<string, Buffer>; activeKeyId: string; algorithm: FieldAlgorithm };

export class FieldCipherError extends Error {
  override name = 'FieldCipherError';
}

export function createKeyring(options: {
  keys: Array<{ id: string; key: Buffer }>;
  activeKeyId: string;
  algorithm: FieldAlgorithm;
}): Keyring {
  const keys = new Map(options.keys.map((k) => [k.id, k.key]));
  for (const [id, key] of keys) {
    if (key.length !== 32)
      throw new FieldCipherError(`密钥 ${id} 长度应为32字节 (key ${id} must be 32 bytes)`);
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new FieldCipherError(`密钥编号 ${id} 只能含字母、数字、_ 和 -`);
  }
  if (!keys.has(options.activeKeyId))
    throw new FieldCipherError(`当前密钥 ${options.activeKeyId} 不在密钥环中`);
  return { keys, activeKeyId: options.activeKeyId, algorithm: options.algorithm };
}

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/** SM4 mode: separate encryption and MAC keys derived from the master key (HKDF-SHA256). */
function sm4Keys(master: Buffer): { enc: Buffer; mac: Buffer } {
  const okm = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'xinfang-sm4-ctr-hmac-sm3', 48));
  return { enc: okm.subarray(0, 16), mac: okm.subarray(16, 48) };
}

/**
 * Per key: the key as a KeyObject (createCipheriv then skips importing the raw bytes on every
 * field) and the GCM header with its bytes (the AAD). Keyed by the key's Buffer, so a keyring
 * that is rebuilt or drops a key leaves nothing behind.
 */
const gcmKeys = new WeakMap<Buffer, { keyObject: KeyObject; header: string; aad: Buffer }>();
function gcmKeyOf(keyId: string, key: Buffer): { keyObject: KeyObject; header: string; aad: Buffer } {
  let entry = gcmKeys.get(key);
  if (!entry || entry.header !== `v1.gcm.${keyId}`) {
    const header = `v1.gcm.${keyId}`;
    entry = { keyObject: createSecretKey(key), header, aad: Buffer.from(header) };
    gcmKeys.set(key, entry);
  }
  return entry;
}

/**
 * Encrypts one field. Output is self-describing — `v1.<alg>.<keyId>.<iv>.<ciphertext>.<tag>` —
 * so values written under an older key keep decrypting while the keyring holds it.
 * AES-256-GCM with a random 96-bit IV; or SM4-CTR + HMAC-SM3 over header‖iv‖ciphertext
 * (encrypt-then-MAC), since Node's OpenSSL has no SM4-GCM.
 */
export function encryptField(keyring: Keyring, plaintext: string): string {
  const keyId = keyring.activeKeyId;
  const key = keyring.keys.get(keyId)!;
  if (keyring.algorithm === 'aes-256-gcm') {
    const iv = pooledRandomBytes(12);
    const { keyObject, header, aad } = gcmKeyOf(keyId, key);
    const cipher = createCipheriv('aes-256-gcm', keyObject, iv);
    cipher.setAAD(aad);
    const ct = cipher.update(plaintext, 'utf8');
    cipher.final(); // GCM is a stream mode: final() only computes the tag, it adds no bytes
    return `${header}.${b64(iv)}.${b64(ct)}.${b64(cipher.getAuthTag())}`;
  }
  const { enc, mac } = sm4Keys(key);
  const iv = pooledRandomBytes(16);
  const header = `v1.sm4.${keyId}`;
  const cipher = createCipheriv('sm4-ctr', enc, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = createHmac('sm3', mac).update(header).update(iv).update(ct).digest();
  return `${header}.${b64(iv)}.${b64(ct)}.${b64(tag)}`;
}

export function decryptField(keyring: Keyring, value: string): string {
  const parts = value.split('.');
  if (parts.length !== 6 || parts[0] !== 'v1') throw new FieldCipherError('密文格式无效');
  const [, alg, keyId, ivText, ctText, tagText] = parts;
  const key = keyring.keys.get(keyId);
  if (!key) throw new FieldCipherError(`缺少密钥 ${keyId}，无法解密`);
  const header = `v1.${alg}.${keyId}`;
  const iv = unb64(ivText);
  const ct = unb64(ctText);
  const tag = unb64(tagText);
  try {
    if (alg === 'gcm') {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(header));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    }
    if (alg === 'sm4') {
      const { enc, mac } = sm4Keys(key);
      const expected = createHmac('sm3', mac).update(header).update(iv).update(ct).digest();
      if (tag.length !== expected.length || !timingSafeEqual(tag, expected))
        throw new FieldCipherError('密文校验失败');
      const decipher = createDecipheriv('sm4-ctr', enc, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    }
  } catch (error) {
    if (error instanceof FieldCipherError) throw error;
    throw new FieldCipherError('密文校验失败（数据可能被篡改）');
  }
  throw new FieldCipherError(`未知算法 ${alg}`);
}

/** True when a value was written with another key or algorithm than the active ones (for rotation). */
export function needsReencryption(keyring: Keyring, value: string): boolean {
  const [, alg, keyId] = value.split('.');
  const activeAlg = keyring.algorithm === 'aes-256-gcm' ? 'gcm' : 'sm4';
  return keyId !== keyring.activeKeyId || alg !== activeAlg;
}
