/**
 * CPM as a snapshot may show it (rules in ../withhold.ts): nothing when fewer than MIN_GROUP
 * customers are classified; segments of 1–4 customers withheld, and a second one when the rest
 * would give a lone one away (the segments add up to all customers).
 */
import { MIN_GROUP, withholdRecords } from '../withhold';
import type { CpmResult } from './types';

export function withholdCpm(r: CpmResult): CpmResult | null {
  if (r.customers < MIN_GROUP) return null;
  return { ...r, segments: withholdRecords(r.segments) };
}
