/**
 * What each analysis page puts into a snapshot: its settings (read from and written to URL
 * parameters, like the page itself does), the analyses whose results it shows (by key, as the
 * page registers them with its `PageSource`), how to compute them all without the page on
 * screen (the "all pages" report), and what a snapshot must withhold of them.
 *
 * Adding a page: add its id to ./ids.ts, its spec here, its results to the snapshot schema
 * (state/snapshot/schema.ts) and its withholding rule in its analysis folder.
 */
import type { QueryRunner } from '../engine/types';
import type { Filters } from '../analyses/filters';
import { runOverview } from '../analyses/overview/run';
import { withholdOverview } from '../analyses/overview/withhold';
import type { OverviewResult } from '../analyses/overview/types';
import { loyalFromParams, loyalToParams, normalizeLoyal, type LoyalDefinition } from '../analyses/loyal/definition';
import { runLoyal } from '../analyses/loyal/run';
import { withholdLoyal } from '../analyses/loyal/withhold';
import type { LoyalResult } from '../analyses/loyal/types';
import { movementDates, segmentsViewFromParams, segmentsViewToParams, type SegmentsView } from '../analyses/segments-view';
import { runRfm } from '../analyses/rfm/run';
import { withholdRfm } from '../analyses/rfm/withhold';
import type { RfmResult } from '../analyses/rfm/types';
import { runCpm } from '../analyses/cpm/run';
import { withholdCpm } from '../analyses/cpm/withhold';
import type { CpmResult } from '../analyses/cpm/types';
import { runMovement } from '../analyses/movement/run';
import { withholdMovement } from '../analyses/movement/withhold';
import type { MovementResult } from '../analyses/movement/types';
import { cohortViewFromParams, cohortViewToParams, type CohortView } from '../analyses/cohorts/view';
import { runCohorts, runSecondPurchase } from '../analyses/cohorts/run';
import { withholdCohorts, withholdSecondPurchase } from '../analyses/cohorts/withhold';
import type { CohortResult, SecondPurchaseResult } from '../analyses/cohorts/types';
import { clvRequest, clvViewFromParams, clvViewToParams, type ClvView } from '../analyses/clv/view';
import { withholdClv } from '../analyses/clv/withhold';
import type { ClvRequest, ClvResult } from '../analyses/clv/types';
import type { PageId } from './ids';

/** What computing a page needs: queries, and the predicted-CLV fit (which runs in the worker). */
export interface PageEngine extends QueryRunner {
  clv(request: ClvRequest): Promise<ClvResult | null>;
}

export interface PageSpec<V, R extends Record<string, unknown>> {
  id: PageId;
  /** The page's own settings from URL parameters (forgiving), and back into a copy of `params`. */
  view(params: URLSearchParams): V;
  toParams(view: V, params?: URLSearchParams): URLSearchParams;
  /** The analyses whose results the page shows with these settings. */
  keys(view: V): (keyof R & string)[];
  /** All of them, as the page computes them. */
  collect(engine: PageEngine, filters: Filters, view: V): Promise<R>;
  /** What a snapshot may show of them (see analyses/withhold.ts). */
  withhold(results: R): R;
}

export interface OverviewResults extends Record<string, unknown> {
  overview: OverviewResult | null;
}
export interface LoyalResults extends Record<string, unknown> {
  loyal: LoyalResult | null;
}
export interface SegmentsResults extends Record<string, unknown> {
  rfm?: RfmResult | null;
  cpm?: CpmResult | null;
  movement: MovementResult | null;
}
export interface CohortsResults extends Record<string, unknown> {
  cohorts: CohortResult | null;
  second: SecondPurchaseResult | null;
}
export interface ClvResults extends Record<string, unknown> {
  clv: ClvResult | null;
}

const overview: PageSpec<Record<string, never>, OverviewResults> = {
  id: 'overview',
  view: () => ({}),
  toParams: (_, params) => new URLSearchParams(params),
  keys: () => ['overview'],
  collect: async (engine, filters) => ({ overview: await runOverview(engine, filters) }),
  withhold: (r) => ({ overview: r.overview && withholdOverview(r.overview) })
};

const loyal: PageSpec<LoyalDefinition, LoyalResults> = {
  id: 'loyal',
  view: loyalFromParams,
  toParams: (v, params) => loyalToParams(normalizeLoyal(v), params),
  keys: () => ['loyal'],
  collect: async (engine, filters, v) => ({ loyal: await runLoyal(engine, filters, v) }),
  withhold: (r) => ({ loyal: r.loyal && withholdLoyal(r.loyal) })
};

const segments: PageSpec<SegmentsView, SegmentsResults> = {
  id: 'segments',
  view: segmentsViewFromParams,
  toParams: (v, params = new URLSearchParams()) => segmentsViewToParams(v, params),
  keys: (v) => [v.scheme, 'movement'],
  async collect(engine, filters, v) {
    const scored =
      v.scheme === 'rfm'
        ? { rfm: await runRfm(engine, filters, { asOf: v.asOf, segment: v.segment }) }
        : { cpm: await runCpm(engine, filters, { asOf: v.asOf }) };
    const dates = movementDates(v, (scored.rfm ?? scored.cpm)?.asOf ?? null);
    const movement = dates ? await runMovement(engine, filters, { scheme: v.scheme, ...dates }) : null;
    return { ...scored, movement };
  },
  withhold: (r) => ({
    ...('rfm' in r && { rfm: r.rfm && withholdRfm(r.rfm) }),
    ...('cpm' in r && { cpm: r.cpm && withholdCpm(r.cpm) }),
    movement: r.movement && withholdMovement(r.movement)
  })
};

const cohorts: PageSpec<CohortView, CohortsResults> = {
  id: 'cohorts',
  view: cohortViewFromParams,
  toParams: (v, params = new URLSearchParams()) => cohortViewToParams(v, params),
  keys: () => ['cohorts', 'second'],
  collect: async (engine, filters, v) => ({
    cohorts: await runCohorts(engine, filters, { grain: v.grain, by: v.by, value: v.value }),
    second: await runSecondPurchase(engine, filters, { by: v.by, value: v.value })
  }),
  withhold: (r) => ({ cohorts: r.cohorts && withholdCohorts(r.cohorts), second: r.second && withholdSecondPurchase(r.second) })
};

const clv: PageSpec<ClvView, ClvResults> = {
  id: 'clv',
  view: clvViewFromParams,
  toParams: (v, params = new URLSearchParams()) => clvViewToParams(v, params),
  keys: () => ['clv'],
  collect: async (engine, filters, v) => ({ clv: await engine.clv(clvRequest(filters, v)) }),
  withhold: (r) => ({ clv: r.clv && withholdClv(r.clv) })
};

export const PAGE_SPECS = { overview, loyal, segments, cohorts, clv } as const;

export type PageView<P extends PageId> = ReturnType<(typeof PAGE_SPECS)[P]['view']>;
export type PageResults<P extends PageId> = Awaited<ReturnType<(typeof PAGE_SPECS)[P]['collect']>>;
