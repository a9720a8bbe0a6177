import type { LoadReport } from '../lib/ingest/load';
import type { SnapshotDataset } from '../lib/state/snapshot/schema';

/** What a snapshot says of the data: counts and dates from the load, as the app's dataset does (never file names). */
export function datasetOf(report: LoadReport): SnapshotDataset {
  return {
    rows: report.files.reduce((s, f) => s + f.loaded, 0),
    customers: report.orders?.customers ?? null,
    orders: report.orders?.orders ?? null,
    from: report.span.first,
    to: report.span.last
  };
}
