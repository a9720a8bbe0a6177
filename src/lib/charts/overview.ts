/**
 * Overview charts: result of the overview analysis → ECharts option (pure).
 *
 * Language-neutral: every label and every number format arrives in `ChartText`.
 */
import type { EChartsOption, MarkLineComponentOption } from './echarts';
import { cell, type ChartTable } from './table';
import { WITHHELD_VALUE } from '../analyses/withhold';
import { chartTheme, segmentColor } from './palette';
import { baseOption, categoryAxis, escapeHtml, valueAxis } from './common';

import type { MonthlyPoint, ParetoPoint } from '../analyses/overview/types';

export interface ChartText {
  newCustomers: string;
  returningCustomers: string;
  revenue: string;
  activeCustomers: string;
  customerShare: string;
  revenueShare: string;
  /** Header of the month column in tables and CSV; defaults to 'YYYY-MM'. */
  period?: string;
  month: (ym: string) => string;
  money: (n: number) => string;
  /** Compact money for axis ticks, e.g. '¥1,200万'. */
  moneyAxis: (n: number) => string;
  count: (n: number) => string;
  /** Formats a fraction: 0.2 → '20%'. */
  percent: (x: number) => string;
  dark: boolean;
}

/** The customer share the Pareto chart marks ("top 20 % of customers"). */
export const TOP_CUSTOMER_SHARE = 0.2;

function periodColumn(text: ChartText) {
  return { key: 'month', label: text.period ?? 'YYYY-MM', kind: 'date' as const };
}

// ---------------------------------------------------------------- monthly revenue

/**
 * Stacked bars per month: revenue from new and from returning customers. The tooltip
 * lists both and their total; a series hidden in the legend is left out of both.
 */
export function monthlyRevenueOption(points: MonthlyPoint[], text: ChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const bar = (id: 'new' | 'returning', name: string, data: (number | null)[]) => ({
    type: 'bar' as const,
    id,
    name,
    data,
    stack: 'revenue',
    itemStyle: { color: segmentColor(id) },
    barMaxWidth: 40,
    emphasis: { disabled: true }
  });
  const row = (marker: string, label: string, value: number) =>
    `<div style="display:flex;justify-content:space-between;gap:20px"><span>${marker}${escapeHtml(label)}</span>` +
    `<b>${escapeHtml(text.money(value))}</b></div>`;
  return {
    ...baseOption(theme, 36, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        // Series hidden in the legend are not here; withheld figures (null) are left out.
        const shown = [params].flat().filter((p) => p.value !== null && p.value !== undefined);
        if (shown.length === 0) return '';
        const total = shown.reduce((sum, p) => sum + Number(p.value), 0);
        const rows = shown.map((p) => row(typeof p.marker === 'string' ? p.marker : '', p.seriesName ?? '', Number(p.value)));
        return (
          `<div style="margin-bottom:4px">${escapeHtml(shown[0]?.name ?? '')}</div>${rows.join('')}` +
          `<div style="border-top:1px solid ${theme.grid};margin-top:4px;padding-top:4px">${row('', text.revenue, total)}</div>`
        );
      }
    }),
    legend: { top: 0, left: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 12, inactiveColor: theme.axis, textStyle: { color: theme.text } },
    xAxis: categoryAxis(points.map((p) => text.month(p.month)), theme),
    yAxis: valueAxis(theme, text.moneyAxis),
    series: [
      bar('new', text.newCustomers, points.map((p) => p.newRevenue)),
      bar('returning', text.returningCustomers, points.map((p) => p.returningRevenue))
    ]
  };
}

export function monthlyRevenueTable(points: MonthlyPoint[], text: ChartText): ChartTable {
  return {
    columns: [
      periodColumn(text),
      { key: 'newRevenue', label: text.newCustomers, kind: 'money' },
      { key: 'returningRevenue', label: text.returningCustomers, kind: 'money' },
      { key: 'totalRevenue', label: text.revenue, kind: 'money' }
    ],
    rows: points.map((p) => ({
      month: p.month,
      newRevenue: cell(p.newRevenue, p.withheld?.new),
      returningRevenue: cell(p.returningRevenue, p.withheld?.returning),
      // A snapshot withholds the two together: their sum is withheld with them.
      totalRevenue: p.newRevenue === null || p.returningRevenue === null ? WITHHELD_VALUE : p.newRevenue + p.returningRevenue
    }))
  };
}

// ---------------------------------------------------------------- active customers

/** Active customers per month, as a line. */
export function activeCustomersOption(points: MonthlyPoint[], text: ChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  return {
    ...baseOption(theme, 16, { axisPointer: { type: 'line' }, valueFormatter: (v) => text.count(Number(v)) }),
    xAxis: categoryAxis(points.map((p) => text.month(p.month)), theme),
    yAxis: valueAxis(theme, text.count, { minInterval: 1 }),
    series: [
      {
        type: 'line',
        id: 'active',
        name: text.activeCustomers,
        data: points.map((p) => p.activeCustomers),
        itemStyle: { color: theme.accent },
        lineStyle: { width: 2 },
        symbol: 'circle',
        symbolSize: 6,
        showSymbol: points.length <= 24,
        emphasis: { disabled: true }
      }
    ]
  };
}

export function activeCustomersTable(points: MonthlyPoint[], text: ChartText): ChartTable {
  return {
    columns: [periodColumn(text), { key: 'activeCustomers', label: text.activeCustomers, kind: 'number' }],
    rows: points.map((p) => ({ month: p.month, activeCustomers: cell(p.activeCustomers, p.withheld?.active, true) }))
  };
}

// ---------------------------------------------------------------- Pareto

function byCustomerShare(points: ParetoPoint[]): ParetoPoint[] {
  return [...points].sort((a, b) => a.customerShare - b.customerShare);
}

/**
 * Revenue share at a customer share on the cumulative curve, interpolating linearly
 * between the two surrounding points; clamped to the first/last point outside them.
 * Null when there are no points.
 */
export function revenueShareAt(points: ParetoPoint[], customerShare: number): number | null {
  const sorted = byCustomerShare(points);
  if (sorted.length === 0) return null;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (customerShare <= first.customerShare) return first.revenueShare;
  if (customerShare >= last.customerShare) return last.revenueShare;
  for (let i = 1; i < sorted.length; i++) {
    const b = sorted[i];
    if (b.customerShare < customerShare) continue;
    const a = sorted[i - 1];
    if (b.customerShare === customerShare || b.customerShare === a.customerShare) return b.revenueShare;
    const t = (customerShare - a.customerShare) / (b.customerShare - a.customerShare);
    return a.revenueShare + t * (b.revenueShare - a.revenueShare);
  }
  return last.revenueShare;
}

/**
 * Cumulative revenue share against customer share (best customers first), both
 * 0–100 %, with the equality diagonal and a marker at the top 20 % of customers.
 */
export function paretoOption(points: ParetoPoint[], text: ChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const percent = (v: number) => text.percent(v / 100);
  const share = revenueShareAt(points, TOP_CUSTOMER_SHARE);
  const guide = { color: theme.reference, type: 'dotted' as const, width: 1 };
  const marks: NonNullable<MarkLineComponentOption['data']> = [
    [{ name: 'equality', coord: [0, 0], lineStyle: { ...guide, type: 'dashed' } }, { coord: [100, 100] }]
  ];
  if (share !== null) {
    const [x, y] = [TOP_CUSTOMER_SHARE * 100, share * 100];
    const label = { show: true, position: 'insideStartTop' as const, formatter: text.percent(share), color: theme.text, fontWeight: 'bold' as const };
    marks.push(
      [{ name: 'top-share-x', coord: [x, 0], lineStyle: guide }, { coord: [x, y] }],
      [
        { name: 'top-share', coord: [0, y], lineStyle: guide, label },
        { coord: [x, y], symbol: 'circle', symbolSize: 8, itemStyle: { color: theme.accent } }
      ]
    );
  }
  const shareHtml = (label: string, v: number) => `${escapeHtml(label)} <b>${escapeHtml(percent(v))}</b>`;
  return {
    ...baseOption(theme, 16, {
      axisPointer: { type: 'line' },
      // "Customer share 10% → revenue share 50%" for the point under the pointer.
      formatter: (params) =>
        [params]
          .flat()
          .map((p) => {
            const [x, y] = p.value as number[];
            return `${shareHtml(text.customerShare, x)} → ${shareHtml(text.revenueShare, y)}`;
          })
          .join('<br>')
    }),
    xAxis: valueAxis(theme, percent, { min: 0, max: 100, name: text.customerShare, nameGap: 28 }),
    yAxis: valueAxis(theme, percent, { min: 0, max: 100, name: text.revenueShare, nameGap: 44 }),
    series: [
      {
        type: 'line',
        id: 'pareto',
        name: text.revenueShare,
        data: byCustomerShare(points).map((p) => [p.customerShare * 100, p.revenueShare * 100]),
        itemStyle: { color: theme.accent },
        lineStyle: { width: 2 },
        symbol: 'none',
        emphasis: { disabled: true },
        // Only the 20 % mark is labelled.
        markLine: { silent: true, animation: false, symbol: ['none', 'none'], label: { show: false }, data: marks }
      }
    ]
  };
}

export function paretoTable(points: ParetoPoint[], text: ChartText): ChartTable {
  return {
    columns: [
      { key: 'customerShare', label: text.customerShare, kind: 'percent' },
      { key: 'revenueShare', label: text.revenueShare, kind: 'percent' }
    ],
    rows: byCustomerShare(points).map((p) => ({ customerShare: p.customerShare, revenueShare: p.revenueShare }))
  };
}
