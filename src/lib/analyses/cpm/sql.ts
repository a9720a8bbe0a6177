/**
 * CPM SQL on the per-customer summary (`../customers/summary.ts`): each customer's stage and
 * state as of the analysis date, by the rules of `./segments.ts`.
 */
import { lit } from '../../engine/sql';
import { customerSummarySql } from '../customers/summary';
import type { Filters } from '../filters';
import { cpmStageCase, cpmStateCase, isCpmSegmentId, type CpmSegmentId } from './segments';
import type { CpmThresholds } from './thresholds';

export interface CpmSqlOptions {
  /** The analysis date, YYYY-MM-DD (resolved; see `../rfm/asof.ts`). */
  asOf: string;
  /** Validated thresholds (`resolveCpmThresholds`). */
  thresholds: CpmThresholds;
  /** The selected segment, for lists. */
  segment?: CpmSegmentId | null;
}

/**
 * One row per customer: the summary's columns plus span_days (CPM tenure, first to last
 * purchase), stage, state and segment (stage_state).
 * History starts at `filters.from` when set; channel and member filters apply as everywhere.
 */
export function cpmClassifiedSql(f: Filters, asOf: string, t: CpmThresholds): string {
  return `SELECT *, stage || '_' || state AS segment FROM (
    SELECT *, ${cpmStageCase(t)} AS stage, ${cpmStateCase(t)} AS state FROM (
      SELECT *, tenure_days - recency_days AS span_days
      FROM (${customerSummarySql(f, { asOf, from: f.from, gaps: false })})))`;
}

/** Size and revenue per segment, with shares of all classified customers. */
export function cpmSegmentsSql(f: Filters, asOf: string, t: CpmThresholds): string {
  return `SELECT segment, count(*) AS customers,
      count(*) / sum(count(*)) OVER () AS share,
      sum(revenue) AS revenue,
      sum(revenue) / nullif(sum(sum(revenue)) OVER (), 0) AS revenueShare,
      avg(recency_days) AS avgRecencyDays, avg(span_days) AS avgSpanDays,
      avg(purchases) AS avgPurchases, avg(revenue) AS avgRevenue
    FROM (${cpmClassifiedSql(f, asOf, t)}) GROUP BY segment`;
}

/** The customer list (tables and CSV export; never for snapshots): highest spend first. */
export function cpmCustomersSql(f: Filters, o: CpmSqlOptions): string {
  let where = 'true';
  if (o.segment != null) {
    if (!isCpmSegmentId(o.segment)) throw new Error(`unknown CPM segment: ${o.segment}`);
    where = `segment = ${lit(o.segment)}`;
  }
  return `SELECT customer_id, segment, stage, state, purchases, revenue, span_days, recency_days,
      strftime(first_date, '%Y-%m-%d') AS first_date, strftime(last_date, '%Y-%m-%d') AS last_date
    FROM (${cpmClassifiedSql(f, o.asOf, o.thresholds)}) WHERE ${where}
    ORDER BY revenue DESC, customer_id`;
}
