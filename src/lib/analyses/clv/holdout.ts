/**
 * The holdout check: a model fitted on the history up to a split date against what its customers
 * did after it — by calibration repeat purchases (FHL 2005 Fig. 4), cumulatively over time, and
 * in total (purchases and, with a spend model, net revenue). Pure, like `model.ts`.
 */
import { addDays } from '../period';
import { bgNbdPredictor, type TimeUnit } from './bgnbd';
import { holdoutBins } from './clv';
import { daysToUnit, type ClvModel } from './model';
import type { HoldoutCheck, HoldoutTrackingPoint } from './types';

/** The holdout's actual purchases by step (`holdoutStepsSql`). */
export interface HoldoutStep {
  k: number;
  purchases: number;
}

export interface HoldoutInput {
  split: string;
  holdoutDays: number;
  /** Step of the tracking curve, whole days. */
  step: number;
  timeUnit: TimeUnit;
  /** Per calibration customer (same rows as the calibration summary). */
  actualPurchases: ArrayLike<number>;
  actualValue: ArrayLike<number>;
  steps: readonly HoldoutStep[];
  newCustomers: number;
}

/** The step of the holdout tracking curve: whole weeks, at most ~13 points. */
export function trackingStep(holdoutDays: number): number {
  return 7 * Math.max(1, Math.ceil(holdoutDays / 7 / 13));
}

/**
 * Calibration fit vs what happened in the holdout: by calibration repeat purchases (FHL 2005
 * Fig. 4), cumulatively over time, and in total (purchases and, with a spend model, net revenue).
 */
export function checkHoldout(model: ClvModel, o: HoldoutInput): HoldoutCheck {
  const length = daysToUnit(o.holdoutDays, o.timeUnit);
  const base: HoldoutCheck = {
    split: o.split,
    holdoutDays: o.holdoutDays,
    length,
    problem: null,
    fit: model.fit,
    newCustomers: o.newCustomers,
    bins: null,
    total: null,
    mae: null,
    tracking: [],
    purchaseError: null,
    revenue: null,
    revenueError: null
  };
  const bg = model.bgnbd;
  if (!bg) return { ...base, problem: 'fit' };
  const h = model.histories;
  const n = h.index.length;
  const predictor = bgNbdPredictor(bg);
  // Cumulative curve: expected purchases per distinct history at each step (the last is the
  // whole holdout), weighted by its customers.
  const days: number[] = [];
  for (let d = o.step; d < o.holdoutDays; d += o.step) days.push(d);
  days.push(o.holdoutDays);
  const atEnd = new Float64Array(h.x.length);
  const actualByStep = new Map(o.steps.map((s) => [s.k, s.purchases]));
  let cumulative = 0;
  const tracking: HoldoutTrackingPoint[] = days.map((day, k) => {
    const t = daysToUnit(day, o.timeUnit);
    let predicted = 0;
    for (let j = 0; j < h.x.length; j++) {
      const e = predictor.expectedPurchases(t, h.x[j], h.tx[j], h.T[j]);
      predicted += h.weights[j] * e;
      if (k === days.length - 1) atEnd[j] = e;
    }
    cumulative += actualByStep.get(k + 1) ?? 0;
    return { day, date: addDays(o.split, day), predicted, actual: cumulative };
  });
  const cmp = holdoutBins(
    Float64Array.from(h.index, (j) => h.x[j]),
    Float64Array.from(h.index, (j) => atEnd[j]),
    o.actualPurchases
  );

  let revenue: HoldoutCheck['revenue'] = null;
  if (model.values) {
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < n; i++) {
      predicted += model.values[i] * atEnd[h.index[i]];
      actual += o.actualValue[i];
    }
    revenue = { predicted, actual };
  }
  return {
    ...base,
    bins: cmp.bins,
    total: cmp.total,
    mae: cmp.mae,
    tracking,
    purchaseError: cmp.total.actual > 0 ? (cmp.total.predicted - cmp.total.actual) / cmp.total.actual : null,
    revenue,
    revenueError: revenue && revenue.actual > 0 ? (revenue.predicted - revenue.actual) / revenue.actual : null
  };
}
