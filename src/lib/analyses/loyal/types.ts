import type { LoyalDefinition } from './definition';
import type { Withheld } from '../withhold';

/** The metrics compared between loyal customers and everyone else, in display order. */
export const LOYAL_METRICS = [
  'aov', 'ordersPerCustomer', 'daysBetweenPurchases', 'recencyDays', 'tenureDays', 'memberShare', 'nps'
] as const;
export type LoyalMetric = (typeof LOYAL_METRICS)[number];

/**
 * How to read each metric's value:
 * - money: currency amount; number: plain count ratio; days: mean days;
 * - share: a fraction 0..1 (format as a percent);
 * - score: NPS points, −100..100 (not a fraction).
 */
export type LoyalMetricUnit = 'money' | 'number' | 'days' | 'share' | 'score';

export const LOYAL_METRIC_UNITS: Readonly<Record<LoyalMetric, LoyalMetricUnit>> = {
  aov: 'money',
  ordersPerCustomer: 'number',
  daysBetweenPurchases: 'days',
  recencyDays: 'days',
  tenureDays: 'days',
  memberShare: 'share',
  nps: 'score'
};

/**
 * What each metric's `base` counts (for "based on N …" notes):
 * - aov: purchases; ordersPerCustomer, recencyDays, tenureDays: customers;
 * - daysBetweenPurchases: repeat customers (bought on 2+ days);
 * - memberShare: customers whose membership is known; nps: survey responses.
 */
export const LOYAL_METRIC_BASES: Readonly<Record<LoyalMetric, 'purchases' | 'customers' | 'repeaters' | 'memberKnown' | 'responses'>> = {
  aov: 'purchases',
  ordersPerCustomer: 'customers',
  daysBetweenPurchases: 'repeaters',
  recencyDays: 'customers',
  tenureDays: 'customers',
  memberShare: 'memberKnown',
  nps: 'responses'
};

/**
 * One metric for both groups. A value is null when the group has nothing to measure it on
 * (an empty group, no repeat customers, no known membership, no 0–10 answers).
 *
 * - aov: the group's net revenue / its purchases;
 * - ordersPerCustomer: purchases / customers;
 * - daysBetweenPurchases: mean of each repeat customer's average gap between purchase days;
 * - recencyDays: mean days from the last purchase to `asOf`;
 * - tenureDays: mean days from the first purchase to `asOf` (always since the first purchase,
 *   whatever `tenureFrom` the definition uses);
 * - memberShare: members / customers whose membership is known (customers.is_member);
 * - nps: % promoters (9–10) − % detractors (0–6) over the group's survey responses on the
 *   0–10 scale dated up to `asOf` (every response counts once, so a customer who answered
 *   twice counts twice, as in a transactional NPS); 1–5 and 1–10 scales are not converted.
 */
export interface LoyalComparisonRow {
  metric: LoyalMetric;
  loyal: number | null;
  others: number | null;
  /** How many purchases / customers / responses each value rests on (see LOYAL_METRIC_BASES); null where withheld. */
  base: { loyal: number | null; others: number | null };
  /** In a snapshot: which group's value (and base) is withheld, and why (see ../withhold.ts). */
  withheld?: { loyal?: Withheld; others?: Withheld };
}

export interface LoyalGroupTotals {
  customers: number;
  /** Net revenue (sales minus returns). */
  revenue: number;
  purchases: number;
}

export interface LoyalResult {
  /** The analysis date, YYYY-MM-DD: history up to and including this day counts. */
  asOf: string;
  /** The definition applied, after normalisation (an empty one falls back to the default). */
  definition: LoyalDefinition;
  /** All customers with a purchase by `asOf` (under the filters). */
  total: LoyalGroupTotals;
  loyal: LoyalGroupTotals & {
    /** loyal customers / all customers, 0..1. */
    shareOfCustomers: number;
    /** loyal net revenue / all net revenue, 0..1 (null when total revenue is 0). */
    shareOfRevenue: number | null;
  };
  others: LoyalGroupTotals;
  /**
   * When the definition has a top-N % criterion: the lowest net revenue inside the top N %
   * (what it takes to be in it); otherwise null.
   */
  topPercentCutoff: number | null;
  /** One row per metric, in LOYAL_METRICS order. */
  comparison: LoyalComparisonRow[];
  /** Whether membership is known for anyone (else memberShare is null and the UI says why). */
  hasMembership: boolean;
  /** Number of 0–10 survey responses linked to these customers (0: NPS is null, the UI says why). */
  npsResponses: number;
}
