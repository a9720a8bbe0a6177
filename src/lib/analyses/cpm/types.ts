/**
 * CPM results: plain, serialisable aggregates (no customer ids), safe for snapshots and links.
 * Names and actions are looked up by id in `./segments.ts` (`cpmSegment(id)`), which also gives
 * each segment's stage and state for drawing the 2 × 5 grid.
 */
import type { CpmSegmentId, CpmStage, CpmState } from './segments';
import type { CpmThresholds } from './thresholds';
import type { Withheld } from '../withhold';

export interface CpmSegmentRow {
  segment: CpmSegmentId;
  stage: CpmStage;
  state: CpmState;
  /** Customers in the segment (0 when empty; all 10 segments are always listed). Null (like every figure) only where a snapshot withholds the segment. */
  customers: number | null;
  /** customers / all classified customers, 0–1. */
  share: number | null;
  /** Cumulative net revenue of the segment's customers up to the analysis date. */
  revenue: number | null;
  /** revenue / revenue of all classified customers; null when that total is 0. */
  revenueShare: number | null;
  /** Averages over the segment's customers; null when the segment is empty. */
  avgRecencyDays: number | null;
  /** Average CPM tenure (在籍日数): days from first to last purchase. */
  avgSpanDays: number | null;
  avgPurchases: number | null;
  avgRevenue: number | null;
  withheld?: Withheld;
}

export interface CpmResult {
  /** The analysis date used, YYYY-MM-DD. */
  asOf: string;
  /** The thresholds used (defaults filled in). */
  thresholds: CpmThresholds;
  /** Customers classified (identified, a purchase by `asOf`, passing the filters). */
  customers: number;
  /** Their cumulative net revenue. */
  revenue: number;
  /** All 10 segments in display order (active stages, then lapsed stages). */
  segments: CpmSegmentRow[];
}
