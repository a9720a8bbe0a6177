/**
 * The per-customer predictions of the last predicted-CLV run, as the customer lists see them:
 * the worker's table and what it was made with. A list joins them only for the same filters
 * (predictions from other orders would mislead) and the same dataset (a new dataset gets a new
 * worker without the table).
 */
import { filtersKey, type Filters } from '../analyses/filters';
import { dataset } from './dataset.svelte';

export interface StoredPredictions {
  /** The worker's temporary table (customer_id, clv, p_alive, expected_purchases, expected_value). */
  table: string;
  filtersKey: string;
  horizonMonths: number;
  purchaseDays: number;
  version: number;
}

class ClvPredictionsStore {
  private current = $state<StoredPredictions | null>(null);

  /** Record the table of a run with these filters (null: there are no predictions for them). */
  set(filters: Filters, p: { table: string; horizonMonths: number; purchaseDays: number } | null): void {
    const key = filtersKey(filters);
    if (p) this.current = { ...p, filtersKey: key, version: dataset.version };
    else if (this.current?.filtersKey === key) this.current = null;
  }

  /** The predictions made for exactly these filters on the current dataset, if any. */
  for(filters: Filters): StoredPredictions | null {
    const c = this.current;
    return c && c.version === dataset.version && c.filtersKey === filtersKey(filters) ? c : null;
  }
}

export const clvPredictions = new ClvPredictionsStore();

/**
 * The last predicted-CLV result and the request it answered on which dataset: coming back to the
 * page with the same settings shows it at once instead of fitting the models again (seconds on
 * a large dataset). Its predictions table is the worker's newest, so it still exists.
 */
let last: { key: string; value: unknown } | null = null;

export async function rememberedRun<T>(request: { filters: Filters }, run: () => Promise<T>): Promise<T> {
  const key = JSON.stringify([dataset.version, filtersKey(request.filters), { ...request, filters: null }]);
  if (last?.key === key) return last.value as T;
  const value = await run();
  last = { key, value };
  return value;
}
