import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';

/**
 * The daily rollup of the statistics report (docs/statistics.md, "Daily rollup"): one row per
 * registration day × viewer × every value a figure groups or filters by, with the number of
 * petitions `n` (negative rows are corrections). Viewer is each unit that may see the petition
 * (the rows of `petition_visibility`) plus the nil uuid for the whole installation. Written only
 * by the triggers of migration 0005 (in the transaction of each change, append-only so no writer
 * waits on another) and by `xinfang stats rebuild`; `compactStatistics` folds equal keys together.
 * The column order is the order of the SQL type `stat_fact` after `viewer_id` (the triggers insert by position).
 */
export const statDaily = pgTable(
  'stat_daily',
  {
    viewerId: uuid('viewer_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    regionCode: text('region_code').notNull(),
    unitId: uuid('unit_id'),
    categoryId: uuid('category_id'),
    channel: text('channel').notNull(),
    purpose: text('purpose').notNull(),
    source: text('source').notNull(),
    leaderName: text('leader_name'),
    persons: integer('persons').notNull(),
    isRepeat: boolean('is_repeat').notNull(),
    isSkipLevel: boolean('is_skip_level').notNull(),
    concluded: boolean('concluded').notNull(),
    /** 受理: 1 on time, 2 late, 3 undecided with a due date, 0 no due date. */
    acceptance: smallint('acceptance').notNull(),
    /** 答复: 1 on time, 2 late, 3 unreplied with a due date, 0 no due date. */
    reply: smallint('reply').notNull(),
    replied: boolean('replied').notNull(),
    /** '' when not rated. */
    evaluation: text('evaluation').notNull(),
    sameDay: boolean('same_day').notNull(),
    reportApproved: boolean('report_approved').notNull(),
    resolved: boolean('resolved'),
    n: integer('n').notNull(),
    /** false on the rows the triggers append; compaction folds a day's rows into folded ones. */
    folded: boolean('folded').notNull().default(false),
  },
  (t) => [
    // Migration 0005 makes it covering (INCLUDE every counted column) for index-only report reads.
    index('stat_daily_viewer_day_idx').on(t.viewerId, t.day),
    index('stat_daily_unfolded_idx').on(t.day).where(sql`not folded`),
  ],
);

/** Returns (退回) per registration day × viewer × returning unit, kept like `stat_daily`. */
export const statDailyReturns = pgTable(
  'stat_daily_returns',
  {
    viewerId: uuid('viewer_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    regionCode: text('region_code').notNull(),
    responsibleUnitId: uuid('responsible_unit_id'),
    unitId: uuid('unit_id').notNull(),
    n: integer('n').notNull(),
    folded: boolean('folded').notNull().default(false),
  },
  (t) => [
    index('stat_daily_returns_viewer_day_idx').on(t.viewerId, t.day),
    index('stat_daily_returns_unfolded_idx').on(t.day).where(sql`not folded`),
  ],
);
