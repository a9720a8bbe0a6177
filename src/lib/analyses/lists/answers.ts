/**
 * Lists of survey answers, as list bases (search, sort, paging and export are lists/sql.ts's):
 * the follow-up list of answers in the low group, and the comment browser. Both read the
 * counted answers of one scale and reading (nps/sql.ts `npsAnswersSql`), one row per answer,
 * keyed by its `response_key` (stable across reloads of the same file, so a follow-up mark
 * kept on this device finds its answer again). Answers are personal data when they carry a
 * customer id, and comments are free text: both stay on this device, like every list.
 *
 * Dates leave as 'YYYY-MM-DD' text, as in the customer lists.
 */
import { dateLit, lit, SqlValueError } from '../../engine/sql';
import { customerSummarySql } from '../customers/summary';
import type { Filters } from '../filters';
import type { LoyalDefinition } from '../loyal/definition';
import { loyalCustomersSql } from '../loyal/sql';
import { npsAnswersSql, npsLatestSql, type AnswerScope } from '../nps/sql';
import { SUMMARY_COLUMNS, summaryColumns } from './bases';
import { BANDS, type Band } from '../nps/scale';
import type { ListBase, ListColumn } from './columns';

/** The follow-up windows offered: the last N days of answers; null is every answer. */
export const FOLLOW_UP_WINDOWS = [30, 90, 180, null] as const;
export type FollowUpWindow = (typeof FOLLOW_UP_WINDOWS)[number];

export interface FollowUpOptions {
  /** Today, YYYY-MM-DD: what days_since counts from. */
  today: string;
  /**
   * The date net spend is summed to (the data's last order date, capped by the date filter:
   * customers/asof.ts), or null when there are no identified orders (revenue is then NULL).
   */
  asOf: string | null;
  /**
   * The last N days of answers, counted back from the latest counted answer (of any group), so
   * an old export still shows its recent answers: N days including that day. Null: all.
   */
  windowDays: number | null;
}

const DATE_TEXT = (col: string) => `strftime(${col}, '%Y-%m-%d')`;

/**
 * Answers in the low group (detractors, or the dissatisfied under 'top2') in the window, with
 * the answer's date, days since it (from `today`), score, touchpoint, comment, the customer id
 * (NULL when the survey had none) and the customer's net spend by `asOf` (the per-customer
 * summary's revenue; NULL for a customer without purchases). Newest first.
 */
export function followUpBase(f: Filters, scope: AnswerScope, o: FollowUpOptions): ListBase {
  const today = dateLit(o.today);
  const days = o.windowDays === null || !Number.isFinite(o.windowDays) ? null : Math.max(1, Math.floor(o.windowDays));
  const spend = o.asOf
    ? `LEFT JOIN (SELECT customer_id, revenue FROM (${customerSummarySql(f, { asOf: o.asOf, from: f.from, gaps: false })})) s ON s.customer_id = a.customer_id`
    : 'LEFT JOIN (SELECT NULL::VARCHAR AS customer_id, NULL::DOUBLE AS revenue WHERE false) s ON s.customer_id = a.customer_id';
  const window = days === null ? '' : `AND a.answered_on > (SELECT max(answered_on) FROM a) - ${lit(days)}`;
  return {
    kind: 'followup',
    sql: `WITH a AS (${npsAnswersSql(f, scope)})
      SELECT a.response_key, ${DATE_TEXT('a.answered_on')} AS answered_on, ${today} - a.answered_on AS days_since,
        a.score, a.touchpoint, a.comment, a.customer_id, s.revenue
      FROM a ${spend}
      WHERE a.band = 'low' ${window}`,
    columns: ['answered_on', 'days_since', 'score', 'touchpoint', 'comment', 'customer_id', 'revenue'],
    key: ['response_key'],
    defaultSort: { column: 'answered_on', dir: 'desc' },
    search: ['customer_id', 'comment', 'touchpoint']
  };
}

/** The first and last day of the counted answers (`first`, `last`, 'YYYY-MM-DD' or NULL) and how many there are (`answers`). */
export function answerSpanSql(f: Filters, scope: AnswerScope): string {
  return `SELECT ${DATE_TEXT('min(answered_on)')} AS first, ${DATE_TEXT('max(answered_on)')} AS last, count(*) AS answers
    FROM (${npsAnswersSql(f, scope)})`;
}

/** One cell of the NPS page's quadrant: the latest answer's group against loyal or not. */
export interface QuadrantCell {
  band: Exclude<Band, 'mid'>;
  loyal: boolean;
}

/**
 * The customers in one quadrant cell (the same count as nps/sql.ts `npsQuadrantSql`): each with
 * their latest answer's date and score, and their purchase summary as of `asOf` (NULL
 * for a customer who answered but bought nothing, never loyal). Highest spend first.
 */
export function quadrantBase(f: Filters, scope: AnswerScope, def: LoyalDefinition, asOf: string, cell: QuadrantCell): ListBase {
  return {
    kind: `nps_${cell.loyal ? 'loyal' : 'other'}_${cell.band}`,
    sql: `SELECT l.customer_id, ${DATE_TEXT('l.answered_on')} AS answered_on, l.score, ${summaryColumns('lc', false)}
      FROM (${npsLatestSql(f, scope, asOf)}) l LEFT JOIN (${loyalCustomersSql(f, def, asOf)}) lc ON lc.customer_id = l.customer_id
      WHERE l.band = ${lit(cell.band)} AND coalesce(lc.loyal, false) = ${cell.loyal ? 'true' : 'false'}`,
    columns: ['customer_id', 'answered_on', 'score', ...SUMMARY_COLUMNS.filter((c) => c !== 'customer_id')],
    key: ['customer_id'],
    defaultSort: { column: 'revenue', dir: 'desc' }
  };
}

/** A follow-up mark kept on this device: the answer's key and when it was set, as the export shows it. */
export interface FollowUpMark {
  key: string;
  at: string;
}

/**
 * A follow-up list with the device's marks joined: followed_up (boolean) and followed_up_at
 * (the mark's time as given). With `hide`, answers already followed up are left out.
 */
export function withFollowUps(base: ListBase, marks: readonly FollowUpMark[], o: { hide?: boolean } = {}): ListBase {
  const unique = [...new Map(marks.map((m) => [m.key, m.at])).entries()];
  const m = unique.length
    ? `(VALUES ${unique.map(([k, at]) => `(${lit(k)}, ${lit(at)})`).join(', ')}) AS m(response_key, followed_up_at)`
    : '(SELECT NULL::VARCHAR AS response_key, NULL::VARCHAR AS followed_up_at WHERE false) AS m';
  const extra: ListColumn[] = ['followed_up', 'followed_up_at'];
  return {
    ...base,
    sql: `SELECT b.*, m.followed_up_at IS NOT NULL AS followed_up, m.followed_up_at
      FROM (${base.sql}) b LEFT JOIN ${m} ON m.response_key = b.response_key
      ${o.hide ? 'WHERE m.followed_up_at IS NULL' : ''}`,
    columns: [...base.columns.filter((c) => !extra.includes(c)), ...extra]
  };
}

/**
 * Every counted answer with a comment (not blank): date, group ('high' | 'mid' | 'low'),
 * score, touchpoint and the comment as it was written. Newest first; the search looks in the
 * comments. No customer attributes: this is for reading what people said.
 */
export function commentsBase(f: Filters, scope: AnswerScope): ListBase {
  return {
    kind: 'comments',
    sql: `SELECT a.response_key, ${DATE_TEXT('a.answered_on')} AS answered_on, a.band, a.score, a.touchpoint, a.comment
      FROM (${npsAnswersSql(f, scope)}) a
      WHERE a.comment IS NOT NULL AND trim(a.comment) <> ''`,
    columns: ['answered_on', 'band', 'score', 'touchpoint', 'comment'],
    key: ['response_key'],
    defaultSort: { column: 'answered_on', dir: 'desc' },
    search: ['comment'],
    attributes: false
  };
}

/** What the comment browser narrows to; every part optional. */
export interface CommentFilter {
  band?: Band | null;
  /** A calendar month, 'YYYY-MM'. */
  month?: string | null;
  /** A touchpoint; `NO_TOUCHPOINT` for answers without one; null or undefined: any. */
  touchpoint?: string | typeof NO_TOUCHPOINT | null;
}

/** The touchpoint filter's value for answers that have none. */
export const NO_TOUCHPOINT: unique symbol = Symbol('no touchpoint');

/** A base of answers (commentsBase, or its materialised table) narrowed by group, month and touchpoint. */
export function narrowAnswers(base: ListBase, c: CommentFilter): ListBase {
  const where: string[] = [];
  if (c.band) {
    if (!(BANDS as readonly string[]).includes(c.band)) throw new SqlValueError(`not a group: ${c.band}`);
    where.push(`band = ${lit(c.band)}`);
  }
  if (c.month) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(c.month)) throw new SqlValueError(`not a month: ${c.month}`);
    where.push(`answered_on LIKE ${lit(c.month + '-%')}`);
  }
  if (c.touchpoint === NO_TOUCHPOINT) where.push('touchpoint IS NULL');
  else if (typeof c.touchpoint === 'string') where.push(`touchpoint = ${lit(c.touchpoint)}`);
  return where.length ? { ...base, sql: `SELECT * FROM (${base.sql}) n WHERE ${where.join(' AND ')}` } : base;
}

export type AnswerFacet = 'band' | 'month' | 'touchpoint';

/**
 * What a base of answers can be narrowed to, with how many answers each holds: rows (facet,
 * value, answers), groups best first, months newest first, touchpoints most answered first
 * (value NULL: answers without a touchpoint).
 */
export function answerFacetsSql(base: ListBase): string {
  const order = `CASE facet WHEN 'band' THEN 0 WHEN 'month' THEN 1 ELSE 2 END,
    CASE WHEN facet = 'band' THEN CASE value ${BANDS.map((b, i) => `WHEN '${b}' THEN ${i}`).join(' ')} END END,
    CASE WHEN facet = 'month' THEN value END DESC,
    CASE WHEN facet = 'touchpoint' THEN answers END DESC, value NULLS LAST`;
  return `WITH b AS (${base.sql})
    SELECT facet, value, answers FROM (
      SELECT 'band' AS facet, band AS value, count(*) AS answers FROM b GROUP BY band
      UNION ALL SELECT 'month', substr(answered_on, 1, 7), count(*) FROM b GROUP BY substr(answered_on, 1, 7)
      UNION ALL SELECT 'touchpoint', touchpoint, count(*) FROM b GROUP BY touchpoint)
    ORDER BY ${order}`;
}
