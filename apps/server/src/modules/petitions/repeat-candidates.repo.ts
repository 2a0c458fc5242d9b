import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

export type RepeatCandidate = {
  id: string;
  caseNo: string;
  registeredOn: string;
  title: string;
  confidential: boolean;
};

/** At most this many earlier petitions are suggested. */
export const REPEAT_CANDIDATES = 10;

/**
 * The newest ten earlier petitions of the bureau with the same blind index as a person of the
 * petition (`self`, `me` in scope): a backward walk of (key, bureau, registered_at) that stops.
 */
const earlierBy = (key: 'id_number_index' | 'phone_index') => {
  const column = sql.raw(key);
  return sql`select m.petition_id from self s cross join me cross join lateral (
    select x.petition_id from petitioners x
      where x.${column} = me.${column} and x.bureau_unit_id = s.bureau_unit_id
        and x.registered_at < s.registered_at
      order by x.registered_at desc limit ${REPEAT_CANDIDATES}
  ) m`;
};

/**
 * Earlier petitions of the same bureau by the same person (same ID number or phone, matched on
 * their blind indexes), newest first, at most ten. Used to suggest 重复信访 links; staff decide,
 * nothing is linked automatically. One statement: the petition, its people's blind indexes and the
 * candidates. Each key reads at most ten entries of (blind index, bureau, registered_at), backward
 * from the petition's registration time: a person with 500 earlier petitions costs what one with
 * five does.
 */
export async function findEarlierBySamePerson(
  db: Db,
  petitionId: string,
): Promise<{
  self: { id: string; state: string; isRepeat: boolean } | undefined;
  candidates: RepeatCandidate[];
}> {
  const [row] = await queryRows<{
    id: string;
    state: string;
    is_repeat: boolean;
    candidates: RepeatCandidate[] | string;
  }>(
    db,
    sql`with self as (
        select id, state, is_repeat, bureau_unit_id, registered_at from petitions where id = ${petitionId}::uuid
      ),
      me as (select id_number_index, phone_index from petitioners where petition_id = ${petitionId}::uuid),
      same_person as (${earlierBy('id_number_index')} union ${earlierBy('phone_index')}),
      earlier as (
        select p.id, p.case_no, p.registered_on, p.title, p.confidential, p.registered_at
        from same_person m
        join petitions p on p.id = m.petition_id
        order by p.registered_at desc, p.id desc
        limit ${REPEAT_CANDIDATES}
      )
      select s.id, s.state, s.is_repeat,
        (select coalesce(json_agg(json_build_object('id', e.id, 'caseNo', e.case_no,
            'registeredOn', e.registered_on, 'title', e.title, 'confidential', e.confidential)
            order by e.registered_at desc, e.id desc), '[]'::json) from earlier e) as candidates
      from self s`,
  );
  if (!row) return { self: undefined, candidates: [] };
  const candidates = typeof row.candidates === 'string' ? JSON.parse(row.candidates) : row.candidates;
  return { self: { id: row.id, state: row.state, isRepeat: row.is_repeat }, candidates };
}
