/**
 * Overview charts: result of the overview analysis → ECharts option (pure).
 *
 * Language-neutral: every label and every number format arrives in `ChartText`.
 * Options are plain data (see common.ts for how formatting works without callbacks).
 */
import type { EChartsOption, MarkLineComponentOption } from './echarts';
import type { ChartTable } from './table';
import { chartTheme, segmentColor } from './palette';
import { axisTooltip, baseOption, categoryAxis, labelledValueAxis, niceTicks } from './common';

// Structural copies of the result types in src/lib/analyses/overview/types.ts, so
// this module compiles on its own; they must stay assignable from those.
type MonthlyPoint = {
  month: string; // 'YYYY-MM'
  newRevenue: number;
  returningRevenue: number;
  newCustomers: number;
  returningCustomers: number;
  activeCustomers: number;
};
/** Both shares 0..1, ascending customerShare, from {0,0} to {1,1}. */
type ParetoPoint = { customerShare: number; revenueShare: number };

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

const GRID_BASE = {
  left: 8,
  right: 16,
  bottom: 8,
  // Keep axis labels and names inside the chart box (ECharts 6 replacement for
  // the deprecated `containLabel`).
  outerBoundsMode: 'same',
  outerBoundsContain: 'all'
} as const;

function periodColumn(text: ChartText) {
  return { key: 'month', label: text.period ?? 'YYYY-MM', kind: 'date' as const };
}

// ---------------------------------------------------------------- monthly revenue

/** Stacked bars per month: revenue from new and from returning customers. */
export function monthlyRevenueOption(points: MonthlyPoint[], text: ChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const months = points.map((p) => text.month(p.month));
  // Stacks of positive and negative values grow separately (ECharts' default
  // 'samesign' stacking), so the axis must cover both sums.
  let lo = 0;
  let hi = 0;
  for (const p of points) {
    hi = Math.max(hi, Math.max(0, p.newRevenue) + Math.max(0, p.returningRevenue));
    lo = Math.min(lo, Math.min(0, p.newRevenue) + Math.min(0, p.returningRevenue));
  }
  const ticks = niceTicks(lo, hi);
  const y = labelledValueAxis(ticks, ticks.values.map(text.moneyAxis), theme, 'left');
  const source = points.map((p, i) => {
    const total = p.newRevenue + p.returningRevenue;
    return [
      months[i],
      p.newRevenue,
      p.returningRevenue,
      total,
      text.money(p.newRevenue),
      text.money(p.returningRevenue),
      text.money(total)
    ];
  });
  const bar = (id: 'new' | 'returning', name: string, dim: string) => ({
    type: 'bar' as const,
    id,
    name,
    stack: 'revenue',
    datasetIndex: 0,
    encode: { x: 'month', y: dim, tooltip: [`${dim}Text`] },
    itemStyle: { color: segmentColor(id) },
    barMaxWidth: 40,
    emphasis: { disabled: true }
  });
  return {
    ...baseOption(theme),
    dataset: {
      dimensions: [
        { name: 'month', type: 'ordinal' },
        { name: 'newRevenue', type: 'number' },
        { name: 'returningRevenue', type: 'number' },
        { name: 'totalRevenue', type: 'number' },
        { name: 'newRevenueText', type: 'ordinal' },
        { name: 'returningRevenueText', type: 'ordinal' },
        { name: 'totalRevenueText', type: 'ordinal' }
      ],
      source
    },
    legend: {
      data: [text.newCustomers, text.returningCustomers],
      // Hiding a series would leave the fixed axis and the total wrong.
      selectedMode: false,
      top: 0,
      left: 0,
      icon: 'roundRect',
      itemWidth: 12,
      itemHeight: 12,
      textStyle: { color: theme.text }
    },
    tooltip: axisTooltip(theme, 'shadow'),
    grid: { ...GRID_BASE, top: 36 },
    xAxis: categoryAxis(months, theme),
    yAxis: [y.value, y.labels],
    series: [
      bar('new', text.newCustomers, 'newRevenue'),
      bar('returning', text.returningCustomers, 'returningRevenue'),
      {
        // Invisible: exists only to put the month's total in the tooltip.
        type: 'line',
        id: 'total',
        name: text.revenue,
        datasetIndex: 0,
        encode: { x: 'month', y: 'totalRevenue', tooltip: ['totalRevenueText'] },
        symbol: 'none',
        lineStyle: { opacity: 0, width: 0 },
        itemStyle: { color: 'transparent' },
        silent: true,
        legendHoverLink: false,
        emphasis: { disabled: true }
      }
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
      newRevenue: p.newRevenue,
      returningRevenue: p.returningRevenue,
      totalRevenue: p.newRevenue + p.returningRevenue
    }))
  };
}

// ---------------------------------------------------------------- active customers

/** Active customers per month, as a line. */
export function activeCustomersOption(points: MonthlyPoint[], text: ChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const months = points.map((p) => text.month(p.month));
  const ticks = niceTicks(
    Math.min(0, ...points.map((p) => p.activeCustomers)),
    Math.max(0, ...points.map((p) => p.activeCustomers)),
    5,
    true
  );
  const y = labelledValueAxis(ticks, ticks.values.map(text.count), theme, 'left');
  return {
    ...baseOption(theme),
    dataset: {
      dimensions: [
        { name: 'month', type: 'ordinal' },
        { name: 'activeCustomers', type: 'number' },
        { name: 'activeCustomersText', type: 'ordinal' }
      ],
      source: points.map((p, i) => [months[i], p.activeCustomers, text.count(p.activeCustomers)])
    },
    tooltip: axisTooltip(theme, 'line'),
    grid: { ...GRID_BASE, top: 16 },
    xAxis: categoryAxis(months, theme),
    yAxis: [y.value, y.labels],
    series: [
      {
        type: 'line',
        id: 'active',
        name: text.activeCustomers,
        datasetIndex: 0,
        encode: { x: 'month', y: 'activeCustomers', tooltip: ['activeCustomersText'] },
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
    rows: points.map((p) => ({ month: p.month, activeCustomers: p.activeCustomers }))
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
  const sorted = byCustomerShare(points);
  const ticks = niceTicks(0, 100, 5);
  const tickLabels = ticks.values.map((v) => text.percent(v / 100));
  const x = labelledValueAxis(ticks, tickLabels, theme, 'bottom', {
    name: text.customerShare,
    showAxisLine: true,
    nameGap: 28
  });
  const y = labelledValueAxis(ticks, tickLabels, theme, 'left', { name: text.revenueShare, nameGap: 44 });
  const share = revenueShareAt(sorted, TOP_CUSTOMER_SHARE);
  const markX = TOP_CUSTOMER_SHARE * 100;
  const guide = { color: theme.reference, type: 'dotted' as const, width: 1 };

  const markData: NonNullable<MarkLineComponentOption['data']> = [
    [
      { name: 'equality', coord: [0, 0], lineStyle: { color: theme.reference, type: 'dashed', width: 1 }, label: { show: false } },
      { coord: [100, 100] }
    ]
  ];
  if (share !== null) {
    const markY = share * 100;
    markData.push(
      [
        { name: 'top-share-x', coord: [markX, 0], lineStyle: guide, label: { show: false } },
        { coord: [markX, markY] }
      ],
      [
        {
          name: 'top-share',
          coord: [0, markY],
          lineStyle: guide,
          label: {
            show: true,
            position: 'insideStartTop',
            formatter: text.percent(share),
            color: theme.text,
            fontWeight: 'bold'
          }
        },
        { coord: [markX, markY], symbol: 'circle', symbolSize: 8, itemStyle: { color: theme.accent } }
      ]
    );
  }

  return {
    ...baseOption(theme),
    dataset: {
      dimensions: [
        { name: 'customerShare', type: 'number' },
        { name: 'revenueShare', type: 'number' },
        { name: 'customerShareText', type: 'ordinal', displayName: text.customerShare },
        { name: 'revenueShareText', type: 'ordinal', displayName: text.revenueShare }
      ],
      source: sorted.map((p) => [
        p.customerShare * 100,
        p.revenueShare * 100,
        text.percent(p.customerShare),
        text.percent(p.revenueShare)
      ])
    },
    tooltip: axisTooltip(theme, 'line'),
    grid: { ...GRID_BASE, top: 16 },
    xAxis: [
      // The tooltip header would be the raw axis value ("34.00"); the shares are
      // in the tooltip body instead, so the header is blanked.
      { ...x.value, axisPointer: { label: { formatter: ' ' } } },
      x.labels
    ],
    yAxis: [y.value, y.labels],
    series: [
      {
        type: 'line',
        id: 'pareto',
        name: text.revenueShare,
        datasetIndex: 0,
        encode: { x: 'customerShare', y: 'revenueShare', tooltip: ['customerShareText', 'revenueShareText'] },
        itemStyle: { color: theme.accent },
        lineStyle: { width: 2 },
        symbol: 'none',
        emphasis: { disabled: true },
        markLine: {
          silent: true,
          animation: false,
          symbol: ['none', 'none'],
          data: markData
        }
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
