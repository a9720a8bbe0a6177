/**
 * What the goals page says from the series: each metric's latest figure, and goals to suggest
 * when none is set — a step up from the latest figure (SUGGESTED_STEP: 5 points for shares and
 * NPS, 10 % for money and counts), by the end of the sixth month after the data's last month.
 */
import { addMonths, monthEnd } from './months';
import { GOAL_UNITS, type GoalMetric, type GoalPoint, type GoalSeries, type GoalsResult } from './types';
import type { Goal } from './view';

/** The latest month with a figure. */
export function latestPoint(s: GoalSeries): (GoalPoint & { value: number }) | null {
  for (let i = s.points.length - 1; i >= 0; i--) {
    const p = s.points[i];
    if (p.value !== null) return p as GoalPoint & { value: number };
  }
  return null;
}

/** The order suggestions are offered in: the behaviour a programme moves first. */
const SUGGESTED: readonly GoalMetric[] = ['repeat', 'active', 'f2', 'memberRevenue', 'value12', 'members', 'nps'];
export const SUGGESTED_MONTHS = 6;

/** A target one step above `v`, rounded to a figure someone would set. */
export function steppedTarget(metric: GoalMetric, v: number): number {
  switch (GOAL_UNITS[metric]) {
    case 'share':
      return Math.min(1, Math.ceil(Math.round((v + 0.05) * 1000) / 10) / 100);
    case 'points':
      return Math.min(100, Math.ceil(v + 5));
    case 'money':
      return Math.ceil((v * 1.1) / 100) * 100;
    case 'count':
      return Math.ceil((v * 1.1) / 10) * 10;
  }
}

export function suggestGoals(r: GoalsResult, count = 3): Goal[] {
  const date = monthEnd(addMonths(r.asOf.slice(0, 7), SUGGESTED_MONTHS));
  const out: Goal[] = [];
  for (const metric of SUGGESTED) {
    const s = r.series.find((x) => x.metric === metric);
    const p = s && latestPoint(s);
    if (!p || out.length >= count) continue;
    const target = steppedTarget(metric, p.value);
    if (target > p.value) out.push({ metric, target, date });
  }
  return out;
}
