import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { asOneStatement } from '../../db/json-rows.ts';
import { type OutboxMessageInsert, outboxInsert } from '../../jobs/outbox.repo.ts';
import { type PendingAuditInsert, pendingAuditInsert } from '../audit/audit.repo.ts';
import {
  type CaseNumberBlock,
  type CounterRow,
  caseSequencesUpsert,
  type EventInsert,
  eventsInsert,
  firstCaseNumbers,
  type InsertedPetition,
  type PetitionerInsert,
  type PetitionInsert,
  petitionersInsert,
  petitionsInsert,
} from './petition.repo.ts';
import { type NewPetitionVisibility, petitionsVisibilityInsert } from './petition-visibility.repo.ts';

export type RegistrationReferences = {
  regionCode: string;
  categoryId: string | null;
  sourceUnitId: string | null;
  accusedUnitId: string | null;
};

/** Which references of each registration exist (true when absent from the input). */
export type ReferencesFound = {
  region: boolean;
  category: boolean;
  sourceUnit: boolean;
  accusedUnit: boolean;
};

/**
 * One statement for a batch of registrations, inside its transaction: whether each one's region,
 * category and units exist, and the settings stamp the deadlines must have been computed under.
 */
export async function checkRegistrationReferences(
  db: Db,
  batch: RegistrationReferences[],
): Promise<{ found: ReferencesFound[]; settingsStamp: string }> {
  const rows = await queryRows<{
    i: number;
    region: boolean;
    category: boolean;
    source_unit: boolean;
    accused_unit: boolean;
    stamp: string | null;
  }>(
    db,
    sql`select r.i,
        exists (select 1 from regions g where g.code = r.region) as region,
        r.category is null or exists (select 1 from categories c where c.id = r.category) as category,
        r.source is null or exists (select 1 from units u where u.id = r.source) as source_unit,
        r.accused is null or exists (select 1 from units u where u.id = r.accused) as accused_unit,
        (select stamp from settings_version) as stamp
      from jsonb_to_recordset(${JSON.stringify(
        batch.map((b, i) => ({
          i,
          region: b.regionCode,
          category: b.categoryId,
          source: b.sourceUnitId,
          accused: b.accusedUnitId,
        })),
      )}::jsonb) as r(i int, region text, category uuid, source uuid, accused uuid)
      order by r.i`,
  );
  return {
    found: rows.map((r) => ({
      region: r.region,
      category: r.category,
      sourceUnit: r.source_unit,
      accusedUnit: r.accused_unit,
    })),
    settingsStamp: rows[0]?.stamp ?? '',
  };
}

/**
 * A batch's writes before its numbers, and its numbers, in one statement: the petitions' people
 * (they carry their petition's bureau and time, so nothing reads the petition for them), the
 * petitions made visible (petition-visibility.repo.ts), their outbox messages, and a block of case
 * numbers per bureau-year reserved (`caseSequencesUpsert`: the counters' locks, held to the commit,
 * are taken by the transaction's last statements but one). Returns the first number of each block.
 */
export async function writeUnnumberedAndReserveNumbers(
  db: Db,
  batch: {
    people: PetitionerInsert[];
    visibility: NewPetitionVisibility[];
    messages: OutboxMessageInsert[];
    blocks: CaseNumberBlock[];
  },
): Promise<Array<{ bureauUnitId: string; year: number; first: number }>> {
  const rows = await queryRows<CounterRow>(
    db,
    asOneStatement(
      [
        petitionersInsert(db, batch.people),
        petitionsVisibilityInsert(batch.visibility),
        outboxInsert(db, batch.messages),
      ],
      caseSequencesUpsert(batch.blocks),
    ),
  );
  return firstCaseNumbers(batch.blocks, rows);
}

/**
 * A batch's numbered rows in one statement: the petitions (answering what a registration
 * answers of each), their timeline events and their pending audit entries. The petitions' AFTER
 * trigger reads their visibility, written by an earlier statement.
 */
export async function insertNumberedRegistrations(
  db: Db,
  batch: { petitions: PetitionInsert[]; events: EventInsert[]; audit: PendingAuditInsert[] },
): Promise<InsertedPetition[]> {
  return queryRows<InsertedPetition>(
    db,
    asOneStatement(
      [eventsInsert(db, batch.events), pendingAuditInsert(db, batch.audit)],
      petitionsInsert(db, batch.petitions),
    ),
  );
}
