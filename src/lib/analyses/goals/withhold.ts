/**
 * The goal series as a snapshot may show them (rules in ../withhold.ts): a month whose figure
 * describes 1–4 customers (or answers) is withheld — a share when its base, the customers it
 * counts or the others are few; active customers when they are few; a cohort's 12-month value
 * when the cohort is small; a month's NPS when its answers are few. Nothing is shown when every
 * month of every series is withheld (or describes nobody: 0 active customers). No total is shown
 * beside the months, so withholding one never needs another.
 */
import { isSmall, type Withheld } from '../withhold';
import { GOAL_UNITS, type GoalPoint, type GoalSeries, type GoalsResult } from './types';

function pointWithheld(s: GoalSeries, p: GoalPoint): Withheld | null {
  if (s.metric === 'active') return isSmall(p.value) ? 'small' : null;
  if (GOAL_UNITS[s.metric] === 'share' && p.base !== null && p.count !== null)
    return isSmall(p.base) || isSmall(p.count) || isSmall(p.base - p.count) ? 'small' : null;
  return isSmall(p.base) ? 'small' : null;
}

export function withholdGoals(r: GoalsResult): GoalsResult | null {
  const series = r.series.map((s) => ({
    ...s,
    points: s.points.map((p) => (pointWithheld(s, p) ? { ...p, value: null, base: null, count: null, withheld: 'small' as const } : p))
  }));
  // A month of 0 active customers describes nobody: shown, but it is not something to share.
  const anything = series.some((s) => s.points.some((p) => !p.withheld && ((s.metric === 'active' ? p.value : p.base) ?? 0) > 0));
  const any = r.series.some((s) => s.points.length > 0);
  return any && !anything ? null : { ...r, series };
}
