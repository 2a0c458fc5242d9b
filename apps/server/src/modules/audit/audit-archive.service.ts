import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createChainVerifier, GENESIS_HASH } from '../../crypto/hash-chain.ts';
import { type Deps, todayIn } from '../../deps.ts';
import { archiveCutoffAllowed, latestArchiveCutoff, parseDate } from '../../domain/audit-retention.ts';
import { invalid } from '../../errors.ts';
import {
  type ArchiveManifest,
  archiveFileName,
  archiveWriter,
  ensureDir,
  removeQuietly,
  signArchive,
  writeManifest,
} from './audit-archive.ts';
import {
  auditBounds,
  deleteAuditRange,
  firstAuditSeqFrom,
  insertAuditArchive,
  listAuditArchives,
  lockAuditChain,
  readAuditRange,
} from './audit.repo.ts';
import { sealAuditChain } from './audit.service.ts';

const PAGE = 5000;

/**
 * `xinfang audit archive --before YYYY-MM-DD`: moves the audit entries recorded before the cut-off
 * (China time) into a gzip'd JSON-lines file plus a signed manifest, and removes them from the
 * table in one transaction, leaving a signed anchor row (first/last seq, the hash linking into the
 * first entry, the last hash, the file's SHA-256). Only a contiguous run from the start of the
 * live chain moves, and only when it verifies. Refused when the cut-off is less than six months
 * ago (网络安全法第二十一条, see domain/audit-retention.ts). Returns null when nothing is old enough.
 */
export async function archiveAuditLog(
  deps: Deps,
  options: { before: string; dir: string },
): Promise<ArchiveManifest | null> {
  if (!parseDate(options.before)) throw invalid('before', '截止日期（before）应为 YYYY-MM-DD 格式的有效日期');
  const today = todayIn(deps.now());
  if (!archiveCutoffAllowed(options.before, today))
    throw invalid(
      'before',
      `审计日志须至少留存六个月（《网络安全法》第二十一条）：截止日期（before）最晚为 ${latestArchiveCutoff(today)}`,
    );
  await sealAuditChain(deps);
  const cutoffIso = new Date(`${options.before}T00:00:00+08:00`).toISOString();
  ensureDir(options.dir);
  const made: string[] = [];
  try {
    return await deps.db.transaction(async (tx) => {
      await lockAuditChain(tx); // no entry is sealed while the range moves
      const previous = (await listAuditArchives(tx)).at(-1);
      const anchor = previous
        ? { seq: Number(previous.lastSeq), hash: previous.lastHash }
        : { seq: 0, hash: GENESIS_HASH };
      const bounds = await auditBounds(tx);
      if (bounds.first === null || bounds.last === null) return null;
      const young = await firstAuditSeqFrom(tx, cutoffIso);
      const lastSeq = young === null ? bounds.last : young - 1;
      if (lastSeq < bounds.first) return null;
      const firstSeq = anchor.seq + 1;
      const fileName = archiveFileName(firstSeq, lastSeq);
      const file = join(options.dir, fileName);
      if (existsSync(file)) throw new Error(`归档文件已存在：${file}`);
      const temp = `${file}.${process.pid}.tmp`;
      made.push(temp);
      const writer = archiveWriter(temp);
      // What leaves the table must verify: never archive (and so bury) a broken chain.
      const verifier = createChainVerifier(deps.crypto.auditAlgorithm, { start: anchor });
      let after = anchor.seq;
      let lastHash = anchor.hash;
      for (;;) {
        const page = await readAuditRange(tx, after, lastSeq, PAGE);
        for (const row of page) {
          verifier.push(row);
          await writer.write(row);
          lastHash = row.hash;
        }
        if (page.length < PAGE) break;
        after = Number(page[page.length - 1].seq);
      }
      const fileSha256 = await writer.close();
      const verdict = verifier.result();
      if (!verdict.ok) throw new Error(`审计日志校验未通过，未归档：${verdict.message}`);
      if (verdict.lastSeq !== lastSeq)
        throw new Error(`审计日志校验未通过，未归档：应到 #${lastSeq}，实到 #${verdict.lastSeq ?? '无'}`);
      const row = {
        firstSeq,
        lastSeq,
        prevHash: anchor.hash,
        lastHash,
        entryCount: verdict.count,
        before: options.before,
        fileName,
        fileSha256,
        createdAt: deps.now().toISOString(),
      };
      const sig = signArchive(deps, row);
      renameSync(temp, file);
      made.push(file);
      const manifest: ArchiveManifest = { format: 'xinfang-audit-archive', ...row, sig };
      made.push(writeManifest(options.dir, manifest));
      const removed = await deleteAuditRange(tx, firstSeq, lastSeq);
      if (removed !== verdict.count)
        throw new Error(`审计日志在归档时发生变化（应删除 ${verdict.count} 条，实为 ${removed} 条）`);
      await insertAuditArchive(tx, { ...row, sig });
      return manifest;
    });
  } catch (error) {
    // The transaction rolled back: the entries stay in the table, so no file may claim them.
    removeQuietly(...made);
    throw error;
  }
}
