/**
 * Tier SQL. Definitions (stated once, here):
 * - customers: those with a purchase (an order that is not a return) in the history — identified
 *   orders passing the channel/member filters, from the date filter's start (or the first order)
 *   to the analysis date (`../cohorts/sql.ts` ordersIn);
 * - revenue: their net revenue (sales minus returns) in the history;
 * - tier: the customer's tier in `customers`, which is the current one (the latest value the
 *   files gave), not the tier at the time of each order; none is NULL.
 */
import type { History } from '../customers/asof';
import { ordersIn } from '../cohorts/sql';
import type { Filters } from '../filters';

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
