/**
 * Segment movement results: plain, serialisable aggregates (no customer ids).
 * A and B are the two analysis dates the user picked (`from` and `to` in the options).
 */
import type { CpmSegmentId } from '../cpm/segments';
import type { CpmThresholds } from '../cpm/thresholds';
import type { RfmSegmentId } from '../rfm/segments';
import type { Withheld } from '../withhold';

export type MovementScheme = 'rfm' | 'cpm';
export type MovementSegmentId = RfmSegmentId | CpmSegmentId;

/** The source row of customers whose first purchase came after A (no segment at A). */
export const NEW_SOURCE = 'new' as const;
export type MovementSource = MovementSegmentId | typeof NEW_SOURCE;

export interface MovementCell {
  /** Segment at A, or `NEW_SOURCE` for customers who had not bought by A. */
  from: MovementSource;
  /** Segment at B. */
  to: MovementSegmentId;
  /** Null only where a snapshot withholds the cell (see ../withhold.ts). */
  customers: number | null;
  withheld?: Withheld;
}

export interface SegmentSize {
  segment: MovementSegmentId;
  /** Null only where a snapshot withholds the segment. */
  customers: number | null;
  withheld?: Withheld;
}

export interface MovementResult {
  scheme: MovementScheme;
  /** Date A (the `from` option), YYYY-MM-DD. */
  dateA: string;
  /** Date B (the `to` option), YYYY-MM-DD. */
  dateB: string;
  /** The CPM thresholds used (defaults filled in); null for RFM. */
  thresholds: CpmThresholds | null;
  /** The scheme's segment ids in display order: the matrix's row and column order. */
  segments: MovementSegmentId[];
  /**
   * The transition matrix, dense: every (from, to) pair, zeros included, rows in `segments`
   * order followed by the `NEW_SOURCE` row, columns in `segments` order.
   * Invariants (tested): the row of segment s sums to its size at A; the column of segment t,
   * new row included, sums to its size at B.
   */
  matrix: MovementCell[];
  /** Segment sizes at A (every segment, zeros included), computed independently of the matrix. */
  sizesA: SegmentSize[];
  /** Segment sizes at B (every segment, zeros included). */
  sizesB: SegmentSize[];
  /** Customers with a first purchase after A and by B (the sum of the `NEW_SOURCE` row). */
  newCustomers: number;
  /** Customers at A whose segment at B is the same (the matrix diagonal). */
  unchanged: number;
}
