/**
 * RFM results: plain, serialisable aggregates (no customer ids), safe for snapshots and links.
 * Names and actions of segments are not repeated here: look them up by id in `./segments.ts`
 * (`rfmSegment(id).name.ja`), which is also where the display order comes from.
 */
import type { RfmSegmentId } from './segments';
import type { Withheld } from '../withhold';

/** Scores run 1–5; 5 is best (most recent, most frequent, highest spend). */
export type RfmScore = 1 | 2 | 3 | 4 | 5;
export const RFM_SCORES: readonly RfmScore[] = [1, 2, 3, 4, 5];

/**
 * Figures that are null only in a snapshot, where the group is withheld (`withheld` says why;
 * see ../withhold.ts). Live results always have them.
 */
export interface RfmSegmentRow {
  segment: RfmSegmentId;
  /** Customers in the segment (0 when empty; every segment is always listed). */
  customers: number | null;
  /** customers / all scored customers, 0–1. */
  share: number | null;
  /** Net revenue of the segment's customers over their history up to the analysis date. */
  revenue: number | null;
  /**
   * revenue / revenue of all scored customers; null when that total is 0. Can fall outside
   * 0–1 when some customers' returns exceed their purchases (negative net revenue).
   */
  revenueShare: number | null;
  /** Averages over the segment's customers; null when the segment is empty. */
  avgRecencyDays: number | null;
  avgPurchases: number | null;
  avgRevenue: number | null;
  withheld?: Withheld;
}

/** One cell of the R × F grid. All 25 cells are present, empty ones with zeros. */
export interface RfmHeatmapCell {
  r: RfmScore;
  f: RfmScore;
  /** Null only where a snapshot withholds the cell (see RfmSegmentRow). */
  customers: number | null;
  revenue: number | null;
  withheld?: Withheld;
}

/** Box-plot statistics; quartiles are interpolated (quantile_cont), so they need not be data values. */
export interface BoxStats {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** Distributions within one segment (only segments with customers appear). */
export interface RfmDistribution {
  segment: RfmSegmentId;
  customers: number;
  /** Days since the last purchase, as of the analysis date. */
  recencyDays: BoxStats;
  /** Purchases (distinct non-return orders). */
  purchases: BoxStats;
  /** Net revenue. */
  revenue: BoxStats;
}

export type RfmDimension = 'recency' | 'frequency' | 'monetary';

/**
 * What a score means in raw values, for legends and "how to read": e.g. R = 5 ↔ 0–17 days.
 * Only scores that occur are listed: with the tie rule a score can be empty (see `./sql.ts`).
 * Units: days for recency, purchases for frequency, currency for monetary.
 */
export interface RfmScoreRange {
  dimension: RfmDimension;
  score: RfmScore;
  customers: number;
  min: number;
  max: number;
}

export interface RfmResult {
  /** The analysis date used, YYYY-MM-DD: recency is counted to it, nothing after it counts. */
  asOf: string;
  /** Customers scored (identified, at least one purchase by `asOf`, passing the filters). */
  customers: number;
  /** Their net revenue. */
  revenue: number;
  /** The segment selection applied to `heatmap` and `distributions`; null = all customers. */
  selectedSegment: RfmSegmentId | null;
  /** All 11 segments in display order; not narrowed by the selection (it is what one clicks). */
  segments: RfmSegmentRow[];
  /** R (rows) × F (columns), r descending then f ascending; narrowed by the selection. */
  heatmap: RfmHeatmapCell[];
  /** Per segment in display order; narrowed by the selection. */
  distributions: RfmDistribution[];
  /** Raw-value ranges of each score, recency then frequency then monetary, score ascending. */
  scoreRanges: RfmScoreRange[];
}
