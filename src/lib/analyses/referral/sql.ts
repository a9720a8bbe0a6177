/**
 * Referral SQL. Definitions (stated once, here):
 * - the history and its orders as the cohorts see them (`../cohorts/sql.ts` ordersIn); a customer
 *   is acquired in it on their first purchase day (the first day with an order that is not a
 *   return), and is counted only then;
 * - referred: `referred_by` is set, or the acquisition source reads as a referral (./words.ts);
 *   everybody else is an "other" customer (including those whose source is unknown);
 * - the first year is days 0 … YEAR_DAYS − 1 from the first purchase day; only customers whose
 *   first year ends by the analysis date are measured, so that recent customers do not pull the
 *   shares down: converted = a second purchase day in it (F2), retained = a purchase on day
 *   RETAINED_FROM_DAY or later of it, value = the net revenue of its days (returns included);
 * - what a referrer brought: the acquired customers whose `referred_by` names them, and those
 *   customers' net revenue from their first purchase day to the analysis date.
 */
import { dateLit } from '../../engine/sql';
import type { History } from '../customers/asof';
import { ordersIn } from '../cohorts/sql';
import type { Filters } from '../filters';
import { REFERRER_BIN_MINS, RETAINED_FROM_DAY, YEAR_DAYS } from './types';
import { isReferralSql } from './words';

/** One row: whether any customer has `referred_by`, and whether any acquisition source reads as a referral. */
export const REFERRAL_SIGNALS_SQL = `SELECT EXISTS (SELECT 1 FROM customers WHERE referred_by IS NOT NULL) AS referred_by,
  EXISTS (SELECT 1 FROM customers WHERE ${isReferralSql('acquisition_source')}) AS acquisition_source`;

/** The bin (its REFERRER_BIN_MINS entry) of a number of customers brought. */
const binSql = (n: string) => `CASE ${[...REFERRER_BIN_MINS].reverse().map((m) => `WHEN ${n} >= ${m} THEN ${m}`).join(' ')} END`;

/**
 * Rows tagged by `part`:
 * - 'group': per `referred` (true / false): acquired, customers (with a whole first year),
 *   converted, retained, and the mean and sample variance of the first year's value;
 * - 'bin': per referrer bin `min` (only bins with referrers): referrers, customers, revenue.
 */
export function referralSql(f: Filters, h: History): string {
  const asOf = dateLit(h.asOf);
  const inYear = `d - first_d < ${YEAR_DAYS}`;
  return `WITH o AS (${ordersIn(f, h)}),
    days AS (SELECT customer_id, d, sum(amount) AS rev, bool_or(NOT is_return) AS bought FROM o GROUP BY customer_id, d),
    firsts AS (SELECT customer_id, min(d) FILTER (WHERE bought) AS first_d FROM days GROUP BY customer_id HAVING bool_or(bought)),
    per AS (
      SELECT customer_id, first_d + ${YEAR_DAYS - 1} <= ${asOf} AS full_year,
        bool_or(bought AND d > first_d AND ${inYear}) AS converted,
        bool_or(bought AND d - first_d >= ${RETAINED_FROM_DAY} AND ${inYear}) AS retained,
        coalesce(sum(rev) FILTER (WHERE d >= first_d AND ${inYear}), 0) AS value,
        coalesce(sum(rev) FILTER (WHERE d >= first_d), 0) AS revenue
      FROM firsts JOIN days USING (customer_id) GROUP BY customer_id, first_d),
    tagged AS MATERIALIZED (
      SELECT per.*, c.referred_by,
        c.referred_by IS NOT NULL OR coalesce(${isReferralSql('c.acquisition_source')}, false) AS referred
      FROM per LEFT JOIN customers c USING (customer_id)),
    brought AS (SELECT count(*) AS n, sum(revenue) AS revenue FROM tagged WHERE referred_by IS NOT NULL GROUP BY referred_by)
    SELECT 'group' AS part, referred, count(*) AS acquired, count(*) FILTER (WHERE full_year) AS customers,
      count(*) FILTER (WHERE full_year AND converted) AS converted, count(*) FILTER (WHERE full_year AND retained) AS retained,
      avg(value) FILTER (WHERE full_year) AS value, var_samp(value) FILTER (WHERE full_year) AS variance
    FROM tagged GROUP BY referred
    UNION ALL BY NAME
    SELECT 'bin' AS part, ${binSql('n')} AS min, count(*) AS referrers, sum(n) AS customers, sum(revenue) AS revenue
    FROM brought GROUP BY min`;
}
