/**
 * Overview SQL. Definitions (stated once, here, and in the page's "how to read this"):
 * - a purchase is a distinct order id that is not a return/cancellation;
 * - revenue is net: sales minus returns in the period;
 * - a customer of the period made at least one purchase in it;
 * - repeat-customer rate: customers of the period with 2+ purchases up to the period's end;
 * - top-20 % share: revenue of the ceil(20 %) highest-revenue customers of the period / revenue
 *   of all customers of the period (ties broken by customer id, so it is deterministic);
 * - active customers: customers with a purchase in the 90 days ending at the period's end.
 * Orders without a customer id are left out of all of these and counted separately.
 */
import { dateLit } from '../../engine/sql';
import { segmentWhere, type Filters } from '../filters';
import type { Period } from '../period';

/** Identified orders passing the non-date filters, with calendar dates. */
function base(f: Filters): string {
  return `SELECT customer_id, order_id, CAST(order_date AS DATE) AS d, amount, is_return
    FROM orders WHERE customer_id IS NOT NULL AND ${segmentWhere(f)}`;
}

export function boundsSql(f: Filters): string {
  return `SELECT strftime(min(d), '%Y-%m-%d') AS first, strftime(max(d), '%Y-%m-%d') AS last FROM (${base(f)})`;
}

function periods(p: Period): string {
  return `SELECT * FROM (VALUES ('current', ${dateLit(p.from)}, ${dateLit(p.to)}), ('previous', ${dateLit(p.previousFrom)}, ${dateLit(p.previousTo)})) AS t(p, f, t)`;
}

/** Customers of each period ranked by their revenue in it. */
function rankedCustomers(): string {
  return `SELECT p, customer_id, rev,
      row_number() OVER (PARTITION BY p ORDER BY rev DESC, customer_id) AS rn,
      count(*) OVER (PARTITION BY p) AS n,
      sum(rev) OVER (PARTITION BY p) AS total,
      sum(rev) OVER (PARTITION BY p ORDER BY rev DESC, customer_id ROWS UNBOUNDED PRECEDING) AS cum
    FROM cust WHERE purchases > 0`;
}

function commonCtes(f: Filters, p: Period): string {
  return `base AS (${base(f)}),
    periods AS (${periods(p)}),
    inp AS (SELECT periods.p, base.* FROM base JOIN periods ON base.d BETWEEN periods.f AND periods.t),
    cust AS (SELECT p, customer_id, sum(amount) AS rev, count(DISTINCT order_id) FILTER (WHERE NOT is_return) AS purchases
      FROM inp GROUP BY ALL),
    ranked AS (${rankedCustomers()})`;
}

export function kpiSql(f: Filters, p: Period): string {
  return `WITH ${commonCtes(f, p)},
    lifetime AS (
      SELECT periods.p, base.customer_id, count(DISTINCT base.order_id) FILTER (WHERE NOT base.is_return) AS purchases
      FROM base JOIN periods ON base.d <= periods.t GROUP BY ALL),
    active AS (
      SELECT periods.p, count(DISTINCT base.customer_id) AS active90 FROM base JOIN periods
        ON base.d BETWEEN periods.t - INTERVAL 89 DAY AND periods.t AND NOT base.is_return GROUP BY ALL),
    per AS (
      SELECT p, count(*) FILTER (WHERE purchases > 0) AS customers, sum(purchases) AS orders, sum(rev) AS revenue
      FROM cust GROUP BY p),
    repeaters AS (
      SELECT c.p, count(*) FILTER (WHERE l.purchases >= 2) AS repeaters
      FROM cust c JOIN lifetime l USING (p, customer_id) WHERE c.purchases > 0 GROUP BY c.p),
    top AS (
      SELECT p, sum(rev) FILTER (WHERE rn <= ceil(0.2 * n)) / nullif(any_value(total), 0) AS top20Share FROM ranked GROUP BY p)
    SELECT periods.p AS period,
      coalesce(per.customers, 0) AS customers, coalesce(per.orders, 0) AS orders, coalesce(per.revenue, 0) AS revenue,
      per.revenue / nullif(per.orders, 0) AS aov,
      per.orders / nullif(per.customers, 0) AS ordersPerCustomer,
      repeaters.repeaters / nullif(per.customers, 0) AS repeatRate,
      top.top20Share, coalesce(active.active90, 0) AS active90
    FROM periods LEFT JOIN per USING (p) LEFT JOIN repeaters USING (p) LEFT JOIN top USING (p) LEFT JOIN active USING (p)`;
}

export function monthlySql(f: Filters, p: Period): string {
  return `WITH base AS (${base(f)}),
    firsts AS (SELECT customer_id, date_trunc('month', min(d) FILTER (WHERE NOT is_return)) AS first_month FROM base GROUP BY 1),
    inp AS (SELECT base.*, date_trunc('month', d) AS m, firsts.first_month FROM base JOIN firsts USING (customer_id)
      WHERE d BETWEEN ${dateLit(p.from)} AND ${dateLit(p.to)})
    SELECT strftime(m, '%Y-%m') AS month,
      coalesce(sum(amount) FILTER (WHERE m = first_month), 0) AS newRevenue,
      coalesce(sum(amount) FILTER (WHERE m IS DISTINCT FROM first_month), 0) AS returningRevenue,
      count(DISTINCT customer_id) FILTER (WHERE m = first_month AND NOT is_return) AS newCustomers,
      count(DISTINCT customer_id) FILTER (WHERE m IS DISTINCT FROM first_month AND NOT is_return) AS returningCustomers,
      count(DISTINCT customer_id) FILTER (WHERE NOT is_return) AS activeCustomers
    FROM inp GROUP BY m ORDER BY m`;
}

/** The Pareto curve at every whole percent of customers (plus the origin). */
export function paretoSql(f: Filters, p: Period): string {
  return `WITH ${commonCtes(f, p)}
    SELECT 0.0 AS customerShare, 0.0 AS revenueShare
    UNION ALL
    SELECT k / 100.0, cum / nullif(total, 0)
    FROM range(1, 101) AS r(k) JOIN ranked ON ranked.p = 'current' AND ranked.rn = greatest(1, ceil(k * ranked.n / 100.0))
    ORDER BY 1`;
}

export function anonymousSql(f: Filters, p: Period): string {
  return `SELECT count(DISTINCT order_id) FILTER (WHERE NOT is_return) AS orders, coalesce(sum(amount), 0) AS revenue
    FROM orders WHERE customer_id IS NULL AND ${segmentWhere(f)}
      AND CAST(order_date AS DATE) BETWEEN ${dateLit(p.from)} AND ${dateLit(p.to)}`;
}
