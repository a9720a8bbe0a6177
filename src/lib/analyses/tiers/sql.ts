/**
 * Tier SQL. Definitions (stated once, here):
 * - customers: those with a purchase (an order that is not a return) in the history — identified
 *   orders passing the channel/member filters, from the date filter's start (or the first order)
 *   to the analysis date (`../cohorts/sql.ts` ordersIn);
 * - revenue: their net revenue (sales minus returns) in the history;
 * - tier: the customer's tier in `customers`, which is the current one (the latest value the
 *   files gave), not the tier at the time of each order; none is NULL;
 * - movement: read only from orders that carry a tier (an orders column mapped as tier: the
 *   customer's tier when they ordered; an order's lines give one, the last line's). Of the orders
 *   passing the channel/member filters in the history, each customer with such orders on two days
 *   or more moves from the tier of the first (by order time) to the tier of the last.
 */
import type { History } from '../customers/asof';
import { ordersIn } from '../cohorts/sql';
import { dateLit } from '../../engine/sql';
import { segmentWhere, type Filters } from '../filters';

/** One row: whether any customer has a tier. */
export const TIERS_PRESENT_SQL = `SELECT EXISTS (SELECT 1 FROM customers WHERE tier IS NOT NULL) AS present`;

/** One row per tier (NULL: no tier): tier, customers, revenue, and the mean, sample variance and median of revenue per customer. */
export function tierGroupsSql(f: Filters, h: History): string {
  return `WITH o AS (${ordersIn(f, h)}),
    cust AS (SELECT customer_id, sum(amount) AS revenue FROM o GROUP BY customer_id HAVING bool_or(NOT is_return))
    SELECT c.tier, count(*) AS customers, sum(cust.revenue) AS revenue, avg(cust.revenue) AS mean,
      var_samp(cust.revenue) AS variance, median(cust.revenue) AS median
    FROM cust LEFT JOIN customers c USING (customer_id) GROUP BY c.tier`;
}

/** One row: whether any identified order carries a tier. */
export const TIERS_ON_ORDERS_SQL = `SELECT EXISTS (SELECT 1 FROM orders WHERE tier IS NOT NULL AND customer_id IS NOT NULL) AS present`;

/** One row per pair of tiers (from, to) with customers: the tier of their first and last tiered order in the history. */
export function tierMovesSql(f: Filters, h: History): string {
  return `WITH tiered AS (
      SELECT customer_id, order_id, arg_max(tier, source_row) AS tier, max(order_date) AS ts
      FROM orders WHERE customer_id IS NOT NULL AND tier IS NOT NULL GROUP BY customer_id, order_id),
    o AS (
      SELECT customer_id, d, t.tier, t.ts FROM order_facts JOIN tiered t USING (customer_id, order_id)
      WHERE ${segmentWhere(f)} AND d BETWEEN ${dateLit(h.from)} AND ${dateLit(h.asOf)}),
    per AS (
      SELECT customer_id, arg_min(tier, ts) AS from_tier, arg_max(tier, ts) AS to_tier
      FROM o GROUP BY customer_id HAVING count(DISTINCT d) >= 2)
    SELECT from_tier, to_tier, count(*) AS customers FROM per GROUP BY from_tier, to_tier`;
}
