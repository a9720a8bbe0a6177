/**
 * SQL of the programme-effect analysis: did joining the loyalty programme change what members
 * buy? Members self-select, so they are compared with non-members who looked the same before.
 *
 * Months are integers (year × 12 + month − 1). A member's event month J is the month of
 * `member_since`; the effect is read in months J+1 … J+POST of spend and purchases, against the
 * PRE months before J, minus the same difference for matched non-members (difference in
 * differences). The month of joining itself is left out of the effect: most members join at a
 * checkout, so that month holds a purchase because they joined, not because of the programme.
 *
 * Who is compared (a target trial at each month, Hernán & Robins 2016): at event month J, the
 *   members who joined then against customers not yet members then — never-members and later
 *   joiners alike. Comparing with never-members only would condition on the future: most members
 *   join at a checkout, so a customer who never joins is one who, among other things, rarely came
 *   back to a checkout, and the programme would be flattered by it. Later joiners stay controls
 *   after they join (dropping them would again depend on what they did later), so the plain
 *   difference is diluted by the months they spent as members; it is divided by the matched
 *   controls' share of months not yet members (the Wald estimator, assuming joining does for them
 *   what it did for the members it is measured on). Each non-member stands in at one month only,
 *   drawn from the members' event months independently of the customer's own history (by a hash
 *   of the id: the same draw every time), and only if they qualify then. Picking instead among the
 *   months at which a customer qualifies would favour, at any month, those who leave soon (they
 *   qualify at fewer months). Units are then independent, so the stratified variance below is
 *   exact for the weighted difference (up to the dilution share, taken as known).
 * Matching: coarsened exact matching (Iacus, King & Porro 2012), within the same event month J and
 *   the number of purchases in month J (members join at a checkout, so more purchases that month
 *   mean more chances to join), on the PRE months that end MATCH_LEAD months before J: months
 *   since the last purchase, purchases, spend (quartiles of the members'), months since the first
 *   purchase, purchases per month since then (quartiles of the members': how often a customer buys,
 *   which the programme's joiners are selected on) and the channel most used (when the data has
 *   channels). The DiD's "before" months, J−PRE … J−1, are not matched on: matching on them would
 *   make the two groups equal there by selection, and members, who are selected on buying more,
 *   would then drift back up to their level after joining (regression to the mean) and flatter the
 *   programme. Left free, those months are the pre-trend check.
 * Weights: a member 1; a non-member in stratum s, M_s / C_s (the stratum's members over its
 *   non-members). Members in a stratum without non-members are unmatched, and counted.
 *
 * `shift` moves every event month back (the placebo: a fake join date a year earlier must show
 * no effect, since nothing had happened yet). Members are then known to buy again at the true
 * join month, which by itself keeps them active in between; non-members are matched on buying
 * in that same later month too, or the placebo would find the difference between customers who
 * are certain to stay and customers who may leave.
 */
import { dateLit } from '../../engine/sql';
import { segmentWhere, type Filters } from '../filters';

/** Months before the event that describe a customer (and the DiD's "before"). */
export const PRE = 6;
/** Months after the event month that the effect averages (the DiD's "after"). */
export const POST = 6;
/** The matching window ends this many months before the event month (see the top of the file). */
export const MATCH_LEAD = PRE;
/** The event-study chart: relative months FROM … TO (0 is the event month). */
export const STUDY_FROM = -6;
export const STUDY_TO = 12;

export interface MatchOptions {
  /** Months to move every event month back by (0, or 12 for the placebo). */
  shift: number;
  /** Whether the data has channels (the channel most used is then matched on). */
  channels: boolean;
}

const month = (d: string) => `(year(${d}) * 12 + month(${d}) - 1)`;

/**
 * Customer-months with a purchase or a return: net spend, purchases, the channel of the month's
 * last purchase and the last purchase date, under the channel and date filters; membership is what
 * the analysis splits by, so the member filter does not apply. The channel is only compared and
 * grouped on, never shown, so it is kept as its hash: picking a number per month instead of a
 * string is a sixth of this statement's time at 1M orders.
 */
export function customerMonthsSql(f: Filters): string {
  const where = [segmentWhere({ ...f, member: 'all' }), 'customer_id IS NOT NULL'];
  if (f.from) where.push(`d >= ${dateLit(f.from)}`);
  if (f.to) where.push(`d <= ${dateLit(f.to)}`);
  return `SELECT customer_id, ${month('d')} AS mi, sum(amount) AS spend, count_if(NOT is_return) AS buys,
      arg_max(CASE WHEN channel IS NOT NULL THEN hash(channel) END, d) FILTER (WHERE NOT is_return) AS channel,
      max(d) FILTER (WHERE NOT is_return) AS last_d
    FROM order_facts WHERE ${where.join(' AND ')} GROUP BY customer_id, mi`;
}

/** CTE `span` (first, last): the first month and the last complete month of `cm`'s history. */
function spanCte(cm: string): string {
  return `span AS (SELECT min(mi) AS first,
        ${month('s.last')} - CASE WHEN s.last = last_day(s.last) THEN 0 ELSE 1 END AS last
      FROM ${cm}, order_span s GROUP BY s.last)`;
}

/**
 * Every member and every chosen non-member (customer_id, treated, j, stratum, the features
 * matched on, and w: its weight, NULL when unmatched), from the customer-months table `cm`
 * (of customerMonthsSql).
 */
export function unitsSql(cm: string, o: MatchOptions): string {
  const shift = Math.trunc(o.shift);
  const channel = o.channels ? `coalesce(c.channel, 0)` : `0`;
  const win = `c.mi BETWEEN u.j - ${PRE + MATCH_LEAD} AND u.j - ${MATCH_LEAD + 1}`;
  return `WITH ${spanCte(cm)},
    joined AS (SELECT customer_id, ${month('member_since')} AS joined_at FROM customers WHERE is_member AND member_since IS NOT NULL),
    events AS (
      SELECT DISTINCT joined_at - ${shift} AS j FROM joined, span
      WHERE joined_at - ${shift} - ${PRE + MATCH_LEAD} >= span.first AND joined_at - ${shift} + ${POST} <= span.last),
    -- Each customer not yet a member draws one month from the members' event months (by a hash of
    -- the id: the same draw every time), whatever their own history; they stand in then if they qualify.
    cdf AS (
      SELECT j, sum(count(*)) OVER (ORDER BY j) / sum(count(*)) OVER () AS c
      FROM joined JOIN events ON joined_at - ${shift} = j GROUP BY j),
    pool AS (
      SELECT customer_id, CASE WHEN is_member THEN ${month('member_since')} END AS joined_at, (hash(customer_id) % 1000003) / 1000003.0 AS u
      FROM customers WHERE is_member IS FALSE OR (is_member AND member_since IS NOT NULL)),
    candidates AS (
      SELECT customer_id, joined_at - ${shift} AS j, TRUE AS treated, NULL::INTEGER AS later
      FROM joined WHERE joined_at - ${shift} IN (SELECT j FROM events)
      UNION ALL
      SELECT p.customer_id, cdf.j, FALSE, p.joined_at FROM pool p ASOF JOIN cdf ON cdf.c >= p.u
      WHERE coalesce(p.joined_at > cdf.j + ${shift}, TRUE)),
    -- Who can be compared at J: a purchase in the matching window. Their features, from their
    -- history up to the (true) join month.
    features AS MATERIALIZED (
      SELECT u.customer_id, u.j, u.treated, u.later,
        coalesce(sum(c.buys) FILTER (WHERE ${win}), 0) AS buys,
        coalesce(sum(c.spend) FILTER (WHERE ${win}), 0) AS spend,
        u.j - ${MATCH_LEAD} - max(c.mi) FILTER (WHERE ${win} AND c.buys > 0) AS recency,
        u.j - ${MATCH_LEAD} - min(c.mi) FILTER (WHERE c.buys > 0) AS tenure,
        sum(c.buys) FILTER (WHERE c.mi < u.j - ${MATCH_LEAD}) / (u.j - ${MATCH_LEAD} - min(c.mi) FILTER (WHERE c.buys > 0)) AS rate,
        coalesce(max(c.buys) FILTER (WHERE c.mi = u.j), 0) AS buys_at_j,
        coalesce(bool_or(c.mi = u.j + ${shift} AND c.buys > 0), FALSE) AS bought_at_join,
        arg_max(${channel}, c.buys) FILTER (WHERE ${win}) AS channel
      FROM candidates u JOIN ${cm} c ON c.customer_id = u.customer_id AND c.mi <= u.j + ${shift}
      GROUP BY u.customer_id, u.j, u.treated, u.later
      HAVING bool_or(${win} AND c.buys > 0)),
    cuts AS (SELECT quantile_cont(spend, [0.25, 0.5, 0.75]) AS q, quantile_cont(rate, [0.25, 0.5, 0.75]) AS r FROM features WHERE treated),
    strata AS (
      SELECT f.*, hash(j, least(buys_at_j, 3), bought_at_join,
          CASE WHEN recency <= 1 THEN 1 WHEN recency <= 3 THEN 2 ELSE 3 END,
          CASE WHEN buys <= 1 THEN 1 WHEN buys = 2 THEN 2 WHEN buys <= 5 THEN 3 ELSE 4 END,
          CASE WHEN spend <= q[1] THEN 1 WHEN spend <= q[2] THEN 2 WHEN spend <= q[3] THEN 3 ELSE 4 END,
          CASE WHEN tenure <= ${PRE} THEN 1 WHEN tenure <= 18 THEN 2 ELSE 3 END,
          CASE WHEN rate <= r[1] THEN 1 WHEN rate <= r[2] THEN 2 WHEN rate <= r[3] THEN 3 ELSE 4 END,
          channel) AS stratum
      FROM features f, cuts),
    sizes AS (SELECT stratum, count(*) FILTER (WHERE treated) AS m, count(*) FILTER (WHERE NOT treated) AS c FROM strata GROUP BY stratum)
    SELECT s.customer_id, s.treated, s.j, s.later, s.stratum, s.buys, s.spend, s.recency, s.tenure, s.rate, s.buys_at_j, s.channel,
      CASE WHEN z.m = 0 OR z.c = 0 THEN NULL WHEN s.treated THEN 1.0 ELSE z.m / z.c END AS w
    FROM strata s JOIN sizes z USING (stratum)`;
}

/**
 * Each matched unit's spend and purchases at the relative months STUDY_FROM … STUDY_TO
 * (zero-filled, months inside the history only): customer_id, treated, stratum, w, k, spend,
 * buys, and joined (1 for a month after a later joiner joined). What the event study and the DiD read.
 */
export function pathsSql(cm: string, units: string): string {
  return `WITH ${spanCte(cm)}, offsets AS (SELECT range AS k FROM range(${STUDY_FROM}, ${STUDY_TO + 1}))
    SELECT u.customer_id, u.treated, u.stratum, u.w, o.k, coalesce(c.spend, 0) AS spend, coalesce(c.buys, 0) AS buys,
      coalesce(u.j + o.k > u.later, FALSE)::INTEGER AS joined
    FROM ${units} u CROSS JOIN offsets o JOIN span ON u.j + o.k <= span.last
      LEFT JOIN ${cm} c ON c.customer_id = u.customer_id AND c.mi = u.j + o.k
    WHERE u.w IS NOT NULL`;
}

/**
 * From CTE `src` (treated, stratum, spend, buys and the `by` columns), per `by` group: members,
 * controls, members' mean spend and purchases and matched non-members' (each stratum's means
 * weighted by its members), and the stratified variance of their difference,
 * Σ_s (M_s/M)² (v_M/M_s + v_C/C_s). Rows: [by…], members, controls, spend_m, spend_c, buys_m,
 * buys_c, spend_var, buys_var.
 */
function stratifiedSql(src: string, by: string[]): string {
  const key = by.map((b) => `${b}, `).join('');
  return `cells AS (
      SELECT ${key}stratum, treated, count(*) AS n, avg(spend) AS spend, avg(buys) AS buys,
        coalesce(var_samp(spend), 0) AS spend_v, coalesce(var_samp(buys), 0) AS buys_v, avg(joined) AS joined
      FROM ${src} GROUP BY ${key}stratum, treated),
    pairs AS (
      SELECT ${by.map((b) => `m.${b}, `).join('')}m.n AS m_n, c.n AS c_n, m.spend AS spend_m, c.spend AS spend_c, m.buys AS buys_m, c.buys AS buys_c, c.joined,
        m.spend_v / m.n + c.spend_v / c.n AS spend_v, m.buys_v / m.n + c.buys_v / c.n AS buys_v
      FROM cells m JOIN cells c ON ${by.map((b) => `c.${b} = m.${b} AND `).join('')}c.stratum = m.stratum AND m.treated AND NOT c.treated)
    SELECT ${key}sum(m_n)::INTEGER AS members, sum(c_n)::INTEGER AS controls,
      sum(m_n * spend_m) / sum(m_n) AS spend_m, sum(m_n * spend_c) / sum(m_n) AS spend_c,
      sum(m_n * buys_m) / sum(m_n) AS buys_m, sum(m_n * buys_c) / sum(m_n) AS buys_c, sum(m_n * joined) / sum(m_n) AS joined,
      sum(m_n * m_n * spend_v) / (sum(m_n) * sum(m_n)) AS spend_var,
      sum(m_n * m_n * buys_v) / (sum(m_n) * sum(m_n)) AS buys_var
    FROM pairs${by.length ? ` GROUP BY ${by.join(', ')} ORDER BY ${by.join(', ')}` : ''}`;
}

/** The event study: stratifiedSql per relative month k of `paths` (pathsSql), over the units observed at k. */
export function eventStudySql(paths: string): string {
  return `WITH ${stratifiedSql(paths, ['k'])}`;
}

/**
 * The difference in differences: each matched unit's mean monthly spend and purchases in the
 * POST months after the event month minus the PRE months before it, through stratifiedSql
 * (its members − non-members difference is the DiD). One row.
 */
export function didSql(paths: string): string {
  return `WITH change AS (
      SELECT customer_id, treated, stratum,
        avg(spend) FILTER (WHERE k BETWEEN 1 AND ${POST}) - avg(spend) FILTER (WHERE k BETWEEN ${-PRE} AND -1) AS spend,
        avg(buys) FILTER (WHERE k BETWEEN 1 AND ${POST}) - avg(buys) FILTER (WHERE k BETWEEN ${-PRE} AND -1) AS buys,
        avg(joined) FILTER (WHERE k BETWEEN 1 AND ${POST}) AS joined
      FROM ${paths} WHERE k BETWEEN ${-PRE} AND ${POST} GROUP BY customer_id, treated, stratum),
    ${stratifiedSql('change', [])}`;
}

/** The features matched on, as the balance table shows them. */
export const BALANCE_FEATURES = ['buys', 'spend', 'recency', 'tenure', 'rate', 'buys_at_j'] as const;
export type BalanceFeature = (typeof BALANCE_FEATURES)[number];

/**
 * Balance before and after matching: per feature, members' and non-members' mean and variance,
 * unweighted over every qualifying unit (before) and weighted over the matched ones (after).
 * Also the counts: members qualifying, members matched, non-members qualifying and used.
 */
export function balanceSql(units: string): string {
  const stats = BALANCE_FEATURES.map(
    (x) => `avg(${x}) FILTER (WHERE treated) AS ${x}_m, avg(${x}) FILTER (WHERE NOT treated) AS ${x}_c,
      var_samp(${x}) FILTER (WHERE treated) AS ${x}_vm, var_samp(${x}) FILTER (WHERE NOT treated) AS ${x}_vc,
      sum(w * ${x}) FILTER (WHERE treated) / sum(w) FILTER (WHERE treated) AS ${x}_am,
      sum(w * ${x}) FILTER (WHERE NOT treated) / sum(w) FILTER (WHERE NOT treated) AS ${x}_ac`
  );
  return `SELECT (SELECT count(*) FROM customers WHERE is_member AND member_since IS NOT NULL)::INTEGER AS members,
      (count(*) FILTER (WHERE treated))::INTEGER AS qualified, (count(*) FILTER (WHERE treated AND w IS NOT NULL))::INTEGER AS matched,
      (count(*) FILTER (WHERE NOT treated))::INTEGER AS pool, (count(*) FILTER (WHERE NOT treated AND w IS NOT NULL))::INTEGER AS used,
      ${stats.join(',\n      ')}
    FROM ${units}`;
}

/** Blocks of customers per group that the naive gap's bootstrap resamples (bootstrapGap). */
export const GAP_BLOCKS = 1000;

/** A purchase in the last ACTIVE_DAYS days of the history makes a customer active. */
export const ACTIVE_DAYS = 180;

/**
 * Members and non-members as they stand (revenue, orders, repeat: two orders or more, active: a
 * purchase in the last ACTIVE_DAYS of the history), the naive comparison that self-selection
 * flatters, from the customer-months table `cm` (customerMonthsSql: the orders up to the date
 * filter's end, which is the analysis date `asOf`, see pickAsOf): each group's customers with a
 * purchase dealt into GAP_BLOCKS blocks by a hash of their id (a random split, the same every
 * time) and summed per block, in a fixed order (the bootstrap's draws pick blocks by position).
 * Rows: m (1 member, 0 not), n, revenue, orders, repeat, active.
 */
export function memberGapSql(cm: string, asOf: string): string {
  return `SELECT c.is_member::INTEGER AS m, count(*)::DOUBLE AS n, sum(s.revenue)::DOUBLE AS revenue, sum(s.purchases)::DOUBLE AS orders,
      count(*) FILTER (WHERE s.purchases >= 2)::DOUBLE AS repeat, count(*) FILTER (WHERE ${dateLit(asOf)} - s.last_d < ${ACTIVE_DAYS})::DOUBLE AS active
    FROM (SELECT customer_id, sum(spend) AS revenue, sum(buys) AS purchases, max(last_d) AS last_d FROM ${cm} GROUP BY customer_id HAVING sum(buys) > 0) s
      JOIN customers c USING (customer_id)
    WHERE c.is_member IS NOT NULL
    GROUP BY m, hash(s.customer_id) % ${GAP_BLOCKS} ORDER BY m, hash(s.customer_id) % ${GAP_BLOCKS}`;
}
