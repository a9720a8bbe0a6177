/**
 * Overview SQL. Definitions (stated once, here, and in the page's "how to read this"):
 * - a purchase is an order (a row of `order_facts`) that is not a return/cancellation;
 * - revenue is net: sales minus returns in the period;
 * - a customer of the period made at least one purchase in it;
 * - repeat-customer rate: customers of the period with 2+ purchases up to the period's end;
 * - top-20 % share: revenue of the ceil(20 %) highest-revenue customers of the period / revenue
 *   of all customers of the period (which of two tied customers ranks first changes no sum, so
 *   the ranking needs no tie-break: sorting on one number is a good part faster);
 * - active customers: customers with a purchase in the 90 days ending at the period's end;
 * - a month's new customers made their first purchase (within the filtered history) that month.
 * Orders without a customer id are left out of all of these and counted separately.
 *
 * Everything comes from one statement with one pass over the orders per customer (`cust`),
 * because DuckDB-WASM runs single-threaded and each pass over a million orders counts.
 */
import { dateLit } from '../../engine/sql';
import { segmentWhere, type Filters } from '../filters';
import type { Period } from '../period';
import { DATA_SPAN_SQL } from '../customers/summary';

function identified(f: Filters): string {
  return `SELECT customer_id, d, amount, is_return FROM order_facts WHERE customer_id IS NOT NULL AND ${segmentWhere(f)}`;
}

/** The first and last day of identified orders passing the filters' segment; known from the load without one. */
export function boundsSql(f: Filters): string {
  return segmentWhere(f) === 'true'
    ? DATA_SPAN_SQL
    : `SELECT strftime(min(d), '%Y-%m-%d') AS first, strftime(max(d), '%Y-%m-%d') AS last FROM (${identified(f)})`;
}

/** Rows tagged by `part`: 'kpi' (one per period), 'pareto' (101 points), 'month' (one per month). */
export function overviewSql(f: Filters, p: Period): string {
  const [cf, ct, pf, pt] = [p.from, p.to, p.previousFrom, p.previousTo].map(dateLit);
  const bought = 'NOT is_return';
  return `WITH o AS (${identified(f)}),
    cust AS (
      SELECT customer_id,
        min(d) FILTER (WHERE ${bought}) AS first_d,
        sum(amount) FILTER (WHERE d BETWEEN ${cf} AND ${ct}) AS rev_current,
        count(*) FILTER (WHERE ${bought} AND d BETWEEN ${cf} AND ${ct}) AS n_current,
        count(*) FILTER (WHERE ${bought} AND d <= ${ct}) AS life_current,
        bool_or(${bought} AND d BETWEEN ${ct} - 89 AND ${ct}) AS active_current,
        sum(amount) FILTER (WHERE d BETWEEN ${pf} AND ${pt}) AS rev_previous,
        count(*) FILTER (WHERE ${bought} AND d BETWEEN ${pf} AND ${pt}) AS n_previous,
        count(*) FILTER (WHERE ${bought} AND d <= ${pt}) AS life_previous,
        bool_or(${bought} AND d BETWEEN ${pt} - 89 AND ${pt}) AS active_previous
      FROM o GROUP BY customer_id),
    per AS (
      SELECT 'current' AS period, customer_id, coalesce(rev_current, 0) AS rev, n_current AS n, life_current AS life, active_current AS active FROM cust
      UNION ALL
      SELECT 'previous', customer_id, coalesce(rev_previous, 0), n_previous, life_previous, active_previous FROM cust),
    ranked AS (
      SELECT period, rev,
        row_number() OVER (PARTITION BY period ORDER BY rev DESC) AS rn,
        count(*) OVER (PARTITION BY period) AS customers,
        sum(rev) OVER (PARTITION BY period) AS total,
        sum(rev) OVER (PARTITION BY period ORDER BY rev DESC ROWS UNBOUNDED PRECEDING) AS cum
      FROM per WHERE n > 0),
    kpi AS (
      SELECT 'kpi' AS part, per.period,
        count(*) FILTER (WHERE n > 0) AS customers,
        sum(n) AS orders,
        coalesce(sum(rev), 0) AS revenue,
        sum(rev) / nullif(sum(n), 0) AS aov,
        sum(n) / nullif(count(*) FILTER (WHERE n > 0), 0) AS ordersPerCustomer,
        count(*) FILTER (WHERE n > 0 AND life >= 2) / nullif(count(*) FILTER (WHERE n > 0), 0) AS repeatRate,
        (SELECT sum(rev) FILTER (WHERE rn <= (customers + 4) // 5) / nullif(any_value(total), 0) FROM ranked WHERE ranked.period = per.period) AS top20Share,
        count(*) FILTER (WHERE active) AS active90
      FROM per GROUP BY per.period),
    points AS (
      SELECT k, greatest(1, ceil(k * (SELECT count(*) FROM per WHERE period = 'current' AND n > 0) / 100.0))::BIGINT AS rn
      FROM range(1, 101) AS r(k)),
    pareto AS (
      SELECT 'pareto' AS part, 0.0 AS customerShare, 0.0 AS revenueShare
      UNION ALL
      SELECT 'pareto', k / 100.0, cum / nullif(total, 0)
      FROM points JOIN ranked USING (rn) WHERE ranked.period = 'current'),
    months AS (
      SELECT date_trunc('month', d) AS m, customer_id, sum(amount) AS rev, bool_or(${bought}) AS bought
      FROM o WHERE d BETWEEN ${cf} AND ${ct} GROUP BY ALL),
    monthly AS (
      SELECT 'month' AS part, strftime(m, '%Y-%m') AS month,
        coalesce(sum(rev) FILTER (WHERE m = date_trunc('month', first_d)), 0) AS newRevenue,
        coalesce(sum(rev) FILTER (WHERE m IS DISTINCT FROM date_trunc('month', first_d)), 0) AS returningRevenue,
        count(*) FILTER (WHERE bought AND m = date_trunc('month', first_d)) AS newCustomers,
        count(*) FILTER (WHERE bought AND m IS DISTINCT FROM date_trunc('month', first_d)) AS returningCustomers,
        count(*) FILTER (WHERE bought) AS activeCustomers
      FROM months JOIN cust USING (customer_id) GROUP BY m)
    SELECT * FROM kpi
    UNION ALL BY NAME SELECT * FROM pareto
    UNION ALL BY NAME SELECT * FROM monthly
    ORDER BY part, month, customerShare`;
}

export function anonymousSql(f: Filters, p: Period): string {
  return `SELECT count(*) FILTER (WHERE NOT is_return) AS orders, coalesce(sum(amount), 0) AS revenue
    FROM order_facts WHERE customer_id IS NULL AND ${segmentWhere(f)} AND d BETWEEN ${dateLit(p.from)} AND ${dateLit(p.to)}`;
}
