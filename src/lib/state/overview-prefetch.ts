/**
 * The overview is where everyone goes after a load: its figures start computing as soon as the
 * data is in (while the user reads the data-quality report), and the overview page takes them
 * when it opens on the same dataset with no filters, instead of asking again.
 */
import { engine } from '../engine/client';
import { runOverview } from '../analyses/overview/run';
import type { OverviewResult } from '../analyses/overview/types';
import { NO_FILTERS, filtersKey, type Filters } from '../analyses/filters';

let held: { version: number; result: Promise<OverviewResult | null> } | null = null;

/** Start the unfiltered overview of dataset `version` (the number the store bumps on every load). */
export function prefetchOverview(version: number): void {
  const result = runOverview(engine, NO_FILTERS);
  result.catch(() => undefined);
  held = { version, result };
}

/** The overview of dataset `version` under `filters`: the prefetched one when it is that, once; else computed now. */
export function overviewOf(version: number, filters: Filters): Promise<OverviewResult | null> {
  const prefetched = held;
  held = null;
  if (prefetched?.version === version && filtersKey(filters) === filtersKey(NO_FILTERS)) return prefetched.result;
  return runOverview(engine, filters);
}
