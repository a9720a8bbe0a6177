/**
 * Snapshots of what the user is looking at: the page on screen with its settled results, or
 * every page (for the "all pages" report), computed with the same analyses the pages run.
 * Loaded when Share or Report is used.
 */
import { engine } from '../../engine/client';
import { dataset } from '../dataset.svelte';
import { rememberedRun } from '../clv.svelte';
import { withRememberedGoals } from '../goals-memory';
import { i18n } from '../../i18n/index.svelte';
import { filtersFromParams } from '../url-filters';
import type { LivePage } from '../../pages/specs';
import { collectPages, type PageEngine } from '../../pages/compute';
import type { PageId } from '../../pages/ids';
import { buildSnapshot } from './build';
import type { SnapshotDataset } from './schema';

/** The dataset as a snapshot describes it: counts and dates, nothing that names a file or a customer. */
function datasetDescription(): SnapshotDataset {
  const orders = dataset.report?.orders ?? null;
  return {
    rows: dataset.meta?.rows ?? 0,
    customers: orders?.customers ?? null,
    orders: orders?.orders ?? null,
    from: dataset.meta?.firstDate ?? null,
    to: dataset.meta?.lastDate ?? null
  };
}

/** The engine as the pages use it: predicted CLV is fitted once per settings (see state/clv.svelte.ts). */
const pageEngine: PageEngine = {
  query: (sql) => engine.query(sql),
  clv: (request) => rememberedRun(request, () => engine.clv(request)),
  commentWords: (sql, options) => engine.commentWords(sql, options),
  programme: (filters) => engine.programme(filters)
};

/**
 * Every page with these settings: the one on screen as it is, the others computed now (the goals
 * page with the goals remembered on this device when the address has none, as it opens).
 */
export function allPages(onScreen: LivePage | null, params: URLSearchParams, onPage?: (id: PageId, done: number) => void): Promise<LivePage[]> {
  return collectPages(pageEngine, withRememberedGoals(params), onScreen, onPage);
}

export function snapshotOf(pages: LivePage[], params: URLSearchParams) {
  return buildSnapshot({
    pages,
    filters: filtersFromParams(params),
    dataset: datasetDescription(),
    locale: i18n.locale,
    currency: i18n.currency
  });
}
