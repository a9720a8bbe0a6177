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

/** Every customer as of `asOf` with a `segment` column (the scheme's full per-customer rows). */
export function classifiedAtSql(scheme: MovementScheme, f: Filters, asOf: string, t: CpmThresholds | null): string {
  if (scheme === 'rfm') return rfmScoredSql(f, asOf);
  if (scheme === 'cpm' && t) return cpmClassifiedSql(f, asOf, t);
  throw new Error(`segment movement: unknown scheme or missing CPM thresholds: ${scheme}`);
}

/** customer_id and segment of every customer as of `asOf`. */
export function segmentsAtSql(scheme: MovementScheme, f: Filters, asOf: string, t: CpmThresholds | null): string {
  return `SELECT customer_id, segment FROM (${classifiedAtSql(scheme, f, asOf, t)})`;
}

/** Customers per segment in `segments` (a query yielding customer_id and segment). */
export function segmentSizesSql(segments: string): string {
  return `SELECT segment, count(*) AS customers FROM (${segments}) GROUP BY segment`;
}

/**
 * Customers per (segment at A, segment at B), from two queries yielding customer_id and segment.
 * A full join, so that a customer present at A but missing at B would surface as seg_b NULL
 * instead of vanishing (history only grows from A to B, so it cannot happen; the run checks).
 * Customers first seen after A come from NEW_SOURCE.
 */
export function movementMatrixSql(atA: string, atB: string): string {
  return `WITH sa AS (SELECT customer_id, segment FROM (${atA})), sb AS (SELECT customer_id, segment FROM (${atB}))
    SELECT coalesce(sa.segment, ${lit(NEW_SOURCE)}) AS seg_a, sb.segment AS seg_b, count(*) AS customers
    FROM sa FULL JOIN sb USING (customer_id) GROUP BY ALL`;
}
