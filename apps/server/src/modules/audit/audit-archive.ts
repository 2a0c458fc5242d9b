import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { canonicalJson, type ChainRow, createChainVerifier } from '../../crypto/hash-chain.ts';
import type { Deps } from '../../deps.ts';
import type { AuditArchiveRow } from './audit.repo.ts';

/** Default home of archive files: beside the checkpoints, outside the database. */
export const defaultArchiveDir = (deps: Pick<Deps, 'checkpointDir'>): string =>
  join(deps.checkpointDir, 'audit-archive');

export type ArchiveManifest = Omit<AuditArchiveRow, 'sig'> & { format: 'xinfang-audit-archive'; sig: string };

const signedText = (row: Omit<AuditArchiveRow, 'sig'>): string =>
  `audit-archive\u0000${canonicalJson({
    firstSeq: Number(row.firstSeq),
    lastSeq: Number(row.lastSeq),
    prevHash: row.prevHash,
    lastHash: row.lastHash,
    entryCount: Number(row.entryCount),
    before: row.before,
    fileName: row.fileName,
    fileSha256: row.fileSha256,
    createdAt: row.createdAt,
  })}`;

/** Signs an archive's description with the checkpoint key (kept outside the database). */
export const signArchive = (deps: Pick<Deps, 'crypto'>, row: Omit<AuditArchiveRow, 'sig'>): string =>
  deps.crypto.signCheckpoint(signedText(row));

export const archiveSignatureValid = (deps: Pick<Deps, 'crypto'>, row: AuditArchiveRow): boolean =>
  signArchive(deps, row) === row.sig;

export const archiveFileName = (firstSeq: number, lastSeq: number): string =>
  `audit-archive-${String(firstSeq).padStart(12, '0')}-${String(lastSeq).padStart(12, '0')}.jsonl.gz`;

/** Writes entries as gzip'd JSON lines, hashing the file as it is written. */
export function archiveWriter(file: string) {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  const hash = createHash('sha256');
  gzip.on('data', (chunk: Buffer) => hash.update(chunk));
  gzip.pipe(out);
  return {
    async write(row: unknown): Promise<void> {
      if (!gzip.write(`${JSON.stringify(row)}\n`)) await once(gzip, 'drain');
    },
    async close(): Promise<string> {
      gzip.end();
      await once(out, 'close');
      return hash.digest('hex');
    },
  };
}

export function writeManifest(dir: string, manifest: ArchiveManifest): string {
  const file = join(dir, manifest.fileName.replace(/\.jsonl\.gz$/, '.manifest.json'));
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function removeQuietly(...files: string[]): void {
  for (const f of files) rmSync(f, { force: true });
}

export const ensureDir = (dir: string): void => {
  mkdirSync(dir, { recursive: true });
};

/** SHA-256 of a file, streamed. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type ArchiveCheck = { ok: true; count: number } | { ok: false; firstBadSeq: number; message: string };

/**
 * Checks one archive file against its (signed) row: present, unchanged (SHA-256), its entries a
 * chain from `prevHash` to `lastHash` over exactly first..last, and matching any checkpoint
 * taken inside its range.
 */
export async function checkArchiveFile(
  deps: Pick<Deps, 'crypto'>,
  dir: string,
  archive: AuditArchiveRow,
  checkpoints: Map<number, string>,
): Promise<ArchiveCheck> {
  const file = join(dir, archive.fileName);
  const first = Number(archive.firstSeq);
  const last = Number(archive.lastSeq);
  if (!existsSync(file))
    return {
      ok: false,
      firstBadSeq: first,
      message: `审计归档文件 ${archive.fileName} 缺失（#${first} 至 #${last}）`,
    };
  if ((await fileSha256(file)) !== archive.fileSha256)
    return {
      ok: false,
      firstBadSeq: first,
      message: `审计归档文件 ${archive.fileName} 已被改动（SHA-256 不符）`,
    };
  const verifier = createChainVerifier(deps.crypto.auditAlgorithm, {
    start: { seq: first - 1, hash: archive.prevHash },
  });
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const text of lines) {
    if (!text.trim()) continue;
    const row = JSON.parse(text) as ChainRow & { algorithm?: string };
    verifier.push(row);
    const anchored = checkpoints.get(Number(row.seq));
    if (anchored !== undefined && anchored !== row.hash)
      return {
        ok: false,
        firstBadSeq: Number(row.seq),
        message: `归档中的审计记录 #${row.seq} 与检查点不符`,
      };
  }
  const verdict = verifier.result();
  if (!verdict.ok)
    return {
      ok: false,
      firstBadSeq: verdict.firstBadSeq,
      message: `归档 ${archive.fileName}：${verdict.message}`,
    };
  if (verdict.lastSeq !== last || verdict.headHash !== archive.lastHash)
    return {
      ok: false,
      firstBadSeq: (verdict.lastSeq ?? first - 1) + 1,
      message: `审计归档文件 ${archive.fileName} 不完整：应到 #${last}，实到 #${verdict.lastSeq ?? '无'}`,
    };
  return { ok: true, count: verdict.count };
}
