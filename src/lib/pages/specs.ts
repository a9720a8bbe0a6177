/**
 * What each analysis page is, for sharing: its settings (read from and written to URL
 * parameters, like the page itself does) and the analyses whose results it shows (by key, as the
 * page registers them with its `PageSource`). Light on purpose: the app's header reads it on
 * every page. How the results are computed without the page on screen, and what a snapshot
 * withholds of them, is in ./compute.ts, loaded when a snapshot is made.
 *
 * Adding a page: its id in ./ids.ts, its spec here and in ./compute.ts, its results in the
 * snapshot schema (state/snapshot/schema.ts) and its withholding rule in its analysis folder.
 */
import { loyalFromParams, loyalToParams, normalizeLoyal, type LoyalDefinition } from '../analyses/loyal/definition';
import { segmentsViewFromParams, segmentsViewToParams, type SegmentsView } from '../analyses/segments-view';
import { cohortViewFromParams, cohortViewToParams, type CohortView } from '../analyses/cohorts/view';
import { clvViewFromParams, clvViewToParams, type ClvView } from '../analyses/clv/view';
import { npsViewFromParams, npsViewToParams, type NpsView } from '../analyses/nps/view';
import { campaignsViewFromParams, campaignsViewToParams, type CampaignsView } from '../analyses/campaigns/view';
import { goalsViewFromParams, goalsViewToParams, type GoalsView } from '../analyses/goals/view';
import type { PageId } from './ids';
import type { PageSource } from './source.svelte';

export interface PageSpec<V> {
  id: PageId;
  /** The page's own settings from URL parameters (forgiving), and back into a copy of `params`. */
  view(params: URLSearchParams): V;
  toParams(view: V, params?: URLSearchParams): URLSearchParams;
  /** The analyses whose results the page shows with these settings. */
  keys(view: V): string[];
}

const overview: PageSpec<Record<string, never>> = {
  id: 'overview',
  view: () => ({}),
  toParams: (_, params) => new URLSearchParams(params),
  keys: () => ['overview']
};

const loyal: PageSpec<LoyalDefinition> = {
  id: 'loyal',
  view: loyalFromParams,
  toParams: (v, params) => loyalToParams(normalizeLoyal(v), params),
  keys: () => ['loyal']
};

const segments: PageSpec<SegmentsView> = {
  id: 'segments',
  view: segmentsViewFromParams,
  toParams: (v, params = new URLSearchParams()) => segmentsViewToParams(v, params),
  keys: (v) => [v.scheme, 'movement']
};

const cohorts: PageSpec<CohortView> = {
  id: 'cohorts',
  view: cohortViewFromParams,
  toParams: (v, params = new URLSearchParams()) => cohortViewToParams(v, params),
  keys: () => ['cohorts', 'second']
};

const clv: PageSpec<ClvView> = {
  id: 'clv',
  view: clvViewFromParams,
  toParams: (v, params = new URLSearchParams()) => clvViewToParams(v, params),
  keys: () => ['clv']
};

const nps: PageSpec<NpsView> = {
  id: 'nps',
  view: npsViewFromParams,
  toParams: (v, params = new URLSearchParams()) => npsViewToParams(v, params),
  keys: () => ['nps', 'npsBy', 'npsBehaviour', 'npsWords']
};

const programme: PageSpec<Record<string, never>> = {
  id: 'programme',
  view: () => ({}),
  toParams: (_, params) => new URLSearchParams(params),
  keys: () => ['programme']
};

const campaigns: PageSpec<CampaignsView> = {
  id: 'campaigns',
  view: campaignsViewFromParams,
  toParams: (v, params = new URLSearchParams()) => campaignsViewToParams(v, params),
  keys: () => ['campaigns']
};

const tiers: PageSpec<Record<string, never>> = {
  id: 'tiers',
  view: () => ({}),
  toParams: (_, params) => new URLSearchParams(params),
  keys: () => ['tiers', 'points']
};

const referral: PageSpec<Record<string, never>> = {
  id: 'referral',
  view: () => ({}),
  toParams: (_, params) => new URLSearchParams(params),
  keys: () => ['referral']
};

const goals: PageSpec<GoalsView> = {
  id: 'goals',
  view: goalsViewFromParams,
  toParams: (v, params = new URLSearchParams()) => goalsViewToParams(v, params),
  keys: () => ['goals']
};

export const PAGE_SPECS = { overview, loyal, segments, cohorts, clv, nps, programme, campaigns, tiers, referral, goals } as const;

export type PageView<P extends PageId> = ReturnType<(typeof PAGE_SPECS)[P]['view']>;

/** A page as it is on screen: its settings and its analyses' results, by key. */
export interface LivePage {
  id: PageId;
  /** The page's URL parameters (its settings; the filters are read from the same). */
  params: URLSearchParams;
  results: Record<string, unknown>;
}

/** Page `id` as it is on screen, once every result it shows has settled; null before. */
export function pageOnScreen(id: PageId, source: PageSource, params: URLSearchParams): LivePage | null {
  const spec = PAGE_SPECS[id];
  const results = source.results(spec.keys(spec.view(params) as never));
  return results && { id, params, results };
}
