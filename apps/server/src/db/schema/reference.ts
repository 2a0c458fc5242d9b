import type { UnitKind } from '@xinfang/contract';
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { regionPrefixSql } from '../region-prefix-sql.ts';

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
    kind: text('kind').$type<UnitKind>().notNull(),
    regionCode: text('region_code').notNull(),
    /**
     * The prefix every code of the unit's region starts with (`regionPrefix`), stored: a new
     * petition finds the bureaus over its region by index probes (bureausOverProbed), not by
     * computing every bureau's prefix.
     */
    regionPrefix: text('region_prefix').generatedAlwaysAs(regionPrefixSql(sql`region_code`)),
    parentId: uuid('parent_id'),
    /** 机关代字: the abbreviation in document numbers (e.g. 兰信). */
    docAbbrev: text('doc_abbrev'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('units_region_idx').on(t.regionCode),
    index('units_bureau_prefix_idx').on(t.regionPrefix).where(sql`kind = 'bureau'`),
  ],
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
export const calendarDays = pgTable(
  'calendar_days',
  {
    /** 'national' (imported schedules, top-level overrides) or the id of the bureau that set it. */
    scope: text('scope').notNull().default('national'),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(), // 'workday' | 'holiday'
    name: text('name'),
    source: text('source').notNull().default('override'), // 'override' | 'import'
  },
  (t) => [primaryKey({ columns: [t.scope, t.date] })],
);

/** 上一级机关、单位: the organs above a unit that decide a 复查 of its opinions (art. 35). */
export const unitUpperOrgans = pgTable(
  'unit_upper_organs',
  {
    unitId: uuid('unit_id').notNull(),
    upperUnitId: uuid('upper_unit_id').notNull(),
    /** 'government' (the government of its region) | 'department' (same-kind department one level up) | 'other' */
    relation: text('relation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.upperUnitId] })],
);

/** A bureau's own policy settings; the rest is inherited from the bureaus above it. */
export const bureauPolicies = pgTable('bureau_policies', {
  unitId: uuid('unit_id').primaryKey(),
  patch: jsonb('patch').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
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

/**
 * One row whose `stamp` changes (a fresh random uuid) with every committed change of what
 * `rulesForUnit` reads: units, bureau_policies, calendar_days, calendar_years (statement triggers
 * of migration 0007). Each process caches the rules per unit under the stamp it read, so every
 * instance sees another's settings change at its next read of the stamp. A random stamp never
 * comes back: not after a rollback, nor after a restore of an older backup.
 */
export const settingsVersion = pgTable('settings_version', {
  id: boolean('id').primaryKey().default(true),
  stamp: uuid('stamp').notNull().default(sql`gen_random_uuid()`),
});
