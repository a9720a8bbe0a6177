/**
 * One row per customer as of an analysis date: the behavioural facts every customer-level
 * analysis (loyal customers, RFM, CPM, lists, CLV) starts from. Defined once, here.
 *
 * - purchases: orders (rows of `order_facts`) that are not returns/cancellations, on or before `asOf`;
 * - revenue: net (sales minus returns) on or before `asOf`;
 * - first_date / last_date: calendar dates of the first and last purchase;
 * - recency_days = asOf − last_date; tenure_days = asOf − first_date;
 * - avg_gap_days: mean days between purchase days ((last − first) / (purchase days − 1)),
 *   NULL for customers who bought on one day only.
 * Only identified customers with at least one purchase by `asOf` appear. `from` (optional)
 * limits the history that counts; channel and member filters apply to orders as everywhere.
 */
import { dateLit } from '../../engine/sql';
import { segmentWhere, type Filters } from '../filters';

export interface CustomerSummaryOptions {
  /** The analysis date, YYYY-MM-DD (inclusive). */
  asOf: string;
  /** Ignore orders before this date, YYYY-MM-DD. */
  from?: string | null;
  /**
   * Include purchase_days and avg_gap_days (default true). Counting distinct days per customer
   * is the costliest part of the summary; segmentations that never read them leave them out.
   */
  gaps?: boolean;
}

export function customerSummarySql(f: Filters, o: CustomerSummaryOptions): string {
  const from = o.from ? `AND d >= ${dateLit(o.from)}` : '';
  const gaps = o.gaps === false ? '' : `
      count(DISTINCT d) FILTER (WHERE NOT is_return) AS purchase_days,
      CASE WHEN count(DISTINCT d) FILTER (WHERE NOT is_return) > 1
        THEN (max(d) FILTER (WHERE NOT is_return) - min(d) FILTER (WHERE NOT is_return)) / (count(DISTINCT d) FILTER (WHERE NOT is_return) - 1)
      END AS avg_gap_days,`;
  return `SELECT customer_id,
      min(d) FILTER (WHERE NOT is_return) AS first_date,
      max(d) FILTER (WHERE NOT is_return) AS last_date,
      count(*) FILTER (WHERE NOT is_return) AS purchases,${gaps}
      coalesce(sum(amount), 0) AS revenue,
      ${dateLit(o.asOf)} - max(d) FILTER (WHERE NOT is_return) AS recency_days,
      ${dateLit(o.asOf)} - min(d) FILTER (WHERE NOT is_return) AS tenure_days
    FROM (SELECT customer_id, d, amount, is_return FROM order_facts
      WHERE customer_id IS NOT NULL AND ${segmentWhere(f)} AND d <= ${dateLit(o.asOf)} ${from})
    GROUP BY customer_id
    HAVING count(*) FILTER (WHERE NOT is_return) > 0`;
}

/** The last order date in the data (the default analysis date), YYYY-MM-DD or null. */
export const LAST_DATE_SQL = `SELECT strftime(last, '%Y-%m-%d') AS last FROM order_span`;

/** The first and last date of identified orders (before channel/member filters: the export's span). */
export const DATA_SPAN_SQL = `SELECT strftime(first, '%Y-%m-%d') AS first, strftime(last, '%Y-%m-%d') AS last FROM order_span`;
