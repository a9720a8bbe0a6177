/**
 * Acquisition cohorts, LTV curves and the road to the second purchase: plain, serialisable
 * aggregates (no customer ids), safe for snapshots and links. Definitions live in `./sql.ts`.
 * Figures typed `number | null` with a `withheld` beside them are null only in a snapshot, where
 * the group is withheld (see ../withhold.ts); live results always have them.
 */
import type { Withheld } from '../withhold';

export const COHORT_GRAINS = ['month', 'week', 'quarter'] as const;
/** month: calendar months; week: ISO weeks (Monday–Sunday); quarter: calendar quarters. */
export type CohortGrain = (typeof COHORT_GRAINS)[number];

export const COHORT_ATTRIBUTES = ['channel', 'first_category', 'acquisition_source', 'member'] as const;
/** An attribute of the customer's first purchase that splits cohorts (see `./attributes.ts`). */
export type CohortAttribute = (typeof COHORT_ATTRIBUTES)[number];

/** At most this many attribute values are listed by name; the rest share OTHER_VALUE. */
export const TOP_VALUES = 20;
/** Selector values that are not data values (chosen so that no export plausibly contains them). */
export const OTHER_VALUE = '__other__';
export const UNKNOWN_VALUE = '__unknown__';
/** The `member` attribute's two known values (unknown membership is UNKNOWN_VALUE). */
export const MEMBER_VALUE = 'member';
export const NON_MEMBER_VALUE = 'non_member';

/**
 * One choice for the attribute selector. `kind` says how to label it: a data value as is,
 * 'other' = every named value beyond the top TOP_VALUES, 'unknown' = the attribute is empty.
 * For `member`, values are MEMBER_VALUE / NON_MEMBER_VALUE (kind 'value'), to be translated.
 */
export interface AttributeValue {
  value: string;
  kind: 'value' | 'other' | 'unknown';
  /** Customers acquired in the analysed history whose first purchase has this value. */
  customers: number;
}

/** Cohort `cohort`'s period k (k = 0 is the cohort's own period). */
export interface CohortCell {
  k: number;
  /** Customers of the cohort with a purchase (non-return order) in the period. */
  active: number | null;
  /** active / cohort size, 0–1. */
  retention: number | null;
  /** Net revenue (sales minus returns) of the cohort's customers in the period. */
  revenue: number | null;
  /** revenue / revenue in period 0; null when period-0 revenue is not positive. */
  revenueRetention: number | null;
  /** Cumulative net revenue per acquired customer up to and including period k (the LTV curve). */
  ltv: number | null;
  /**
   * False for the one period that contains the analysis date and ends after it: observed only
   * in part, so the UI shows it hatched/lighter and it is left out of the averages.
   */
  complete: boolean;
  /** Why the cell's figures are null (its active customers are few), or, with only `ltv` null, that an earlier period's are. */
  withheld?: Withheld;
}

export interface Cohort {
  /** 'YYYY-MM', 'YYYY-Www' (ISO week-year and week) or 'YYYY-Qn'. */
  label: string;
  /** First and last calendar day of the cohort period, YYYY-MM-DD. */
  start: string;
  end: string;
  /** Customers whose first purchase (in the analysed history) falls in the period. */
  customers: number | null;
  withheld?: Withheld;
  /**
   * True when the analysed history begins after the period's first day (date filter or the
   * start of the export): the cohort then misses customers and earlier orders of that period.
   */
  partialStart: boolean;
  /** k = 0, 1, … up to the period containing the analysis date, with zeros where nobody bought. */
  cells: CohortCell[];
}

/**
 * All cohorts together at period k, weighted by customers: only cohorts whose period k is
 * complete count (a cohort observed for 3 months says nothing about month 6, and a partly
 * observed period would pull the average down).
 */
export interface CohortAveragePoint {
  k: number;
  /** Cohorts and customers that count towards k. */
  cohorts: number;
  customers: number;
  /** Σ active / Σ cohort size. */
  retention: number;
  /** Σ revenue in period k / Σ revenue in period 0 over the same cohorts; null when that is ≤ 0. */
  revenueRetention: number | null;
  /** Σ cumulative revenue up to k / Σ cohort size: the customer-weighted average LTV curve. */
  ltv: number;
}

export interface CohortOptions {
  grain?: CohortGrain;
  /** Split by an attribute of the first purchase; null = no split. */
  by?: CohortAttribute | null;
  /** With `by`: keep only customers with this value (an AttributeValue.value); null = all. Ignored without `by`. */
  value?: string | null;
}

export interface CohortResult {
  grain: CohortGrain;
  by: CohortAttribute | null;
  value: string | null;
  /** The analysed history, YYYY-MM-DD: from the date filter's start (or the first order) to the analysis date. */
  from: string;
  asOf: string;
  /** Customers in all cohorts (after the value selection). */
  customers: number;
  /** Oldest first. */
  cohorts: Cohort[];
  /** k = 0 … the largest k complete in some cohort. */
  average: CohortAveragePoint[];
  /** Choices for the selector when `by` is set (most customers first, then other, then unknown); else []. */
  values: AttributeValue[];
}

/** F2 horizons in days: 30, 60, …, 360. */
export const F2_HORIZONS: readonly number[] = Array.from({ length: 12 }, (_, i) => 30 * (i + 1));
/** The fixed window of the fair repeat-rate comparison. */
export const FAIR_REPEAT_DAYS = 180;

export interface F2Point {
  days: number;
  /** Customers whose second purchase day is at most `days` after the first; null when not yet observable (or withheld). */
  converted: number | null;
  /** converted / customers; null when the horizon is not fully observed for the whole month (or withheld). */
  rate: number | null;
  withheld?: Withheld;
}

export interface F2Cohort {
  /** Acquisition month, 'YYYY-MM'. */
  month: string;
  customers: number | null;
  withheld?: Withheld;
  /** One point per F2_HORIZONS entry, in order. */
  points: F2Point[];
}

/** All months together at one horizon, weighted by customers, over months where it is observed. */
export interface F2AveragePoint {
  days: number;
  months: number;
  customers: number;
  /** null when no month is observed that long. */
  rate: number | null;
}

/** Customers whose second purchase came within [fromDay, toDay] days of the first (toDay null = open). */
export interface GapBin {
  fromDay: number;
  toDay: number | null;
  customers: number | null;
  withheld?: Withheld;
}

export interface RepeatRates {
  customers: number;
  /** Customers with purchases on at least two days (in the analysed history). */
  repeaters: number | null;
  repeatRate: number | null;
  /** Customers whose first purchase is at least FAIR_REPEAT_DAYS before the analysis date. */
  eligible: number | null;
  /** Of those, customers whose second purchase day came within FAIR_REPEAT_DAYS days. */
  repeatersInWindow: number | null;
  /** repeatersInWindow / eligible; null when nobody is eligible. */
  repeatRateInWindow: number | null;
  /** Which of the two rates a snapshot withholds, and why. */
  withheld?: { all?: Withheld; window?: Withheld };
}

export interface AttributeRepeat extends RepeatRates {
  value: string;
  kind: AttributeValue['kind'];
}

export interface SecondPurchaseOptions {
  /** Attribute for the repeat-rate table (and the selector). */
  by?: CohortAttribute | null;
  /** With `by`: narrow the F2 curves and the gap distribution to this value. The table is never narrowed. */
  value?: string | null;
}

export interface SecondPurchaseResult {
  by: CohortAttribute | null;
  value: string | null;
  from: string;
  asOf: string;
  /** Customers acquired in the analysed history (after the value selection). */
  customers: number;
  /** Of those, customers with a second purchase day by the analysis date. */
  withSecond: number;
  /** F2 conversion (初回リピート率) by acquisition month, oldest first. */
  months: F2Cohort[];
  average: F2AveragePoint[];
  /** Days from the first to the second purchase day, 30-day bins (1–30 … 331–360) and 361+. */
  gaps: GapBin[];
  /** All acquired customers (not narrowed by `value`). */
  overall: RepeatRates;
  /** One row per AttributeValue of `by` (same order); [] without `by`. Not narrowed by `value`. */
  byAttribute: AttributeRepeat[];
}
