/**
 * The columns a customer list can show, what kind of value each holds, and the shape of a
 * list base. Customer lists are personal data: they are shown and exported on this device
 * only and never enter snapshots, share links or reports.
 */

export const LIST_COLUMNS = [
  'customer_id',
  // behaviour (customers/summary.ts), dates as 'YYYY-MM-DD'
  'purchases', 'revenue', 'first_date', 'last_date', 'recency_days', 'tenure_days', 'avg_gap_days', 'spend_rank',
  // attributes joined by every list from `customers`
  'tier', 'region', 'member_since', 'birthday',
  // at-risk lists
  'overdue_days', 'expected_date',
  // occasion lists
  'occasion', 'occasion_date', 'days_until', 'years',
  // provided by other analyses' bases when they have them
  'segment',
  // predicted CLV (analyses/clv): value over the horizon, P(alive), purchases in the next N days, value of a purchase
  'clv', 'p_alive', 'expected_purchases', 'expected_value',
  // survey-answer lists (lists/answers.ts): one row per answer, keyed by response_key
  'response_key', 'answered_on', 'days_since', 'score', 'band', 'touchpoint', 'comment',
  // the follow-up mark kept on this device (state/followups.svelte.ts), joined for hiding and export
  'followed_up', 'followed_up_at'
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

/** Attributes every list joins from `customers` (a base must not yield these names itself). */
export const LIST_ATTRIBUTE_COLUMNS = ['tier', 'region', 'member_since', 'birthday'] as const satisfies readonly ListColumn[];

/**
 * text; number (counts, days, ranks; fractional ones such as expected purchases too); money
 * (net amounts); percent (a probability 0–1); date ('YYYY-MM-DD' text, sorts as a date).
 */
export type ListColumnKind = 'text' | 'number' | 'money' | 'percent' | 'date';

export const LIST_COLUMN_KINDS: Readonly<Record<ListColumn, ListColumnKind>> = {
  customer_id: 'text',
  purchases: 'number',
  revenue: 'money',
  first_date: 'date',
  last_date: 'date',
  recency_days: 'number',
  tenure_days: 'number',
  avg_gap_days: 'number',
  spend_rank: 'number',
  tier: 'text',
  region: 'text',
  member_since: 'date',
  birthday: 'date',
  overdue_days: 'number',
  expected_date: 'date',
  occasion: 'text',
  occasion_date: 'date',
  days_until: 'number',
  years: 'number',
  segment: 'text',
  clv: 'money',
  p_alive: 'percent',
  expected_purchases: 'number',
  expected_value: 'money',
  response_key: 'text',
  answered_on: 'date',
  days_since: 'number',
  score: 'number',
  band: 'text',
  touchpoint: 'text',
  comment: 'text',
  followed_up: 'text',
  followed_up_at: 'text'
};

export type SortDir = 'asc' | 'desc';

export interface ListSort {
  column: ListColumn;
  dir: SortDir;
}

/** A click on `column`'s header: the same column turns around; another starts A→Z for text, highest first otherwise. */
export function clickedSort(current: ListSort | null, column: ListColumn): ListSort {
  if (current?.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: LIST_COLUMN_KINDS[column] === 'text' ? 'asc' : 'desc' };
}

/**
 * A list's rows before search, sort and paging: a SQL query yielding `customer_id` and some of
 * LIST_COLUMNS (never the attribute columns, which the list joins unless `attributes` is false),
 * with what the UI needs to show it. Other analyses (segments, CLV) can build their own; a bare SQL string also works
 * where a ListBase is accepted (then the key is customer_id and the sort is not checked).
 */
export interface ListBase {
  /** What the list is, for the UI's title and the export's file name. */
  kind: 'customers' | 'loyal' | 'at_risk' | 'occasions' | (string & {});
  sql: string;
  /** The base's own columns, in display order (the attributes follow them). */
  columns: readonly ListColumn[];
  /**
   * Columns that identify a row; the last tie-break of every sort so paging is stable. Just
   * customer_id unless a customer can appear more than once (occasions).
   */
  key: readonly ListColumn[];
  defaultSort: ListSort;
  /** The columns the search looks in (default: customer_id). */
  search?: readonly ListColumn[];
  /**
   * Join the customer attributes (default true; a list of comments has no use for birthdays).
   * 'joined': the base's rows have them already, after its own columns (a pre-built table).
   */
  attributes?: boolean | 'joined';
  /**
   * The SQL reads a table computed once already (e.g. a page's pre-built member table, narrowed
   * by a WHERE), so `materializeList` uses it as it is instead of copying it again.
   */
  materialized?: boolean;
  /** How many rows the base has, when already known (a list without a search then asks no count). */
  count?: number;
}

/** One row of a list page: `customer_id` plus whatever columns the base and attributes give. */
export type ListCell = string | number | null;
export type CustomerListRow = { customer_id: string } & Partial<Record<ListColumn, ListCell>>;

/** The attributes a list of this base joins (none when the base says so). */
export function attributeColumns(base: ListBase): readonly ListColumn[] {
  return base.attributes === false ? [] : LIST_ATTRIBUTE_COLUMNS;
}

/** Every column a list of this base shows, in order: its own, then the joined attributes. */
export function listColumns(base: ListBase): ListColumn[] {
  return [...base.columns, ...attributeColumns(base)];
}

/** The requested sort when the base has that column, else the base's default. */
export function sortFor(base: ListBase, requested: Partial<ListSort> | null | undefined): ListSort {
  const cols = listColumns(base);
  if (requested?.column && cols.includes(requested.column)) {
    return { column: requested.column, dir: requested.dir === 'desc' ? 'desc' : 'asc' };
  }
  return base.defaultSort;
}
