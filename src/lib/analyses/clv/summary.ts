/**
 * The per-customer summary the CLV models learn from, in SQL from `order_facts`. Definitions
 * (stated once, here):
 *
 * - history: identified orders passing the channel/member filters, dated from `from` to `asOf`
 *   (`../customers/asof.ts`); a calibration period ends on `end` (the analysis date for the
 *   predictions, the split date for the holdout check);
 * - a purchase is an order that is not a return/cancellation, whatever its value; a purchase
 *   DAY is a calendar day with at least one (several orders on one day are one purchase
 *   occasion, as in the CDNOW summaries the models were published on);
 * - per customer, with times in days (the caller converts to its unit):
 *     x  = purchase days in the calibration period − 1 (repeat purchases; lifetimes' frequency),
 *     tx = last − first purchase day (recency; 0 when x = 0),
 *     T  = end − first purchase day (age);
 *   customers whose first purchase is after `end` are not in that calibration;
 * - value of a purchase day = net amount of its purchases (partial refunds already deducted by
 *   the importer) plus the returns attributed to it. A return (an order marked as one, negative
 *   amount) is attributed to the customer's latest purchase day on or before it — exports do not
 *   say which order came back — and counts only if dated by `end` (nothing from the future leaks
 *   into a calibration). Returns before a customer's first purchase in the history belong to
 *   earlier purchases and are left out. Returns are never purchases;
 * - spend (Gamma-Gamma) uses the REPEAT purchase days (the first is left out by convention: it is
 *   often different — a welcome discount, a trial): spend_x = those with a positive value,
 *   spend_sum = their total. Days with a value ≤ 0 (free orders, fully returned days) cannot be
 *   modelled by a gamma density; they are counted apart (nonpos_x, nonpos_sum) and enter the
 *   prediction through the net-value factor κ (`model.ts`), so predicted CLV stays net of returns;
 * - holdout (after `split`, up to `asOf`): hold_x = purchase days, hold_value = their net value
 *   (returns dated by `asOf` included), for customers who had bought by `split`.
 */
import { dateLit, ident, lit } from '../../engine/sql';
import type { History } from '../customers/asof';
import { segmentWhere, type Filters } from '../filters';

export interface ClvWindow extends History {
  /** Calibration end of the holdout check (from ≤ split < asOf), or null for no check. */
  split: string | null;
}

/**
 * One row per customer and purchase day of the history: customer_id, d, first_d (the customer's
 * first purchase day), value (net, returns up to `asOf` attributed) and value_cal (returns up to
 * `split` only; = value without a split).
 */
export function clvDaysSql(f: Filters, w: ClvWindow): string {
  const calEnd = dateLit(w.split ?? w.asOf);
  return `WITH o AS (
      SELECT customer_id, d, amount, is_return FROM order_facts
      WHERE customer_id IS NOT NULL AND ${segmentWhere(f)} AND d BETWEEN ${dateLit(w.from)} AND ${dateLit(w.asOf)}),
    pd AS MATERIALIZED (SELECT customer_id, d, coalesce(sum(amount), 0) AS bought FROM o WHERE NOT is_return GROUP BY customer_id, d),
    r AS MATERIALIZED (SELECT customer_id, d, amount FROM o WHERE is_return AND amount <> 0),
    -- Only customers with returns: an ASOF join sorts its whole right side, returns or not.
    attributed AS (
      SELECT p.customer_id, p.d, r.d AS returned_on, r.amount
      FROM r ASOF JOIN (SELECT customer_id, d FROM pd SEMI JOIN r USING (customer_id)) p ON r.customer_id = p.customer_id AND r.d >= p.d),
    back AS (
      SELECT customer_id, d, sum(amount) AS returned, coalesce(sum(amount) FILTER (WHERE returned_on <= ${calEnd}), 0) AS returned_cal
      FROM attributed GROUP BY customer_id, d),
    -- The first day by a join, not min() OVER (PARTITION BY customer_id): half the time in DuckDB-WASM.
    firsts AS (SELECT customer_id, min(d) AS first_d FROM pd GROUP BY customer_id)
    SELECT pd.customer_id, pd.d, f.first_d,
      pd.bought + coalesce(b.returned, 0) AS value,
      pd.bought + coalesce(b.returned_cal, 0) AS value_cal
    FROM pd JOIN firsts f ON f.customer_id = pd.customer_id
      LEFT JOIN back b ON b.customer_id = pd.customer_id AND b.d = pd.d`;
}

/** The summary columns of a calibration ending on `end`, NULL for customers who first bought after it. */
function periodColumns(end: string, value: string, prefix: string): string {
  const e = dateLit(end);
  const inIt = `first_d <= ${e}`;
  const repeat = `d > first_d AND d <= ${e}`;
  const cols: [string, string][] = [
    ['x', `count(*) FILTER (WHERE d <= ${e}) - 1`],
    ['tx', `max(d) FILTER (WHERE d <= ${e}) - first_d`],
    ['T', `${e} - first_d`],
    ['spend_x', `count(*) FILTER (WHERE ${repeat} AND ${value} > 0)`],
    ['spend_sum', `coalesce(sum(${value}) FILTER (WHERE ${repeat} AND ${value} > 0), 0)`],
    ['nonpos_x', `count(*) FILTER (WHERE ${repeat} AND ${value} <= 0)`],
    ['nonpos_sum', `coalesce(sum(${value}) FILTER (WHERE ${repeat} AND ${value} <= 0), 0)`]
  ];
  return cols.map(([name, expr]) => `CASE WHEN ${inIt} THEN ${expr} END AS ${ident(prefix + name)}`).join(',\n      ');
}

/** Columns of `clvSummarySql`, for a calibration ending on the analysis date (no prefix) or on the split (`cal_`). */
export const PERIOD_COLUMNS = ['x', 'tx', 'T', 'spend_x', 'spend_sum', 'nonpos_x', 'nonpos_sum'] as const;
export type PeriodColumn = (typeof PERIOD_COLUMNS)[number];

/**
 * One row per customer of the days table `days` (from `clvDaysSql`): rn (1… in customer id
 * order), customer_id, the PERIOD_COLUMNS as of `asOf`, and with a split also `cal_`-prefixed
 * ones as of the split (NULL for customers who first bought after it), hold_x and hold_value.
 */
export function clvSummarySql(days: string, w: ClvWindow): string {
  const split = w.split === null ? null : dateLit(w.split);
  const holdout = split
    ? `,
      ${periodColumns(w.split!, 'value_cal', 'cal_')},
      CASE WHEN first_d <= ${split} THEN count(*) FILTER (WHERE d > ${split}) END AS hold_x,
      CASE WHEN first_d <= ${split} THEN coalesce(sum(value) FILTER (WHERE d > ${split}), 0) END AS hold_value`
    : '';
  return `SELECT row_number() OVER (ORDER BY customer_id) AS rn, customer_id,
      ${periodColumns(w.asOf, 'value', '')}${holdout}
    FROM ${ident(days)} GROUP BY customer_id, first_d`;
}

/**
 * Holdout purchase days and their net value of customers who had bought by the split, by step:
 * k = 1 for days split+1 … split+step, 2 for the next `step` days, …
 */
export function holdoutStepsSql(days: string, split: string, step: number): string {
  if (!(Number.isInteger(step) && step >= 1)) throw new RangeError(`step must be a whole number of days ≥ 1 (got ${step})`);
  const s = dateLit(split);
  return `SELECT (d - ${s} + ${lit(step - 1)}) // ${lit(step)} AS k, count(*) AS purchases, sum(value) AS value
    FROM ${ident(days)} WHERE first_d <= ${s} AND d > ${s} GROUP BY k ORDER BY k`;
}
