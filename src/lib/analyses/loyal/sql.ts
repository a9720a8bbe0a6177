/**
 * Loyal-customer SQL. Definitions (stated once, here):
 * - customers, purchases, revenue, recency, tenure and the typical gap are the per-customer
 *   summary's (`customers/summary.ts`) as of `asOf`, over orders from the filters' `from` date
 *   on (so with a date filter, "tenure since first purchase" counts from the first purchase
 *   in the filtered history);
 * - spend rank: customers with a purchase ranked by net revenue, highest first, ties broken
 *   by customer id, so the top N % is exactly ceil(N % × customers) customers — a customer
 *   tied in revenue with the last one in can fall just outside;
 * - loyal: every set criterion holds (AND): purchases ≥ minPurchases, revenue ≥ minSpend,
 *   tenure ≥ minTenureDays (days from the first purchase, or from customers.member_since —
 *   customers without a membership date then never qualify), spend rank ≤ ceil(N % × customers).
 *   The top N % is taken among all customers, not among those meeting the other criteria.
 */
import { dateLit, lit } from '../../engine/sql';
import { customerSummarySql } from '../customers/summary';
import type { Filters } from '../filters';
import { normalizeLoyal, type LoyalDefinition } from './definition';

/**
 * The summary with `spend_rank` (1 = highest net revenue) and `ranked_customers` (how many were ranked).
 * `ranked`: where these rows come from when already computed for (f, asOf) (`SELECT * FROM` a
 * cached table, see `../cache.ts`), so a change of definition re-reads one row per customer, not
 * every order.
 */
export function rankedSummarySql(f: Filters, asOf: string, ranked?: string): string {
  if (ranked) return ranked;
  return `SELECT s.*,
      row_number() OVER (ORDER BY s.revenue DESC, s.customer_id) AS spend_rank,
      count(*) OVER () AS ranked_customers
    FROM (${customerSummarySql(f, { asOf, from: f.from })}) s`;
}

/**
 * The condition "in the top `percent` % by spend" on a row of `rankedSummarySql`. N × n is
 * computed before dividing (DuckDB reads a literal like 7 or 7.5 as an exact number), so
 * ceil(7 % of 100) is 7, not the 8 that 0.07 × 100 = 7.000000000000001 would give in floating point.
 */
export function topPercentCondition(percent: number, alias = 'r'): string {
  return `${alias}.spend_rank <= ceil(${lit(percent)} * ${alias}.ranked_customers / 100)`;
}

/** The loyal criteria as one SQL condition on `r` (ranked summary) and `c` (customers); never NULL. */
export function loyalCondition(def: LoyalDefinition, asOf: string): string {
  const d = normalizeLoyal(def);
  const parts: string[] = [];
  if (d.minPurchases !== null) parts.push(`r.purchases >= ${lit(d.minPurchases)}`);
  if (d.minSpend !== null) parts.push(`r.revenue >= ${lit(d.minSpend)}`);
  if (d.minTenureDays !== null) {
    parts.push(
      d.tenureFrom === 'member_since'
        ? `(c.member_since IS NOT NULL AND ${dateLit(asOf)} - c.member_since >= ${lit(d.minTenureDays)})`
        : `r.tenure_days >= ${lit(d.minTenureDays)}`
    );
  }
  if (d.topPercent !== null) parts.push(topPercentCondition(d.topPercent));
  return `coalesce(${parts.join(' AND ')}, false)`;
}

/**
 * One row per customer with a purchase by `asOf`: every summary column, `spend_rank`,
 * `ranked_customers`, `member_days` (days since customers.member_since, NULL without one) and
 * `loyal` (boolean, never NULL).
 */
export function loyalCustomersSql(f: Filters, def: LoyalDefinition, asOf: string, ranked?: string): string {
  return `SELECT r.*, ${dateLit(asOf)} - c.member_since AS member_days, ${loyalCondition(def, asOf)} AS loyal
    FROM (${rankedSummarySql(f, asOf, ranked)}) r LEFT JOIN customers c ON c.customer_id = r.customer_id`;
}

/** Responses that count for NPS: 0–10 scale, linked to a customer, dated within the analysed history. */
function npsResponses(f: Filters, asOf: string): string {
  const from = f.from ? `AND CAST(response_date AS DATE) >= ${dateLit(f.from)}` : '';
  return `SELECT customer_id, score FROM responses
    WHERE scale = '0-10' AND customer_id IS NOT NULL AND score IS NOT NULL
      AND CAST(response_date AS DATE) <= ${dateLit(asOf)} ${from}`;
}

/**
 * Two rows, loyal = true and loyal = false (always both; zeros and NULLs for an empty group):
 * the group's totals, each compared metric (see loyal/types.ts for their definitions), and the
 * counts each metric rests on. Means of NULL-able columns (the gap) are over the customers that
 * have a value; `member_known` counts customers whose membership is known.
 */
export function loyalGroupsSql(f: Filters, def: LoyalDefinition, asOf: string, ranked?: string): string {
  return `WITH lc AS (${loyalCustomersSql(f, def, asOf, ranked)}),
    g AS (
      SELECT lc.loyal, count(*) AS customers, sum(lc.revenue) AS revenue, sum(lc.purchases) AS purchases,
        count(lc.avg_gap_days) AS repeaters, avg(lc.avg_gap_days) AS gap_days,
        avg(lc.recency_days) AS recency_days, avg(lc.tenure_days) AS tenure_days,
        count(c.is_member) AS member_known, count(*) FILTER (WHERE c.is_member) AS members
      FROM lc LEFT JOIN customers c ON c.customer_id = lc.customer_id GROUP BY lc.loyal),
    n AS (
      SELECT lc.loyal, count(*) AS responses,
        count(*) FILTER (WHERE r.score >= 9) AS promoters, count(*) FILTER (WHERE r.score <= 6) AS detractors
      FROM (${npsResponses(f, asOf)}) r JOIN lc ON lc.customer_id = r.customer_id GROUP BY lc.loyal),
    t AS (
      SELECT v.loyal,
        coalesce(g.customers, 0) AS customers, coalesce(g.revenue, 0) AS revenue, coalesce(g.purchases, 0) AS purchases,
        coalesce(g.repeaters, 0) AS repeaters, g.gap_days, g.recency_days, g.tenure_days,
        coalesce(g.member_known, 0) AS member_known, coalesce(g.members, 0) AS members,
        coalesce(n.responses, 0) AS responses, coalesce(n.promoters, 0) AS promoters, coalesce(n.detractors, 0) AS detractors
      FROM (VALUES (true), (false)) AS v(loyal) LEFT JOIN g ON g.loyal = v.loyal LEFT JOIN n ON n.loyal = v.loyal)
    SELECT t.*,
      customers / nullif(sum(customers) OVER (), 0) AS share_of_customers,
      revenue / nullif(sum(revenue) OVER (), 0) AS share_of_revenue,
      revenue / nullif(purchases, 0) AS aov,
      purchases / nullif(customers, 0) AS orders_per_customer,
      gap_days AS days_between_purchases,
      recency_days AS recency_days_mean,
      tenure_days AS tenure_days_mean,
      members / nullif(member_known, 0) AS member_share,
      100.0 * (promoters - detractors) / nullif(responses, 0) AS nps
    FROM t ORDER BY loyal DESC`;
}

/** The lowest net revenue inside the top N % (the spend a customer needs to be in it), or NULL. */
export function topPercentCutoffSql(f: Filters, percent: number, asOf: string, ranked?: string): string {
  return `SELECT min(r.revenue) AS cutoff FROM (${rankedSummarySql(f, asOf, ranked)}) r WHERE ${topPercentCondition(percent)}`;
}
