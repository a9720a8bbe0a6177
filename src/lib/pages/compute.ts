/**
 * Each analysis page computed without the page on screen (the "all pages" report, the tests),
 * with the same analyses the page runs, and what a snapshot must withhold of its results (see
 * analyses/withhold.ts). The keys are those of ./specs.ts.
 */
import type { QueryRunner } from '../engine/types';
import type { Filters } from '../analyses/filters';
import { runOverview } from '../analyses/overview/run';
import { withholdOverview } from '../analyses/overview/withhold';
import type { OverviewResult } from '../analyses/overview/types';
import { runLoyal } from '../analyses/loyal/run';
import { withholdLoyal } from '../analyses/loyal/withhold';
import type { LoyalResult } from '../analyses/loyal/types';
import { movementDates } from '../analyses/segments-view';
import { runRfm } from '../analyses/rfm/run';
import { withholdRfm } from '../analyses/rfm/withhold';
import type { RfmResult } from '../analyses/rfm/types';
import { runCpm } from '../analyses/cpm/run';
import { withholdCpm } from '../analyses/cpm/withhold';
import type { CpmResult } from '../analyses/cpm/types';
import { runMovement } from '../analyses/movement/run';
import { withholdMovement } from '../analyses/movement/withhold';
import type { MovementResult } from '../analyses/movement/types';
import { runCohorts, runSecondPurchase } from '../analyses/cohorts/run';
import { withholdCohorts, withholdSecondPurchase } from '../analyses/cohorts/withhold';
import type { CohortResult, SecondPurchaseResult } from '../analyses/cohorts/types';
import { clvRequest } from '../analyses/clv/view';
import { withholdClv } from '../analyses/clv/withhold';
import type { ClvRequest, ClvResult } from '../analyses/clv/types';
import { runNps, runNpsBehaviour, runNpsBy, runNpsWords } from '../analyses/nps/run';
import type { CommentWordsEngine } from '../analyses/nps/words-read';
import type { CommentWordsResult } from '../analyses/nps/words';
import { withholdNps, withholdNpsBehaviour, withholdNpsBy, withholdNpsWords } from '../analyses/nps/withhold';
import type { NpsBehaviourResult, NpsByResult, NpsResult } from '../analyses/nps/types';
import { withholdProgramme } from '../analyses/programme/withhold';
import { runCampaigns } from '../analyses/campaigns/run';
import { withholdCampaigns } from '../analyses/campaigns/withhold';
import type { CampaignsResult } from '../analyses/campaigns/types';
import type { ProgrammeResult } from '../analyses/programme/types';
import { runTiers } from '../analyses/tiers/run';
import { withholdTiers } from '../analyses/tiers/withhold';
import type { TiersOutcome } from '../analyses/tiers/types';
import { runPoints } from '../analyses/points/run';
import { withholdPoints } from '../analyses/points/withhold';
import type { PointsOutcome } from '../analyses/points/types';
import { runReferral } from '../analyses/referral/run';
import { withholdReferral } from '../analyses/referral/withhold';
import type { ReferralOutcome } from '../analyses/referral/types';
import { runGoals } from '../analyses/goals/run';
import { withholdGoals } from '../analyses/goals/withhold';
import type { GoalsResult } from '../analyses/goals/types';
import { loyalFromParams } from '../analyses/loyal/definition';
import { PAGE_SPECS, type LivePage, type PageView } from './specs';
import { PAGE_IDS, type PageId } from './ids';
import { filtersFromParams } from '../state/url-filters';

/** What computing a page needs: queries, the predicted-CLV fit, comment words and the programme effect (which run in the worker). */
export interface PageEngine extends QueryRunner, CommentWordsEngine {
  clv(request: ClvRequest): Promise<ClvResult | null>;
  programme(filters: Filters): Promise<ProgrammeResult | null>;
}

interface PageCompute<P extends PageId, R extends Record<string, unknown>> {
  /** All the page's results, as the page computes them (`params`: every page's settings, for those it shares). */
  collect(engine: PageEngine, filters: Filters, view: PageView<P>, params: URLSearchParams): Promise<R>;
  /** What a snapshot may show of them. */
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
export interface NpsResults extends Record<string, unknown> {
  nps: NpsResult | null;
  npsBy: NpsByResult | null;
  npsBehaviour: NpsBehaviourResult | null;
  npsWords: CommentWordsResult | null;
}

export interface ProgrammeResults extends Record<string, unknown> {
  programme: ProgrammeResult | null;
}
export interface CampaignsResults extends Record<string, unknown> {
  campaigns: CampaignsResult | null;
}
export interface GoalsResults extends Record<string, unknown> {
  goals: GoalsResult | null;
}

export interface TiersResults extends Record<string, unknown> {
  tiers: TiersOutcome | null;
  points: PointsOutcome | null;
}
export interface ReferralResults extends Record<string, unknown> {
  referral: ReferralOutcome | null;
}

const overview: PageCompute<'overview', OverviewResults> = {
  collect: async (engine, filters) => ({ overview: await runOverview(engine, filters) }),
  withhold: (r) => ({ overview: r.overview && withholdOverview(r.overview) })
};

const loyal: PageCompute<'loyal', LoyalResults> = {
  collect: async (engine, filters, v) => ({ loyal: await runLoyal(engine, filters, v) }),
  withhold: (r) => ({ loyal: r.loyal && withholdLoyal(r.loyal) })
};

const segments: PageCompute<'segments', SegmentsResults> = {
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

const cohorts: PageCompute<'cohorts', CohortsResults> = {
  collect: async (engine, filters, v) => ({
    cohorts: await runCohorts(engine, filters, { grain: v.grain, by: v.by, value: v.value }),
    second: await runSecondPurchase(engine, filters, { by: v.by, value: v.value })
  }),
  withhold: (r) => ({ cohorts: r.cohorts && withholdCohorts(r.cohorts), second: r.second && withholdSecondPurchase(r.second) })
};

const clv: PageCompute<'clv', ClvResults> = {
  collect: async (engine, filters, v) => ({ clv: await engine.clv(clvRequest(filters, v)) }),
  withhold: (r) => ({ clv: r.clv && withholdClv(r.clv) })
};

const nps: PageCompute<'nps', NpsResults> = {
  collect: async (engine, filters, v, params) => ({
    nps: await runNps(engine, filters, v),
    npsBy: await runNpsBy(engine, filters, v),
    // The quadrant's "loyal" is the loyal-customer page's definition.
    npsBehaviour: await runNpsBehaviour(engine, filters, v, loyalFromParams(params)),
    npsWords: await runNpsWords(engine, filters, v)
  }),
  withhold: (r) => ({
    nps: r.nps && withholdNps(r.nps),
    npsBy: r.npsBy && withholdNpsBy(r.npsBy),
    npsBehaviour: r.npsBehaviour && withholdNpsBehaviour(r.npsBehaviour),
    npsWords: r.npsWords && withholdNpsWords(r.npsWords)
  })
};

const programme: PageCompute<'programme', ProgrammeResults> = {
  collect: async (engine, filters) => ({ programme: await engine.programme(filters) }),
  withhold: (r) => ({ programme: r.programme && withholdProgramme(r.programme) })
};

const campaigns: PageCompute<'campaigns', CampaignsResults> = {
  collect: async (engine, filters) => ({ campaigns: await runCampaigns(engine, filters) }),
  withhold: (r) => ({ campaigns: r.campaigns && withholdCampaigns(r.campaigns) })
};

const tiers: PageCompute<'tiers', TiersResults> = {
  collect: async (engine, filters) => ({ tiers: await runTiers(engine, filters), points: await runPoints(engine, filters) }),
  withhold: (r) => ({ tiers: r.tiers && withholdTiers(r.tiers), points: r.points && withholdPoints(r.points) })
};

const referral: PageCompute<'referral', ReferralResults> = {
  collect: async (engine, filters) => ({ referral: await runReferral(engine, filters) }),
  withhold: (r) => ({ referral: r.referral && withholdReferral(r.referral) })
};

// The goals themselves are view state: the series are the same whatever goals are set.
const goals: PageCompute<'goals', GoalsResults> = {
  collect: async (engine, filters) => ({ goals: await runGoals(engine, filters) }),
  withhold: (r) => ({ goals: r.goals && withholdGoals(r.goals) })
};

export const PAGE_COMPUTE = { overview, loyal, segments, cohorts, clv, nps, programme, campaigns, tiers, referral, goals } as const;

export type PageResults<P extends PageId> = Awaited<ReturnType<(typeof PAGE_COMPUTE)[P]['collect']>>;

/**
 * Every page with the settings in `params`, in navigation order: `onScreen` as it is, the others
 * computed now (`onPage` is told each page before it is computed, with how many are done).
 */
export async function collectPages(
  engine: PageEngine,
  params: URLSearchParams,
  onScreen: LivePage | null = null,
  onPage?: (id: PageId, done: number) => void
): Promise<LivePage[]> {
  const filters = filtersFromParams(params);
  const out: LivePage[] = [];
  for (const id of PAGE_IDS) {
    onPage?.(id, out.length);
    out.push(onScreen?.id === id ? onScreen : { id, params, results: await PAGE_COMPUTE[id].collect(engine, filters, PAGE_SPECS[id].view(params) as never, params) });
  }
  return out;
}
