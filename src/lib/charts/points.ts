/**
 * Points charts (analyses/points): earned against used per month with the outstanding balance,
 * and the earn rate (points per yen) over time. Results → ECharts options and tables (pure).
 * Figures the data lacks (`missing`) are left out, never drawn as zeros.
 *
 * Language-neutral: every label and number format arrives in `PointsChartText`. Rates stay
 * fractions (0.01 = 1 point per 100 yen) and go through `text.percent`.
 */
import type { EChartsOption } from './echarts';
import { baseOption, categoryAxis, figure, indexOf, tip, valueAxis } from './common';
import { CATEGORICAL, chartTheme } from './palette';
import { cell, type ChartTable } from './table';
import type { PointsFlow, PointsMonth, PointsResult } from '../analyses/points/types';

export interface PointsChartText {
  /** A month label ('2024-03') as read. */
  month: (ym: string) => string;
  /** Column name of the month, and the label of the whole history's row. */
  period: string;
  total: string;
  earned: string;
  used: string;
  /** Outstanding points (the liability). */
  balance: string;
  earners: string;
  redeemers: string;
  customers: string;
  revenue: string;
  earningRevenue: string;
  redemptionRate: string;
  /** Points per yen of the orders earning them. */
  earnRate: string;
  /** Points per yen of all revenue. */
  pointsPerYen: string;
  /** A number of points, e.g. '1,234 pt'. */
  points: (n: number) => string;
  /** Compact points for axis ticks. */
  pointsAxis: (n: number) => string;
  money: (n: number) => string;
  count: (n: number) => string;
  /** Formats a fraction: 0.015 → '1.5%'. */
  percent: (x: number) => string;
  dark: boolean;
}

/** Colours: earned in the accent, used in the palette's second, the balance in its third. */
const USED_COLOR = CATEGORICAL[1];
const BALANCE_COLOR = CATEGORICAL[2];

/** Which figures the data has: earned needs points_earned, used points_used, the balance and redemption both. */
function shown(r: PointsResult) {
  const earned = !r.missing.includes('points_earned');
  const used = !r.missing.includes('points_used');
  return { earned, used, both: earned && used };
}

function monthTip(m: PointsMonth, r: PointsResult, text: PointsChartText): string {
  const has = shown(r);
  const w = m.withheld;
  const rows: [string, string][] = [];
  if (has.earned) rows.push([text.earned, figure(m.earned, text.points, w?.earned)]);
  if (has.used) rows.push([text.used, figure(m.used, text.points, w?.used)]);
  if (has.both) rows.push([text.redemptionRate, figure(m.redemptionRate, text.percent, w?.earned ?? w?.used)], [text.balance, figure(m.balance, text.points, w?.balance)]);
  if (has.earned) rows.push([text.earnRate, figure(m.earnRate, text.percent, w?.earned)]);
  return tip(text.month(m.month), rows);
}

/**
 * Points earned and used per month as bars side by side (left axis), the outstanding balance at
 * each month's end as a line (right axis). Without points_used only earned is drawn (and no
 * balance), without points_earned only used.
 */
export function pointsFlowOption(r: PointsResult, text: PointsChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const has = shown(r);
  const m = r.months;
  const bars = (id: 'earned' | 'used', name: string, color: string) => ({
    type: 'bar' as const,
    id,
    name,
    data: m.map((x) => x[id]),
    itemStyle: { color },
    barMaxWidth: 16,
    emphasis: { disabled: true }
  });
  const balance = {
    type: 'line' as const,
    id: 'balance',
    name: text.balance,
    yAxisIndex: 1,
    data: m.map((x) => x.balance),
    connectNulls: false,
    lineStyle: { color: BALANCE_COLOR, width: 2 },
    itemStyle: { color: BALANCE_COLOR },
    showSymbol: m.length <= 24,
    symbolSize: 5,
    z: 3
  };
  const series = [
    ...(has.earned ? [bars('earned', text.earned, theme.accent)] : []),
    ...(has.used ? [bars('used', text.used, USED_COLOR)] : []),
    ...(has.both ? [balance] : [])
  ];
  return {
    ...baseOption(theme, 36, { axisPointer: { type: 'shadow' }, formatter: (params) => monthTip(m[indexOf(params)], r, text) }),
    legend: { top: 0, left: 0, data: series.map((x) => x.name), textStyle: { color: theme.text } },
    xAxis: categoryAxis(m.map((x) => text.month(x.month)), theme),
    yAxis: [
      valueAxis(theme, text.pointsAxis),
      { ...valueAxis(theme, text.pointsAxis, { min: 0 }), name: has.both ? text.balance : undefined, splitLine: { show: false } }
    ],
    series
  };
}

/**
 * Points per yen per month: of the orders earning them (the earn rate, accent) and of all revenue
 * (muted); months without earning orders are gaps. Needs points_earned: empty series without it.
 */
export function pointsRateOption(r: PointsResult, text: PointsChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const m = r.months;
  const line = (id: 'earnRate' | 'pointsPerYen', name: string, color: string, width: number) => ({
    type: 'line' as const,
    id,
    name,
    data: shown(r).earned ? m.map((x) => x[id]) : [],
    connectNulls: false,
    lineStyle: { color, width },
    itemStyle: { color },
    showSymbol: m.length <= 24,
    symbolSize: 5
  });
  return {
    ...baseOption(theme, 36, {
      axisPointer: { type: 'line' },
      formatter: (params) => {
        const x = m[indexOf(params)];
        return tip(text.month(x.month), [
          [text.earnRate, figure(x.earnRate, text.percent, x.withheld?.earned)],
          [text.pointsPerYen, figure(x.pointsPerYen, text.percent, x.withheld?.earned ?? x.withheld?.revenue)]
        ]);
      }
    }),
    legend: { top: 0, left: 0, data: [text.earnRate, text.pointsPerYen], textStyle: { color: theme.text } },
    xAxis: { ...categoryAxis(m.map((x) => text.month(x.month)), theme), boundaryGap: false },
    yAxis: valueAxis(theme, text.percent, { min: 0 }),
    series: [line('earnRate', text.earnRate, theme.accent, 2), line('pointsPerYen', text.pointsPerYen, theme.muted, 1.25)]
  };
}

/** One row per month, then the whole history's (labelled `text.total`): every figure of the flow; the balance at the month's end. */
export function pointsTable(r: PointsResult, text: PointsChartText): ChartTable {
  const row = (period: string, x: PointsFlow, balance: number | null, balanceWithheld?: PointsMonth['withheld']) => {
    const w = x.withheld;
    return {
      period,
      earned: cell(x.earned, w?.earned),
      used: cell(x.used, w?.used),
      balance: cell(balance, balanceWithheld?.balance),
      earners: cell(x.earners, w?.earned, true),
      redeemers: cell(x.redeemers, w?.used, true),
      customers: cell(x.customers, w?.revenue, true),
      revenue: cell(x.revenue, w?.revenue),
      earningRevenue: cell(x.earningRevenue, w?.earned),
      redemptionRate: cell(x.redemptionRate, w?.earned ?? w?.used),
      earnRate: cell(x.earnRate, w?.earned),
      pointsPerYen: cell(x.pointsPerYen, w?.earned ?? w?.revenue)
    };
  };
  const last = r.months.at(-1);
  return {
    columns: [
      { key: 'period', label: text.period, kind: 'text' },
      { key: 'earned', label: text.earned, kind: 'number' },
      { key: 'used', label: text.used, kind: 'number' },
      { key: 'balance', label: text.balance, kind: 'number' },
      { key: 'earners', label: text.earners, kind: 'number' },
      { key: 'redeemers', label: text.redeemers, kind: 'number' },
      { key: 'customers', label: text.customers, kind: 'number' },
      { key: 'revenue', label: text.revenue, kind: 'money' },
      { key: 'earningRevenue', label: text.earningRevenue, kind: 'money' },
      { key: 'redemptionRate', label: text.redemptionRate, kind: 'percent' },
      { key: 'earnRate', label: text.earnRate, kind: 'percent' },
      { key: 'pointsPerYen', label: text.pointsPerYen, kind: 'percent' }
    ],
    rows: [
      ...r.months.map((m) => row(m.month, m, m.balance, m.withheld)),
      row(text.total, r.total, last?.balance ?? null, last?.withheld)
    ]
  };
}
