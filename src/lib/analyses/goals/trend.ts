/**
 * Where a goal stands: the latest actual, the gap to the target, and whether the trend reaches
 * it by the date. The trend is a least-squares straight line through the last TREND_MONTHS
 * months with a figure (fewer when the history is shorter: `fit.months` says how many), each
 * month at its last day, extended to the target date. Every metric here is better higher, so a
 * goal is reached when the latest actual is at or above its target.
 */
import { parseIso } from '../period';
import type { GoalPoint } from './types';
import type { Goal } from './view';

export const TREND_MONTHS = 12;
/** Fewer months than this say nothing about a trend. */
export const TREND_MIN_MONTHS = 3;

export type GoalStatus = 'no_data' | 'reached' | 'passed' | 'too_few' | 'on_track' | 'off_track';

export interface TrendFit {
  /** Months the line was fitted to, and the first and last of them ('YYYY-MM'). */
  months: number;
  first: string;
  last: string;
  /** Change per month. */
  slope: number;
  /** The line's value at month index 0 (see monthIndex). */
  intercept: number;
}

export interface GoalProgress {
  /** The latest month with a figure. */
  current: { month: string; value: number } | null;
  /** target − current (what is still missing; ≤ 0 once reached). */
  gap: number | null;
  fit: TrendFit | null;
  /** Months with a figure among the last TREND_MONTHS (those a fit reads, or would). */
  trendMonths: number;
  /** The line's value at the target date. */
  projected: number | null;
  status: GoalStatus;
}

/** A month's position on the time axis: months since year 0, at the month's end (+1). */
export function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return y * 12 + m;
}

/** A day's position on the same axis: its month's start plus the share of the month gone by. */
export function dayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return y * 12 + (m - 1) + d / days;
}

/** Ordinary least squares of y on x; null for fewer than two distinct x. */
export function leastSquares(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The trend's value at a position of the time axis. */
export const trendAt = (fit: TrendFit, x: number) => fit.intercept + fit.slope * x;

/** The figures of the last TREND_MONTHS calendar months up to the latest figure. */
function trendWindow(points: readonly GoalPoint[]): (GoalPoint & { value: number })[] {
  const known = points.filter((p): p is GoalPoint & { value: number } => p.value !== null);
  const last = known.at(-1);
  if (!last) return [];
  const end = monthIndex(last.month);
  return known.filter((p) => monthIndex(p.month) > end - TREND_MONTHS);
}

/** The fit over the last TREND_MONTHS calendar months up to the latest figure; null with fewer than TREND_MIN_MONTHS figures. */
export function fitTrend(points: readonly GoalPoint[]): TrendFit | null {
  const window = trendWindow(points);
  const last = window.at(-1);
  if (!last || window.length < TREND_MIN_MONTHS) return null;
  const line = leastSquares(window.map((p) => monthIndex(p.month)), window.map((p) => p.value));
  return line && { months: window.length, first: window[0].month, last: last.month, ...line };
}

/** Where `goal` stands on `points` (oldest first), the data analysed up to `asOf` (YYYY-MM-DD). */
export function goalProgress(points: readonly GoalPoint[], goal: Goal, asOf: string): GoalProgress {
  const known = points.filter((p): p is GoalPoint & { value: number } => p.value !== null);
  const last = known.at(-1);
  if (!last) return { current: null, gap: null, fit: null, trendMonths: 0, projected: null, status: 'no_data' };
  const current = { month: last.month, value: last.value };
  const gap = goal.target - last.value;
  const fit = fitTrend(known);
  const projected = fit && trendAt(fit, dayIndex(goal.date));
  const status: GoalStatus =
    last.value >= goal.target ? 'reached'
    : parseIso(goal.date) < parseIso(asOf) ? 'passed'
    : !fit || projected === null ? 'too_few'
    : projected >= goal.target ? 'on_track'
    : 'off_track';
  return { current, gap, fit, trendMonths: trendWindow(known).length, projected, status };
}
