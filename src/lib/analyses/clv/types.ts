/**
 * Predicted CLV as the page asks for it and as the worker answers: plain, serialisable
 * aggregates (no customer ids). The per-customer predictions stay in a DuckDB table in the
 * worker (`ClvResult.table`), for customer lists only; they never enter snapshots or links.
 *
 * Time units, explicitly: the model's parameters and `holdout.length` are in `timeUnit`
 * (days or weeks); the purchase horizon is in days (`purchaseDays`), the CLV horizon in average
 * months (365.25/12 days), the discount rate per year. Money is net of returns.
 */
import type { Filters } from '../filters';
import type { BgNbdFit, TimeUnit } from './bgnbd';
import type { HoldoutBin } from './clv';
import type { GammaGammaFit } from './gammagamma';
import type { Withheld } from '../withhold';

export type { TimeUnit };

export const TIME_UNITS: readonly TimeUnit[] = ['days', 'weeks'];
export const HORIZON_MONTHS = [6, 12, 24, 36] as const;
export const PURCHASE_DAYS = [30, 90, 180, 365] as const;

export interface ClvRequest {
  filters: Filters;
  /**
   * Last day of the calibration period of the holdout check (YYYY-MM-DD); the holdout runs from
   * the next day to the analysis date. Null (or a date outside the history) = the default
   * (`defaultHoldoutDays`).
   */
  split: string | null;
  timeUnit: TimeUnit;
  /** CLV horizon in months (whole, 1–120). */
  horizonMonths: number;
  /** Discount rate per year, e.g. 0.1 for 10 % (0 ≤ rate < 10). */
  annualDiscountRate: number;
  /** "Expected purchases in the next N days" (whole days, 1–3650). */
  purchaseDays: number;
}

export const CLV_DEFAULTS: Omit<ClvRequest, 'filters' | 'split'> = {
  timeUnit: 'weeks',
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  purchaseDays: 90
};

/**
 * Fewer repeat buyers than this and the purchase model is not fitted ('too-few-repeat'): its
 * dropout parameters rest on them, and a handful cannot pin four parameters down. The same floor
 * applies to the customers the spend model learns from ('too-few-spend').
 */
export const MIN_REPEAT_CUSTOMERS = 30;
/** A history or holdout shorter than this (days) cannot check anything ('holdout-too-short'). */
export const MIN_HOLDOUT_DAYS = 7;
/** The calibration period of the holdout check must be at least this long (days). */
export const MIN_CALIBRATION_DAYS = 28;
/** Spend–frequency correlations beyond ±this deserve a warning (Gamma-Gamma assumes none). */
export const SPEND_CORRELATION_WARNING = 0.3;
/** "Likely alive": P(alive) at least this. */
export const LIKELY_ALIVE = 0.5;

/**
 * Why the purchase model gives no predictions (stable codes, translated by the UI):
 * - 'single-day': every purchase of the analysed customers is on one day, so there is no time
 *   to learn rates from;
 * - 'too-few-repeat': fewer than MIN_REPEAT_CUSTOMERS customers bought on a second day;
 * - 'not-converged': the fit failed (see the fit's `status` and `message`).
 */
export type PurchaseProblem = 'single-day' | 'too-few-repeat' | 'not-converged';

/**
 * Why there are purchase predictions but no money figures:
 * - 'too-few-spend': fewer than MIN_REPEAT_CUSTOMERS customers with a repeat purchase of
 *   positive net value;
 * - 'not-converged': the Gamma-Gamma fit failed;
 * - 'no-finite-mean': it converged with q ≤ 1, so the average spend of a customer without repeat
 *   purchases does not exist (a few huge repeat orders dominate);
 * - 'net-value-not-positive': returns and zero-value purchases outweigh the positive ones.
 */
export type SpendProblem = 'too-few-spend' | 'not-converged' | 'no-finite-mean' | 'net-value-not-positive';

/** One fit of both models on one per-customer summary. */
export interface ClvModelFit {
  /** Customers in the summary (bought at least once in the period). */
  customers: number;
  /** Of those, customers who bought on at least two days (x ≥ 1). */
  repeatCustomers: number;
  /** Null when the data could not support a fit (`purchaseProblem` says why). */
  bgnbd: BgNbdFit | null;
  purchaseProblem: PurchaseProblem | null;
  /** Customers with at least one repeat purchase day of positive net value: the spend model's data. */
  spendCustomers: number;
  gammaGamma: GammaGammaFit | null;
  spendProblem: SpendProblem | null;
  /**
   * κ = (average net value of all repeat purchase days) ÷ (average value of the positive ones):
   * what turns Gamma-Gamma's value of a positive purchase into the expected net value of any
   * purchase (1 when there are no zero-value days and no returns). Null without repeat purchases.
   */
  netValueFactor: number | null;
  /** Repeat purchase days with a net value ≤ 0 (free orders, fully returned days), left out of Gamma-Gamma. */
  nonPositiveDays: number;
  /** Pearson correlation of repeat purchases and mean spend over the spend model's customers. */
  spendCorrelation: number | null;
  /** Expected net value of a purchase by a customer without repeat purchases (population mean × κ). */
  meanValue: number | null;
}

/** CLV histogram bin [from, to); `to` null for the open last bin. */
export interface ClvBin {
  from: number;
  to: number | null;
  /** Null, like `clv`, only where a snapshot withholds the bin (see ../withhold.ts). */
  customers: number | null;
  /** Σ CLV of the bin's customers. */
  clv: number | null;
  withheld?: Withheld;
}

export interface ClvPredictions {
  /** Σ expected purchases (purchase days) in the next `purchaseDays` days. */
  expectedPurchases: number;
  /** Repeat customers with P(alive) ≥ LIKELY_ALIVE, and Σ P(alive) over repeat customers. */
  likelyAlive: number;
  expectedAlive: number;
  /** Money figures: null when the spend model is unusable (`fit.spendProblem`). */
  totalClv: number | null;
  meanClv: number | null;
  /** Share of total CLV held by the top 20 % of customers by CLV; null when the total is 0. */
  top20Share: number | null;
  distribution: ClvBin[] | null;
}

/** Cumulative repeat purchases (purchase days) of the calibration customers during the holdout. */
export interface HoldoutTrackingPoint {
  /** Days after the split, and that day as YYYY-MM-DD. */
  day: number;
  date: string;
  predicted: number;
  actual: number;
}

/**
 * Why there is no holdout check: 'too-short' (the history leaves no holdout of MIN_HOLDOUT_DAYS
 * after a calibration of MIN_CALIBRATION_DAYS), or the calibration fit's own problem.
 */
export type HoldoutProblem = 'too-short' | 'fit';

export interface HoldoutCheck {
  /** Calibration runs from the history's start to `split`; the holdout from the day after to the analysis date. */
  split: string | null;
  holdoutDays: number;
  /** Holdout length in the model's time unit. */
  length: number;
  problem: HoldoutProblem | null;
  /** The fit on the calibration period (null when 'too-short'). */
  fit: ClvModelFit | null;
  /** Customers first buying after the split: new, not forecast, left out of the check. */
  newCustomers: number;
  /** By calibration repeat purchases (null unless the calibration purchase model converged). */
  bins: HoldoutBin[] | null;
  total: { customers: number; predicted: number; actual: number } | null;
  /** Mean over customers of |predicted − actual| holdout purchases. */
  mae: number | null;
  tracking: HoldoutTrackingPoint[];
  /** (predicted − actual) / actual holdout purchases; null when nobody bought. */
  purchaseError: number | null;
  /** Net holdout revenue of the calibration customers' purchases, predicted (undiscounted) and actual. */
  revenue: { predicted: number; actual: number } | null;
  /** (predicted − actual) / actual net revenue; null without money predictions or actual revenue ≤ 0. */
  revenueError: number | null;
}

export interface ClvResult {
  /** The analysed history (YYYY-MM-DD); predictions are as of `asOf`. */
  from: string;
  asOf: string;
  timeUnit: TimeUnit;
  horizonMonths: number;
  annualDiscountRate: number;
  purchaseDays: number;
  /** The fit on the whole history, for the predictions. */
  fit: ClvModelFit;
  /** Null unless the purchase model converged. */
  predictions: ClvPredictions | null;
  holdout: HoldoutCheck;
  /**
   * The worker's temporary table of per-customer predictions (customer_id, clv, p_alive,
   * expected_purchases, expected_value) for customer lists; null without predictions.
   */
  table: string | null;
}
