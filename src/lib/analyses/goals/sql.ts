/**
 * The monthly series of the goal metrics that no other analysis has by month. Definitions (the
 * overview's, src/lib/analyses/overview/sql.ts, applied to each month as its period, and the
 * programme page's membership, customers.member_since):
 * - a month's period runs from its first day (or the history's start) to its last day (or the
 *   analysis date); a purchase is an order that is not a return; revenue is net;
 * - buyers: customers with a purchase in the period (the overview's "customers of the period");
 * - repeat rate: buyers with 2+ purchases up to the period's end, all earlier history included
 *   (the overview's repeat-customer rate for that period);
 * - active customers: customers with a purchase in the 90 days ending at the period's end (the
 *   overview's active customers for a period ending then);
 * - member share: buyers who had joined the programme (member_since) by the period's end;
 * - revenue from members: the period's net revenue of orders made on or after the customer's
 *   member_since, as a share of the period's net revenue (identified orders only);
 * - memberBuyers: customers with a purchase as a member in the period.
 * Channel and member filters apply to orders as everywhere. One pass over the orders: they are
 * grouped per customer and month, and everything else is computed from those groups.
 */
import { dateLit } from '../../engine/sql';
import type { History } from '../customers/asof';
import { segmentWhere, type Filters } from '../filters';

/** Calendar months from `from`'s to `asOf`'s, both included. */
export function monthsBetween(from: string, asOf: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = asOf.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The members' enrolment dates, as the programme page reads them. */
export const JOINED_SQL = `SELECT customer_id, member_since AS joined FROM customers WHERE is_member AND member_since IS NOT NULL`;

/** Whether any customer has an enrolment date (the member metrics need one). */
export const HAS_JOINED_SQL = `SELECT count(*) AS members FROM (${JOINED_SQL})`;

/**
 * One row per month of the history, oldest first: month ('YYYY-MM'), buyers, repeaters,
 * members, memberBuyers, revenue, memberRevenue, active.
 */
export function goalsMonthlySql(f: Filters, h: History): string {
  const from = dateLit(h.from);
  const asOf = dateLit(h.asOf);
  const n = monthsBetween(h.from, h.asOf);
  return `WITH o AS (
      SELECT f.customer_id, f.d, f.amount, f.is_return, j.joined
      FROM order_facts f LEFT JOIN (${JOINED_SQL}) j USING (customer_id)
      WHERE f.customer_id IS NOT NULL AND ${segmentWhere(f, 'f')} AND f.d <= ${asOf}),
    months AS (
      SELECT m, greatest(m, ${from}) AS s, least(last_day(m), ${asOf}) AS e
      FROM (SELECT (date_trunc('month', ${from}) + to_months(k::INTEGER))::DATE AS m FROM range(0, ${n}) AS r(k))),
    cm AS MATERIALIZED (
      SELECT customer_id, date_trunc('month', d)::DATE AS m,
        count(*) FILTER (WHERE NOT is_return) AS purchases,
        coalesce(bool_or(NOT is_return AND d >= ${from}), false) AS bought,
        coalesce(bool_or(NOT is_return AND d >= ${from} AND d >= joined), false) AS boughtMember,
        max(d) FILTER (WHERE NOT is_return) AS last_d,
        coalesce(sum(amount) FILTER (WHERE d >= ${from}), 0) AS rev,
        coalesce(sum(amount) FILTER (WHERE d >= ${from} AND d >= joined), 0) AS memberRev,
        any_value(joined) AS joined
      FROM o GROUP BY customer_id, m),
    life AS (SELECT *, sum(purchases) OVER (PARTITION BY customer_id ORDER BY m) AS life FROM cm),
    per AS (
      SELECT m,
        count(*) FILTER (WHERE bought) AS buyers,
        count(*) FILTER (WHERE bought AND life >= 2) AS repeaters,
        count(*) FILTER (WHERE bought AND joined <= e) AS members,
        count(*) FILTER (WHERE boughtMember) AS memberBuyers,
        sum(rev) AS revenue,
        sum(memberRev) AS memberRevenue
      FROM life JOIN months USING (m) GROUP BY m),
    act AS (
      SELECT months.m, count(DISTINCT cm.customer_id) AS active
      FROM cm JOIN months ON months.e BETWEEN cm.last_d AND cm.last_d + 89
      GROUP BY months.m)
    SELECT strftime(months.m, '%Y-%m') AS month,
      coalesce(per.buyers, 0) AS buyers, coalesce(per.repeaters, 0) AS repeaters,
      coalesce(per.members, 0) AS members, coalesce(per.memberBuyers, 0) AS memberBuyers,
      coalesce(per.revenue, 0) AS revenue, coalesce(per.memberRevenue, 0) AS memberRevenue,
      coalesce(act.active, 0) AS active
    FROM months LEFT JOIN per USING (m) LEFT JOIN act USING (m)
    ORDER BY months.m`;
}
