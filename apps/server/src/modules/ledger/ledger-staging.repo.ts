import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { copyInto } from '../../db/copy.ts';
import { type CounterRow, caseSequencesUpsert, firstCaseNumbers } from '../petitions/petition.repo.ts';
import { addVisibilityOf } from '../petitions/petition-visibility.repo.ts';
import { STAGING_COLUMNS, type StagingColumn } from './ledger-staging-columns.ts';

/**
 * The staging table a ledger import COPYs into (one row per valid ledger row, with everything
 * computed in Node: deadlines, search document, query credentials, encrypted petitioners; columns
 * in ledger-staging-columns.ts), and the set-based statements that move it into petitions,
 * petitioners, events and visibility. Temporary: it lives and dies with the import's transaction.
 */

const TEMP_BUFFERS = '128MB';

/**
 * Settings for the import's own transaction (`set local`: gone at its end). JIT off: the rollup
 * triggers' statements (migration 0005) are estimated expensive enough to be compiled, which cost
 * ≈ 1 s per statement (measured with auto_explain at 50,000 rows) and saves nothing on a few
 * thousand groups. More work_mem: the set-based steps and the triggers sort and hash whole files.
 */
export async function tuneImportSession(tx: Db): Promise<void> {
  await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
  // Room for the staging tables in memory: a chunk of staged rows is ≈ 30 MB, and with the default 8 MB of
  // temporary buffers every chunk is written out and read back. PostgreSQL takes this setting only before the
  // session's first temporary table (a pooled connection that imported before keeps the room it was given).
  await tx.execute(
    sql`select set_config('temp_buffers', ${TEMP_BUFFERS}, false) where pg_my_temp_schema() = 0`,
  );
}

/**
 * The staging table. Its search_vector is typed: COPY parses each tsvector literal while Node is
 * still computing the next rows, instead of the petitions INSERT parsing them all afterwards. Its people are
 * `json` (checked, kept as text), read once by `insertPeopleAndEvents` into columns (json_to_recordset): COPY and
 * read ≈ 100 ms per 10,000 rows against 160 ms for a `jsonb` column read element by element. No index: each
 * chunk's two self-joins (repeated 编号, matching a row to itself) hash its 10,000 rows, and an index on the 编号
 * cost every staged row a btree insertion.
 */
export async function createStaging(tx: Db): Promise<void> {
  await tx.execute(sql`create temp table ledger_staging (
    seq int not null, line int not null, new_id uuid not null, external_no text not null,
    region_text text, category_text text not null, unit_text text,
    channel text not null, purpose text not null, source text not null, persons int not null,
    is_collective boolean not null, is_skip_level boolean not null, is_repeat boolean not null,
    confidential boolean not null, leader_name text, title text not null, content text not null,
    search_vector tsvector, search_doc text, state text not null, registered_at timestamptz not null, registered_on date not null,
    first_triaged_on date, transferred_on date, acceptance_due_on date, acceptance_decided_on date,
    accepted_on date, reply_due_on date, replied_on date, evaluation text, evaluated_on date,
    concluded_on date, final_on date, resolved boolean, report_approved boolean,
    stage text, stage_start_on date, stage_days int, stage_day_mode text, stage_due_on date,
    deadline_warnings jsonb, query_code text not null, query_secret_hash text not null, people json not null,
    existing_id uuid, existing_version int, existing_state text
  ) on commit drop`);
  await tx.execute(
    sql`create temp table ledger_refs (kind text not null, name text not null, ref text not null) on commit drop`,
  );
  // Every petition the import wrote so far (created: new in this import), across its chunks.
  await tx.execute(
    sql`create temp table ledger_written (id uuid primary key, created boolean not null) on commit drop`,
  );
}

/** Empties the staging table for the next chunk of the file (the rows before it are written). */
export async function clearStaging(tx: Db): Promise<void> {
  await tx.execute(sql`truncate ledger_staging`);
}

export async function copyIntoStaging(
  tx: Db,
  lines: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
): Promise<void> {
  await copyInto(tx, 'ledger_staging', STAGING_COLUMNS, lines);
}

/** Resolved reference names (category path, unit name, region text) → id or region code. */
export async function insertRefs(
  tx: Db,
  refs: Array<{ kind: 'category' | 'unit' | 'region'; name: string; ref: string }>,
): Promise<void> {
  for (let i = 0; i < refs.length; i += 1000)
    await tx.execute(sql`insert into ledger_refs (kind, name, ref)
      select kind, name, ref from jsonb_to_recordset(${JSON.stringify(refs.slice(i, i + 1000))}::jsonb)
        as r(kind text, name text, ref text)`);
}

/**
 * The staged chunk made ready for the set-based steps: the same 编号 twice in one chunk: the later row wins (as on a
 * re-import); rows already known to the bureau (by 编号 or by our own case number, as in an exported
 * ledger) are marked for update. `known` leaves out rows whose petition an earlier chunk of this import
 * created (`again`: the file says the same 编号 twice, the later row updates it).
 */
export async function prepareStaging(
  tx: Db,
  bureauUnitId: string,
): Promise<{ fresh: number; known: number; again: number }> {
  await tx.execute(sql`delete from ledger_staging s using ledger_staging t
    where t.external_no = s.external_no and t.seq > s.seq`);
  // A probe of the bureau's unique (编号) index per staged row, then of its (case number) index where the 编号 is
  // not known (OFFSET 0 keeps each probe a probe: a hash join would read every petition of the bureau again for
  // each chunk of the file; LIMIT 1 stops at the first branch that finds the row).
  const probe = (column: 'external_no' | 'case_no') => sql`select p.id, p.version, p.state from petitions p
    where p.bureau_unit_id = ${bureauUnitId}::uuid and p.${sql.identifier(column)} = t.external_no offset 0`;
  await tx.execute(sql`update ledger_staging s
    set existing_id = p.id, existing_version = p.version, existing_state = p.state
    from ledger_staging t cross join lateral ((${probe('external_no')}) union all (${probe('case_no')}) limit 1) p
    where t.seq = s.seq`);
  const [counts] = await queryRows<{ fresh: number; known: number; again: number }>(
    tx,
    sql`select count(*) filter (where s.existing_id is null)::int as fresh,
      count(*) filter (where s.existing_id is not null and w.id is null)::int as known,
      count(*) filter (where w.created)::int as again
    from ledger_staging s left join lateral (
      select w.id, w.created from ledger_written w where w.id = s.existing_id offset 0
    ) w on true`,
  );
  return counts;
}

const FROM_STAGING = sql.raw(`ledger_staging s
  left join ledger_refs rr on rr.kind = 'region' and rr.name = s.region_text
  left join ledger_refs rc on rc.kind = 'category' and rc.name = s.category_text
  left join ledger_refs ru on ru.kind = 'unit' and ru.name = s.unit_text`);

/** The petition columns a ledger row sets (insert and update alike), as expressions over FROM_STAGING. */
function petitionValues(p: { county: string; userId: string }): Array<[string, SQL]> {
  // A petition column filled as staged: the name must be a staging column (a typo fails to compile).
  const same = (c: StagingColumn): [string, SQL] => [c, sql.raw(`s.${c}`)];
  return [
    same('external_no'),
    ['region_code', sql`coalesce(rr.ref, ${p.county})`],
    same('channel'),
    same('purpose'),
    ['category_id', sql.raw('rc.ref::uuid')],
    same('source'),
    same('persons'),
    same('is_collective'),
    same('is_skip_level'),
    same('is_repeat'),
    same('confidential'),
    same('leader_name'),
    same('title'),
    same('content'),
    ['search_vector', sql.raw(`coalesce(s.search_vector, to_tsvector('simple', s.search_doc))`)],
    same('state'),
    ['responsible_unit_id', sql.raw('ru.ref::uuid')],
    same('registered_at'),
    same('registered_on'),
    ['registered_by', sql`${p.userId}::uuid`],
    ...(
      [
        'first_triaged_on',
        'transferred_on',
        'acceptance_due_on',
        'acceptance_decided_on',
        'accepted_on',
        'reply_due_on',
        'replied_on',
        'evaluation',
        'evaluated_on',
        'concluded_on',
        'final_on',
        'resolved',
        'report_approved',
        'stage',
        'stage_start_on',
        'stage_days',
        'stage_day_mode',
        'stage_due_on',
        'deadline_warnings',
      ] as const
    ).map(same),
  ];
}

/** The tables an import writes, whose secondary indexes a large import drops and rebuilds. */
export const IMPORTED_TABLES = [
  'petitions',
  'petitioners',
  'petition_events',
  'petition_visibility',
] as const;

/** Rows petitions has now, as the planner estimates them (no count of a large table). */
export async function estimatedPetitions(tx: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select greatest(c.reltuples, 0)::float8 as n from pg_class c
      where c.oid = to_regclass('petitions')`,
  );
  return Number(row?.n ?? 0);
}

/**
 * New rows: case numbers reserved per year on the bureau's counter (the one serialised step,
 * taken here, after all the streaming, and held to the commit: gap-free), numbered in file order.
 */
export async function insertNewPetitions(
  tx: Db,
  p: { bureauUnitId: string; regionCode: string; county: string; userId: string },
): Promise<void> {
  const years = await queryRows<{ year: number; n: number }>(
    tx,
    sql`select extract(year from registered_on)::int as year, count(*)::int as n
      from ledger_staging where existing_id is null group by 1 order by 1`,
  );
  // Every year's block in one statement (a chunk of an old ledger spans many years: one round trip, not one each).
  const blocks = years.map(({ year, n }) => ({ bureauUnitId: p.bureauUnitId, year, count: n }));
  const firsts =
    blocks.length === 0
      ? []
      : firstCaseNumbers(blocks, await queryRows<CounterRow>(tx, caseSequencesUpsert(blocks)));
  const values = petitionValues(p);
  await tx.execute(sql`
    with numbered as (
      select s.seq, f.first + row_number() over (partition by f.year order by s.seq) - 1 as n, f.year
      from ledger_staging s
      join jsonb_to_recordset(${JSON.stringify(firsts)}::jsonb) as f(year int, first int)
        on f.year = extract(year from s.registered_on)::int
      where s.existing_id is null
    )
    insert into petitions (id, case_no, bureau_unit_id, query_code, query_secret_hash,
      ${sql.raw(values.map(([c]) => c).join(', '))})
    select s.new_id,
      ${p.regionCode} || '-' || nb.year || '-' || lpad(nb.n::text, greatest(6, length(nb.n::text)), '0'),
      ${p.bureauUnitId}::uuid, s.query_code, s.query_secret_hash,
      ${sql.join(
        values.map(([, e]) => e),
        sql`, `,
      )}
    from ${FROM_STAGING} join numbered nb on nb.seq = s.seq
    where s.existing_id is null`);
}

/** Rows the bureau already had: updated in place (optimistic version check, as every edit). */
export async function updateKnownPetitions(tx: Db, p: { county: string; userId: string }): Promise<void> {
  const values = petitionValues(p);
  await tx.execute(sql`update petitions t set
      ${sql.join(
        values.map(([c, e]) => sql`${sql.raw(c)} = ${e}`),
        sql`, `,
      )},
      version = t.version + 1, updated_at = now()
    from ${FROM_STAGING}
    where t.id = s.existing_id and t.version = s.existing_version`);
}

/**
 * Every petitioner of every row (those of updated rows replaced), with the bureau and registration time
 * their petition now has (the lookup indexes carry them, migration 0011); then one timeline event per row.
 */
export async function insertPeopleAndEvents(
  tx: Db,
  p: { userId: string; unitId: string; at: Date; replacing: boolean },
): Promise<void> {
  if (p.replacing)
    await tx.execute(sql`delete from petitioners where petition_id in
      (select existing_id from ledger_staging where existing_id is not null)`);
  await tx.execute(sql`insert into petitioners (petition_id, bureau_unit_id, registered_at, position, name,
      id_number_cipher, id_number_index, phone_cipher, phone_index)
    select coalesce(s.existing_id, s.new_id), ${p.unitId}::uuid, s.registered_at, (x.ord - 1)::int,
      x.name, x.idc, x.idi, x.phc, x.phi
    from ledger_staging s cross join lateral rows from (json_to_recordset(s.people)
      as (name text, idc text, idi text, phc text, phi text)) with ordinality as x(name, idc, idi, phc, phi, ord)`);
  await tx.execute(sql`insert into petition_events
      (petition_id, action, actor_user_id, actor_unit_id, at, from_state, to_state, data)
    select coalesce(s.existing_id, s.new_id),
      case when s.existing_id is null then 'import' else 'importUpdate' end,
      ${p.userId}::uuid, ${p.unitId}::uuid, ${p.at.toISOString()}::timestamptz, s.existing_state, s.state,
      jsonb_build_object('line', s.line, 'externalNo', s.external_no)
    from ledger_staging s order by s.seq`);
}

/**
 * Who may see the chunk's rows (their bureau, every bureau over their region, routed units): set-based. Known rows
 * too: a re-import may move a row to another region, whose bureaus then see it (and, as after any routing, the
 * units that saw it keep seeing it). `changing`: the chunk has known rows; without them only new rows are read.
 */
export async function addChunkVisibility(tx: Db, changing: boolean): Promise<void> {
  await addVisibilityOf(
    tx,
    changing
      ? sql`select coalesce(existing_id, new_id) from ledger_staging`
      : sql`select new_id from ledger_staging where existing_id is null`,
  );
}

/**
 * The triggers a bulk import holds off inside its own transaction (ALTER TABLE … DISABLE TRIGGER is
 * transactional: an import that fails or is killed leaves them on). Their work is done set-based instead, chunk
 * by chunk: the rollup by `uncountChanging` before a chunk's writes and `countChunk` after them (migration 0011),
 * the people's copy of their petition's bureau and time by the import itself. Only for an import that already
 * holds its tables exclusively (it dropped their indexes).
 */
const BULK_HELD_TRIGGERS = [
  ['petitions', 'stat_petitions_inserted'],
  ['petitions', 'stat_petitions_updated'],
  ['petitions', 'petitions_copy_to_new_petitioners'],
  ['petition_visibility', 'stat_visibility_inserted'],
] as const;

export async function holdTriggers(tx: Db, held: boolean): Promise<void> {
  for (const [table, trigger] of BULK_HELD_TRIGGERS)
    await tx.execute(
      sql`alter table ${sql.identifier(table)} ${sql.raw(held ? 'disable' : 'enable')} trigger ${sql.identifier(trigger)}`,
    );
}

/**
 * The staged rows' petitions that existed before this import, whose returned routes the rollup counts. A petition
 * this import created (in an earlier chunk: `ledger_written.created`) has no routes — the import writes none, and no
 * other transaction can route a row it cannot see yet — so its routes are not looked for (migration 0013). Each row's
 * entry found by its primary key (a probe, not a hash of everything written so far). Before `recordWritten` a row
 * known before the import has no entry yet; after it, one with `created` false: counted either way.
 */
const ROUTED_IDS = `select s.existing_id from ledger_staging s
  left join lateral (select w.created from ledger_written w where w.id = s.existing_id offset 0) w on true
  where s.existing_id is not null and w.created is not true`;

/**
 * Bulk: takes out of the rollup what the petitions this chunk will update count now (from before the import, or
 * from the chunk of this import that wrote them); `countChunk` counts them again as they end up.
 */
export async function uncountChanging(tx: Db): Promise<void> {
  await tx.execute(
    sql`select stat_count_petitions(-1, 'select existing_id from ledger_staging where existing_id is not null',
      ${ROUTED_IDS}::text)`,
  );
}

/**
 * The petitions this chunk writes, remembered by the next chunks (a 编号 the file gives again). A new row's id is
 * new: inserted plainly (ON CONFLICT's speculative insertion cost ≈ 7 µs per row); only the rows of existing
 * petitions (`changing`) may be there already.
 */
export async function recordWritten(tx: Db, changing: boolean): Promise<void> {
  await tx.execute(sql`insert into ledger_written (id, created)
    select new_id, true from ledger_staging where existing_id is null`);
  if (changing)
    await tx.execute(sql`insert into ledger_written (id, created)
      select existing_id, false from ledger_staging where existing_id is not null
      on conflict do nothing`);
}

/**
 * Bulk: the daily rollup of every petition this chunk wrote, as it is now, for every unit that sees it. `changing`:
 * the chunk has rows of existing petitions; without them every row is new here and has no returned route to count.
 */
export async function countChunk(tx: Db, changing: boolean): Promise<void> {
  await tx.execute(
    sql`select stat_count_petitions(1, 'select coalesce(existing_id, new_id) from ledger_staging',
      ${changing ? ROUTED_IDS : null}::text)`,
  );
}
