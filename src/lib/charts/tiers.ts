/**
 * Tier charts (analyses/tiers): customers and revenue per tier, and revenue per customer with its
 * 95 % interval. Results → ECharts options and tables (pure). Tiers run lowest first, as the
 * result orders them; customers without a tier come last, in grey.
 *
 * Language-neutral: every label and number format arrives in `TierChartText`.
 */
import type { EChartsOption } from './echarts';
import { baseOption, categoryAxis, countMoneyAxes, figure, indexOf, tip, valueAxis, type Indexed } from './common';
import { CATEGORICAL, OTHER_COLOR, chartTheme } from './palette';
import { cell, type ChartTable } from './table';
import type { TierGroup, TiersResult } from '../analyses/tiers/types';

export interface TierChartText {
  /** Axis / column name of the tier, e.g. '会員ランク'. */
  tier: string;
  /** The label of the customers without a tier, e.g. 'ランクなし'. */
  noTier: string;
  customers: string;
  revenue: string;
  /** Mean revenue per customer, e.g. '顧客あたり売上'. */
  perCustomer: string;
  median: string;
  interval: string;
  money: (n: number) => string;
  /** Compact money for axis ticks. */
  moneyAxis: (n: number) => string;
  count: (n: number) => string;
  dark: boolean;
}

/** The revenue series' colour (the palette's second): customers take the accent. */
const REVENUE_COLOR = CATEGORICAL[1];

const label = (g: TierGroup, text: TierChartText) => (g.kind === 'none' ? text.noTier : g.tier);
const range = (g: TierGroup, text: TierChartText) =>
  g.perCustomer.lo === null || g.perCustomer.hi === null ? '—' : `${text.money(g.perCustomer.lo)} … ${text.money(g.perCustomer.hi)}`;

function groupTip(g: TierGroup, text: TierChartText): string {
  return tip(label(g, text), [
    [text.customers, figure(g.customers, text.count, g.withheld, true)],
    [text.revenue, figure(g.revenue, text.money, g.withheld)],
    [text.perCustomer, figure(g.perCustomer.value, text.money, g.withheld)],
    [text.interval, range(g, text)],
    [text.median, figure(g.median, text.money, g.withheld)]
  ]);
}

/**
 * Customers (left axis, accent) and their revenue in the history (right axis) per tier, as bars
 * side by side; the customers without a tier in grey. Data items: `{ value, tier }`.
 */
export function tierSizeOption(r: TiersResult, text: TierChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const g = r.tiers;
  const bars = (id: 'customers' | 'revenue', name: string, color: string, yAxisIndex: number) => ({
    type: 'bar' as const,
    id,
    name,
    yAxisIndex,
    data: g.map((x) => ({ value: x[id], tier: x.tier, itemStyle: { color: x.kind === 'none' ? OTHER_COLOR : color } })),
    itemStyle: { color },
    barMaxWidth: 32,
    emphasis: { disabled: true }
  });
  return {
    ...baseOption(theme, 36, { axisPointer: { type: 'shadow' }, formatter: (params) => groupTip(g[indexOf(params)], text) }),
    legend: { top: 0, left: 0, data: [text.customers, text.revenue], textStyle: { color: theme.text } },
    xAxis: { ...categoryAxis(g.map((x) => label(x, text)), theme), name: text.tier, nameGap: 28, nameLocation: 'middle', nameTextStyle: { color: theme.text } },
    yAxis: countMoneyAxes(theme, { name: text.customers, format: text.count }, { name: text.revenue, format: text.moneyAxis }),
    series: [bars('customers', text.customers, theme.accent, 0), bars('revenue', text.revenue, REVENUE_COLOR, 1)]
  };
}

/**
 * Revenue per customer per tier: the mean as a point over its 95 % interval as a box (no box
 * where the tier is too small for one), the median as a hollow diamond; the customers without a
 * tier in grey.
 */
export function tierValueOption(r: TiersResult, text: TierChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const g = r.tiers;
  const colorOf = (x: TierGroup) => (x.kind === 'none' ? OTHER_COLOR : theme.accent);
  return {
    ...baseOption(theme, 36, { axisPointer: { type: 'shadow' }, formatter: (params) => groupTip(g[indexOf(params)], text) }),
    legend: { top: 0, left: 0, data: [text.perCustomer, text.median], textStyle: { color: theme.text } },
    xAxis: { ...categoryAxis(g.map((x) => label(x, text)), theme), name: text.tier, nameGap: 28, nameLocation: 'middle', nameTextStyle: { color: theme.text } },
    yAxis: valueAxis(theme, text.moneyAxis, { min: 0 }),
    series: [
      {
        // A box from the interval's bottom to its top, its middle line at the mean.
        type: 'boxplot',
        id: 'interval',
        data: g.map(({ perCustomer: p }) => (p.lo === null || p.hi === null || p.value === null ? [] : [p.lo, p.lo, p.value, p.hi, p.hi])),
        itemStyle: { color: theme.accent, borderColor: theme.accent, opacity: 0.35 },
        boxWidth: [6, 24],
        silent: true,
        emphasis: { disabled: true },
        z: 1
      },
      {
        type: 'line',
        id: 'perCustomer',
        name: text.perCustomer,
        data: g.map((x) => ({ value: x.perCustomer.value, itemStyle: { color: colorOf(x) } })),
        itemStyle: { color: theme.accent },
        lineStyle: { opacity: 0 },
        symbolSize: 10,
        label: { show: true, position: 'right', color: theme.text, formatter: (p: Indexed) => figure(g[p.dataIndex].perCustomer.value, text.moneyAxis, g[p.dataIndex].withheld) },
        z: 3
      },
      {
        type: 'line',
        id: 'median',
        name: text.median,
        data: g.map((x) => ({ value: x.median, itemStyle: { borderColor: colorOf(x) } })),
        itemStyle: { color: theme.background, borderColor: theme.accent, borderWidth: 1.5 },
        lineStyle: { opacity: 0 },
        symbol: 'diamond',
        symbolSize: 9,
        z: 2
      }
    ]
  };
}

/** One row per tier (lowest first, then no tier): customers, revenue, mean per customer with its interval, median. */
export function tiersTable(r: TiersResult, text: TierChartText): ChartTable {
  return {
    columns: [
      { key: 'tier', label: text.tier, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      { key: 'revenue', label: text.revenue, kind: 'money' },
      { key: 'perCustomer', label: text.perCustomer, kind: 'money' },
      { key: 'lo', label: `${text.interval} (−)`, kind: 'money' },
      { key: 'hi', label: `${text.interval} (+)`, kind: 'money' },
      { key: 'median', label: text.median, kind: 'money' }
    ],
    rows: r.tiers.map((g) => ({
      tier: label(g, text),
      customers: cell(g.customers, g.withheld, true),
      revenue: cell(g.revenue, g.withheld),
      perCustomer: cell(g.perCustomer.value, g.withheld),
      lo: cell(g.perCustomer.lo, g.withheld),
      hi: cell(g.perCustomer.hi, g.withheld),
      median: cell(g.median, g.withheld)
    }))
  };
}
