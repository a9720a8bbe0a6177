import { dateLit } from '../../engine/sql';
import { toRows, type QueryRunner } from '../../engine/types';
import { CPM_SEGMENT_IDS } from '../cpm/segments';
import { resolveCpmThresholds, type CpmThresholds } from '../cpm/thresholds';
import type { Filters } from '../filters';
import { RFM_SEGMENT_IDS } from '../rfm/segments';
import { materialize } from '../cache';
import { classifiedAtSql, movementMatrixSql, segmentSizesSql } from './sql';
import {
  NEW_SOURCE,
  type MovementCell,
  type MovementResult,
  type MovementScheme,
  type MovementSegmentId,
  type MovementSource,
  type SegmentSize
} from './types';

export interface MovementOptions {
  scheme: MovementScheme;
  /** Date A, YYYY-MM-DD: the end of the first period. */
  from: string;
  /** Date B, YYYY-MM-DD, not before A: the end of the second period. */
  to: string;
  /** CPM thresholds to change (CPM only); the rest keep their defaults. */
  cpm?: Partial<CpmThresholds> | null;
}

/**
 * Segments of the same customers at A and at B. The two dates are the user's explicit choice,
 * so `filters.to` does not cap them; `filters.from` still limits the history that counts, and
 * channel and member filters apply as everywhere.
 */
export async function runMovement(db: QueryRunner, filters: Filters, o: MovementOptions): Promise<MovementResult> {
  if (o.scheme !== 'rfm' && o.scheme !== 'cpm') throw new Error(`segment movement: unknown scheme: ${o.scheme}`);
  dateLit(o.from);
  dateLit(o.to);
  if (o.from > o.to) throw new RangeError(`date A (${o.from}) is after date B (${o.to})`);
  const t = o.scheme === 'cpm' ? resolveCpmThresholds(o.cpm) : null;
  const ids: readonly MovementSegmentId[] = o.scheme === 'rfm' ? RFM_SEGMENT_IDS : CPM_SEGMENT_IDS;

  type SizeRow = { segment: MovementSegmentId; customers: number };
  type CellRow = { seg_a: MovementSource; seg_b: MovementSegmentId | null; customers: number };
  // Each date's segments are computed once (and shared with the RFM page's own, same SQL).
  const [atA, atB] = await Promise.all([o.from, o.to].map((d) => materialize(db, classifiedAtSql(o.scheme, filters, d, t))));
  const [rowsA, rowsB, cells] = await Promise.all([
    db.query(segmentSizesSql(atA)).then((c) => toRows<SizeRow>(c)),
    db.query(segmentSizesSql(atB)).then((c) => toRows<SizeRow>(c)),
    db.query(movementMatrixSql(atA, atB)).then((c) => toRows<CellRow>(c))
  ]);
  if (cells.some((c) => c.seg_b === null)) throw new Error('segment movement: a customer of date A has no segment at date B');

  const sizes = (rows: SizeRow[]): SegmentSize[] => {
    const by = new Map(rows.map((r) => [r.segment, r.customers]));
    return ids.map((segment) => ({ segment, customers: by.get(segment) ?? 0 }));
  };
  const count = new Map(cells.map((c) => [`${c.seg_a}>${c.seg_b}`, c.customers]));
  const matrix: MovementCell[] = [...ids, NEW_SOURCE].flatMap((from) =>
    ids.map((to) => ({ from, to, customers: count.get(`${from}>${to}`) ?? 0 }))
  );
  return {
    scheme: o.scheme,
    dateA: o.from,
    dateB: o.to,
    thresholds: t,
    segments: [...ids],
    matrix,
    sizesA: sizes(rowsA),
    sizesB: sizes(rowsB),
    newCustomers: matrix.filter((c) => c.from === NEW_SOURCE).reduce((n, c) => n + (c.customers ?? 0), 0),
    unchanged: matrix.filter((c) => c.from === c.to).reduce((n, c) => n + (c.customers ?? 0), 0)
  };
}
