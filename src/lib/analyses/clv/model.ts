/**
 * From per-customer summaries (`summary.ts`, times in days) to fitted models and per-customer
 * predictions. Pure: no DuckDB, no DOM; the worker runs it between two queries (`run.ts`).
 *
 * Expected net value of a future purchase of customer i:
 *   v_i = κ · E[M | spend_x_i, m_i]        (Gamma-Gamma, note 025 eq. 5; population mean if spend_x_i = 0)
 * where m_i is the mean of the customer's positive repeat purchase days and κ (`netValueFactor`)
 * = (Σ net value of all repeat days / their number) ÷ (Σ value of the positive ones / their
 * number), so zero-value purchases and returns lower every prediction by the share they took in
 * the history. κ ≤ 0 gives no money figures rather than negative ones, so CLV is never negative.
 *
 * CLV_i = v_i · Σ_{k=1..H} ΔE[Y_i]_k / (1 + d)^k over H average months, d the monthly rate
 * equivalent to the annual one ((1 + d_year)^{1/12} − 1), ΔE[Y]_k the BG/NBD expected purchases
 * in month k (`clv.ts`). Customers sharing a history (x, tx, T) share everything but v, so the
 * purchase model is evaluated once per distinct history (one-time buyers collapse to one per
 * first-purchase day).
 */
import { bgNbdPredictor, fitBgNbd, type BgNbdParams, type TimeUnit } from './bgnbd';
import { customerLifetimeValues, monthLength } from './clv';
import { clvDistribution, topShare } from './distribution';
import { expectedAverageValue, fitGammaGamma, spendFrequencyCorrelation, type GammaGammaParams } from './gammagamma';
import { LIKELY_ALIVE, MIN_REPEAT_CUSTOMERS, type ClvModelFit, type ClvPredictions } from './types';

/** Per-customer summary columns of one calibration period, times in whole days (`clvSummarySql`). */
export interface SummaryColumns {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  spend_x: ArrayLike<number>;
  spend_sum: ArrayLike<number>;
  nonpos_x: ArrayLike<number>;
  nonpos_sum: ArrayLike<number>;
}

const DAYS_PER: Record<TimeUnit, number> = { days: 1, weeks: 7 };

/** Days in the given unit. */
export function daysToUnit(days: number, unit: TimeUnit): number {
  return days / DAYS_PER[unit];
}

/** The distinct histories (x, tx, T) with how many customers share each, and each customer's position. */
export interface GroupedHistories {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weights: Float64Array;
  /** Customer i has history `index[i]`. */
  index: Int32Array;
}

export function groupHistories(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): GroupedHistories {
  const n = x.length;
  let maxX = 0;
  let maxT = 0;
  for (let i = 0; i < n; i++) {
    maxX = Math.max(maxX, x[i]);
    maxT = Math.max(maxT, T[i], tx[i]);
  }
  // Whole days make an exact numeric key while (x, tx, T) fit in 2^53; text otherwise.
  const base = maxT + 1;
  const numeric = (maxX + 1) * base * base < Number.MAX_SAFE_INTEGER && [x, tx, T].every((c) => isWhole(c));
  const key = numeric ? (i: number) => (x[i] * base + tx[i]) * base + T[i] : (i: number) => `${x[i]}|${tx[i]}|${T[i]}`;
  const position = new Map<number | string, number>();
  const index = new Int32Array(n);
  const first: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = key(i);
    let j = position.get(k);
    if (j === undefined) {
      position.set(k, (j = first.length));
      first.push(i);
      counts.push(0);
    }
    counts[j]++;
    index[i] = j;
  }
  return {
    x: Float64Array.from(first, (i) => x[i]),
    tx: Float64Array.from(first, (i) => tx[i]),
    T: Float64Array.from(first, (i) => T[i]),
    weights: Float64Array.from(counts),
    index
  };
}

function isWhole(c: ArrayLike<number>): boolean {
  for (let i = 0; i < c.length; i++) if (!Number.isInteger(c[i]) || c[i] < 0) return false;
  return true;
}

/** A fitted pair of models ready to predict, with the report of the fit. */
export interface ClvModel {
  fit: ClvModelFit;
  /** Set only when the purchase model converged. */
  bgnbd: BgNbdParams | null;
  /** Distinct histories in the model's unit (x, tx / unit, T / unit). */
  histories: GroupedHistories;
  /** v_i per customer (≥ 0), or null when the spend model is unusable. */
  values: Float64Array | null;
}

/** Both models on one summary (times in days), in `unit`. */
export function fitClvModels(s: SummaryColumns, unit: TimeUnit): ClvModel {
  const n = s.x.length;
  const grouped = groupHistories(s.x, s.tx, s.T);
  const histories: GroupedHistories = {
    ...grouped,
    tx: grouped.tx.map((v) => daysToUnit(v, unit)),
    T: grouped.T.map((v) => daysToUnit(v, unit))
  };
  let repeatCustomers = 0;
  let maxT = 0;
  for (let i = 0; i < n; i++) {
    if (s.x[i] > 0) repeatCustomers++;
    maxT = Math.max(maxT, s.T[i]);
  }
  const spend = fitSpend(s);
  const fit: ClvModelFit = {
    customers: n,
    repeatCustomers,
    bgnbd: null,
    purchaseProblem: null,
    ...spend.fit
  };
  const model: ClvModel = { fit, bgnbd: null, histories, values: spend.values };
  if (n > 0 && maxT === 0) fit.purchaseProblem = 'single-day';
  else if (repeatCustomers < MIN_REPEAT_CUSTOMERS) fit.purchaseProblem = 'too-few-repeat';
  else {
    // Customers whose first purchase is on the last day (T = 0) add exactly 0 to the
    // log-likelihood; the fit leaves them out (it requires T > 0), the predictions do not.
    const keep = [...histories.T.keys()].filter((j) => histories.T[j] > 0);
    const pick = (c: Float64Array) => Float64Array.from(keep, (j) => c[j]);
    fit.bgnbd = fitBgNbd(
      { x: pick(histories.x), tx: pick(histories.tx), T: pick(histories.T), weights: pick(histories.weights) },
      { timeUnit: unit }
    );
    if (fit.bgnbd.converged) model.bgnbd = fit.bgnbd.params;
    else fit.purchaseProblem = 'not-converged';
  }
  return model;
}

type SpendFit = Pick<
  ClvModelFit,
  'spendCustomers' | 'gammaGamma' | 'spendProblem' | 'netValueFactor' | 'nonPositiveDays' | 'spendCorrelation' | 'meanValue'
>;

/** Gamma-Gamma on the customers with positive repeat purchase days, κ, and v per customer. */
function fitSpend(s: SummaryColumns): { fit: SpendFit; values: Float64Array | null } {
  const n = s.x.length;
  const rows: number[] = [];
  let repeatDays = 0;
  let positiveDays = 0;
  let positiveSum = 0;
  let nonPositiveSum = 0;
  let nonPositiveDays = 0;
  for (let i = 0; i < n; i++) {
    repeatDays += s.x[i];
    positiveDays += s.spend_x[i];
    positiveSum += s.spend_sum[i];
    nonPositiveDays += s.nonpos_x[i];
    nonPositiveSum += s.nonpos_sum[i];
    if (s.spend_x[i] > 0) rows.push(i);
  }
  // Written so that no zero-value days and no returns give exactly 1.
  const kappa = repeatDays > 0 && positiveSum > 0 ? ((positiveSum + nonPositiveSum) / positiveSum) * (positiveDays / repeatDays) : null;
  const data = { x: rows.map((i) => s.spend_x[i]), m: rows.map((i) => s.spend_sum[i] / s.spend_x[i]) };
  const fit: SpendFit = {
    spendCustomers: rows.length,
    gammaGamma: null,
    spendProblem: null,
    netValueFactor: kappa,
    nonPositiveDays,
    spendCorrelation: spendFrequencyCorrelation(data),
    meanValue: null
  };
  if (rows.length < MIN_REPEAT_CUSTOMERS) fit.spendProblem = 'too-few-spend';
  else if (kappa === null || !(kappa > 0)) fit.spendProblem = 'net-value-not-positive';
  else {
    fit.gammaGamma = fitGammaGamma(data);
    if (!fit.gammaGamma.converged) fit.spendProblem = 'not-converged';
    else if (expectedAverageValue(fit.gammaGamma.params!, 0, 0) === null) fit.spendProblem = 'no-finite-mean';
  }
  if (fit.spendProblem !== null) return { fit, values: null };
  const gg: GammaGammaParams = fit.gammaGamma!.params!;
  fit.meanValue = kappa! * expectedAverageValue(gg, 0, 0)!;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = s.spend_x[i];
    const v = kappa! * (expectedAverageValue(gg, x, x > 0 ? s.spend_sum[i] / x : 0) ?? NaN);
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`expected value per purchase is not a finite non-negative number for customer row ${i}`);
    values[i] = v;
  }
  return { fit, values };
}

export interface PredictionOptions {
  timeUnit: TimeUnit;
  purchaseDays: number;
  horizonMonths: number;
  annualDiscountRate: number;
}

/** Per-customer predictions (in summary row order) and their aggregates. */
export interface CustomerPredictions {
  /** NaN for customers without a repeat purchase: the BG/NBD has them alive by assumption. */
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedValue: Float64Array | null;
  clv: Float64Array | null;
  summary: ClvPredictions;
}

/** The monthly rate equivalent to an annual one. */
export function monthlyRate(annual: number): number {
  return Math.pow(1 + annual, 1 / 12) - 1;
}

export function predictCustomers(model: ClvModel, o: PredictionOptions): CustomerPredictions {
  const bg = model.bgnbd;
  if (!bg) throw new Error('no converged purchase model to predict with');
  const h = model.histories;
  const predictor = bgNbdPredictor(bg);
  const t = daysToUnit(o.purchaseDays, o.timeUnit);
  const nh = h.x.length;
  const aliveH = new Float64Array(nh);
  const expectedH = new Float64Array(nh);
  for (let j = 0; j < nh; j++) {
    aliveH[j] = h.x[j] > 0 ? predictor.probabilityAlive(h.x[j], h.tx[j], h.T[j]) : NaN;
    expectedH[j] = predictor.expectedPurchases(t, h.x[j], h.tx[j], h.T[j]);
  }
  // Discounted expected purchases over the horizon, per history: CLV_i = v_i × this.
  const discountedH = model.values
    ? customerLifetimeValues(bg, h, new Float64Array(nh).fill(1), {
        periods: o.horizonMonths,
        discountRate: monthlyRate(o.annualDiscountRate),
        periodLength: monthLength(o.timeUnit)
      })
    : null;
  const n = h.index.length;
  const pAlive = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  const clv = model.values && discountedH ? new Float64Array(n) : null;
  let sumExpected = 0;
  let likelyAlive = 0;
  let expectedAlive = 0;
  let totalClv = 0;
  for (let i = 0; i < n; i++) {
    const j = h.index[i];
    pAlive[i] = aliveH[j];
    expectedPurchases[i] = expectedH[j];
    sumExpected += expectedH[j];
    if (!Number.isNaN(aliveH[j])) {
      expectedAlive += aliveH[j];
      if (aliveH[j] >= LIKELY_ALIVE) likelyAlive++;
    }
    if (clv) {
      clv[i] = model.values![i] * discountedH![j];
      totalClv += clv[i];
    }
  }
  assertFinite([pAlive, expectedPurchases, clv], true);
  return {
    pAlive,
    expectedPurchases,
    expectedValue: model.values,
    clv,
    summary: {
      expectedPurchases: sumExpected,
      likelyAlive,
      expectedAlive,
      totalClv: clv ? totalClv : null,
      meanClv: clv && n > 0 ? totalClv / n : null,
      top20Share: clv ? topShare(clv, 0.2) : null,
      distribution: clv ? clvDistribution(clv) : null
    }
  };
}

/** A non-finite prediction is a bug to report, never a figure to show. */
function assertFinite(columns: (Float64Array | null)[], nanAllowedInFirst: boolean): void {
  columns.forEach((c, k) => {
    if (!c) return;
    for (let i = 0; i < c.length; i++) {
      if (k === 0 && nanAllowedInFirst && Number.isNaN(c[i])) continue;
      if (!(Number.isFinite(c[i]) && c[i] >= 0)) throw new Error(`prediction ${k} of customer row ${i} is ${c[i]}`);
    }
  });
}
