import type { PetitionState } from '@xinfang/contract';
import type { Db } from '../../db/client.ts';
import { groupCommit, type Outcome } from '../../db/group-commit.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid } from '../../errors.ts';
import { pendingAuditEntry } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { PetitionerInsert, PetitionInsert } from './petition.repo.ts';
import {
  type BatchMember,
  type MemberChecked,
  type RegistrationRows,
  registrationRows,
  writeRegistrationBatch,
} from './register-batch.repo.ts';

export type RegisterResult = {
  id: string;
  caseNo: string;
  queryCode: string;
  /** Shown once: the petitioner's secret for the public portal. */
  querySecret: string;
  version: number;
  state: PetitionState;
  stageDueOn: string | null;
};

/**
 * A registration validated, checked and computed by its own request (ids, encryption, blind
 * indexes, deadline, search vector), waiting only for its case number and its commit.
 */
export type PreparedRegistration = {
  deps: Deps;
  actor: Actor;
  /** `register:<user>:<key>` when the request carried an Idempotency-Key. */
  idemKey?: string;
  /** The settings stamp the deadline was computed under (checked in the batch's transaction). */
  settingsStamp: string;
  year: number;
  petition: Omit<PetitionInsert, 'caseNo' | 'searchVector'> & {
    id: string;
    externalNo: string | null;
    /** The tsvector literal, or null with `searchDocument` for the database to build it. */
    searchVector: string | null;
    searchDocument?: string;
  };
  petitioners: PetitionerInsert[];
  /** The timeline event's and audit entry's summary, without the case number. */
  summary: Record<string, unknown>;
  warnings: unknown[];
  querySecret: string;
};

/** 409 for an external number the bureau has registered already (petition `id`). */
export const duplicateExternalNo = (externalNo: string, id: string): AppError =>
  new AppError('DUPLICATE', `外部编号 ${externalNo} 已登记`, { id });

/** The settings changed after the registration computed its deadline: compute it again. */
export class SettingsChanged extends Error {}

/** The first reference of a registration that does not exist, as the 400 its request answers. */
function missingReference(found: MemberChecked): AppError | undefined {
  if (!found.region) return invalid('regionCode', '问题属地不在行政区划表中');
  if (!found.category) return invalid('categoryId', '内容分类不存在');
  if (!found.sourceUnit) return invalid('sourceUnitId', '来源单位不存在');
  if (!found.accusedUnit) return invalid('accusedUnitId', '被反映单位不存在');
  return undefined;
}

/** Another writer registered the same Idempotency-Key or external number meanwhile (unique violation). */
const lostRace = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: string }).code === '23505' &&
  ['idempotency_keys_pkey', 'petitions_external_no_uq'].includes(
    (error as { constraint?: string }).constraint ?? '',
  );

/**
 * Writes a batch of registrations in one round trip and one transaction (register-batch.repo.ts):
 * the database checks each one and numbers those that pass, in batch order; each member is answered
 * with its registration, the earlier answer under its Idempotency-Key, or its own error.
 */
async function writeRegistrations(db: Db, batch: Queued[]): Promise<Array<Outcome<RegisterResult>>> {
  // A retry within the batch (same Idempotency-Key) answers what the first with that key is answered.
  const sameAs = new Map<number, number>();
  const firstWithKey = new Map<string, number>();
  batch.forEach((m, i) => {
    if (!m.idemKey) return;
    const first = firstWithKey.get(m.idemKey);
    if (first === undefined) firstWithKey.set(m.idemKey, i);
    else sameAs.set(i, first);
  });
  const sent = batch.flatMap((m, i) => (sameAs.has(i) ? [] : [{ m, i }]));

  const members: BatchMember[] = sent.map(({ m, i }) => ({
    i,
    id: m.petition.id,
    regionCode: m.petition.regionCode,
    categoryId: m.petition.categoryId ?? null,
    sourceUnitId: m.petition.sourceUnitId ?? null,
    accusedUnitId: m.petition.accusedUnitId ?? null,
    bureauUnitId: m.petition.bureauUnitId,
    externalNo: m.petition.externalNo,
    year: m.year,
    prefix: m.actor.regionCode,
    settingsStamp: m.settingsStamp,
    idemKey: m.idemKey ?? null,
  }));
  const rows = sent.map(({ m }) => m.rows);

  // A writer of another process that took the same key or external number first makes this
  // transaction fail at its unique index once that one commits: written again, the batch sees it.
  let result: Awaited<ReturnType<typeof writeRegistrationBatch>>;
  try {
    result = await writeRegistrationBatch(db, members, rows);
  } catch (error) {
    if (!lostRace(error)) throw error;
    result = await writeRegistrationBatch(db, members, rows);
  }

  const written = new Map(result.written.map((r) => [r.id, r]));
  const outcomes: Array<Outcome<RegisterResult>> = [];
  for (const found of result.checked) {
    const m = batch[found.i];
    const missing = missingReference(found);
    if (found.earlier) outcomes[found.i] = { ok: true, value: found.earlier as RegisterResult };
    else if (missing) outcomes[found.i] = { ok: false, error: missing };
    else if (!found.settings) outcomes[found.i] = { ok: false, error: new SettingsChanged() };
    else if (found.externalHolder)
      outcomes[found.i] = {
        ok: false,
        error: duplicateExternalNo(m.petition.externalNo ?? '', found.externalHolder),
      };
    else if (found.externalFirst !== null)
      outcomes[found.i] = {
        ok: false,
        error: duplicateExternalNo(m.petition.externalNo ?? '', batch[found.externalFirst].petition.id),
      };
    else {
      const row = written.get(m.petition.id);
      if (!row || !found.caseNo) throw new Error(`petition ${m.petition.id} not written`);
      outcomes[found.i] = {
        ok: true,
        value: {
          ...answerOf(m),
          caseNo: found.caseNo,
          version: row.version,
          state: row.state as PetitionState,
        },
      };
    }
  }
  for (const [i, first] of sameAs) outcomes[i] = outcomes[first];
  return outcomes;
}

/** What a registration answers, but its case number (drawn by the database). */
function answerOf(m: PreparedRegistration): Omit<RegisterResult, 'caseNo'> {
  return {
    id: m.petition.id,
    queryCode: m.petition.queryCode,
    querySecret: m.querySecret,
    version: 1,
    state: m.petition.state as PetitionState,
    stageDueOn: m.petition.stageDueOn ?? null,
  };
}

/** A registration with its rows rendered, waiting for its batch. */
type Queued = PreparedRegistration & { rows: RegistrationRows };

/** A registration's rows (rendered by its request, while the writer writes other batches). */
function rowsOf(m: PreparedRegistration): RegistrationRows {
  const id = m.petition.id;
  return registrationRows({
    petition: m.petition,
    people: m.petitioners,
    visibility: {
      id,
      registeredAt: m.petition.registeredAt as Date,
      state: m.petition.state,
      bureauUnitId: m.petition.bureauUnitId,
      sourceUnitId: m.petition.sourceUnitId ?? null,
      regionCode: m.petition.regionCode,
    },
    message: { topic: 'petition.registered', payload: { petitionId: id } },
    event: {
      petitionId: id,
      action: 'register',
      actorUserId: m.actor.userId,
      actorUnitId: m.actor.unitId,
      at: m.deps.now(),
      fromState: null,
      toState: 'registered',
      data: { after: m.summary, warnings: m.warnings },
    },
    audit: pendingAuditEntry(m.deps, m.actor, {
      action: 'petition.register',
      entityType: 'petition',
      entityId: id,
      after: m.summary,
    }),
    answer: m.idemKey ? { key: m.idemKey, userId: m.actor.userId, response: answerOf(m) } : null,
  });
}

const writers = new WeakMap<Db, (m: Queued) => Promise<RegisterResult>>();

/**
 * Hands a prepared registration to its database's writer (one per process and handle) and answers
 * after the commit of the batch it was written in.
 */
export function submitRegistration(db: Db, registration: PreparedRegistration): Promise<RegisterResult> {
  let submit = writers.get(db);
  if (!submit) {
    submit = groupCommit((batch: Queued[]) => writeRegistrations(db, batch));
    writers.set(db, submit);
  }
  return submit({ ...registration, rows: rowsOf(registration) });
}
