import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regionPrefixSql } from '../../db/region-prefix-sql.ts';

/**
 * WITH items: each bureau's region prefix (stored, `units.region_prefix`) and the lengths those
 * prefixes have, for `bureausOver`.
 */
const BUREAU_PREFIXES = sql`bureaus as materialized (
    select u.id, u.region_prefix as prefix from units u where u.kind = 'bureau'
  ),
  prefix_lengths as (select distinct length(prefix) as n from bureaus)`;

/**
 * The continuation of a FROM clause joining every bureau `b` over `regionCode` (needs `BUREAU_PREFIXES`):
 * starts_with(region_code, prefix) as an equality on the code's prefix of each length a bureau prefix has
 * (2, 4, 6…), a hash join, not every bureau against every petition. For many petitions at once.
 */
const bureausOver = (regionCode: SQL) =>
  sql`cross join prefix_lengths l join bureaus b on b.prefix = left(${regionCode}, l.n)`;

/**
 * The same for a few petitions (a batch of registrations): each one's bureaus found by probes of
 * `units_bureau_prefix_idx`, one per prefix of its code, reading no other bureau.
 */
const bureausOverProbed = (regionCode: SQL) =>
  sql`cross join lateral (select u.id from units u where u.kind = 'bureau' and u.region_prefix = any (
      array(select left(${regionCode}, n) from generate_series(1, length(${regionCode})) n))) b`;

export type NewPetitionVisibility = {
  id: string;
  registeredAt: Date;
  /** The state the petition row is inserted with (registration writes visibility first). */
  state: string;
  bureauUnitId: string;
  sourceUnitId: string | null;
  regionCode: string;
};

/** A new petition's record for `newPetitionsVisibility`, keyed by its id (`member`). */
export const newVisibilityRecord = (p: NewPetitionVisibility): string =>
  JSON.stringify({
    id: p.id,
    at: p.registeredAt.toISOString(),
    state: p.state,
    bureau: p.bureauUnitId,
    source: p.sourceUnitId,
    region: p.regionCode,
    member: p.id,
  });

/**
 * Makes new petitions visible to the units that may see them (one statement for a batch): each
 * one's bureau, the unit that assigned it from above, and every bureau whose region contains the
 * petition's region. `records` is the JSON array of their `newVisibilityRecord`s (or a placeholder
 * for it); `chosen` joins the rows `r` to the members written (register-batch.repo.ts). For a
 * statement of the caller's: its AFTER trigger (the statistics) reads the petitions, so it must not
 * share one with their insert.
 */
export function newPetitionsVisibility(records: unknown, chosen: SQL): SQL {
  return sql`with p as materialized (
      select r.* from jsonb_to_recordset(${records}::jsonb)
        as r(id uuid, at timestamptz, state text, bureau uuid, source uuid, region text, member uuid)
      ${chosen}
    )
    insert into petition_visibility (petition_id, unit_id, registered_at, state)
    select p.id, p.bureau, p.at, p.state from p
    union select p.id, p.source, p.at, p.state from p where p.source is not null
    union select p.id, b.id, p.at, p.state from p ${bureausOverProbed(sql`p.region`)}
    on conflict do nothing`;
}

/**
 * A routing change (转送, 交办, 督办…) or a review organ addressed (复查/复核机关, arts. 35–36) makes
 * the petition visible to that unit, for good.
 */
export async function addRoutedVisibility(db: Db, petitionId: string, unitId: string): Promise<void> {
  await db.execute(sql`insert into petition_visibility (petition_id, unit_id, registered_at, state)
    select id, ${unitId}::uuid, registered_at, state from petitions where id = ${petitionId}::uuid
    on conflict do nothing`);
}

/** A new bureau sees the petitions of its region's subtree. */
export async function addBureauVisibility(db: Db, unitId: string, regionCode: string): Promise<void> {
  await db.execute(sql`insert into petition_visibility (petition_id, unit_id, registered_at, state)
    select p.id, ${unitId}::uuid, p.registered_at, p.state from petitions p
    where starts_with(p.region_code, ${regionPrefixSql(sql`${regionCode}::text`)})
    on conflict do nothing`);
}

/**
 * Set-based visibility of the petitions `chosen` reads (a FROM item `p` of petitions rows): their few routing
 * columns are read once, then each unit that sees one — its bureau, the unit that assigned it, its review
 * organs, the units it was routed to and every bureau over its region. A unit found twice (its bureau is also
 * a bureau over its region) is inserted once by ON CONFLICT. Idempotent.
 */
const visibilitySql = (chosen: SQL) => sql`
  with ${BUREAU_PREFIXES},
  p as materialized (
    select p.id, p.bureau_unit_id, p.source_unit_id, p.review_organ_id, p.re_review_organ_id, p.region_code,
      p.registered_at, p.state
    from ${chosen}
  )
  insert into petition_visibility (petition_id, unit_id, registered_at, state)
  select p.id, u.unit_id, p.registered_at, p.state
    from p cross join lateral (values (p.bureau_unit_id), (p.source_unit_id), (p.review_organ_id),
      (p.re_review_organ_id)) as u(unit_id)
    where u.unit_id is not null
  union all select p.id, r.unit_id, p.registered_at, p.state from petition_routes r join p on p.id = r.petition_id
  union all select p.id, b.id, p.registered_at, p.state from p ${bureausOver(sql`p.region_code`)}
  on conflict do nothing`;

/** Visibility of every petition `petitionFilter` (over `p`) admits (migration backfill, bench loads, repair). */
export const VISIBILITY_REBUILD_SQL = (petitionFilter: SQL = sql`true`) =>
  visibilitySql(sql`petitions p where ${petitionFilter}`);

/**
 * Visibility of the petitions whose ids `ids` (a query of one column) yields, each found by its primary key
 * (OFFSET 0 keeps each lookup a probe): a chunk of a bulk load, whatever the size of the table around it.
 */
export async function addVisibilityOf(db: Db, ids: SQL): Promise<void> {
  await db.execute(
    visibilitySql(
      sql`(${ids}) as chosen(id) cross join lateral (select * from petitions p where p.id = chosen.id offset 0) p`,
    ),
  );
}

export async function rebuildVisibility(db: Db, petitionFilter?: SQL): Promise<void> {
  await db.execute(VISIBILITY_REBUILD_SQL(petitionFilter));
}
