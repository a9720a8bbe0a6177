/**
 * RFM SQL, built on the per-customer summary (`../customers/summary.ts`), so recency,
 * purchases and net revenue mean exactly what they mean everywhere else:
 *   R from recency_days (fewer days → higher score), F from purchases, M from net revenue.
 *
 * Scores are quintiles by rank, among the customers scored as of the analysis date:
 *     score = 1 + floor(5 × (rank − 1) / n),   rank = RANK() from worst to best, n = customers.
 * Tie rule: RANK() gives equal values the same (lowest) rank, so customers with equal recency,
 * equal purchases or equal spend always get the same score, and a tied group sits in the
 * quintile where it starts. Consequences worth knowing when reading the charts: quintiles are
 * not exactly 20 % each, and a score can be empty — e.g. when 35 % of customers bought once,
 * all of them get F = 1 and F = 2 starts with the next value. Nothing depends on row order or
 * customer ids, so the scores are the same on every run and in every engine.
 * Spend is ranked on net revenue rounded to 1e-6 of the currency unit: sums of decimal
 * amounts in floating point can differ in the last bits (0.1 + 0.2 vs 0.3), and equal spend
 * must tie. Customers whose net revenue is zero or negative (returns exceed purchases) are
 * still scored; they rank lowest on M.
 */
import { lit } from '../../engine/sql';
import { customerSummarySql } from '../customers/summary';
import type { Filters } from '../filters';
import { isRfmSegmentId, rfmSegmentCase, type RfmSegmentId } from './segments';

export interface RfmSqlOptions {
  /** The analysis date, YYYY-MM-DD (resolved; see `./asof.ts`). */
  asOf: string;
  /** The selected segment: limits the customers a query looks at (heatmap, distributions, list). */
  segment?: RfmSegmentId | null;
  /** Where the scored customers come from when already computed (see `../cache.ts`); default: computed here. */
  scored?: string;
}

/** The ranking key for M (see the header for the rounding). */
const SPEND_KEY = 'round(revenue, 6)';

/** Quintile score from a rank among `n` customers (see the header). */
function quintile(rank: string, n: string): string {
  return `1 + (5 * (${rank} - 1)) // ${n}`;
}

/**
 * RANK() of each distinct value of `key` from worst to best, from a histogram: a value's rank is
 * one more than the number of customers with a worse value, which is RANK()'s definition. For
 * keys with few distinct values (recency in days, purchase counts) this sorts a few hundred
 * values instead of every customer.
 */
function rankByValue(relation: string, key: string, worstFirst: 'ASC' | 'DESC'): string {
  return `SELECT v, CAST(1 + coalesce(sum(k) OVER (ORDER BY v ${worstFirst} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS BIGINT) AS rnk
    FROM (SELECT ${key} AS v, count(*) AS k FROM ${relation} GROUP BY 1)`;
}

/**
 * One row per customer as of `asOf`: the summary's columns plus r, f, m and segment.
 * History starts at `filters.from` when set; channel and member filters apply as everywhere.
 */
export function rfmScoredSql(f: Filters, asOf: string): string {
  const summary = customerSummarySql(f, { asOf, from: f.from, gaps: false });
  return `WITH s AS MATERIALIZED (${summary}),
    total AS (SELECT count(*) AS n FROM s),
    rr AS (${rankByValue('s', 'recency_days', 'DESC')}),
    fr AS (${rankByValue('s', 'purchases', 'ASC')})
    SELECT *, ${rfmSegmentCase()} AS segment FROM (
      SELECT s.*,
        ${quintile('rr.rnk', 'total.n')} AS r,
        ${quintile('fr.rnk', 'total.n')} AS f,
        ${quintile(`rank() OVER (ORDER BY ${SPEND_KEY})`, 'total.n')} AS m
      FROM s JOIN rr ON rr.v = s.recency_days JOIN fr ON fr.v = s.purchases CROSS JOIN total)`;
}

function segmentCondition(segment: RfmSegmentId | null | undefined): string {
  if (segment == null) return 'true';
  if (!isRfmSegmentId(segment)) throw new Error(`unknown RFM segment: ${segment}`);
  return `segment = ${lit(segment)}`;
}

/** Scored customers, narrowed to the selected segment when there is one. */
function scored(f: Filters, o: RfmSqlOptions): string {
  return `WITH scored AS (${o.scored ?? rfmScoredSql(f, o.asOf)}),
    picked AS (SELECT * FROM scored WHERE ${segmentCondition(o.segment)})`;
}

/**
 * The customer list (for tables and CSV export; never for snapshots): highest spend first, or in
 * no particular order with `ordered: false` (for a list that sorts itself: no sort to pay twice).
 */
export function rfmCustomersSql(f: Filters, o: RfmSqlOptions & { ordered?: boolean }): string {
  return `${scored(f, o)}
    SELECT customer_id, r, f, m, segment, recency_days, purchases, revenue,
      strftime(last_date, '%Y-%m-%d') AS last_date
    FROM picked${o.ordered === false ? '' : ' ORDER BY revenue DESC, customer_id'}`;
}

/** Size, revenue and average R/F/M values per segment, with shares of all scored customers. */
export function rfmSegmentsSql(f: Filters, o: RfmSqlOptions): string {
  return `${scored(f, { ...o, segment: null })}
    SELECT segment, count(*) AS customers,
      count(*) / sum(count(*)) OVER () AS share,
      sum(revenue) AS revenue,
      sum(revenue) / nullif(sum(sum(revenue)) OVER (), 0) AS revenueShare,
      avg(recency_days) AS avgRecencyDays, avg(purchases) AS avgPurchases, avg(revenue) AS avgRevenue
    FROM scored GROUP BY segment`;
}

/** Customers and revenue per R × F cell (only non-empty cells). */
export function rfmHeatmapSql(f: Filters, o: RfmSqlOptions): string {
  return `${scored(f, o)}
    SELECT r, f, count(*) AS customers, sum(revenue) AS revenue FROM picked GROUP BY r, f`;
}

/**
 * The heatmap of every selection at once, computed with the scores so that a segment click reads
 * these few rows instead of the scored customers: customers and revenue per segment × R × F cell
 * (`segment` set) and per R × F cell over all segments (`segment` NULL), both straight from the
 * scored rows, so each equals `rfmHeatmapSql` for that selection.
 */
export function rfmSegmentCellsSql(f: Filters, o: RfmSqlOptions): string {
  return `${scored(f, { ...o, segment: null })}
    SELECT CASE WHEN grouping(segment) = 0 THEN segment END AS segment, r, f, count(*) AS customers, sum(revenue) AS revenue
    FROM scored GROUP BY GROUPING SETS ((segment, r, f), (r, f))`;
}

const BOX_STATS: readonly [string, string][] = [
  ['min', 'min(X)'],
  ['q1', 'quantile_cont(X, 0.25)'],
  ['median', 'quantile_cont(X, 0.5)'],
  ['q3', 'quantile_cont(X, 0.75)'],
  ['max', 'max(X)']
];

/** Box-plot statistics (interpolated quartiles) of one column, as `<prefix>_<stat>` columns. */
function boxColumns(column: string, prefix: string): string {
  return BOX_STATS.map(([stat, expr]) => `${expr.replace('X', column)} AS ${prefix}_${stat}`).join(', ');
}

/** Per segment: recency, purchases and revenue distributions. */
export function rfmDistributionsSql(f: Filters, o: RfmSqlOptions): string {
  return `${scored(f, o)}
    SELECT segment, count(*) AS customers,
      ${boxColumns('recency_days', 'recency')}, ${boxColumns('purchases', 'purchases')}, ${boxColumns('revenue', 'revenue')}
    FROM picked GROUP BY segment`;
}

/** What each score means in raw values: customers and min/max per dimension and score. */
export function rfmScoreRangesSql(f: Filters, o: RfmSqlOptions): string {
  const part = (dimension: string, score: string, value: string) =>
    `SELECT ${lit(dimension)} AS dimension, ${score} AS score, count(*) AS customers, min(${value}) AS min, max(${value}) AS max
      FROM scored GROUP BY ${score}`;
  return `${scored(f, { ...o, segment: null })}
    ${part('recency', 'r', 'recency_days')}
    UNION ALL ${part('frequency', 'f', 'purchases')}
    UNION ALL ${part('monetary', 'm', 'revenue')}`;
}
