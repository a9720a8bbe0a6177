/**
 * The goal card's chart (analyses/goals): the metric's actual per month as a line, the target as
 * a dashed level line, and the fitted trend (analyses/goals/trend.ts) as a dotted line from the
 * first month it was fitted to up to the target date's month. Result → ECharts option and table
 * (pure). Language-neutral: labels and number formats arrive in `GoalChartText`.
 */
import type { EChartsOption } from './echarts';
import { baseOption, categoryAxis, figure, indexOf, tip, valueAxis } from './common';
import { OTHER_COLOR, chartTheme } from './palette';
import { cell, type ChartTable, type ColumnKind } from './table';
import { addMonths } from '../analyses/goals/months';
import { monthIndex, trendAt, type GoalProgress } from '../analyses/goals/trend';
import { GOAL_UNITS, type GoalSeries } from '../analyses/goals/types';
import type { Goal } from '../analyses/goals/view';

export interface GoalChartText {
  actual: string;
  target: string;
  trend: string;
  month: string;
  /** The acquisition month column (F2, 12-month value). */
  cohort: string;
  /** 'YYYY-MM' as read. */
  monthLabel: (ym: string) => string;
  /** A value of the metric as read (percent, points, money, count). */
  value: (v: number) => string;
  /** The same for axis ticks (compact money). */
  axis: (v: number) => string;
  dark: boolean;
}

const TREND_COLOR = OTHER_COLOR;

/** Every month from the first figure to the later of the last figure and the target date. */
export function goalMonths(s: GoalSeries, goal: Goal): string[] {
  const first = s.points[0]?.month ?? goal.date.slice(0, 7);
  const last = [s.points.at(-1)?.month ?? first, goal.date.slice(0, 7)].sort().at(-1)!;
  const out: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The trend's value at each month (at its end) from the first fitted month to the target's; null elsewhere. */
function trendValues(months: readonly string[], progress: GoalProgress, goal: Goal): (number | null)[] {
  const fit = progress.fit;
  const end = goal.date.slice(0, 7);
  return months.map((m) => (fit && m >= fit.first && m <= end ? trendAt(fit, monthIndex(m)) : null));
}

export function goalOption(s: GoalSeries, goal: Goal, progress: GoalProgress, text: GoalChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const months = goalMonths(s, goal);
  const byMonth = new Map(s.points.map((p) => [p.month, p]));
  const trend = trendValues(months, progress, goal);
  const share = GOAL_UNITS[s.metric] === 'share';
  return {
    ...baseOption(theme, 36, {
      formatter: (params) => {
        const i = indexOf(params);
        const p = byMonth.get(months[i]);
        return tip(text.monthLabel(months[i]), [
          [text.actual, p ? figure(p.value, text.value, p.withheld) : '—'],
          ...(p?.cohort ? [[text.cohort, text.monthLabel(p.cohort)] as [string, string]] : []),
          [text.target, text.value(goal.target)],
          ...(trend[i] === null ? [] : [[text.trend, text.value(trend[i]!)] as [string, string]])
        ]);
      }
    }),
    legend: { top: 0, left: 0, data: [text.actual, text.target, text.trend], textStyle: { color: theme.text } },
    xAxis: categoryAxis(months.map(text.monthLabel), theme),
    yAxis: valueAxis(theme, text.axis, share ? { min: 0 } : {}),
    series: [
      {
        type: 'line',
        id: 'actual',
        name: text.actual,
        data: months.map((m) => byMonth.get(m)?.value ?? null),
        connectNulls: false,
        lineStyle: { color: theme.accent, width: 2 },
        itemStyle: { color: theme.accent },
        symbolSize: 5,
        z: 3
      },
      {
        type: 'line',
        id: 'target',
        name: text.target,
        data: months.map(() => goal.target),
        symbol: 'none',
        lineStyle: { color: theme.text, width: 1.5, type: 'dashed' },
        itemStyle: { color: theme.text },
        emphasis: { disabled: true },
        z: 2
      },
      {
        type: 'line',
        id: 'trend',
        name: text.trend,
        data: trend,
        connectNulls: false,
        symbol: 'none',
        lineStyle: { color: TREND_COLOR, width: 1.5, type: 'dotted' },
        itemStyle: { color: TREND_COLOR },
        emphasis: { disabled: true },
        z: 1
      }
    ]
  };
}

const KIND: Record<(typeof GOAL_UNITS)[keyof typeof GOAL_UNITS], ColumnKind> = { share: 'percent', points: 'number', money: 'money', count: 'number' };

/** Month, acquisition month (where the metric has one), actual, target and trend. */
export function goalTable(s: GoalSeries, goal: Goal, progress: GoalProgress, text: GoalChartText): ChartTable {
  const months = goalMonths(s, goal);
  const byMonth = new Map(s.points.map((p) => [p.month, p]));
  const trend = trendValues(months, progress, goal);
  const kind = KIND[GOAL_UNITS[s.metric]];
  const cohorts = s.points.some((p) => p.cohort);
  return {
    columns: [
      { key: 'month', label: text.month, kind: 'text' },
      ...(cohorts ? [{ key: 'cohort', label: text.cohort, kind: 'text' as const }] : []),
      { key: 'actual', label: text.actual, kind },
      { key: 'target', label: text.target, kind },
      { key: 'trend', label: text.trend, kind }
    ],
    rows: months.map((m, i) => {
      const p = byMonth.get(m);
      return {
        month: m,
        ...(cohorts && { cohort: p?.cohort ?? null }),
        actual: p ? cell(p.value, p.withheld) : null,
        target: goal.target,
        trend: trend[i]
      };
    })
  };
}
