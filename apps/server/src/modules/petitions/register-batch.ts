import type { PetitionState } from '@xinfang/contract';
import type { Db } from '../../db/client.ts';
import { groupCommit, type Outcome } from '../../db/group-commit.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid } from '../../errors.ts';
import { pendingAuditEntry } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { claimIdempotencyKeys, saveIdempotentResponses } from './idempotency.repo.ts';
import { findExternalNosTaken, type PetitionerInsert, type PetitionInsert } from './petition.repo.ts';
import {
  checkRegistrationReferences,
  insertNumberedRegistrations,
  writeUnnumberedAndReserveNumbers,
  type ReferencesFound,
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
  petition: Omit<PetitionInsert, 'caseNo'> & { id: string; externalNo: string | null };
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
function missingReference(found: ReferencesFound): AppError | undefined {
  if (!found.region) return invalid('regionCode', '问题属地不在行政区划表中');
  if (!found.category) return invalid('categoryId', '内容分类不存在');
  if (!found.sourceUnit) return invalid('sourceUnitId', '来源单位不存在');
  if (!found.accusedUnit) return invalid('accusedUnitId', '被反映单位不存在');
  return undefined;
}

const caseNoOf = (m: PreparedRegistration, seq: number) =>
  `${m.actor.regionCode}-${m.year}-${String(seq).padStart(6, '0')}`;

const counterKey = (bureauUnitId: string, year: number) => `${bureauUnitId}/${year}`;

/**
 * Writes a batch of registrations in one transaction, in few multi-row statements (each round
 * trip costs both processes a system call and a wake-up); the case-number counters are taken late
 * (sorted by bureau and year), each bumped by its count, and held only for the statement of the
 * petition, event and audit rows that carry the number, and the idempotency rows.
 */
async function writeRegistrations(
  db: Db,
  batch: PreparedRegistration[],
): Promise<Array<Outcome<RegisterResult>>> {
  return db.transaction(async (tx) => {
    const outcomes: Array<Outcome<RegisterResult> | undefined> = batch.map(() => undefined);
    const sameAs = new Map<number, number>();

    // A retried registration (same Idempotency-Key, committed earlier or earlier in this batch)
    // answers the first result instead of registering twice.
    const earlier = await claimIdempotencyKeys(
      tx,
      batch.flatMap((m) => (m.idemKey ? [m.idemKey] : [])),
    );
    const firstWithKey = new Map<string, number>();
    batch.forEach((m, i) => {
      if (!m.idemKey) return;
      const answer = earlier.get(m.idemKey);
      if (answer) outcomes[i] = { ok: true, value: answer as RegisterResult };
      else if (firstWithKey.has(m.idemKey)) sameAs.set(i, firstWithKey.get(m.idemKey) as number);
      else firstWithKey.set(m.idemKey, i);
    });

    const open = () => batch.flatMap((_m, i) => (outcomes[i] || sameAs.has(i) ? [] : [i]));

    // The references and the settings stamp, for all in one statement.
    const checking = open();
    if (checking.length > 0) {
      const { found, settingsStamp } = await checkRegistrationReferences(
        tx,
        checking.map((i) => ({
          regionCode: batch[i].petition.regionCode,
          categoryId: batch[i].petition.categoryId ?? null,
          sourceUnitId: batch[i].petition.sourceUnitId ?? null,
          accusedUnitId: batch[i].petition.accusedUnitId ?? null,
        })),
      );
      checking.forEach((i, k) => {
        const missing = missingReference(found[k]);
        if (missing) outcomes[i] = { ok: false, error: missing };
        else if (batch[i].settingsStamp !== settingsStamp)
          outcomes[i] = { ok: false, error: new SettingsChanged() };
      });
    }

    // An external number registers once per bureau (also within the batch: the first member that
    // will be written holds it; every member still open here is written).
    const taken = await findExternalNosTaken(
      tx,
      open().flatMap((i) => {
        const { bureauUnitId, externalNo } = batch[i].petition;
        return externalNo ? [{ bureauUnitId, externalNo }] : [];
      }),
    );
    const holders = new Map(taken.map((t) => [`${t.bureauUnitId}/${t.externalNo}`, t.id]));
    for (const i of open()) {
      const { bureauUnitId, externalNo, id } = batch[i].petition;
      if (!externalNo) continue;
      const holder = holders.get(`${bureauUnitId}/${externalNo}`);
      if (holder) outcomes[i] = { ok: false, error: duplicateExternalNo(externalNo, holder) };
      else holders.set(`${bureauUnitId}/${externalNo}`, id);
    }

    const writing = open().map((i) => batch[i]);
    if (writing.length > 0) {
      // In one statement, what needs no case number (the people, visibility, the outbox messages) and
      // the counters: one block per bureau-year, numbered in arrival order.
      const counts = new Map<string, { bureauUnitId: string; year: number; count: number }>();
      for (const m of writing) {
        const key = counterKey(m.petition.bureauUnitId, m.year);
        const block = counts.get(key) ?? { bureauUnitId: m.petition.bureauUnitId, year: m.year, count: 0 };
        block.count += 1;
        counts.set(key, block);
      }
      const blocks = [...counts.values()].sort((a, b) =>
        a.bureauUnitId === b.bureauUnitId ? a.year - b.year : a.bureauUnitId < b.bureauUnitId ? -1 : 1,
      );
      const reserved = await writeUnnumberedAndReserveNumbers(tx, {
        people: writing.flatMap((m) => m.petitioners),
        visibility: writing.map((m) => ({
          id: m.petition.id,
          registeredAt: m.petition.registeredAt as Date,
          state: m.petition.state,
          bureauUnitId: m.petition.bureauUnitId,
          sourceUnitId: m.petition.sourceUnitId ?? null,
          regionCode: m.petition.regionCode,
        })),
        messages: writing.map((m) => ({
          topic: 'petition.registered',
          payload: { petitionId: m.petition.id },
        })),
        blocks,
      });
      const next = new Map(reserved.map((b) => [counterKey(b.bureauUnitId, b.year), b.first]));
      const numbered = writing.map((m) => {
        const key = counterKey(m.petition.bureauUnitId, m.year);
        const seq = next.get(key) as number;
        next.set(key, seq + 1);
        const caseNo = caseNoOf(m, seq);
        return { m, caseNo, summary: { caseNo, ...m.summary } };
      });

      // The numbered rows, in one statement.
      const rows = await insertNumberedRegistrations(tx, {
        petitions: numbered.map(({ m, caseNo }) => ({ ...m.petition, caseNo })),
        events: numbered.map(({ m, summary }) => ({
          petitionId: m.petition.id,
          action: 'register',
          actorUserId: m.actor.userId,
          actorUnitId: m.actor.unitId,
          at: m.deps.now(),
          fromState: null,
          toState: 'registered',
          data: { after: summary, warnings: m.warnings },
        })),
        audit: numbered.map(({ m, summary }) =>
          pendingAuditEntry(m.deps, m.actor, {
            action: 'petition.register',
            entityType: 'petition',
            entityId: m.petition.id,
            after: summary,
          }),
        ),
      });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const results = numbered.map(({ m, caseNo }) => {
        const row = byId.get(m.petition.id);
        if (!row) throw new Error(`petition ${m.petition.id} not returned`);
        const result: RegisterResult = {
          id: row.id,
          caseNo,
          queryCode: row.queryCode,
          querySecret: m.querySecret,
          version: row.version,
          state: row.state as PetitionState,
          stageDueOn: row.stageDueOn,
        };
        outcomes[batch.indexOf(m)] = { ok: true, value: result };
        return { m, result };
      });
      await saveIdempotentResponses(
        tx,
        results.flatMap(({ m, result }) =>
          m.idemKey ? [{ key: m.idemKey, userId: m.actor.userId, response: result }] : [],
        ),
      );
    }
    for (const [i, first] of sameAs) outcomes[i] = outcomes[first];
    return outcomes as Array<Outcome<RegisterResult>>;
  });
}

const writers = new WeakMap<Db, (m: PreparedRegistration) => Promise<RegisterResult>>();

/**
 * Hands a prepared registration to its database's writer (one per process and handle) and answers
 * after the commit of the batch it was written in.
 */
export function submitRegistration(db: Db, registration: PreparedRegistration): Promise<RegisterResult> {
  let submit = writers.get(db);
  if (!submit) {
    submit = groupCommit((batch: PreparedRegistration[]) => writeRegistrations(db, batch));
    writers.set(db, submit);
  }
  return submit(registration);
}
