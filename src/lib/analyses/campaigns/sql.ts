/**
 * Campaigns and coupons SQL. Definitions (stated once, here):
 * - a campaign is known by its id or code wherever it appears: a campaign file (`campaigns`),
 *   a targeting file (`campaign_targets`), a redemption file (`redemptions`: its campaign, else
 *   its coupon) or the code on an order (`orders.coupon`); equal keys are one campaign;
 * - a use is a redemption row, or a purchase (an order that is not a return or cancellation)
 *   carrying the code, once per order; redeemers are the customers with a use, whatever its
 *   date (a campaign is a whole: the date filter picks campaigns, not uses);
 * - its window: a campaign file's start and end; without one, the first to the last day it was
 *   sent (a targeting file's date) or used; with a start but no end, up to its last use. Before
 *   and after are the windows of as many days (or `sideDays`) just before and just after it;
 * - campaigns are listed when their window meets the analysed history; a window's figures are
 *   given only when it lies wholly inside the history (`complete`);
 * - groups (disjoint): redeemers; targeted customers who did not redeem (those who never
 *   ordered included, spending 0); not targeted: customers whose first purchase came before
 *   the campaign started, neither targeted nor redeeming. The last two only when targeting is
 *   known for the campaign (it has a row in a targeting file);
 * - spend: a customer's net order amounts in the window (returns count negatively), 0 without
 *   orders; each group's mean and the variance of that mean (var_samp ÷ n);
 * - filters: the channel filter keeps the orders counted (spend, and codes on orders), the member
 *   filter the customers counted (customers of unknown membership, such as targeted customers
 *   who never ordered, are left out under it); the date filter bounds the history.
 */
import { dateLit } from '../../engine/sql';
import type { History } from '../customers/asof';
import { segmentWhere, type Filters } from '../filters';
import { CAMPAIGN_WINDOWS } from './types';

export interface CampaignSqlOptions {
  /** Days before and after; null: the campaign's own length. */
  sideDays: number | null;
}

/** `rel` (a relation with customer_id) kept to the customers the member filter lets through. */
function allowed(rel: string, f: Filters): string {
  if (f.member === 'all') return rel;
  return `(SELECT * FROM ${rel} SEMI JOIN (SELECT customer_id FROM customers WHERE ${segmentWhere({ ...f, channels: [] }, 'customers')}) USING (customer_id))`;
}

/**
 * The CTEs both statements share: facts, uses, targets, units (one row per campaign with its
 * window: start_date, end_date, days, side; NULL dates when undated), spans (units meeting the
 * history) and windows (campaign, w, lo, hi, complete).
 */
function ctes(f: Filters, h: History, o: CampaignSqlOptions): string {
  const [from, asOf] = [dateLit(h.from), dateLit(h.asOf)];
  if (o.sideDays !== null && !(Number.isInteger(o.sideDays) && o.sideDays > 0)) throw new Error(`sideDays must be a positive whole number: ${o.sideDays}`);
  return `facts AS (
      SELECT customer_id, order_id, d, amount, is_return FROM order_facts WHERE customer_id IS NOT NULL AND ${segmentWhere(f)}),
    coded AS (
      SELECT DISTINCT o.coupon AS campaign, o.customer_id, o.order_id, f.d
      FROM orders o JOIN facts f ON f.customer_id = o.customer_id AND f.order_id = o.order_id
      WHERE o.coupon IS NOT NULL AND NOT f.is_return),
    uses AS (
      SELECT coalesce(campaign, coupon) AS campaign, customer_id, d FROM ${allowed('redemptions', f)}
      UNION ALL SELECT campaign, customer_id, d FROM coded),
    targets AS (SELECT campaign, customer_id, min(d) AS d FROM ${allowed('campaign_targets', f)} GROUP BY campaign, customer_id),
    described AS (
      SELECT campaign, arg_min(type, start_date) AS type, min(start_date) AS start_date, max(end_date) AS end_date
      FROM campaigns GROUP BY campaign),
    seen AS (
      SELECT campaign, min(d) AS first, max(d) AS last, max(d) FILTER (WHERE used) AS last_use
      FROM (SELECT campaign, d, TRUE AS used FROM uses UNION ALL SELECT campaign, d, FALSE FROM targets) GROUP BY campaign),
    units AS (
      SELECT campaign, type, dated, targeting, start_date, end_date, CAST(end_date - start_date + 1 AS INTEGER) AS days,
        CAST(${o.sideDays ?? 'end_date - start_date + 1'} AS INTEGER) AS side
      FROM (
        SELECT k.campaign, d.type, CASE WHEN d.start_date IS NOT NULL THEN 'described' ELSE 'observed' END AS dated,
          k.campaign IN (SELECT campaign FROM campaign_targets) AS targeting,
          coalesce(d.start_date, s.first) AS start_date,
          coalesce(d.end_date, CASE WHEN d.start_date IS NULL THEN s.last ELSE greatest(d.start_date, coalesce(s.last_use, d.start_date)) END) AS end_date
        FROM (SELECT campaign FROM described UNION SELECT campaign FROM targets UNION SELECT campaign FROM uses) k
          LEFT JOIN described d USING (campaign) LEFT JOIN seen s USING (campaign))),
    spans AS (SELECT * FROM units WHERE start_date <= ${asOf} AND end_date >= ${from}),
    windows AS (
      SELECT campaign, w, lo, hi, lo >= ${from} AND hi <= ${asOf} AS complete FROM (
        SELECT campaign, 'before' AS w, start_date - side AS lo, start_date - 1 AS hi FROM spans
        UNION ALL SELECT campaign, 'during', start_date, end_date FROM spans
        UNION ALL SELECT campaign, 'after', end_date + 1, end_date + side FROM spans))`;
}

/**
 * One row per campaign meeting the history, by start date, and one per undated campaign
 * (start_date NULL): campaign, type, dated, targeting, start_date, end_date, days, side, the
 * windows' bounds and completeness ({w}_from, {w}_to, {w}_complete), targeted, redeemers,
 * targeted_redeemers, redemptions.
 */
export function campaignsSql(f: Filters, h: History, o: CampaignSqlOptions): string {
  const bounds = CAMPAIGN_WINDOWS.map((w) => {
    const of = (agg: string) => `${agg} FILTER (WHERE w = '${w}')`;
    return `strftime(${of('min(lo)')}, '%Y-%m-%d') AS ${w}_from, strftime(${of('min(hi)')}, '%Y-%m-%d') AS ${w}_to, ${of('bool_and(complete)')} AS ${w}_complete`;
  });
  return `WITH ${ctes(f, h, o)},
    bounds AS (SELECT campaign, ${bounds.join(', ')} FROM windows GROUP BY campaign),
    reach AS (
      SELECT campaign, count(*) FILTER (WHERE t) AS targeted, count(*) FILTER (WHERE r) AS redeemers,
        count(*) FILTER (WHERE t AND r) AS targeted_redeemers
      FROM (SELECT campaign, customer_id, bool_or(t) AS t, bool_or(r) AS r FROM (
          SELECT campaign, customer_id, TRUE AS t, FALSE AS r FROM targets
          UNION ALL SELECT DISTINCT campaign, customer_id, FALSE, TRUE FROM uses)
        GROUP BY campaign, customer_id)
      GROUP BY campaign),
    used AS (SELECT campaign, count(*) AS redemptions FROM uses GROUP BY campaign)
    SELECT u.campaign, u.type, u.dated, u.targeting, strftime(u.start_date, '%Y-%m-%d') AS start_date,
      strftime(u.end_date, '%Y-%m-%d') AS end_date, u.days, u.side, b.* EXCLUDE (campaign),
      coalesce(r.targeted, 0) AS targeted, coalesce(r.redeemers, 0) AS redeemers,
      coalesce(r.targeted_redeemers, 0) AS targeted_redeemers, coalesce(x.redemptions, 0) AS redemptions
    FROM units u LEFT JOIN bounds b USING (campaign) LEFT JOIN reach r USING (campaign) LEFT JOIN used x USING (campaign)
    WHERE u.start_date IS NULL OR u.campaign IN (SELECT campaign FROM spans)
    ORDER BY u.start_date NULLS LAST, u.campaign`;
}

/**
 * Per campaign meeting the history and group (CAMPAIGN_GROUPS; the last two only with
 * targeting), with a row per complete window (w NULL when none is): campaign, grp, customers,
 * w, mean, var (of the mean), total (the group's net spend in the window).
 */
export function campaignSpendSql(f: Filters, h: History, o: CampaignSqlOptions): string {
  return `WITH ${ctes(f, h, o)},
    redeemers AS (SELECT DISTINCT campaign, customer_id FROM uses SEMI JOIN spans USING (campaign)),
    existing AS (SELECT customer_id, min(d) AS first FROM facts WHERE NOT is_return GROUP BY customer_id),
    members AS (
      SELECT campaign, customer_id, 'redeemers' AS grp FROM redeemers
      UNION ALL
      SELECT campaign, customer_id, 'targeted_non_redeemers' FROM targets SEMI JOIN spans USING (campaign)
        ANTI JOIN redeemers USING (campaign, customer_id)
      UNION ALL
      SELECT campaign, customer_id, 'not_targeted' FROM (
          SELECT s.campaign, e.customer_id FROM spans s JOIN existing e ON e.first < s.start_date WHERE s.targeting)
        ANTI JOIN targets USING (campaign, customer_id) ANTI JOIN redeemers USING (campaign, customer_id)),
    open AS (SELECT * FROM windows WHERE complete),
    -- Every buyer's spend in every complete window: the windows' days joined on the day (a hash
    -- join; measured faster here than a range join of orders and windows), members picked after.
    bought AS (
      SELECT y.campaign, f.customer_id, y.w, sum(f.amount) AS spend
      FROM facts f JOIN (SELECT campaign, w, CAST(unnest(range(lo, hi + 1, INTERVAL 1 DAY)) AS DATE) AS d FROM open) y USING (d)
      GROUP BY y.campaign, f.customer_id, y.w),
    per AS (
      SELECT m.campaign, m.grp, w.w, coalesce(b.spend, 0) AS spend
      FROM members m JOIN open w USING (campaign) LEFT JOIN bought b ON b.campaign = m.campaign AND b.customer_id = m.customer_id AND b.w = w.w),
    sizes AS (SELECT campaign, grp, count(*) AS customers FROM members GROUP BY campaign, grp),
    stats AS (
      SELECT campaign, grp, w, avg(spend) AS mean, var_samp(spend) / count(*) AS var, sum(spend) AS total
      FROM per GROUP BY campaign, grp, w)
    SELECT campaign, grp, customers, w, mean, var, total FROM sizes LEFT JOIN stats USING (campaign, grp)`;
}
