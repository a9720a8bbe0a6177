import type { LoyalDefinition } from '../loyal/definition';
import type { Withheld } from '../withhold';
import type { Band, BandRanges, Reading, ScoreScale } from './scale';
import type { BandCounts, Change, Estimate } from './stats';

export const NPS_GRAINS = ['month', 'quarter'] as const;
export type NpsGrain = (typeof NPS_GRAINS)[number];

/**
 * What answers can be broken down by. Customer attributes are the customer's now (as of the
 * data's last day), not at the time of the answer:
 *   rfm, cpm     — the customer's segment on the segments page (default CPM thresholds);
 *   tier, region, age_band, acquisition_source — from the customers table;
 *   member       — membership as the member filter sees it;
 *   channel      — the channel of the customer's first purchase (as cohorts split by it);
 *   touchpoint   — the answer's own touchpoint (survey channel).
 */
export const NPS_ATTRIBUTES = ['member', 'rfm', 'cpm', 'tier', 'channel', 'touchpoint', 'region', 'age_band', 'acquisition_source'] as const;
export type NpsAttribute = (typeof NPS_ATTRIBUTES)[number];

/** Below this many answers a period's score is too uncertain to read (greyed, said). */
export const FEW_ANSWERS = 30;
/** Days before and after an answer whose purchases are compared. */
export const BEHAVIOUR_DAYS = 180;
/** The level below which a change is called larger than chance. */
export const SIGNIFICANCE = 0.05;

/** Answers per group and the score they give (points) with its 95 % interval (./stats.ts). */
export interface ScoredCounts extends BandCounts, Estimate {}

export interface NpsPeriod extends Omit<ScoredCounts, 'n' | 'high' | 'mid' | 'low'> {
  /** 'YYYY-MM' or 'YYYY-Qn'. */
  period: string;
  n: number | null;
  high: number | null;
  mid: number | null;
  low: number | null;
  withheld?: Withheld;
}

export interface NpsChangeResult extends Change {
  /** The two periods compared: the latest with answers and the one before it. */
  from: string;
  to: string;
}

/** The page's main result: the score over time and the answers' distribution. */
export interface NpsResult {
  scale: ScoreScale;
  /** The reading applied ('nps' for 0–10 whatever was asked). */
  reading: Reading;
  ranges: BandRanges;
  /** Every scale with answers in the data (under the filters), most answers first. */
  scales: { scale: ScoreScale; answers: number }[];
  grain: NpsGrain;
  /** First and last answer dates, YYYY-MM-DD. */
  first: string;
  last: string;
  total: ScoredCounts;
  /** Answers whose customer is known from orders or customer files. */
  matched: number;
  /** Answers with a comment. */
  comments: number;
  /** Every period from the first answer's to the last's, empty ones included. */
  periods: NpsPeriod[];
  /** The latest period against the one before it (both with answers), or null. */
  change: NpsChangeResult | null;
  /** Answers per score value, every value of the scale. */
  distribution: { score: number; answers: number }[];
}

export interface NpsGroup extends Omit<ScoredCounts, 'n' | 'high' | 'mid' | 'low'> {
  /** The attribute's value (an RFM/CPM segment id for those), OTHER or UNKNOWN per `kind`. */
  value: string;
  kind: 'value' | 'other' | 'unknown';
  n: number | null;
  high: number | null;
  mid: number | null;
  low: number | null;
  withheld?: Withheld;
}

export interface NpsBreakdown {
  attribute: NpsAttribute;
  /** Named values by score (best first), then other, then unknown. */
  groups: NpsGroup[];
}

/** NPS by every attribute the data has (at least one answer with a known value). */
export interface NpsByResult {
  attributes: NpsBreakdown[];
}

/** Means per answer over the window on one side of the answer. */
export interface BehaviourWindow {
  orders: number | null;
  spend: number | null;
  /** Share of answers with at least one purchase in the window, 0..1. */
  buyers: number | null;
}

export interface NpsBehaviourRow {
  band: Band;
  /** Answers with both windows inside the data. */
  answers: number | null;
  before: BehaviourWindow;
  after: BehaviourWindow;
  /** Share (points) of answers followed by a purchase within the window, with its interval. */
  repurchase: Estimate;
  /** Of answers with a purchase in the window before: the share (points) who bought again after. */
  retention: Estimate;
  retentionBase: number | null;
  withheld?: Withheld;
}

export interface NpsQuadrantCell {
  band: 'high' | 'low';
  loyal: boolean;
  customers: number | null;
  /** Net revenue of these customers up to the analysis date. */
  revenue: number | null;
  withheld?: Withheld;
}

/** Attitude next to behaviour, for answers matched to customers who bought. */
export interface NpsBehaviourResult {
  asOf: string;
  windowDays: number;
  /** Matched answers, and how many have both windows inside the purchase data. */
  matched: number;
  complete: number;
  rows: NpsBehaviourRow[];
  /** Each customer's latest answer × loyal as the loyal-customer page defines it, as of `asOf`. */
  definition: LoyalDefinition;
  quadrant: NpsQuadrantCell[];
  /** Customers whose latest answer is in the middle group (not in the quadrant). */
  middle: number | null;
}
