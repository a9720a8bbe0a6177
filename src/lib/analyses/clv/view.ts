/** The predicted-CLV page's settings in the URL (forgiving: anything unknown falls back to the default). */
import type { Filters } from '../filters';
import { CLV_DEFAULTS, HORIZON_MONTHS, PURCHASE_DAYS, TIME_UNITS, type ClvRequest, type TimeUnit } from './types';

export interface ClvView {
  /** Last day of the holdout check's calibration period; null = the default split. */
  split: string | null;
  unit: TimeUnit;
  horizonMonths: number;
  /** Discount rate per year in percent (0–100), as typed. */
  discountPercent: number;
  purchaseDays: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_PERCENT = CLV_DEFAULTS.annualDiscountRate * 100;

function oneOf<T extends number | string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => String(a) === value) ?? fallback;
}

export function clvViewFromParams(p: URLSearchParams): ClvView {
  const split = p.get('split');
  const rate = p.get('rate') === null ? NaN : Number(p.get('rate'));
  return {
    split: split && DATE.test(split) && !Number.isNaN(Date.parse(split)) ? split : null,
    unit: oneOf(p.get('unit'), TIME_UNITS, CLV_DEFAULTS.timeUnit),
    horizonMonths: oneOf(p.get('horizon'), HORIZON_MONTHS, CLV_DEFAULTS.horizonMonths),
    discountPercent: Number.isFinite(rate) && rate >= 0 && rate <= 100 ? rate : DEFAULT_PERCENT,
    purchaseDays: oneOf(p.get('days'), PURCHASE_DAYS, CLV_DEFAULTS.purchaseDays)
  };
}

/** Write a change into a copy of `params`: defaults and nulls are left out. */
export function clvViewToParams(v: Partial<ClvView>, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  const set = (k: string, val: string | number | null | undefined, dflt: string | number | null) => {
    if (val === undefined) return;
    if (val === null || val === dflt) out.delete(k);
    else out.set(k, String(val));
  };
  set('split', v.split, null);
  set('unit', v.unit, CLV_DEFAULTS.timeUnit);
  set('horizon', v.horizonMonths, CLV_DEFAULTS.horizonMonths);
  set('rate', v.discountPercent, DEFAULT_PERCENT);
  set('days', v.purchaseDays, CLV_DEFAULTS.purchaseDays);
  return out;
}

/** What the worker is asked for these settings. */
export function clvRequest(filters: Filters, v: ClvView): ClvRequest {
  return {
    filters, split: v.split, timeUnit: v.unit, horizonMonths: v.horizonMonths,
    annualDiscountRate: v.discountPercent / 100, purchaseDays: v.purchaseDays
  };
}
