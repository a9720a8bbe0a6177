import { toRows, type QueryRunner } from '../../engine/types';
import type { Filters } from '../filters';
import { resolveAsOf } from '../customers/asof';
import { RFM_SEGMENTS, isRfmSegmentId, type RfmSegmentId } from './segments';
import { materialize } from '../cache';
import { segmentMembersSql } from '../lists/bases';
import { rfmDistributionsSql, rfmScoredSql, rfmScoreRangesSql, rfmSegmentCellsSql, rfmSegmentsSql } from './sql';
import {
  RFM_SCORES,
  type BoxStats,
  type RfmDistribution,
  type RfmHeatmapCell,
  type RfmResult,
  type RfmScoreRange,
  type RfmSegmentRow
} from './types';

import { rfmCustomersSql } from './sql';

export { rfmCustomersSql };

export interface RfmOptions {
  /** Analysis date YYYY-MM-DD; default the last order date in the data. Capped by `filters.to`. */
  asOf?: string | null;
  /** Selected segment id (a click on the segment chart); narrows the heatmap and distributions. */
  segment?: string | null;
}

type SegmentSqlRow = Omit<RfmSegmentRow, 'segment'> & { segment: RfmSegmentId };
type DistributionSqlRow = { segment: RfmSegmentId; customers: number } & Record<string, number>;

/** Every segment in display order, empty ones with zeros, so charts keep a stable legend. */
function allSegments(rows: SegmentSqlRow[]): RfmSegmentRow[] {
  const byId = new Map(rows.map((r) => [r.segment, r]));
  return RFM_SEGMENTS.map(({ id }) => byId.get(id) ?? {
    segment: id, customers: 0, share: 0, revenue: 0, revenueShare: null, avgRecencyDays: null, avgPurchases: null, avgRevenue: null
  });
}

/** All 25 cells, R from 5 down to 1 and F from 1 up to 5 (the usual reading: best top right). */
function allCells(rows: RfmHeatmapCell[]): RfmHeatmapCell[] {
  const byCell = new Map(rows.map((c) => [`${c.r}:${c.f}`, c]));
  return [...RFM_SCORES].reverse().flatMap((r) =>
    RFM_SCORES.map((f) => byCell.get(`${r}:${f}`) ?? { r, f, customers: 0, revenue: 0 })
  );
}

type CellSqlRow = RfmHeatmapCell & { segment: RfmSegmentId | null };

function box(row: Record<string, number>, prefix: string): BoxStats {
  return { min: row[`${prefix}_min`], q1: row[`${prefix}_q1`], median: row[`${prefix}_median`], q3: row[`${prefix}_q3`], max: row[`${prefix}_max`] };
}

/**
 * What a segment click does not change: the analysis date, the scored customers (a cached
 * table), the segment sizes and score ranges of all of them, and what each selection shows,
 * pre-aggregated with the scores: the R × F cells per segment (and of all customers) and every
 * segment's distributions. A click then reads these few dozen rows, not the scored customers.
 */
export interface RfmBase {
  filters: Filters;
  asOf: string;
  /** `SELECT * FROM` the cached scored customers (see `../cache.ts`). */
  scored: string;
  segments: RfmSegmentRow[];
  scoreRanges: RfmScoreRange[];
  /** Non-empty R × F cells per segment, and (segment null) of all scored customers. */
  cells: CellSqlRow[];
  /** Every non-empty segment's distributions, in display order. */
  distributions: RfmDistribution[];
}

/** Score every customer once per (filters, date); null when there are no identified orders at all. */
export async function runRfmBase(db: QueryRunner, filters: Filters, opts: Pick<RfmOptions, 'asOf'> = {}): Promise<RfmBase | null> {
  const asOf = await resolveAsOf(db, filters, opts.asOf);
  if (!asOf) return null;
  const o = { asOf, scored: await materialize(db, rfmScoredSql(filters, asOf)) };
  const [segmentRows, ranges, cells, dists] = await Promise.all([
    db.query(rfmSegmentsSql(filters, o)).then((c) => toRows<SegmentSqlRow>(c)),
    db.query(rfmScoreRangesSql(filters, o)).then((c) => toRows<RfmScoreRange>(c)),
    db.query(rfmSegmentCellsSql(filters, o)).then((c) => toRows<CellSqlRow>(c)),
    db.query(rfmDistributionsSql(filters, o)).then((c) => toRows<DistributionSqlRow>(c))
  ]);
  const dimOrder = { recency: 0, frequency: 1, monetary: 2 };
  const order = new Map(RFM_SEGMENTS.map((s) => [s.id, s.order]));
  return {
    filters,
    ...o,
    segments: allSegments(segmentRows),
    scoreRanges: ranges.sort((a, b) => dimOrder[a.dimension] - dimOrder[b.dimension] || a.score - b.score),
    cells,
    distributions: dists
      .sort((a, b) => order.get(a.segment)! - order.get(b.segment)!)
      .map((d) => ({
        segment: d.segment,
        customers: d.customers,
        recencyDays: box(d, 'recency'),
        purchases: box(d, 'purchases'),
        revenue: box(d, 'revenue')
      }))
  };
}

/**
 * The parts a segment selection narrows (heatmap, distributions), picked from the base's
 * pre-aggregated rows: no query, so a click costs only the redraw.
 */
export function rfmSelection(base: RfmBase, selected: string | null = null): RfmResult {
  const segment = selected ?? null;
  if (segment !== null && !isRfmSegmentId(segment)) throw new Error(`unknown RFM segment: ${segment}`);
  return {
    asOf: base.asOf,
    customers: base.segments.reduce((n, s) => n + (s.customers ?? 0), 0),
    revenue: base.segments.reduce((n, s) => n + (s.revenue ?? 0), 0),
    selectedSegment: segment,
    segments: base.segments,
    heatmap: allCells(base.cells.filter((c) => c.segment === segment).map(({ r, f, customers, revenue }) => ({ r, f, customers, revenue }))),
    distributions: segment === null ? base.distributions : base.distributions.filter((d) => d.segment === segment),
    scoreRanges: base.scoreRanges
  };
}

/**
 * Every scored customer's member-list row (with the customer attributes) in a cached table,
 * built once per scoring: a segment's member list then reads its rows from there
 * (`segmentMembersBase`). Returns `SELECT * FROM` the table. Personal data: device only.
 */
export async function runRfmMembers(db: QueryRunner, base: RfmBase): Promise<string> {
  return materialize(db, segmentMembersSql(rfmCustomersSql(base.filters, { asOf: base.asOf, scored: base.scored, ordered: false })));
}

/** As `rfmSelection`, for callers that await. */
export async function runRfmSelection(_db: QueryRunner, base: RfmBase, selected: string | null = null): Promise<RfmResult> {
  return rfmSelection(base, selected);
}

/**
 * Run the RFM analysis; null when there are no identified orders at all. With customers but
 * none by the analysis date the result is empty (zero counts), not null, so the page can say
 * which date it looked at.
 */
export async function runRfm(db: QueryRunner, filters: Filters, opts: RfmOptions = {}): Promise<RfmResult | null> {
  const base = await runRfmBase(db, filters, opts);
  return base && runRfmSelection(db, base, opts.segment);
}
