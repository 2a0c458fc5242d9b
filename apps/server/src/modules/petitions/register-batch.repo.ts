import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  type JsonRow,
  type JsonRowsJoin,
  jsonRecords,
  jsonRow,
  jsonRowsStatement,
  keysOf,
} from '../../db/json-rows.ts';
import {
  auditPending,
  idempotencyKeys,
  outbox,
  petitionEvents,
  petitioners,
  petitions,
} from '../../db/schema/index.ts';
import { fillTemplate, runInlined, type StatementTemplate, statementTemplate } from '../../db/script.ts';
import type { PendingAuditInsert } from '../audit/audit.repo.ts';
import type { EventInsert, PetitionerInsert, PetitionInsert, PetitionRow } from './petition.repo.ts';
import {
  type NewPetitionVisibility,
  newPetitionsVisibility,
  newVisibilityRecord,
} from './petition-visibility.repo.ts';

/** What the writer checks of each registration of a batch, in its transaction. */
export type BatchMember = {
  /** The member's index in the batch. */
  i: number;
  /** Its petition's id: each of its rows carries it (`member`). */
  id: string;
  regionCode: string;
  categoryId: string | null;
  sourceUnitId: string | null;
  accusedUnitId: string | null;
  bureauUnitId: string;
  externalNo: string | null;
  /** The year of its case number, and the number's prefix (the registering bureau's region). */
  year: number;
  prefix: string;
  /** The settings stamp its deadline was computed under. */
  settingsStamp: string;
  idemKey: string | null;
};

/** What the batch's first statement found of each member: written with `caseNo`, or why not. */
export type MemberChecked = {
  i: number;
  region: boolean;
  category: boolean;
  sourceUnit: boolean;
  accusedUnit: boolean;
  /** False when the settings changed after the member's deadline was computed. */
  settings: boolean;
  /** The answer of an earlier registration under the member's Idempotency-Key. */
  earlier: unknown | null;
  /** The petition holding the member's external number (registered before). */
  externalHolder: string | null;
  /** The member of this batch holding its external number (an earlier one of the batch). */
  externalFirst: number | null;
  caseNo: string | null;
};

/**
 * One registration's rows as JSON records, rendered by its own request (`registrationRows`), each
 * carrying its petition's id (`member`): the writer joins them into its batch's parameters.
 */
export type RegistrationRows = {
  people: JsonRow[];
  visibility: string;
  message: JsonRow;
  /** The petition without its case number (the batch draws it). */
  petition: JsonRow;
  /** The timeline event and audit entry, whose summary (`data.after`, `after`) gets the case number. */
  event: JsonRow;
  audit: JsonRow;
  /** The idempotent answer without its case number, when the request carried a key. */
  answer: JsonRow | null;
};

/** A row of `table` joined to its member by its petition's id. */
function memberRow(table: PgTable, row: Record<string, unknown>, id: string, extra = {}): JsonRow {
  const rendered = jsonRow(table, row, { member: id, ...extra });
  if (!rendered)
    throw new Error('a member row holds an SQL value: only plain values can be joined to members');
  return rendered;
}

/** Renders a registration's rows (in its request, before it joins a batch). */
export function registrationRows(rows: {
  petition: Omit<PetitionInsert, 'caseNo'> & { id: string; searchDocument?: string };
  people: PetitionerInsert[];
  visibility: NewPetitionVisibility;
  message: { topic: string; payload: Record<string, unknown> };
  event: EventInsert;
  audit: PendingAuditInsert;
  answer: { key: string; userId: string; response: Record<string, unknown> } | null;
}): RegistrationRows {
  const id = rows.petition.id;
  const { searchDocument, ...petition } = rows.petition;
  return {
    people: rows.people.map((p) => memberRow(petitioners, p, id)),
    visibility: newVisibilityRecord(rows.visibility),
    message: memberRow(outbox, rows.message, id),
    petition: memberRow(petitions, petition, id, { searchDocument: searchDocument ?? null }),
    event: memberRow(petitionEvents, rows.event, id),
    audit: memberRow(auditPending, rows.audit, id),
    answer: rows.answer ? memberRow(idempotencyKeys, rows.answer, id) : null,
  };
}

export type WrittenPetition = Pick<PetitionRow, 'id' | 'queryCode' | 'version' | 'state' | 'stageDueOn'>;

/** Rows of the members the statement writes (`written (id, case_no)`), with columns from their numbers. */
const WRITTEN = sql`join written w on w.id = r.member`;
const ofWritten = (computed?: Record<string, SQL>, keys: Record<string, string> = {}): JsonRowsJoin => ({
  keys: { member: 'uuid', ...keys },
  join: WRITTEN,
  computed,
});

/** The writes of a statement as its WITH items (`write0`, `write1`…), skipping the empty ones. */
const withItems = (writes: Array<SQL | undefined>): SQL[] =>
  writes.flatMap((w, k) => (w ? [sql`${sql.raw(`write${k}`)} as (${w})`] : []));

/** The setting through which the first statement hands the case numbers it drew to the last. */
const NUMBERS_SETTING = 'xinfang.registered_case_numbers';

/**
 * The first statement: checks every member (its region, category and units exist; the settings
 * stamp is current; its Idempotency-Key has no earlier answer; its external number is not the
 * bureau's already, nor an earlier member's), draws a block of case numbers per bureau-year for
 * the members that pass (in batch order; the counters' row locks in a fixed order, bureau then
 * year, so two writers never wait on each other crosswise; held to the commit, a rollback returns
 * the numbers: gap-free), and writes what needs no number: the people (carrying their petition's
 * bureau and time), the visibility (its statistics trigger finds no petition yet) and the outbox
 * messages. The numbers go to the last statement as a transaction-local setting.
 */
function checkAndNumber(shape: BatchShape): SQL {
  const writes = withItems([
    shape.people
      ? jsonRowsStatement(petitioners, shape.people, sql.placeholder('people'), undefined, ofWritten())
      : undefined,
    newPetitionsVisibility(sql.placeholder('visibility'), WRITTEN),
    jsonRowsStatement(outbox, shape.messages, sql.placeholder('messages'), undefined, ofWritten()),
  ]);
  return sql`with m as materialized (
      select * from jsonb_to_recordset(${sql.placeholder('members')}::jsonb) as m(i int, id uuid, region text,
        category uuid, source uuid, accused uuid, bureau uuid, ext text, year int, prefix text, stamp text, idem text)
    ),
    checked as materialized (
      select m.*,
        exists (select 1 from regions g where g.code = m.region) as region_ok,
        m.category is null or exists (select 1 from categories c where c.id = m.category) as category_ok,
        m.source is null or exists (select 1 from units u where u.id = m.source) as source_ok,
        m.accused is null or exists (select 1 from units u where u.id = m.accused) as accused_ok,
        m.stamp = coalesce((select stamp::text from settings_version), '') as settings_ok,
        (select k.response from idempotency_keys k where k.key = m.idem) as earlier,
        (select p.id from petitions p where p.bureau_unit_id = m.bureau and p.external_no = m.ext) as ext_holder
      from m
    ),
    passing as materialized (
      select c.*, first_value(c.i) over (partition by c.bureau, c.ext order by c.i) as ext_first
      from checked c
      where c.region_ok and c.category_ok and c.source_ok and c.accused_ok and c.settings_ok
        and c.earlier is null and c.ext_holder is null
    ),
    numbering as materialized (
      select p.i, p.id, p.bureau, p.year, p.prefix,
        row_number() over (partition by p.bureau, p.year order by p.i) as pos,
        count(*) over (partition by p.bureau, p.year) as n
      from passing p where p.ext is null or p.ext_first = p.i
    ),
    counters as (
      insert into case_counters (bureau_unit_id, year, kind, last)
      select bureau, year, 'case', count(*) from numbering group by bureau, year order by bureau, year
      on conflict (bureau_unit_id, year, kind) do update set last = case_counters.last + excluded.last
      returning bureau_unit_id, year, last
    ),
    written as materialized (
      select n.i, n.id, n.prefix || '-' || n.year || '-' || lpad((k.last - n.n + n.pos)::text, 6, '0') as case_no
      from numbering n join counters k on k.bureau_unit_id = n.bureau and k.year = n.year
    )${writes.length > 0 ? sql`, ${sql.join(writes, sql`, `)}` : sql``},
    handed as (
      select set_config(${NUMBERS_SETTING}, coalesce((select jsonb_object_agg(id, case_no) from written), '{}')::text, true)
    )
    select c.i, c.region_ok as region, c.category_ok as category, c.source_ok as source_unit,
      c.accused_ok as accused_unit, c.settings_ok as settings, c.earlier, c.ext_holder::text as external_holder,
      case when p.ext is not null and p.ext_first <> p.i then p.ext_first end as external_first, w.case_no
    from checked c
      left join passing p on p.i = c.i
      left join written w on w.i = c.i
      cross join handed
    order by c.i`;
}

/**
 * The last statement: the numbered rows of the members the first one wrote, in one statement (the
 * petitions, answering what a registration answers of each, their timeline events, pending audit
 * entries and idempotent answers, each summary given its case number). The petitions' AFTER
 * triggers read the people and the visibility written by the first.
 */
function insertNumbered(shape: BatchShape): SQL {
  const caseNo = sql`to_jsonb(w.case_no)`;
  const writes = withItems([
    jsonRowsStatement(
      petitionEvents,
      shape.events,
      sql.placeholder('events'),
      undefined,
      ofWritten({ data: sql`jsonb_set(r.data, '{after,caseNo}', ${caseNo})` }),
    ),
    jsonRowsStatement(
      auditPending,
      shape.audit,
      sql.placeholder('audit'),
      undefined,
      ofWritten({ after: sql`jsonb_set(r.after, '{caseNo}', ${caseNo})` }),
    ),
    shape.answers
      ? jsonRowsStatement(
          idempotencyKeys,
          shape.answers,
          sql.placeholder('answers'),
          undefined,
          ofWritten({ response: sql`jsonb_set(r.response, '{caseNo}', ${caseNo})` }),
        )
      : undefined,
  ]);
  const insertPetitions = jsonRowsStatement(
    petitions,
    shape.petitions,
    sql.placeholder('petitions'),
    sql`id, query_code as "queryCode", version, state, stage_due_on::text as "stageDueOn"`,
    ofWritten(
      {
        caseNo: sql`w.case_no`,
        // The one case a tsvector literal cannot say (a 2,047-byte word): the database builds it.
        searchVector: sql`coalesce(r."searchVector", to_tsvector('simple', r."searchDocument"))`,
      },
      { searchDocument: 'text' },
    ),
  );
  return sql`with written as (
      select key::uuid as id, value as case_no
      from jsonb_each_text(coalesce(nullif(current_setting(${NUMBERS_SETTING}, true), ''), '{}')::jsonb)
    )${writes.length > 0 ? sql`, ${sql.join(writes, sql`, `)}` : sql``}
    ${insertPetitions}`;
}

/** Which columns a batch's rows carry, table by table (null: no row), which its statements' text follows. */
type BatchShape = {
  people: Set<string> | null;
  messages: Set<string>;
  petitions: Set<string>;
  events: Set<string>;
  audit: Set<string>;
  answers: Set<string> | null;
};

/**
 * The batch's two statements for rows of this shape, built once (a few shapes occur: with or
 * without an Idempotency-Key, an external number…) with placeholders for their JSON parameters.
 */
const templatesByShape = new Map<string, StatementTemplate[]>();
function batchTemplates(shape: BatchShape): StatementTemplate[] {
  const key = Object.values(shape)
    .map((keys) => (keys ? [...keys].join(',') : '-'))
    .join('|');
  let templates = templatesByShape.get(key);
  if (!templates) {
    templates = [checkAndNumber(shape), insertNumbered(shape)].map(statementTemplate);
    if (templatesByShape.size >= 32) templatesByShape.clear();
    templatesByShape.set(key, templates);
  }
  return templates;
}

/**
 * Writes a batch of registrations in one round trip and one transaction: the two statements above,
 * sent together. Answers what the first found of each member and the petitions written.
 */
export async function writeRegistrationBatch(
  db: Db,
  members: BatchMember[],
  rows: RegistrationRows[],
): Promise<{ checked: MemberChecked[]; written: WrittenPetition[] }> {
  const people = rows.flatMap((r) => r.people);
  const messages = rows.map((r) => r.message);
  const petitionRows = rows.map((r) => r.petition);
  const events = rows.map((r) => r.event);
  const audit = rows.map((r) => r.audit);
  const answers = rows.flatMap((r) => (r.answer ? [r.answer] : []));
  const templates = batchTemplates({
    people: people.length > 0 ? keysOf(people) : null,
    messages: keysOf(messages),
    petitions: keysOf(petitionRows),
    events: keysOf(events),
    audit: keysOf(audit),
    answers: answers.length > 0 ? keysOf(answers) : null,
  });
  const values = {
    members: JSON.stringify(
      members.map((m) => ({
        i: m.i,
        id: m.id,
        region: m.regionCode,
        category: m.categoryId,
        source: m.sourceUnitId,
        accused: m.accusedUnitId,
        bureau: m.bureauUnitId,
        ext: m.externalNo,
        year: m.year,
        prefix: m.prefix,
        stamp: m.settingsStamp,
        idem: m.idemKey,
      })),
    ),
    people: jsonRecords(people),
    visibility: `[${rows.map((r) => r.visibility).join(',')}]`,
    messages: jsonRecords(messages),
    petitions: jsonRecords(petitionRows),
    events: jsonRecords(events),
    audit: jsonRecords(audit),
    answers: jsonRecords(answers),
  };
  const [checkedRows, written] = await runInlined(
    db,
    templates.map((t) => fillTemplate(t, values)),
  );
  return {
    checked: checkedRows.map((r) => ({
      i: Number(r.i),
      region: r.region as boolean,
      category: r.category as boolean,
      sourceUnit: r.source_unit as boolean,
      accusedUnit: r.accused_unit as boolean,
      settings: r.settings as boolean,
      earlier: r.earlier ?? null,
      externalHolder: (r.external_holder as string | null) ?? null,
      externalFirst:
        r.external_first === null || r.external_first === undefined ? null : Number(r.external_first),
      caseNo: (r.case_no as string | null) ?? null,
    })),
    written: written as WrittenPetition[],
  };
}
