/**
 * Predicted CLV as a snapshot may show it (rules in ../withhold.ts): never the per-customer
 * predictions (`table`, the worker's table behind the top-customer list); the CLV distribution's
 * bins and the holdout check's bins by past purchases withheld when they hold 1–4 customers, with
 * a second one when the rest would give a lone one away (each set of bins adds up to all
 * customers). Fits and totals describe everyone and stay.
 */
import { MIN_GROUP, withholdRecords } from '../withhold';
import type { ClvResult } from './types';

export function withholdClv(r: ClvResult): ClvResult | null {
  if (r.fit.customers < MIN_GROUP) return null;
  const p = r.predictions;
  const h = r.holdout;
  return {
    ...r,
    table: null,
    predictions: p && { ...p, distribution: p.distribution && withholdRecords(p.distribution, undefined, ['from', 'to']) },
    holdout: { ...h, bins: h.bins && withholdRecords(h.bins, undefined, ['minX', 'maxX']) }
  };
}
