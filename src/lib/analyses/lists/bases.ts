/**
 * The customer lists the actions page offers, as list bases (see lists/sql.ts for search,
 * sort and paging). All build on the per-customer summary and the loyal definition; none
 * redefines purchases, revenue, recency, tenure or the typical gap.
 *
 * Dates leave as 'YYYY-MM-DD' text (sorts like a date, reads well in a CRM import); day
 * counts that are means (avg_gap_days, overdue_days) are rounded to one decimal for display
 * and export, while every rule compares the unrounded values.
 */
import { dateLit, ident, lit } from '../../engine/sql';
import type { Filters } from '../filters';
import { addDays } from '../period';
import type { LoyalDefinition } from '../loyal/definition';
import { loyalCustomersSql, rankedSummarySql, topPercentCondition } from '../loyal/sql';
import { LIST_ATTRIBUTE_COLUMNS, type ListBase, type ListColumn } from './columns';
import { withCustomerAttributesSql } from './sql';

export const SUMMARY_COLUMNS = [
  'customer_id', 'purchases', 'revenue', 'first_date', 'last_date', 'recency_days', 'tenure_days', 'avg_gap_days', 'spend_rank'
] as const satisfies readonly ListColumn[];

/** The summary columns as list columns, from a row `r` of the ranked summary. */
export function summaryColumns(r = 'r', withId = true): string {
  return `${withId ? `${r}.customer_id, ` : ''}${r}.purchases, ${r}.revenue,
    strftime(${r}.first_date, '%Y-%m-%d') AS first_date, strftime(${r}.last_date, '%Y-%m-%d') AS last_date,
    ${r}.recency_days, ${r}.tenure_days, round(${r}.avg_gap_days, 1) AS avg_gap_days, ${r}.spend_rank`;
}

/** Every customer with a purchase by `asOf`. */
export function allCustomersBase(f: Filters, asOf: string): ListBase {
  return {
    kind: 'customers',
    sql: `SELECT ${summaryColumns()} FROM (${rankedSummarySql(f, asOf)}) r`,
    columns: SUMMARY_COLUMNS,
    key: ['customer_id'],
    defaultSort: { column: 'revenue', dir: 'desc' }
  };
}

/** The loyal customers under `def` as of `asOf` (`ranked`: the cached ranked summary, see `rankedSummarySql`). */
export function loyalListBase(f: Filters, def: LoyalDefinition, asOf: string, ranked?: string): ListBase {
  return {
    kind: 'loyal',
    sql: `SELECT ${summaryColumns()} FROM (${loyalCustomersSql(f, def, asOf, ranked)}) r WHERE r.loyal`,
    columns: SUMMARY_COLUMNS,
    key: ['customer_id'],
    defaultSort: { column: 'revenue', dir: 'desc' }
  };
}

export interface AtRiskOptions {
  /** "Valuable" = in the top N % of customers by net revenue (0 < N ≤ 100; default 20). */
  valueTopPercent?: number;
  /** At risk when days since the last purchase > multiplier × the customer's typical gap (> 0; default 1). */
  gapMultiplier?: number;
}

/**
 * Valuable customers who are late by their own rhythm: in the top N % by net revenue (ranked
 * among all customers with a purchase, as for loyalty), bought on at least 2 days (so they have
 * a typical gap), and recency_days > gapMultiplier × avg_gap_days — strictly: a customer exactly
 * at their typical gap is on time, one day past it is at risk.
 * overdue_days = recency_days − avg_gap_days and expected_date = last_date + avg_gap_days
 * (rounded to whole days) describe the customer's own rhythm, whatever the multiplier.
 * Invalid options fall back to their defaults; N > 100 is 100.
 */
export function atRiskBase(f: Filters, asOf: string, o: AtRiskOptions = {}): ListBase {
  const top = Number.isFinite(o.valueTopPercent) && o.valueTopPercent! > 0 ? Math.min(o.valueTopPercent!, 100) : 20;
  const k = Number.isFinite(o.gapMultiplier) && o.gapMultiplier! > 0 ? o.gapMultiplier! : 1;
  return {
    kind: 'at_risk',
    sql: `SELECT ${summaryColumns()},
        round(r.recency_days - r.avg_gap_days, 1) AS overdue_days,
        strftime(r.last_date + CAST(round(r.avg_gap_days) AS INTEGER), '%Y-%m-%d') AS expected_date
      FROM (${rankedSummarySql(f, asOf)}) r
      WHERE r.purchase_days >= 2 AND ${topPercentCondition(top)} AND r.recency_days > ${lit(k)} * r.avg_gap_days`,
    columns: [...SUMMARY_COLUMNS, 'overdue_days', 'expected_date'],
    key: ['customer_id'],
    defaultSort: { column: 'revenue', dir: 'desc' }
  };
}

export interface OccasionOptions {
  /** Today, YYYY-MM-DD: the window's first day. */
  from: string;
  /** The window is [from, from + days], both ends included; whole days 0..366 (default 30). */
  days?: number;
  /** The date loyalty is judged at (default `from`). */
  asOf?: string;
}

/** A year is a leap year (Gregorian), as SQL on an integer column. */
function leap(y: string): string {
  return `((${y} % 4 = 0 AND ${y} % 100 <> 0) OR ${y} % 400 = 0)`;
}

/**
 * Loyal customers (under `def`, judged as of `asOf`, default `from`) with a birthday or a
 * membership anniversary in [from, from + days]:
 * - the window may cross the new year (12-31 → 01-05 looks in both years);
 * - a 29 February birthday or join date is celebrated on 28 February in common years;
 * - anniversaries start at 1 year (the join day itself is not one); `years` is the
 *   membership years completed on that day;
 * - for birthdays `years` is the age turned, given only when it is plausible (10 to 110),
 *   since exports often use a placeholder year; the birthday is listed either way;
 * - a customer can appear twice: once for the birthday and once for the anniversary (and,
 *   with a window longer than a year, once per occurrence). The key is (customer_id,
 *   occasion, occasion_date).
 * days_until = occasion_date − from. Default order: soonest first.
 */
export function occasionsBase(f: Filters, def: LoyalDefinition, o: OccasionOptions): ListBase {
  const days = Number.isFinite(o.days) ? Math.min(366, Math.max(0, Math.floor(o.days!))) : 30;
  const from = o.from;
  dateLit(from); // refuses anything but YYYY-MM-DD before any date arithmetic
  const to = addDays(from, days);
  const asOf = o.asOf ?? from;
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  const day = `CASE WHEN month(d.base) = 2 AND day(d.base) = 29 AND NOT ${leap('y.yr')} THEN 28 ELSE day(d.base) END`;
  return {
    kind: 'occasions',
    sql: `WITH loyal AS (SELECT * FROM (${loyalCustomersSql(f, def, asOf)}) lc WHERE lc.loyal),
      dates AS (
        SELECT l.customer_id, 'birthday' AS occasion, c.birthday AS base
          FROM loyal l JOIN customers c ON c.customer_id = l.customer_id WHERE c.birthday IS NOT NULL
        UNION ALL
        SELECT l.customer_id, 'anniversary' AS occasion, c.member_since AS base
          FROM loyal l JOIN customers c ON c.customer_id = l.customer_id WHERE c.member_since IS NOT NULL),
      occ AS (
        SELECT d.customer_id, d.occasion, make_date(y.yr, month(d.base), ${day}) AS occasion_date, y.yr - year(d.base) AS n_years
        FROM dates d CROSS JOIN (VALUES ${years.map((y) => `(${lit(y)})`).join(', ')}) AS y(yr))
      SELECT o.customer_id, o.occasion, strftime(o.occasion_date, '%Y-%m-%d') AS occasion_date,
        o.occasion_date - ${dateLit(from)} AS days_until,
        CASE WHEN o.occasion = 'anniversary' OR o.n_years BETWEEN 10 AND 110 THEN o.n_years END AS years,
        ${summaryColumns('r', false)}
      FROM occ o JOIN loyal r ON r.customer_id = o.customer_id
      WHERE o.occasion_date BETWEEN ${dateLit(from)} AND ${dateLit(to)}
        AND (o.occasion = 'birthday' OR o.n_years >= 1)`,
    columns: ['customer_id', 'occasion', 'occasion_date', 'days_until', 'years', ...SUMMARY_COLUMNS.slice(1)],
    key: ['customer_id', 'occasion', 'occasion_date'],
    defaultSort: { column: 'occasion_date', dir: 'asc' }
  };
}

/**
 * The customers of a segmentation (RFM or CPM), all or one segment, from that scheme's own
 * customer SQL (`rfmCustomersSql` / `cpmCustomersSql`), for the segments page's member list.
 */
export function segmentListBase(scheme: 'rfm' | 'cpm', customersSql: string): ListBase {
  return {
    kind: `segment_${scheme}`,
    sql: `SELECT customer_id, segment, purchases, revenue, last_date, recency_days FROM (${customersSql})`,
    columns: ['customer_id', 'segment', 'purchases', 'revenue', 'last_date', 'recency_days'],
    key: ['customer_id'],
    defaultSort: { column: 'revenue', dir: 'desc' }
  };
}

/**
 * The rows of every segment's member list at once (`segmentListBase`'s columns, then the
 * customer attributes), for a table built once per scoring: a segment's list then reads its
 * rows from there (`segmentMembersBase`) instead of copying them and joining the attributes
 * again on every click.
 */
export function segmentMembersSql(customersSql: string): string {
  return withCustomerAttributesSql(segmentListBase('rfm', customersSql).sql);
}

/**
 * The member list of one segment (all scored customers for null) from a `segmentMembersSql`
 * table; `count`: its size when known (the segment table's customers).
 */
export function segmentMembersBase(scheme: 'rfm' | 'cpm', members: string, segment: string | null, count?: number): ListBase {
  return {
    ...segmentListBase(scheme, members),
    sql: segment === null ? members : `SELECT * FROM (${members}) m WHERE m.segment = ${lit(segment)}`,
    attributes: 'joined',
    materialized: true,
    ...(count !== undefined && { count })
  };
}

/** The columns of a predicted-CLV table (`ClvResult.table`) that lists can show. */
const PREDICTION_COLUMNS = ['clv', 'p_alive', 'expected_purchases', 'expected_value'] as const satisfies readonly ListColumn[];

/**
 * Any list with predicted CLV and P(alive) joined from a predictions table (customers the
 * predictions do not cover get NULLs). A base that has them already is returned as it is.
 */
export function withPredictions(base: ListBase, table: string): ListBase {
  if (base.columns.includes('clv')) return base;
  // Attributes already in the rows stay last, as when they are joined after the predictions.
  const joined = base.attributes === 'joined';
  const own = joined ? base.columns.map((c) => `b.${ident(c)}`).join(', ') : 'b.*';
  const attrs = joined ? LIST_ATTRIBUTE_COLUMNS.map((c) => `, b.${ident(c)}`).join('') : '';
  return {
    ...base,
    sql: `SELECT ${own}, p.clv, p.p_alive${attrs} FROM (${base.sql}) b LEFT JOIN ${ident(table)} p ON p.customer_id = b.customer_id`,
    columns: [...base.columns, 'clv', 'p_alive'],
    materialized: false
  };
}

/**
 * Every customer of the predictions with their predictions first, then the usual summary
 * columns; highest predicted CLV first. `asOf` must be the predictions' analysis date.
 */
export function clvListBase(f: Filters, asOf: string, table: string): ListBase {
  return {
    kind: 'clv',
    sql: `SELECT ${PREDICTION_COLUMNS.map((c) => `p.${c}`).join(', ')}, ${summaryColumns()}
      FROM ${ident(table)} p JOIN (${rankedSummarySql(f, asOf)}) r ON r.customer_id = p.customer_id`,
    columns: ['customer_id', ...PREDICTION_COLUMNS, 'purchases', 'revenue', 'first_date', 'last_date', 'recency_days'],
    key: ['customer_id'],
    defaultSort: { column: 'clv', dir: 'desc' }
  };
}
