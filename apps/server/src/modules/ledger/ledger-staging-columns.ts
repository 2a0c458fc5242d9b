/**
 * The columns of the staging table a ledger import COPYs into, in COPY order: first those the
 * importing thread fills (the row's place in the file and its deadlines on the bureau's work
 * calendar), then the calendar-free rest, which a worker thread computes and encodes as COPY text.
 */
export const STAGING_DEADLINE_COLUMNS = [
  'seq',
  'acceptance_due_on',
  'reply_due_on',
  'stage',
  'stage_start_on',
  'stage_days',
  'stage_day_mode',
  'stage_due_on',
  'deadline_warnings',
] as const;

export const STAGING_ROW_COLUMNS = [
  'line',
  'new_id',
  'external_no',
  'region_text',
  'category_text',
  'unit_text',
  'channel',
  'purpose',
  'source',
  'persons',
  'is_collective',
  'is_skip_level',
  'is_repeat',
  'confidential',
  'leader_name',
  'title',
  'content',
  'search_vector',
  'search_doc',
  'state',
  'registered_at',
  'registered_on',
  'first_triaged_on',
  'transferred_on',
  'acceptance_decided_on',
  'accepted_on',
  'replied_on',
  'evaluation',
  'evaluated_on',
  'concluded_on',
  'final_on',
  'resolved',
  'report_approved',
  'query_code',
  'query_secret_hash',
  'people',
] as const;

export const STAGING_COLUMNS = [...STAGING_DEADLINE_COLUMNS, ...STAGING_ROW_COLUMNS] as const;
export type StagingDeadlineColumn = (typeof STAGING_DEADLINE_COLUMNS)[number];
export type StagingRowColumn = (typeof STAGING_ROW_COLUMNS)[number];
export type StagingColumn = (typeof STAGING_COLUMNS)[number];
