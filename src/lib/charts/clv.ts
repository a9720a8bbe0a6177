/**
 * Predicted-CLV charts (holdout check by calibration purchases and over time, CLV distribution):
 * results → ECharts options and tables (pure). Language-neutral: labels and number formats
 * arrive in `ClvChartText`. Predicted is the accent colour and dashed where it is a line; actual
 * is the palette's second colour, the same in both holdout charts.
 */
import type { EChartsOption } from './echarts';
import { cell, type ChartTable } from './table';
import { CATEGORICAL, chartTheme } from './palette';
import { baseOption, categoryAxis, figure, indexOf, tip, valueAxis } from './common';
import type { HoldoutBin } from '../analyses/clv/clv';
import type { ClvBin, HoldoutTrackingPoint } from '../analyses/clv/types';

export interface ClvChartText {
  predicted: string;
  actual: string;
  customers: string;
  /** Axis name of the calibration-frequency bins, e.g. 'repeat purchases before the split'. */
  calibrationPurchases: string;
  /** A bin's label from its HoldoutBin label ('0', …, '7+'), e.g. '7回以上'. */
  binLabel: (label: string) => string;
  /** Axis name of the per-customer means, e.g. 'purchases per customer in the holdout'. */
  perCustomer: string;
  /** Axis name of the cumulative curve, e.g. 'cumulative repeat purchases'. */
  cumulative: string;
  /** Column name of the tracking curve's dates. */
  dateLabel: string;
  date: (iso: string) => string;
  /** Axis / column name of predicted CLV. */
  clv: string;
  /** Σ CLV of a bin (tooltip, table). */
  clvSum: string;
  money: (n: number) => string;
  moneyAxis: (n: number) => string;
  count: (n: number) => string;
  /** A mean such as 1.23 purchases. */
  decimal: (n: number) => string;
  /** Share of the total CLV (tooltip). */
  share: string;
  percent: (x: number) => string;
  dark: boolean;
}

const ACTUAL = CATEGORICAL[1];

function bar(id: string, name: string, data: (number | null)[], color: string) {
  return { type: 'bar' as const, id, name, data, itemStyle: { color }, barMaxWidth: 32, emphasis: { disabled: true } };
}

function curve(id: string, name: string, data: number[], color: string, dashed: boolean) {
  return {
    type: 'line' as const,
    id,
    name,
    data,
    itemStyle: { color },
    lineStyle: { color, width: 2, type: dashed ? ('dashed' as const) : ('solid' as const) },
    symbol: 'circle',
    symbolSize: 5,
    emphasis: { disabled: true }
  };
}

// ---------------------------------------------------------------- by calibration purchases

/**
 * Mean holdout purchases per customer, predicted and actual, for customers grouped by their
 * repeat purchases before the split (FHL 2005 Fig. 4).
 */
export function holdoutBinsOption(bins: readonly HoldoutBin[], text: ClvChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  return {
    ...baseOption(theme, 32, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const b = bins[indexOf(params)];
        return tip(text.binLabel(b.label), [
          [text.customers, figure(b.customers, text.count, b.withheld, true)],
          [text.predicted, b.predictedMean === null ? '—' : text.decimal(b.predictedMean)],
          [text.actual, b.actualMean === null ? '—' : text.decimal(b.actualMean)]
        ]);
      }
    }),
    legend: { top: 0, left: 0, textStyle: { color: theme.text } },
    xAxis: { ...categoryAxis(bins.map((b) => text.binLabel(b.label)), theme), name: text.calibrationPurchases, nameGap: 28, nameLocation: 'middle', nameTextStyle: { color: theme.text } },
    yAxis: valueAxis(theme, text.decimal, { name: text.perCustomer, nameGap: 40, min: 0 }),
    series: [
      bar('predicted', text.predicted, bins.map((b) => b.predictedMean), theme.accent),
      bar('actual', text.actual, bins.map((b) => b.actualMean), ACTUAL)
    ]
  };
}

export function holdoutBinsTable(bins: readonly HoldoutBin[], text: ClvChartText): ChartTable {
  return {
    columns: [
      { key: 'bin', label: text.calibrationPurchases, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      { key: 'predicted', label: `${text.predicted} (${text.perCustomer})`, kind: 'number' },
      { key: 'actual', label: `${text.actual} (${text.perCustomer})`, kind: 'number' }
    ],
    rows: bins.map((b) => ({
      bin: text.binLabel(b.label),
      customers: cell(b.customers, b.withheld, true),
      predicted: cell(b.predictedMean, b.withheld),
      actual: cell(b.actualMean, b.withheld)
    }))
  };
}

// ---------------------------------------------------------------- over time

/** From the split (0 purchases) to each tracking point. */
function fromSplit(split: string, points: readonly HoldoutTrackingPoint[]): HoldoutTrackingPoint[] {
  return [{ day: 0, date: split, predicted: 0, actual: 0 }, ...points];
}

/** Cumulative repeat purchases of the customers known at the split, predicted and actual, from the split on. */
export function holdoutTrackingOption(split: string, points: readonly HoldoutTrackingPoint[], text: ClvChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const all = fromSplit(split, points);
  return {
    ...baseOption(theme, 32, {
      axisPointer: { type: 'line' },
      formatter: (params) => {
        const p = all[indexOf(params)];
        return tip(text.date(p.date), [
          [text.predicted, text.count(Math.round(p.predicted))],
          [text.actual, text.count(p.actual)]
        ]);
      }
    }),
    legend: { top: 0, left: 0, textStyle: { color: theme.text } },
    xAxis: { ...categoryAxis(all.map((p) => text.date(p.date)), theme), boundaryGap: false },
    yAxis: valueAxis(theme, text.count, { name: text.cumulative, nameGap: 48, min: 0 }),
    series: [
      curve('predicted', text.predicted, all.map((p) => p.predicted), theme.accent, true),
      curve('actual', text.actual, all.map((p) => p.actual), ACTUAL, false)
    ]
  };
}

export function holdoutTrackingTable(split: string, points: readonly HoldoutTrackingPoint[], text: ClvChartText): ChartTable {
  return {
    columns: [
      { key: 'date', label: text.dateLabel, kind: 'date' },
      { key: 'predicted', label: text.predicted, kind: 'number' },
      { key: 'actual', label: text.actual, kind: 'number' }
    ],
    rows: fromSplit(split, points).map((p) => ({ date: p.date, predicted: p.predicted, actual: p.actual }))
  };
}

// ---------------------------------------------------------------- distribution

/** '¥0 – ¥2,000' or '¥40,000 –' for the open last bin. */
function binRange(b: ClvBin, text: ClvChartText): string {
  return b.to === null ? `${text.money(b.from)} –` : `${text.money(b.from)} – ${text.money(b.to)}`;
}

/**
 * Customers per CLV bin (the last bin open-ended: the long tail above the 99th percentile).
 * `total` is the CLV of all customers (the bins' sum, which withheld bins of a snapshot hide).
 */
export function clvDistributionOption(bins: readonly ClvBin[], text: ClvChartText, total: number): EChartsOption {
  const theme = chartTheme(text.dark);
  return {
    ...baseOption(theme, 16, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const b = bins[indexOf(params)];
        return tip(binRange(b, text), [
          [text.customers, figure(b.customers, text.count, b.withheld, true)],
          [text.clvSum, figure(b.clv, text.money, b.withheld)],
          [text.share, total > 0 && b.clv !== null ? text.percent(b.clv / total) : '—']
        ]);
      }
    }),
    xAxis: { ...categoryAxis(bins.map((b) => (b.to === null ? `${text.moneyAxis(b.from)}+` : text.moneyAxis(b.from))), theme), name: text.clv, nameGap: 28, nameLocation: 'middle', nameTextStyle: { color: theme.text } },
    yAxis: valueAxis(theme, text.count, { minInterval: 1 }),
    series: [bar('customers', text.customers, bins.map((b) => b.customers), theme.accent)]
  };
}

export function clvDistributionTable(bins: readonly ClvBin[], text: ClvChartText): ChartTable {
  return {
    columns: [
      { key: 'from', label: `${text.clv} ≥`, kind: 'money' },
      { key: 'to', label: `${text.clv} <`, kind: 'money' },
      { key: 'customers', label: text.customers, kind: 'number' },
      { key: 'clv', label: text.clvSum, kind: 'money' }
    ],
    rows: bins.map((b) => ({ from: b.from, to: b.to, customers: cell(b.customers, b.withheld, true), clv: cell(b.clv, b.withheld) }))
  };
}
