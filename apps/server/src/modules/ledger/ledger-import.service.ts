import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import type { WorkCalendar } from '../../domain/calendar/work-calendar.ts';
import { statutoryDue } from '../../domain/deadlines.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { stageDeadlineFields } from '../petitions/petition-deadline.ts';
import { stageFacts } from '../petitions/petition-facts.ts';
import {
  deletePetitionersOf,
  findByExternalNos,
  insertEvents,
  insertPetitioners,
  insertPetitions,
  type PetitionInsert,
  reserveCaseSequence,
  updateIfVersion,
} from '../petitions/petition.repo.ts';
import { newQueryCredentials } from '../petitions/query-code.ts';
import { searchVectorOf } from '../petitions/search.ts';
import { rebuildVisibility } from '../petitions/petition-visibility.repo.ts';
import { sql } from 'drizzle-orm';
import { rulesForUnit } from '../settings/policy.ts';
import type { LedgerColumn } from './ledger-columns.ts';
import type { RawRow } from './ledger-reader.ts';
import { type CreatedReferences, referenceResolver } from './ledger-references.ts';
import { type LedgerRow, parseLedgerRow } from './ledger-row.ts';

export type ImportSummary = {
  total: number;
  imported: number;
  updated: number;
  rejected: Array<{ line: number; errors: string[]; cells: Record<string, string> }>;
  created: CreatedReferences;
  committed: boolean;
};

export type ImportOptions = {
  skipInvalid?: boolean;
  batchSize?: number;
  /** Rows done of the phase's total; asking for it costs one more quick read of the file (the count). */
  onProgress?: (progress: ImportProgress) => void;
};

export type ImportProgress = { phase: 'validate' | 'import'; done: number; total: number };

/** How often the validation pass reports (rows); the write pass reports after each batch. */
const VALIDATE_EVERY = 250;

const BATCH = 500;

/** A row without 编号 gets a stable one from its content, so re-importing the same file never duplicates. */
const autoExternalNo = (r: LedgerRow) =>
  `auto:${createHash('sha256')
    .update([r.registeredOn, r.channel, r.petitionerNames.join('、'), r.content].join('\u0000'))
    .digest('hex')
    .slice(0, 24)}`;

/** A statutory due date of an imported row (calendar days, rolled over: 《信访工作条例》"日"). */
function dueFrom(start: string | null, days: number, calendar: WorkCalendar): string | null {
  return start ? statutoryDue(start, days, calendar).due : null;
}

/**
 * 台账导入: validates every row first; an invalid file imports nothing unless `skipInvalid`, which
 * imports the valid rows and returns the rejected ones. Rows are written in batches (one
 * transaction each); re-importing a 编号 updates it, never duplicates, so an interrupted import is
 * completed by running it again.
 */
export async function importLedger(
  deps: Deps,
  actor: Actor,
  open: () => AsyncIterable<RawRow>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const today = todayIn(deps.now());
  const summary: ImportSummary = {
    total: 0,
    imported: 0,
    updated: 0,
    rejected: [],
    created: { categories: [], units: [], regions: [] },
    committed: false,
  };
  const report = options.onProgress;
  let counted = 0;
  if (report) for await (const _ of open()) counted++;
  for await (const raw of open()) {
    summary.total++;
    const parsed = parseLedgerRow(raw.cells as Partial<Record<LedgerColumn, string>>, raw.line, today);
    if (!parsed.ok) summary.rejected.push({ line: parsed.line, errors: parsed.errors, cells: raw.cells });
    if (summary.total % VALIDATE_EVERY === 0)
      report?.({ phase: 'validate', done: summary.total, total: Math.max(counted, summary.total) });
  }
  report?.({ phase: 'validate', done: summary.total, total: summary.total });
  if (summary.rejected.length > 0 && !options.skipInvalid) return summary;
  const toWrite = summary.total - summary.rejected.length;
  report?.({ phase: 'import', done: 0, total: toWrite });

  const { policy, calendar } = await rulesForUnit(deps.db, actor.unitId);
  const refs = await referenceResolver(deps.db, actor);
  summary.created = refs.created;
  let batch: LedgerRow[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await deps.db.transaction(async (tx) => {
      const keyed = rows.map((r) => ({ r, externalNo: r.externalNo ?? autoExternalNo(r) }));
      // The same 编号 twice in one batch: the later row wins, as on a re-import.
      const unique = [...new Map(keyed.map((k) => [k.externalNo, k])).values()];
      const known = await findByExternalNos(
        tx,
        actor.unitId,
        unique.map((k) => k.externalNo),
      );
      const existing = new Map(
        known.flatMap((p) => [[p.caseNo, p] as const, ...(p.externalNo ? [[p.externalNo, p] as const] : [])]),
      );
      const values: Array<{
        externalNo: string;
        fields: Omit<PetitionInsert, 'caseNo' | 'queryCode' | 'querySecretHash' | 'bureauUnitId'>;
        r: LedgerRow;
      }> = [];
      for (const { r, externalNo } of unique) {
        const acceptanceDecidedOn = r.acceptedOn;
        const fields = {
          externalNo,
          regionCode: await refs.region(tx, r.region),
          channel: r.channel,
          purpose: r.purpose,
          categoryId: await refs.category(tx, r.category),
          source: r.source,
          persons: r.persons,
          isCollective: r.persons >= policy.collectiveThreshold,
          isSkipLevel: r.isSkipLevel,
          isRepeat: r.isRepeat,
          confidential: r.purpose === 'report',
          leaderName: r.leaderName,
          title: r.content.replace(/\s+/g, ' ').slice(0, 40),
          content: r.content,
          searchVector: searchVectorOf(externalNo, r.content),
          state: r.state,
          responsibleUnitId: r.unit ? await refs.unit(tx, r.unit) : null,
          registeredAt: new Date(`${r.registeredOn}T09:00:00+08:00`),
          registeredOn: r.registeredOn,
          registeredBy: actor.userId,
          firstTriagedOn: r.triagedOn,
          transferredOn: r.triagedOn,
          acceptanceDueOn:
            r.acceptanceDueOn ??
            (r.state === 'registered'
              ? null
              : dueFrom(r.triagedOn ?? r.registeredOn, policy.limits.acceptanceDays, calendar)),
          acceptanceDecidedOn,
          acceptedOn: r.state === 'declined' ? null : r.acceptedOn,
          replyDueOn:
            r.replyDueOn ??
            dueFrom(r.state === 'declined' ? null : r.acceptedOn, policy.limits.handlingDays, calendar),
          repliedOn: r.repliedOn,
          evaluation: r.evaluation,
          evaluatedOn: r.evaluation ? r.repliedOn : null,
          concludedOn: r.concludedOn,
          finalOn: r.state === 'final' ? r.concludedOn : null,
          resolved: r.resolved,
          // A case from above that the ledger shows closed has passed 审核办结.
          reportApproved:
            r.source === 'from_above' && (r.state === 'concluded' || r.state === 'final') ? true : null,
        };
        const deadline = stageDeadlineFields(
          stageFacts({
            ...fields,
            extensionDays: 0,
            repeatOfId: null,
          }),
          policy,
          calendar,
        );
        values.push({ externalNo, fields: { ...fields, ...deadline }, r });
      }
      const fresh = values.filter((v) => !existing.has(v.externalNo));
      const byYear = new Map<number, typeof fresh>();
      for (const v of fresh) {
        const y = Number(v.r.registeredOn.slice(0, 4));
        byYear.set(y, [...(byYear.get(y) ?? []), v]);
      }
      const inserts: PetitionInsert[] = [];
      for (const [year, group] of byYear) {
        const first = await reserveCaseSequence(tx, actor.unitId, year, group.length);
        group.forEach((v, i) => {
          const credentials = newQueryCredentials();
          inserts.push({
            ...v.fields,
            bureauUnitId: actor.unitId,
            caseNo: `${actor.regionCode}-${year}-${String(first + i).padStart(6, '0')}`,
            queryCode: credentials.code,
            querySecretHash: deps.crypto.hashSecret(credentials.secret),
          });
        });
      }
      const created = await insertPetitions(tx, inserts);
      if (created.length > 0)
        await rebuildVisibility(tx, sql`p.id = any(${`{${created.map((p) => p.id).join(',')}}`}::uuid[])`);
      const ids = new Map(created.map((p) => [p.externalNo!, p.id]));
      for (const v of values) {
        const old = existing.get(v.externalNo);
        if (old) {
          await updateIfVersion(tx, old.id, old.version, v.fields);
          ids.set(v.externalNo, old.id);
        }
      }
      await deletePetitionersOf(
        tx,
        [...existing.values()].map((p) => p.id),
      );
      await insertPetitioners(
        tx,
        values.flatMap((v) =>
          v.r.petitionerNames.map((name, position) => {
            const idNumber = v.r.idNumbers[position] ?? null;
            const phone = v.r.phones[position] ?? null;
            return {
              petitionId: ids.get(v.externalNo)!,
              position,
              name,
              idNumberCipher: idNumber ? deps.crypto.encrypt(idNumber) : null,
              idNumberIndex: idNumber ? deps.crypto.index('id_number', idNumber) : null,
              phoneCipher: phone ? deps.crypto.encrypt(phone) : null,
              phoneIndex: phone ? deps.crypto.index('phone', phone) : null,
              address: null,
            };
          }),
        ),
      );
      await insertEvents(
        tx,
        values.map((v) => ({
          petitionId: ids.get(v.externalNo)!,
          action: existing.has(v.externalNo) ? 'importUpdate' : 'import',
          actorUserId: actor.userId,
          actorUnitId: actor.unitId,
          at: deps.now(),
          fromState: existing.get(v.externalNo)?.state ?? null,
          toState: v.r.state,
          data: { line: v.r.line, externalNo: v.externalNo },
        })),
      );
      summary.imported += fresh.length;
      summary.updated += values.length - fresh.length;
    });
    done += rows.length;
    report?.({ phase: 'import', done, total: toWrite });
  };

  const rejectedLines = new Set(summary.rejected.map((r) => r.line));
  for await (const raw of open()) {
    if (rejectedLines.has(raw.line)) continue;
    const parsed = parseLedgerRow(raw.cells as Partial<Record<LedgerColumn, string>>, raw.line, today);
    if (!parsed.ok) continue;
    batch.push(parsed.row);
    if (batch.length >= (options.batchSize ?? BATCH)) await flush();
  }
  await flush();
  await deps.db.transaction(async (tx) => {
    await recordAudit(deps, tx, actor, {
      action: 'ledger.import',
      entityType: 'ledger',
      entityId: null,
      after: {
        total: summary.total,
        imported: summary.imported,
        updated: summary.updated,
        rejected: summary.rejected.length,
        created: summary.created,
      },
    });
  });
  summary.committed = true;
  return summary;
}
