import { toRows, type QueryRunner } from '../../engine/types';
import type { Filters } from '../filters';
import { resolveAsOf } from '../customers/asof';
import { CPM_SEGMENTS } from './segments';
import { cpmSegmentsSql } from './sql';
import { resolveCpmThresholds, type CpmThresholds } from './thresholds';
import type { CpmResult, CpmSegmentRow } from './types';

export { cpmCustomersSql } from './sql';

export interface CpmOptions {
  /** Analysis date YYYY-MM-DD; default the last order date in the data. Capped by `filters.to`. */
  asOf?: string | null;
  /** Thresholds to change; the rest keep their defaults. Invalid ones throw `CpmThresholdError`. */
  thresholds?: Partial<CpmThresholds> | null;
}

type SqlRow = Omit<CpmSegmentRow, 'stage' | 'state'>;

/** Run CPM; null when there are no identified orders at all. */
export async function runCpm(db: QueryRunner, filters: Filters, opts: CpmOptions = {}): Promise<CpmResult | null> {
  const thresholds = resolveCpmThresholds(opts.thresholds);
  const asOf = await resolveAsOf(db, filters, opts.asOf);
  if (!asOf) return null;
  const rows = toRows<SqlRow>(await db.query(cpmSegmentsSql(filters, asOf, thresholds)));
  const byId = new Map(rows.map((r) => [r.segment, r]));
  const segments: CpmSegmentRow[] = CPM_SEGMENTS.map(({ id, stage, state }) => {
    const r = byId.get(id);
    return r
      ? { ...r, stage, state }
      : { segment: id, stage, state, customers: 0, share: 0, revenue: 0, revenueShare: null,
          avgRecencyDays: null, avgSpanDays: null, avgPurchases: null, avgRevenue: null };
  });
  return {
    asOf,
    thresholds,
    customers: segments.reduce((n, s) => n + (s.customers ?? 0), 0),
    revenue: segments.reduce((n, s) => n + (s.revenue ?? 0), 0),
    segments
  };
}
