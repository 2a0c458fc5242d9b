import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** GB/T 2260 administrative divisions (plus 9/12-digit township codes). */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
    level: integer('level').notNull(), // 1 province, 2 city, 3 county, 4 township
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
);

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    regionCode: text('region_code').notNull(),
    parentId: uuid('parent_id'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('units_region_idx').on(t.regionCode)],
);

/** 内容分类: two-level tree, renamable and extensible per bureau. */
export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
);

/** Key/value settings (time limits, calendar mode, thresholds). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Admin overrides of the work calendar and imported official schedules. */
export const calendarDays = pgTable('calendar_days', {
  date: text('date').primaryKey(),
  kind: text('kind').notNull(), // 'workday' | 'holiday'
  name: text('name'),
  source: text('source').notNull().default('override'), // 'override' | 'import'
});

export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  note: text('note'),
});

/** Editable notice templates (书面告知文书); defaults live in code. */
export const noticeTemplates = pgTable('notice_templates', {
  kind: text('kind').primaryKey(),
  template: jsonb('template').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});
