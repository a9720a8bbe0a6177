/**
 * Referral charts (analyses/referral): referred against other customers (F2 conversion,
 * retention, 12-month value; the difference and its 95 % interval in the tooltips and the table),
 * and what referrers brought. Results → ECharts options and tables (pure).
 *
 * Language-neutral: every label and number format arrives in `ReferralChartText`. Shares stay
 * fractions 0–1 (through `text.percent`), their differences too (through `text.signedPercent`).
 */
import type { EChartsOption } from './echarts';
import { baseOption, categoryAxis, countMoneyAxes, figure, indexOf, tip, valueAxis, type Indexed } from './common';
import { CATEGORICAL, OTHER_COLOR, chartTheme } from './palette';
import { cell, type ChartTable } from './table';
import type { Interval } from '../analyses/programme/stats';
import type { ReferralGroup, ReferralResult } from '../analyses/referral/types';

export interface ReferralChartText {
  referred: string;
  others: string;
  /** Column name of the group / the row label. */
  group: string;
  acquired: string;
  /** Customers measured (with a whole first year). */
  customers: string;
  f2: string;
  retention: string;
  /** The 12-month value (mean first-year revenue per customer). */
  value: string;
  /** Referred minus others. */
  difference: string;
  /** The label of the totals row. */
  total: string;
  interval: string;
  referrers: string;
  /** The bins' axis and column: how many customers a referrer brought, e.g. '紹介した人数'. */
  perReferrer: string;
  /** Customers the referrers brought, and their revenue. */
  brought: string;
  revenue: string;
  /** A bin of customers brought per referrer: '1人', '3–5人', '6人以上' (max null = open). */
  bin: (min: number, max: number | null) => string;
  money: (n: number) => string;
  /** Compact money for axis ticks. */
  moneyAxis: (n: number) => string;
  count: (n: number) => string;
  /** Formats a fraction: 0.2 → '20%'. */
  percent: (x: number) => string;
  /** A difference of fractions with its sign: 0.05 → '+5.0%'. */
  signedPercent: (x: number) => string;
  dark: boolean;
}

type Share = 'f2' | 'retention';
const SHARES: readonly Share[] = ['f2', 'retention'];

/** "+5.0% (−1.2% … +11.0%)", or '—' without a value. */
function difference(d: Interval, format: (x: number) => string): string {
  if (d.value === null) return '—';
  return d.lo === null || d.hi === null ? format(d.value) : `${format(d.value)} (${format(d.lo)} … ${format(d.hi)})`;
}

const shareWithheld = (g: ReferralGroup, s: Share) => g.withheld?.group ?? g.withheld?.[s];

/**
 * F2 conversion and retention side by side (categories), one bar per group: referred in the
 * accent, others in grey; y 0–100 %. The tooltip gives both groups, the difference and its interval.
 */
export function referralSharesOption(r: ReferralResult, text: ReferralChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const bars = (id: 'referred' | 'others', color: string) => ({
    type: 'bar' as const,
    id,
    name: text[id],
    data: SHARES.map((s) => r[id][s]),
    itemStyle: { color },
    barMaxWidth: 40,
    label: { show: true, position: 'top' as const, color: theme.text, formatter: (p: Indexed) => figure(r[id][SHARES[p.dataIndex]], text.percent, shareWithheld(r[id], SHARES[p.dataIndex])) },
    emphasis: { disabled: true }
  });
  return {
    ...baseOption(theme, 36, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const s = SHARES[indexOf(params)];
        return tip(text[s], [
          [text.referred, figure(r.referred[s], text.percent, shareWithheld(r.referred, s))],
          [text.others, figure(r.others[s], text.percent, shareWithheld(r.others, s))],
          [text.difference, difference(r.difference[s], text.signedPercent)]
        ]);
      }
    }),
    legend: { top: 0, left: 0, data: [text.referred, text.others], textStyle: { color: theme.text } },
    xAxis: categoryAxis(SHARES.map((s) => text[s]), theme),
    yAxis: valueAxis(theme, text.percent, { min: 0, max: 1 }),
    series: [bars('referred', theme.accent), bars('others', OTHER_COLOR)]
  };
}

/** The 12-month value per group as two bars (referred in the accent, others in grey); the difference and its interval in the tooltip. */
export function referralValueOption(r: ReferralResult, text: ReferralChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const groups = [
    { id: 'referred', g: r.referred, color: theme.accent },
    { id: 'others', g: r.others, color: OTHER_COLOR }
  ] as const;
  return {
    ...baseOption(theme, 12, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const { id, g } = groups[indexOf(params)];
        return tip(text[id], [
          [text.value, figure(g.value, text.money, g.withheld?.group)],
          [text.customers, figure(g.customers, text.count, g.withheld?.group, true)],
          [text.difference, difference(r.difference.value, text.money)]
        ]);
      }
    }),
    xAxis: categoryAxis(groups.map(({ id }) => text[id]), theme),
    yAxis: valueAxis(theme, text.moneyAxis, { min: 0 }),
    series: [
      {
        type: 'bar',
        id: 'value',
        name: text.value,
        data: groups.map(({ g, color }) => ({ value: g.value, itemStyle: { color } })),
        barMaxWidth: 48,
        label: { show: true, position: 'top', color: theme.text, formatter: (p: Indexed) => figure(groups[p.dataIndex].g.value, text.moneyAxis, groups[p.dataIndex].g.withheld?.group) },
        emphasis: { disabled: true }
      }
    ]
  };
}

/**
 * Rows referred, others (acquired, measured, the two shares, the value), then the difference and
 * the bottom and top of its 95 % interval in the figures' columns.
 */
export function referralTable(r: ReferralResult, text: ReferralChartText): ChartTable {
  const group = (label: string, g: ReferralGroup) => ({
    group: label,
    acquired: cell(g.acquired, g.withheld?.group, true),
    customers: cell(g.customers, g.withheld?.group, true),
    f2: cell(g.f2, shareWithheld(g, 'f2')),
    retention: cell(g.retention, shareWithheld(g, 'retention')),
    value: cell(g.value, g.withheld?.group)
  });
  const d = r.difference;
  const side = (label: string, k: keyof Interval) => ({ group: label, acquired: null, customers: null, f2: d.f2[k], retention: d.retention[k], value: d.value[k] });
  return {
    columns: [
      { key: 'group', label: text.group, kind: 'text' },
      { key: 'acquired', label: text.acquired, kind: 'number' },
      { key: 'customers', label: text.customers, kind: 'number' },
      { key: 'f2', label: text.f2, kind: 'percent' },
      { key: 'retention', label: text.retention, kind: 'percent' },
      { key: 'value', label: text.value, kind: 'money' }
    ],
    rows: [
      group(text.referred, r.referred),
      group(text.others, r.others),
      side(text.difference, 'value'),
      side(`${text.interval} (−)`, 'lo'),
      side(`${text.interval} (+)`, 'hi')
    ]
  };
}

/** Bars per bin of customers brought: referrers (left axis, accent) and the revenue of the customers they brought (right axis). Null without the distribution. */
export function referrersOption(r: ReferralResult, text: ReferralChartText): EChartsOption | null {
  const d = r.referrers;
  if (!d) return null;
  const theme = chartTheme(text.dark);
  const bins = d.bins;
  return {
    ...baseOption(theme, 36, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const b = bins[indexOf(params)];
        return tip(text.bin(b.min, b.max), [
          [text.referrers, figure(b.referrers, text.count, b.withheld, true)],
          [text.brought, figure(b.customers, text.count, b.withheld)],
          [text.revenue, figure(b.revenue, text.money, b.withheld)]
        ]);
      }
    }),
    legend: { top: 0, left: 0, data: [text.referrers, text.revenue], textStyle: { color: theme.text } },
    xAxis: { ...categoryAxis(bins.map((b) => text.bin(b.min, b.max)), theme), name: text.perReferrer, nameGap: 28, nameLocation: 'middle', nameTextStyle: { color: theme.text } },
    yAxis: countMoneyAxes(theme, { name: text.referrers, format: text.count }, { name: text.revenue, format: text.moneyAxis }),
    series: [
      { type: 'bar', id: 'referrers', name: text.referrers, data: bins.map((b) => b.referrers), itemStyle: { color: theme.accent }, barMaxWidth: 32, emphasis: { disabled: true } },
      { type: 'bar', id: 'revenue', name: text.revenue, yAxisIndex: 1, data: bins.map((b) => b.revenue), itemStyle: { color: CATEGORICAL[1] }, barMaxWidth: 32, emphasis: { disabled: true } }
    ]
  };
}

/** One row per bin, then the totals; [] rows without the distribution. */
export function referrersTable(r: ReferralResult, text: ReferralChartText): ChartTable {
  const d = r.referrers;
  return {
    columns: [
      { key: 'bin', label: text.perReferrer, kind: 'text' },
      { key: 'referrers', label: text.referrers, kind: 'number' },
      { key: 'customers', label: text.brought, kind: 'number' },
      { key: 'revenue', label: text.revenue, kind: 'money' }
    ],
    rows: d
      ? [
          ...d.bins.map((b) => ({
            bin: text.bin(b.min, b.max),
            referrers: cell(b.referrers, b.withheld, true),
            customers: cell(b.customers, b.withheld),
            revenue: cell(b.revenue, b.withheld)
          })),
          { bin: text.total, referrers: d.referrers, customers: d.customers, revenue: d.revenue }
        ]
      : []
  };
}
