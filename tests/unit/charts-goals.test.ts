import { describe, expect, it } from 'vitest';
import { renderSvg } from '../helpers/charts';
import { goalMonths, goalOption, goalTable, type GoalChartText } from '$lib/charts/goals';
import { goalProgress } from '$lib/analyses/goals/trend';
import { steppedTarget, suggestGoals } from '$lib/analyses/goals/present';
import type { GoalSeries, GoalsResult } from '$lib/analyses/goals/types';
import type { Goal } from '$lib/analyses/goals/view';

const text: GoalChartText = {
  actual: '実績', target: '目標', trend: '傾向', month: '月', cohort: '初回購入月',
  monthLabel: (ym) => `M${ym}`,
  value: (v) => `${(v * 100).toFixed(1)}%`,
  axis: (v) => `${Math.round(v * 100)}%`,
  dark: false
};

/** 2026-01 … 2026-06 at 20 % + 1 point a month, with 2026-04 withheld. */
const series: GoalSeries = {
  metric: 'repeat',
  points: [0.2, 0.21, 0.22, null, 0.24, 0.25].map((value, i) => ({
    month: `2026-0${i + 1}`, value, base: value === null ? null : 100, count: value === null ? null : Math.round(value * 100),
    ...(value === null && { withheld: 'small' as const })
  }))
};
const goal: Goal = { metric: 'repeat', target: 0.3, date: '2026-09-15' };
const progress = goalProgress(series.points, goal, '2026-06-30');

describe('the goal chart', () => {
  it('runs from the first month to the target date’s month', () => {
    expect(goalMonths(series, goal)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
    // A target date before the last figure: up to the last figure.
    expect(goalMonths(series, { ...goal, date: '2026-03-31' }).at(-1)).toBe('2026-06');
  });

  it('draws the actuals (a gap where withheld), the target level and the trend up to the target month', () => {
    const o = goalOption(series, goal, progress, text) as { series: { id: string; data: (number | null)[] }[] };
    const by = (id: string) => o.series.find((s) => s.id === id)!.data;
    expect(by('actual')).toEqual([0.2, 0.21, 0.22, null, 0.24, 0.25, null, null, null]);
    expect(by('target')).toEqual(Array(9).fill(0.3));
    const trend = by('trend');
    expect(trend.every((v) => v !== null)).toBe(true);
    // +1 point a month through the figures: 0.28 at the end of September.
    expect(trend[8]).toBeCloseTo(0.28, 10);
    expect(progress.status).toBe('off_track');
    const svg = renderSvg(goalOption(series, goal, progress, text));
    expect(svg).toContain('実績');
    expect(svg).toContain('M2026-09');
  });

  it('tables the same, the withheld month as “—”', () => {
    const t = goalTable(series, goal, progress, text);
    expect(t.columns.map((c) => [c.key, c.kind])).toEqual([['month', 'text'], ['actual', 'percent'], ['target', 'percent'], ['trend', 'percent']]);
    expect(t.rows[3]).toMatchObject({ month: '2026-04', actual: '—', target: 0.3 });
    expect(t.rows[8].actual).toBeNull();
    const cohorts: GoalSeries = { metric: 'f2', points: [{ month: '2026-04', cohort: '2026-01', value: 0.4, base: 50, count: 20 }] };
    const f2 = goalTable(cohorts, { metric: 'f2', target: 0.5, date: '2026-06-30' }, goalProgress(cohorts.points, goal, '2026-04-30'), text);
    expect(f2.columns.map((c) => c.key)).toEqual(['month', 'cohort', 'actual', 'target', 'trend']);
    expect(f2.rows[0]).toMatchObject({ month: '2026-04', cohort: '2026-01', actual: 0.4 });
  });
});

describe('suggested goals', () => {
  it('step up from the latest figure, rounded, six months after the data’s last month', () => {
    expect(steppedTarget('repeat', 0.871)).toBe(0.93);
    expect(steppedTarget('f2', 0.5)).toBe(0.55);
    expect(steppedTarget('members', 0.98)).toBe(1);
    expect(steppedTarget('nps', -0.2)).toBe(5);
    expect(steppedTarget('value12', 25090)).toBe(27600);
    expect(steppedTarget('active', 11459)).toBe(12610);
    const r: GoalsResult = {
      from: '2025-01-01', asOf: '2026-03-20',
      series: [
        { metric: 'repeat', points: [{ month: '2026-03', value: 0.5, base: 10, count: 5 }] },
        { metric: 'f2', points: [] },
        { metric: 'members', points: [{ month: '2026-03', value: 1, base: 10, count: 10 }] },
        { metric: 'active', points: [{ month: '2026-02', value: 40, base: null, count: null }, { month: '2026-03', value: null, base: null, count: null, withheld: 'small' }] },
        { metric: 'nps', points: [{ month: '2026-03', value: 12, base: 30, count: null }] }
      ]
    };
    // f2 has no figure, members is at 100 % already: repeat, active, then NPS.
    expect(suggestGoals(r)).toEqual([
      { metric: 'repeat', target: 0.55, date: '2026-09-30' },
      { metric: 'active', target: 50, date: '2026-09-30' },
      { metric: 'nps', target: 17, date: '2026-09-30' }
    ]);
  });
});
