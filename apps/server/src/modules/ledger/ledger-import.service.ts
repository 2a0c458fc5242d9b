import { availableParallelism } from 'node:os';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { type CopyValue, copyField } from '../../db/copy-text.ts';
import {
  buildIndexes,
  dropIndexes,
  type IndexDefinition,
  secondaryIndexes,
} from '../../db/secondary-indexes.ts';
import type { WorkCalendar } from '../../domain/calendar/work-calendar.ts';
import { statutoryDue } from '../../domain/deadlines.ts';
import type { Policy } from '../../domain/policy.ts';
import type { StageFacts } from '../../domain/stage.ts';
import { upkeepWithoutAutovacuum } from '../../db/upkeep.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { type DeadlineFields, stageDeadlineFields } from '../petitions/petition-deadline.ts';
import { stageFacts } from '../petitions/petition-facts.ts';
import { rulesForUnit } from '../settings/policy.ts';
import type { RawRow } from './ledger-reader.ts';
import { type CreatedReferences, referenceResolver } from './ledger-references.ts';
import {
  acceptedOn,
  type CheckedRow,
  type ComputedRow,
  checkRow,
  type RowSettings,
} from './ledger-row-compute.ts';
import { STAGING_DEADLINE_COLUMNS, type StagingDeadlineColumn } from './ledger-staging-columns.ts';
import { checkedInWorkers } from './ledger-workers.ts';
import {
  addChunkVisibility,
  clearStaging,
  copyIntoStaging,
  countChunk,
  createStaging,
  estimatedPetitions,
  holdTriggers,
  IMPORTED_TABLES,
  insertNewPetitions,
  insertPeopleAndEvents,
  insertRefs,
  prepareStaging,
  recordWritten,
  tuneImportSession,
  uncountChanging,
  updateKnownPetitions,
} from './ledger-staging.repo.ts';
import { readAhead } from './read-ahead.ts';

export type ImportSummary = {
  total: number;
  imported: number;
  updated: number;
  rejected: Array<{ line: number; errors: string[]; cells: Record<string, string> }>;
  created: CreatedReferences;
  committed: boolean;
};

/** Read → validated and staged; then the set-based steps, each reported when done. */
export type ImportPhase = 'validate' | 'import';
/**
 * Progress of an import: 校验 counts rows done of the file's rows; 写入 counts the set-based steps done of the
 * steps this import runs (`step` names the one just finished).
 */
export type ImportProgress = { phase: ImportPhase; done: number; total: number; step?: string };
export type ImportOptions = {
  skipInvalid?: boolean;
  /**
   * Whether the file is loaded in bulk — the secondary indexes of the tables written dropped first and
   * each built once at the end, the rollup counted once from the new rows (insert triggers held off) —:
   * 'auto' (the default) from 50,000 new rows that are at least a quarter of the rows petitions already has.
   */
  rebuildIndexes?: 'auto' | 'always' | 'never';
  /**
   * Worker threads that validate rows and compute their costly part (encryption, search vectors,
   * query codes) while this thread reads the file and streams the COPY; 0: all in this thread.
   * Default: from 10,000 rows (when the row count is known), one fewer than the CPUs, at most 4.
   */
  workers?: number;
  /** Rows per chunk (default 10,000): each is written while the next is read and computed. */
  chunkRows?: number;
  /** Asking for progress costs one more quick read of the file (its row count). */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * The file's row count for progress, cheaper than reading it through (`countLedgerFileRows`,
   * `countLedgerBufferRows`: a byte scan of a CSV); without it the rows are read twice.
   */
  countRows?: () => Promise<number>;
};

const REBUILD_INDEXES_FROM = 50_000;
/**
 * Rows staged and written at a time: the database writes one chunk while Node reads, validates and computes
 * the next (two chunks in memory at most).
 */
const CHUNK_ROWS = 10_000;
/** The first chunk is smaller: the database has nothing to do until it is read, validated and computed. */
const FIRST_CHUNK_SHARE = 5;
const WORKERS_FROM = 10_000;
const defaultWorkers = () => Math.max(1, Math.min(4, availableParallelism() - 1));
/** How often the validation pass reports progress (rows). */
const VALIDATE_EVERY = 250;

/** Every fact a stage deadline is computed from (a Record: the compiler checks that none is left out). */
const STAGE_FACTS: Record<keyof StageFacts, true> = {
  state: true,
  purpose: true,
  isRepeat: true,
  registeredOn: true,
  receivedOn: true,
  acceptedOn: true,
  extensionDays: true,
  replyServedOn: true,
  reviewRequestedOn: true,
  reviewServedOn: true,
  reReviewRequestedOn: true,
  hearingDays: true,
};
const STAGE_FACT_NAMES = Object.keys(STAGE_FACTS) as Array<keyof StageFacts>;

/**
 * The memo key of a stage's facts: their values joined by '|' (dates, names, numbers, booleans and
 * nulls never hold one). Cheaper than JSON.stringify, which a million-row import calls per row.
 */
function stageFactsKey(facts: StageFacts): string {
  let key = '';
  for (const name of STAGE_FACT_NAMES) key += `${facts[name]}|`;
  return key;
}

/**
 * The deadline arithmetic of an import on the bureau's work calendar, remembered: a ledger repeats
 * the same few thousand dates, and a million rows would otherwise walk the calendar millions of
 * times. Each memo is emptied when it grows past a bound, so memory stays flat.
 */
function deadlineMemo(policy: Policy, calendar: WorkCalendar) {
  const BOUND = 50_000;
  const dues = new Map<string, string>();
  const stages = new Map<string, DeadlineFields>();
  return {
    /** A statutory due date (calendar days, rolled over: 《信访工作条例》"日"). */
    due(start: string | null, days: number): string | null {
      if (!start) return null;
      const key = `${start}|${days}`;
      let due = dues.get(key);
      if (due === undefined) {
        if (dues.size >= BOUND) dues.clear();
        due = statutoryDue(start, days, calendar).due;
        dues.set(key, due);
      }
      return due;
    },
    stage(facts: StageFacts): DeadlineFields {
      const key = stageFactsKey(facts);
      let fields = stages.get(key);
      if (fields === undefined) {
        if (stages.size >= BOUND) stages.clear();
        fields = stageDeadlineFields(facts, policy, calendar);
        stages.set(key, fields);
      }
      return fields;
    },
  };
}
type Deadlines = ReturnType<typeof deadlineMemo>;

/**
 * The COPY line a valid row becomes in the staging table: its place in the file and its deadlines
 * on the bureau's work calendar (STAGING_DEADLINE_COLUMNS), then its computed part.
 */
function stagingLine(c: ComputedRow, seq: number, policy: Policy, deadlines: Deadlines): string {
  const r = c.row;
  const facts = {
    state: r.state,
    purpose: r.purpose,
    registeredOn: r.registeredOn,
    isRepeat: r.isRepeat,
    acceptedOn: acceptedOn(r),
    extensionDays: 0,
    repeatOfId: null,
  };
  const deadline = deadlines.stage(stageFacts(facts));
  const values: Record<StagingDeadlineColumn, CopyValue> = {
    seq,
    acceptance_due_on:
      r.acceptanceDueOn ??
      (r.state === 'registered'
        ? null
        : deadlines.due(r.triagedOn ?? r.registeredOn, policy.limits.acceptanceDays)),
    reply_due_on:
      r.replyDueOn ?? deadlines.due(r.state === 'declined' ? null : r.acceptedOn, policy.limits.handlingDays),
    stage: deadline.stage ?? null,
    stage_start_on: deadline.stageStartOn ?? null,
    stage_days: deadline.stageDays ?? null,
    stage_day_mode: deadline.stageDayMode ?? null,
    stage_due_on: deadline.stageDueOn ?? null,
    deadline_warnings:
      deadline.deadlineWarnings === undefined ? null : JSON.stringify(deadline.deadlineWarnings),
  };
  return `${STAGING_DEADLINE_COLUMNS.map((col) => copyField(values[col])).join('\t')}\t${c.copyText}\n`;
}

/** Thrown inside the import transaction to undo it when the file has errors and nothing may be imported. */
class InvalidLedger extends Error {}

/**
 * 台账导入 at COPY speed, in one transaction: the file is streamed once — every row validated (all
 * problems of every rejected row reported), every valid row computed in Node (deadlines, search
 * document, query credentials, encrypted ID numbers and phones with their blind indexes) and
 * COPYed into a staging table, a chunk at a time — and each chunk moved by set-based INSERT … SELECT
 * into petitions (case numbers reserved last), petitioners, timeline events and visibility while the
 * next chunk is read and computed. For a large file the secondary indexes of those tables (btree and
 * the GIN search index) are dropped first and each built once at the end, and the rollup is counted
 * once from the rows written, all in the same transaction. An invalid file imports nothing unless
 * `skipInvalid`. Re-importing a 编号 updates it, never duplicates (the same 编号 twice in a file: the
 * later row wins); an import killed midway leaves nothing behind (its transaction rolls back), so
 * running it again completes it.
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
  let importSteps = 5;
  let rows = 0;
  if (report && options.countRows) rows = await options.countRows();
  else if (report) for await (const _ of open()) rows++;
  const progress = (phase: ImportPhase, done: number, step?: string) =>
    report?.({ phase, done, total: phase === 'validate' ? Math.max(rows, done) : importSteps, step });
  // The names the file uses, first seen first: resolved (and created) after the rows are staged.
  const names = { region: new Set<string>(), category: new Set<string>(), unit: new Set<string>() };
  const county = actor.regionCode.slice(0, 6);
  let bulkImported = false;
  try {
    await deps.db.transaction(async (tx) => {
      await tuneImportSession(tx);
      const { policy, calendar } = await rulesForUnit(tx, actor.unitId);
      const deadlines = deadlineMemo(policy, calendar);
      const settings: RowSettings = { collectiveThreshold: policy.collectiveThreshold };
      const refs = await referenceResolver(tx, actor);
      await createStaging(tx);
      let staged = 0;
      // A file that will not be imported is only validated from its first error on.
      const computing = () => summary.rejected.length === 0 || options.skipInvalid === true;
      const workers = options.workers ?? (rows >= WORKERS_FROM ? defaultWorkers() : 0);
      const checked: AsyncIterable<[RawRow, CheckedRow]> =
        workers > 0
          ? checkedInWorkers(
              open(),
              workers,
              { material: deps.crypto.material, today, settings },
              deps.crypto,
            )
          : (async function* () {
              for await (const raw of open())
                yield [raw, checkRow(deps.crypto, raw, today, computing() ? settings : null)];
            })();
      /**
       * The COPY lines of the valid rows, each encoded as UTF-8 as soon as it is made: a chunk of them is
       * held while the previous one is written, and encoding 50,000 strings made long before cost
       * several times more (and twice the memory).
       */
      async function* lines(): AsyncGenerator<Uint8Array> {
        for await (const [raw, result] of checked) {
          summary.total++;
          if (summary.total % VALIDATE_EVERY === 0) progress('validate', summary.total);
          if (!result.ok) {
            summary.rejected.push({ line: result.line, errors: result.errors, cells: raw.cells });
            continue;
          }
          if (!computing()) continue;
          const { computed } = result;
          // Rows are computed while the file may still be imported, and only then.
          if (!computed) throw new Error('ledger import: a valid row was not computed');
          const r = computed.row;
          if (r.region) names.region.add(r.region);
          names.category.add(r.category);
          if (r.unit) names.unit.add(r.unit);
          yield Buffer.from(stagingLine(computed, staged++, policy, deadlines));
        }
      }
      const p = { bureauUnitId: actor.unitId, regionCode: actor.regionCode, county, userId: actor.userId };
      const mode = options.rebuildIndexes ?? 'auto';
      let bulk: boolean | undefined;
      let rebuild: IndexDefinition[] = [];
      const resolved = { region: new Set<string>(), category: new Set<string>(), unit: new Set<string>() };
      /** The names the rows staged so far use that are not resolved yet: resolved (and created) now. */
      const resolveNames = async () => {
        const found: Array<{ kind: 'category' | 'unit' | 'region'; name: string; ref: string }> = [];
        for (const kind of ['region', 'category', 'unit'] as const)
          for (const name of names[kind])
            if (!resolved[kind].has(name)) {
              resolved[kind].add(name);
              found.push({ kind, name, ref: await refs[kind](tx, name) });
            }
        await insertRefs(tx, found);
      };
      /**
       * Writes the staged chunk set-based. The first chunk decides whether the file is loaded in bulk, on
       * the new rows the file is expected to hold (its rows × the first chunk's share of new rows): then
       * the secondary indexes are dropped (and built once at the end) and the rollup triggers held off.
       */
      const writeChunk = async (last: boolean, step: (name: string) => void) => {
        await resolveNames();
        const { fresh, known, again } = await prepareStaging(tx, actor.unitId);
        if (bulk === undefined) {
          const staged = fresh + known + again;
          const expected = last || rows === 0 ? fresh : Math.round((rows * fresh) / Math.max(1, staged));
          bulk =
            mode === 'always' ||
            (mode === 'auto' &&
              expected >= REBUILD_INDEXES_FROM &&
              expected >= (await estimatedPetitions(tx)) / 4);
          rebuild = bulk ? await secondaryIndexes(tx, IMPORTED_TABLES) : [];
          if (bulk) importSteps = 7;
          await dropIndexes(tx, rebuild);
          if (bulk) await holdTriggers(tx, true);
        }
        step('比对已有编号');
        // Rows of petitions that exist already (before the import, or from an earlier chunk): the statements
        // that only they need are skipped when there are none, as in a first import.
        const changing = known + again > 0;
        if (bulk && changing) await uncountChanging(tx);
        await recordWritten(tx, changing);
        if (changing) await updateKnownPetitions(tx, p);
        step('更新已有事项');
        await insertNewPetitions(tx, p);
        step('信访事项');
        await insertPeopleAndEvents(tx, {
          userId: actor.userId,
          unitId: actor.unitId,
          at: deps.now(),
          replacing: changing,
        });
        step('信访人与时间线');
        await addChunkVisibility(tx, changing);
        step('可见范围');
        if (bulk) {
          await countChunk(tx, changing);
          step('统计汇总');
        }
        summary.imported += fresh;
        summary.updated += known;
      };

      let stepsDone = 0;
      const step = (name: string) => progress('import', ++stepsDone, name);
      // Each chunk is COPYed and written while the next one is read, validated and computed.
      const chunkRows = options.chunkRows ?? CHUNK_ROWS;
      for await (const chunk of readAhead(lines(), chunkRows, Math.ceil(chunkRows / FIRST_CHUNK_SHARE))) {
        await copyIntoStaging(tx, chunk.items);
        if (chunk.last) {
          progress('validate', summary.total, '校验并暂存');
          if (summary.rejected.length > 0 && !options.skipInvalid) throw new InvalidLedger();
        } else if (summary.rejected.length > 0 && !options.skipInvalid) {
          // Nothing will be imported: the rest of the file is only validated.
          await clearStaging(tx);
          continue;
        }
        await writeChunk(chunk.last, chunk.last ? step : () => {});
        if (!chunk.last) await clearStaging(tx);
      }
      summary.created = refs.created;
      if (bulk) {
        await holdTriggers(tx, false);
        await buildIndexes(tx, rebuild);
        step('重建索引');
        bulkImported = true;
      }
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
  } catch (error) {
    if (error instanceof InvalidLedger) return summary;
    throw error;
  }
  summary.committed = true;
  // A large import changed most of the tables at once: on PGlite (no autovacuum) their statistics
  // and visibility maps are brought up to date now, not at the next periodic upkeep.
  if (bulkImported) await upkeepWithoutAutovacuum(deps.db);
  return summary;
}
