import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { CryptoDeps } from '../deps.ts';
import { blindIndex } from './blind-index.ts';
import { createKeyring, decryptField, encryptField } from './field-cipher.ts';
import type { ChainAlgorithm } from './hash-chain.ts';
import { generateKeyFile, type KeyMaterial, parseEnvKeys, parseKeyFile } from './key-loader.ts';

/** Wires key material into the functions services use. */
export function cryptoDepsFrom(material: KeyMaterial, auditAlgorithm: ChainAlgorithm = 'sha256'): CryptoDeps {
  const keyring = createKeyring({
    keys: material.keys,
    activeKeyId: material.active,
    algorithm: material.algorithm,
  });
  return {
    keyring,
    encrypt: (plain) => encryptField(keyring, plain),
    decrypt: (cipher) => decryptField(keyring, cipher),
    index: (kind, value) => blindIndex(material.indexKey, kind, value),
    hashSecret: (secret) =>
      createHmac('sha256', material.indexKey).update(`query-secret\u0000${secret}`).digest('hex'),
    signCheckpoint: (text) =>
      createHmac('sha256', material.indexKey).update(`audit-checkpoint\u0000${text}`).digest('hex'),
    auditAlgorithm,
    material,
  };
}

/**
 * Keys from XINFANG_MASTER_KEYS (+ XINFANG_INDEX_KEY), or a key file (XINFANG_KEY_FILE, default
 * DATA_DIR/keys.json). An embedded install without keys gets a fresh key file, mode 0600.
 */
export function loadCryptoDeps(config: Config): CryptoDeps {
  if (config.masterKeys) {
    return cryptoDepsFrom(
      parseEnvKeys({
        masterKeys: config.masterKeys,
        activeKeyId: config.activeKeyId,
        indexKey: config.indexKey,
        algorithm: config.fieldAlgorithm,
      }),
      config.auditHash,
    );
  }
  const file = config.keyFile ?? join(config.dataDir, 'keys.json');
  if (!existsSync(file)) {
    if (config.keyFile) throw new Error(`密钥文件不存在：${file}`);
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, generateKeyFile(config.fieldAlgorithm), { mode: 0o600 });
  }
  return cryptoDepsFrom(parseKeyFile(readFileSync(file, 'utf8')), config.auditHash);
}

/** Random keys for tests. */
export function testCryptoDeps(algorithm: 'aes-256-gcm' | 'sm4' = 'aes-256-gcm'): CryptoDeps {
  return cryptoDepsFrom({
    algorithm,
    active: 'test',
    keys: [{ id: 'test', key: randomBytes(32) }],
    indexKey: randomBytes(32),
  });
}
