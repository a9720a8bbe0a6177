/**
 * Points SQL. Definitions (stated once, here):
 * - points come from `orders` (order_facts does not carry them): an order's points are the sum
 *   over its lines, so a return line's negative points (taken back, or given back) count against
 *   the order's; empty cells count as 0 where the column exists;
 * - orders are identified orders passing the channel/member filters (as `order_facts` sees them,
 *   like every analysis); the history runs from the date filter's start (or the first order) to
 *   the analysis date (../customers/asof.ts); months are calendar months of the order's day;
 * - earned and used are net sums; earners / redeemers are customers with an order whose points
 *   earned / used are not 0; earning revenue is the net revenue of those earning orders;
 * - the opening balance is earned − used over the data's orders before the history (none when the
 *   history begins with the data). The balance counts what the data shows: points earned before
 *   the export began, expired or adjusted by hand are not in it, so it is the liability as far as
 *   the orders tell, an upper bound where points expire.
 */
import { dateLit } from '../../engine/sql';
import type { History } from '../customers/asof';
import { periodIndexSql, periodLabelSql, periodStartSql } from '../cohorts/grain';
import { segmentWhere, type Filters } from '../filters';

/** One row: whether any order has a value of points earned (`earned`) / used (`used`). */
export const POINTS_PRESENT_SQL = `SELECT EXISTS (SELECT 1 FROM orders WHERE points_earned IS NOT NULL) AS earned,
  EXISTS (SELECT 1 FROM orders WHERE points_used IS NOT NULL) AS used`;

/** The sums of a flow (see PointsFlow), in the order the rows give them. */
export const FLOW_SUMS = ['earned', 'used', 'earners', 'redeemers', 'customers', 'revenue', 'earningRevenue'] as const;

const FLOW = `coalesce(sum(earned), 0) AS earned, coalesce(sum(used), 0) AS used,
  count(DISTINCT customer_id) FILTER (WHERE earned <> 0) AS earners, count(DISTINCT customer_id) FILTER (WHERE used <> 0) AS redeemers,
  count(DISTINCT customer_id) AS customers, coalesce(sum(amount), 0) AS revenue,
  coalesce(sum(amount) FILTER (WHERE earned <> 0), 0) AS earningRevenue`;

/**
 * Rows tagged by `part`:
 * - 'month': one per month of the history (empty ones with zeros), in order: k, month, the FLOW_SUMS;
 * - 'total': the FLOW_SUMS over the history;
 * - 'opening': balance (earned − used before the history) and customers (with points on those orders).
 */
export function pointsSql(f: Filters, h: History): string {
  const idx = (date: string) => periodIndexSql('month', date);
  const from = dateLit(h.from);
  return `WITH pts AS (
      SELECT customer_id, order_id, sum(points_earned) AS earned, sum(points_used) AS used
      FROM orders WHERE customer_id IS NOT NULL GROUP BY customer_id, order_id),
    o AS MATERIALIZED (
      SELECT customer_id, d, amount, coalesce(pts.earned, 0) AS earned, coalesce(pts.used, 0) AS used
      FROM order_facts LEFT JOIN pts USING (customer_id, order_id)
      WHERE customer_id IS NOT NULL AND ${segmentWhere(f)} AND d <= ${dateLit(h.asOf)}),
    m AS (SELECT ${idx('d')} AS k, ${FLOW} FROM o WHERE d >= ${from} GROUP BY k),
    grid AS (SELECT unnest(range(${idx(from)}, ${idx(dateLit(h.asOf))} + 1)) AS k)
    SELECT 'month' AS part, g.k, ${periodLabelSql('month', periodStartSql('month', 'g.k'))} AS month,
      ${FLOW_SUMS.map((c) => `coalesce(m.${c}, 0) AS ${c}`).join(', ')}
    FROM grid g LEFT JOIN m USING (k)
    UNION ALL BY NAME
    SELECT 'total' AS part, ${FLOW} FROM o WHERE d >= ${from}
    UNION ALL BY NAME
    SELECT 'opening' AS part, coalesce(sum(earned - used), 0) AS balance,
      count(DISTINCT customer_id) FILTER (WHERE earned <> 0 OR used <> 0) AS customers
    FROM o WHERE d < ${from}
    ORDER BY part, k`;
}
