/**
 * Segment movement SQL: each customer's segment at date A and at date B, by the same
 * definitions as the RFM and CPM pages. At each date the segments are computed afresh among the
 * customers of that date (RFM scores at B are quintiles among everyone who had bought by B),
 * so "moved from Loyal to At risk" means exactly what the RFM page would have said on each day.
 */
import { lit } from '../../engine/sql';
import { cpmClassifiedSql } from '../cpm/sql';
import type { CpmThresholds } from '../cpm/thresholds';
import type { Filters } from '../filters';
import { rfmScoredSql } from '../rfm/sql';
import { NEW_SOURCE, type MovementScheme } from './types';

/** customer_id and segment of every customer as of `asOf`. */
export function segmentsAtSql(scheme: MovementScheme, f: Filters, asOf: string, t: CpmThresholds | null): string {
  if (scheme === 'rfm') return `SELECT customer_id, segment FROM (${rfmScoredSql(f, asOf)})`;
  if (scheme === 'cpm' && t) return `SELECT customer_id, segment FROM (${cpmClassifiedSql(f, asOf, t)})`;
  throw new Error(`segment movement: unknown scheme or missing CPM thresholds: ${scheme}`);
}

/** Customers per segment as of `asOf`. */
export function segmentSizesSql(scheme: MovementScheme, f: Filters, asOf: string, t: CpmThresholds | null): string {
  return `SELECT segment, count(*) AS customers FROM (${segmentsAtSql(scheme, f, asOf, t)}) GROUP BY segment`;
}

/**
 * Customers per (segment at A, segment at B). A full join, so that a customer present at A but
 * missing at B would surface as seg_b NULL instead of vanishing (history only grows from A to
 * B, so it cannot happen; the run checks). Customers first seen after A come from NEW_SOURCE.
 */
export function movementMatrixSql(scheme: MovementScheme, f: Filters, a: string, b: string, t: CpmThresholds | null): string {
  return `WITH sa AS (${segmentsAtSql(scheme, f, a, t)}), sb AS (${segmentsAtSql(scheme, f, b, t)})
    SELECT coalesce(sa.segment, ${lit(NEW_SOURCE)}) AS seg_a, sb.segment AS seg_b, count(*) AS customers
    FROM sa FULL JOIN sb USING (customer_id) GROUP BY ALL`;
}
