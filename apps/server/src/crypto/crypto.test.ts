import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndex } from './blind-index.ts';
import {
  createKeyring,
  decryptField,
  encryptField,
  FieldCipherError,
  needsReencryption,
} from './field-cipher.ts';
import { type ChainRow, createChainVerifier, entryHash, GENESIS_HASH } from './hash-chain.ts';
import { generateKeyFile, parseEnvKeys, parseKeyFile } from './key-loader.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('field encryption', () => {
  for (const algorithm of ['aes-256-gcm', 'sm4'] as const) {
    it(`round-trips and detects tampering (${algorithm})`, () => {
      const keyring = createKeyring({ keys: [k1], activeKeyId: 'k1', algorithm });
      const cipher = encryptField(keyring, '11010519491231002X');
      expect(cipher).not.toContain('11010519491231002X');
      expect(encryptField(keyring, '11010519491231002X')).not.toBe(cipher); // random IV
      expect(decryptField(keyring, cipher)).toBe('11010519491231002X');
      const parts = cipher.split('.');
      const ct = Buffer.from(parts[4], 'base64url');
      ct[0] ^= 1;
      parts[4] = ct.toString('base64url');
      expect(() => decryptField(keyring, parts.join('.'))).toThrow(FieldCipherError);
    });
  }

  it('keeps decrypting old values after rotation and says which need re-encryption', () => {
    const old = encryptField(
      createKeyring({ keys: [k1], activeKeyId: 'k1', algorithm: 'aes-256-gcm' }),
      '13912345678',
    );
    const rotated = createKeyring({ keys: [k1, k2], activeKeyId: 'k2', algorithm: 'aes-256-gcm' });
    expect(decryptField(rotated, old)).toBe('13912345678');
    expect(needsReencryption(rotated, old)).toBe(true);
    expect(needsReencryption(rotated, encryptField(rotated, '13912345678'))).toBe(false);
    const withoutK1 = createKeyring({ keys: [k2], activeKeyId: 'k2', algorithm: 'aes-256-gcm' });
    expect(() => decryptField(withoutK1, old)).toThrow(/k1/);
  });

  it('indexes normalized values for exact lookups', () => {
    const key = randomBytes(32);
    expect(blindIndex(key, 'id_number', '11010519491231002x')).toBe(
      blindIndex(key, 'id_number', ' 11010519491231002X'),
    );
    expect(blindIndex(key, 'phone', '+86 139-1234-5678')).toBe(blindIndex(key, 'phone', '13912345678'));
    expect(blindIndex(key, 'phone', '13912345678')).not.toBe(blindIndex(key, 'id_number', '13912345678'));
  });

  it('loads keys from a key file or the environment, with clear errors', () => {
    const material = parseKeyFile(generateKeyFile('sm4'));
    expect(material.algorithm).toBe('sm4');
    expect(material.keys[0].key.length).toBe(32);
    expect(() => parseKeyFile('{')).toThrow(/JSON/);
    expect(() =>
      parseEnvKeys({ masterKeys: 'a:short', indexKey: randomBytes(32).toString('base64') }),
    ).toThrow(/32/);
  });
});

describe('audit hash chain', () => {
  const build = (n: number): ChainRow[] => {
    const rows: ChainRow[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const entry = {
        seq,
        at: `2026-03-0${(seq % 9) + 1}T00:00:00.000Z`,
        actorUserId: null,
        actorUnitId: null,
        action: 'petition.register',
        entityType: 'petition',
        entityId: `p${seq}`,
        before: null,
        after: { n: seq, nested: { b: 1, a: 2 } },
        requestId: null,
        ip: null,
      };
      const hash = entryHash(prev, entry, 'sha256');
      rows.push({ ...entry, prevHash: prev, hash });
      prev = hash;
    }
    return rows;
  };
  const verify = (rows: ChainRow[]) => {
    const v = createChainVerifier('sha256');
    for (const r of rows) v.push(r);
    return v.result();
  };

  it('accepts an intact chain regardless of JSON key order', () => {
    const rows = build(10);
    rows[3] = { ...rows[3], after: { nested: { a: 2, b: 1 }, n: 4 } };
    expect(verify(rows)).toMatchObject({ ok: true, count: 10, lastSeq: 10 });
  });
  it('names an altered entry', () => {
    const rows = build(10);
    rows[4] = { ...rows[4], action: 'petition.delete' };
    expect(verify(rows)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'altered' });
  });
  it('names a deleted entry', () => {
    const rows = build(10).filter((r) => r.seq !== 5);
    expect(verify(rows)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'deleted' });
  });
  it('names an inserted (forged) entry', () => {
    const rows = build(10);
    const forged = { ...rows[4], entityId: 'forged', prevHash: 'f'.repeat(64) };
    rows[4] = { ...forged, hash: entryHash(forged.prevHash, forged, 'sha256') };
    expect(verify(rows)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'inserted' });
  });
  it('catches a rewritten entry whose hash was recomputed at the next entry', () => {
    const rows = build(10);
    const rewritten = { ...rows[4], entityId: 'rewritten' };
    rows[4] = { ...rewritten, hash: entryHash(rewritten.prevHash, rewritten, 'sha256') };
    expect(verify(rows)).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'inserted' });
  });
});
