import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../src/db/client.ts';

/** The rollup as a sorted list of its keys with their net counts (zero counts left out). */
export async function rollupContent(db: Db) {
  const facts = await queryRows<Record<string, unknown>>(
    db,
    sql`select viewer_id, day::text, region_code, unit_id, category_id, channel, purpose, source, leader_name,
      persons, is_repeat, is_skip_level, concluded, acceptance, reply, replied, evaluation, same_day,
      report_approved, resolved, sum(n)::int as n
    from stat_daily group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
    having sum(n) <> 0`,
  );
  const returns = await queryRows<Record<string, unknown>>(
    db,
    sql`select viewer_id, day::text, region_code, responsible_unit_id, unit_id, sum(n)::int as n
    from stat_daily_returns group by 1, 2, 3, 4, 5 having sum(n) <> 0`,
  );
  const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
  return { facts: sorted(facts), returns: sorted(returns) };
}
