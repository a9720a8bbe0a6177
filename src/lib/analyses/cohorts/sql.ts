/**
 * Acquisition cohorts and the road to the second purchase. Definitions (stated once, here):
 * - history: identified orders passing the channel/member filters, dated from the date filter's
 *   start (or the export's first order) to the analysis date (`../customers/asof.ts`: the last
 *   order date, capped by the date filter's end). Nothing outside it counts, first purchases included;
 * - a purchase is an order (a row of `order_facts`) that is not a return/cancellation;
 *   revenue is net (returns count, negatively, in the period they happen);
 * - a customer's cohort is the period (month / ISO week / quarter) of their first purchase in
 *   the history; period k is the k-th period after it (k = 0: the cohort's own period);
 * - active in period k: at least one purchase in it; revenue in period k: net revenue in it.
 *   Returns dated before the cohort period (of purchases made before the history) are left out;
 * - periods are listed up to the one containing the analysis date; that one is incomplete
 *   unless the analysis date is its last day;
 * - second purchase: the second distinct purchase DAY (two orders on the first day are one
 *   purchase occasion), days to it = second day − first day (≥ 1). "Within N days" includes N.
 *
 * Reading note: the export's first cohort also holds every earlier customer who happened to buy
 * in its first period (their history is cut off), so it is larger and more loyal than the rest;
 * `partialStart` marks a cohort period that began before the history did.
 *
 * One pass over the orders per statement: the orders are grouped once per customer and period
 * (or per customer and day) and everything else is computed from those small groups, because
 * DuckDB-WASM runs single-threaded. Only `first_category` reads more: the lines (`orders`) of
 * each customer's first order, through one join.
 */
import { dateLit, lit } from '../../engine/sql';
import type { History } from '../customers/asof';
import { segmentWhere, type Filters } from '../filters';
import { BUCKET_RANK_SQL, VALUE_ROWS_SQL, attributeCtes, assertAttribute, neededColumns } from './attributes';
import { assertGrain, periodIndexSql, periodLabelSql, periodStartSql } from './grain';
import { F2_HORIZONS, FAIR_REPEAT_DAYS, type CohortAttribute, type CohortGrain } from './types';

/** The orders (rows of `order_facts`) of the history: identified, passing the channel/member filters, dated in it. */
export function ordersIn(f: Filters, h: History): string {
  return `SELECT customer_id, order_id, d, amount, is_return, channel, is_member FROM order_facts
    WHERE customer_id IS NOT NULL AND ${segmentWhere(f)} AND d BETWEEN ${dateLit(h.from)} AND ${dateLit(h.asOf)}`;
}

/**
 * Checks `by`/`value`; `ctes` adds the attribute CTEs (after `cust`), and `narrow`, appended to
 * a FROM over a per-customer relation, keeps only the selected value's customers.
 */
function selection(by: CohortAttribute | null, value: string | null): { ctes: string; narrow: string } {
  if (by === null) {
    if (value !== null) throw new Error('a cohort value needs an attribute (by)');
    return { ctes: '', narrow: '' };
  }
  assertAttribute(by);
  return {
    ctes: `, ${attributeCtes(by)}`,
    narrow: value === null ? '' : `SEMI JOIN (SELECT customer_id FROM bucketed WHERE bucket = ${lit(value)}) USING (customer_id)`
  };
}

export interface CohortSqlOptions {
  grain: CohortGrain;
  by: CohortAttribute | null;
  value: string | null;
}

/**
 * Rows tagged by `part`:
 * - 'cell': one per cohort and observed period k (zeros included): cohort (period number),
 *   label, start, end, partialStart, customers (cohort size), k, active, revenue, complete;
 * - 'value' (only with `by`): the selector's values with customers and rank.
 */
export function cohortSql(f: Filters, h: History, o: CohortSqlOptions): string {
  assertGrain(o.grain);
  const idx = (date: string) => periodIndexSql(o.grain, date);
  const need = neededColumns(o.by);
  const sel = selection(o.by, o.value);
  const asOf = dateLit(h.asOf);
  // The first purchase as a sortable key: earliest day, then lowest order id.
  const firstKey = `{'d': d, 'o': order_id}`;
  const start = periodStartSql(o.grain, 'g.cohort');
  const cp = [
    'customer_id',
    `${idx('d')} AS p`,
    'sum(amount) AS rev',
    'bool_or(NOT is_return) AS bought',
    'any_value(is_member) AS is_member',
    ...(need.firstOrder || need.firstChannel ? [`min(${firstKey}) FILTER (WHERE NOT is_return) AS fk`] : []),
    ...(need.firstChannel ? [`arg_min_null(channel, ${firstKey}) FILTER (WHERE NOT is_return) AS fch`] : [])
  ];
  const cust = [
    'customer_id',
    'min(p) FILTER (WHERE bought) AS cohort',
    'any_value(is_member) AS is_member',
    ...(need.firstOrder ? ['min(fk) FILTER (WHERE bought).o AS first_order'] : []),
    ...(need.firstChannel ? ['arg_min_null(fch, fk) FILTER (WHERE bought) AS first_channel'] : [])
  ];
  return `WITH o AS (${ordersIn(f, h)}),
    cp AS MATERIALIZED (SELECT ${cp.join(', ')} FROM o GROUP BY customer_id, p),
    cust AS MATERIALIZED (SELECT ${cust.join(', ')} FROM cp GROUP BY customer_id HAVING bool_or(bought))${sel.ctes},
    picked AS MATERIALIZED (SELECT customer_id, cohort FROM cust ${sel.narrow}),
    sizes AS (SELECT cohort, count(*) AS customers FROM picked GROUP BY cohort),
    cells AS (
      SELECT cohort, p - cohort AS k, count(*) FILTER (WHERE bought) AS active, sum(rev) AS revenue
      FROM cp JOIN picked USING (customer_id) WHERE p >= cohort GROUP BY cohort, k),
    grid AS (SELECT cohort, customers, unnest(range(0, ${idx(asOf)} - cohort + 1)) AS k FROM sizes)
    SELECT 'cell' AS part, g.cohort, ${periodLabelSql(o.grain, start)} AS label,
      strftime(${start}, '%Y-%m-%d') AS start,
      strftime(${periodStartSql(o.grain, 'g.cohort + 1')} - 1, '%Y-%m-%d') AS "end",
      ${start} < ${dateLit(h.from)} AS partialStart,
      g.customers, g.k, coalesce(c.active, 0) AS active, coalesce(c.revenue, 0) AS revenue,
      g.cohort + g.k < ${idx(`(${asOf} + 1)`)} AS complete
    FROM grid g LEFT JOIN cells c USING (cohort, k)
    ${o.by === null ? '' : `UNION ALL BY NAME ${VALUE_ROWS_SQL}`}
    ORDER BY part, cohort, k`;
}

export interface SecondPurchaseSqlOptions {
  by: CohortAttribute | null;
  value: string | null;
}

/** count / eligibility columns shared by the overall and per-attribute repeat rates. */
function repeatColumns(asOf: string): string {
  const eligible = `first_d + ${FAIR_REPEAT_DAYS} <= ${asOf}`;
  return `count(*) AS customers, count(gap) AS repeaters,
    count(*) FILTER (WHERE ${eligible}) AS eligible,
    count(*) FILTER (WHERE ${eligible} AND gap <= ${FAIR_REPEAT_DAYS}) AS repeatersInWindow`;
}

/**
 * Rows tagged by `part`:
 * - 'f2': per acquisition month (of the selection): month, customers, c<N> = customers with a
 *   second purchase day within N days, o<N> = whether N days after the month's last day is on
 *   or before the analysis date (every customer of the month observed for N days);
 * - 'gap': bin (1 = 1–30 days, …, 12 = 331–360, 13 = 361+), customers (of the selection);
 * - 'total': customers and withSecond of the selection;
 * - 'overall': repeat rates of all acquired customers (not narrowed by `value`);
 * - 'attr' (only with `by`): the same per selector value, with kind and rank.
 */
export function secondPurchaseSql(f: Filters, h: History, o: SecondPurchaseSqlOptions): string {
  const need = neededColumns(o.by);
  const sel = selection(o.by, o.value);
  const asOf = dateLit(h.asOf);
  const lastBin = F2_HORIZONS.length + 1;
  const days = [
    'customer_id',
    'd',
    'any_value(is_member) AS is_member',
    ...(need.firstOrder || need.firstChannel ? ['min(order_id) AS fo'] : []),
    ...(need.firstChannel ? ['arg_min_null(channel, order_id) AS fch'] : [])
  ];
  const cust = [
    'customer_id',
    // The two earliest purchase days (distinct: `days` has one row per customer and day).
    'min(d, 2) AS two',
    'any_value(is_member) AS is_member',
    ...(need.firstOrder ? ['arg_min_null(fo, d) AS first_order'] : []),
    ...(need.firstChannel ? ['arg_min_null(fch, d) AS first_channel'] : [])
  ];
  const f2 = F2_HORIZONS.map((n) => `count(*) FILTER (WHERE gap <= ${n}) AS c${n}, last_day(min(first_d)) + ${n} <= ${asOf} AS o${n}`);
  return `WITH o AS (${ordersIn(f, h)}),
    days AS (SELECT ${days.join(', ')} FROM o WHERE NOT is_return GROUP BY customer_id, d),
    cust AS MATERIALIZED (SELECT ${cust.join(', ')} FROM days GROUP BY customer_id)${sel.ctes},
    base AS MATERIALIZED (
      SELECT customer_id, list_min(two) AS first_d, CASE WHEN len(two) = 2 THEN list_max(two) END AS second_d,
        CASE WHEN len(two) = 2 THEN list_max(two) - list_min(two) END AS gap
      FROM cust),
    picked AS MATERIALIZED (SELECT * FROM base ${sel.narrow})
    SELECT * FROM (
    SELECT 'f2' AS part, ${periodIndexSql('month', 'first_d')} AS cohort, strftime(min(first_d), '%Y-%m') AS month,
      count(*) AS customers, ${f2.join(', ')}
    FROM picked GROUP BY cohort
    UNION ALL BY NAME
    SELECT 'gap' AS part, least((gap + 29) // 30, ${lastBin}) AS bin, count(*) AS customers FROM picked WHERE gap IS NOT NULL GROUP BY bin
    UNION ALL BY NAME
    SELECT 'total' AS part, count(*) AS customers, count(gap) AS withSecond FROM picked
    UNION ALL BY NAME
    SELECT 'overall' AS part, ${repeatColumns(asOf)} FROM base
    ${o.by === null ? '' : `UNION ALL BY NAME
    SELECT 'attr' AS part, bucket AS value, kind,
      ${BUCKET_RANK_SQL} AS rank, ${repeatColumns(asOf)}
    FROM base JOIN bucketed USING (customer_id) GROUP BY bucket, kind`})
    ORDER BY part, cohort, bin`;
}
