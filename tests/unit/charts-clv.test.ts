import { describe, expect, it } from 'vitest';
import { renderSvg } from '../helpers/charts';
import { chartTheme } from '$lib/charts/palette';
import {
  clvDistributionOption, clvDistributionTable, holdoutBinsOption, holdoutBinsTable, holdoutTrackingOption, holdoutTrackingTable,
  type ClvChartText
} from '$lib/charts/clv';
import type { HoldoutBin } from '$lib/analyses/clv/clv';
import type { ClvBin, HoldoutTrackingPoint } from '$lib/analyses/clv/types';

/** Formatters that leave a visible mark, so tests can tell which one was used. */
const text: ClvChartText = {
  predicted: '予測',
  actual: '実績',
  customers: '顧客数',
  calibrationPurchases: '区切り日までの購入回数',
  binLabel: (l) => `«${l}回»`,
  perCustomer: '1人あたり',
  cumulative: '累計',
  dateLabel: '日付',
  date: (iso) => `D${iso}`,
  clv: '予測LTV',
  clvSum: '予測LTV合計',
  money: (n) => `¥${n.toLocaleString('ja-JP')}`,
  moneyAxis: (n) => `${n / 1000}千`,
  count: (n) => `${n}人`,
  decimal: (n) => n.toFixed(2),
  share: '割合',
  percent: (x) => `${Math.round(x * 1000) / 10}%`,
  dark: false
};

const bins: HoldoutBin[] = [
  { label: '0', minX: 0, maxX: 0, customers: 100, predicted: 20, actual: 25, predictedMean: 0.2, actualMean: 0.25 },
  { label: '1', minX: 1, maxX: 1, customers: 0, predicted: 0, actual: 0, predictedMean: null, actualMean: null },
  { label: '2+', minX: 2, maxX: null, customers: 10, predicted: 30, actual: 28, predictedMean: 3, actualMean: 2.8 }
];
const tracking: HoldoutTrackingPoint[] = [
  { day: 14, date: '2024-01-15', predicted: 10.5, actual: 12 },
  { day: 20, date: '2024-01-21', predicted: 15.2, actual: 15 }
];
const distribution: ClvBin[] = [
  { from: 0, to: 1000, customers: 50, clv: 10_000 },
  { from: 1000, to: 2000, customers: 10, clv: 15_000 },
  { from: 2000, to: null, customers: 2, clv: 75_000 }
];

type Series = { id: string; data: unknown[]; itemStyle: { color: string }; lineStyle?: { type: string } };
const seriesOf = (o: unknown) => (o as { series: Series[] }).series;
const tooltip = (o: unknown, dataIndex: number) =>
  ((o as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter)([{ dataIndex }]);

describe('holdout by calibration purchases', () => {
  it('draws predicted (accent) and actual bars per bin, gaps where a bin is empty', () => {
    const o = holdoutBinsOption(bins, text);
    const [p, a] = seriesOf(o);
    expect(p).toMatchObject({ id: 'predicted', data: [0.2, null, 3], itemStyle: { color: chartTheme(false).accent } });
    expect(a).toMatchObject({ id: 'actual', data: [0.25, null, 2.8] });
    expect(a.itemStyle.color).not.toBe(p.itemStyle.color);
    expect((o as { xAxis: { data: string[] } }).xAxis.data).toEqual(['«0回»', '«1回»', '«2+回»']);
    expect(tooltip(o, 2)).toContain('10人');
    expect(tooltip(o, 1)).toContain('—');
    expect(renderSvg(o)).toContain('<svg');
  });

  it('tables the per-customer means with raw numbers', () => {
    const t = holdoutBinsTable(bins, text);
    expect(t.columns.map((c) => c.key)).toEqual(['bin', 'customers', 'predicted', 'actual']);
    expect(t.rows[2]).toEqual({ bin: '«2+回»', customers: 10, predicted: 3, actual: 2.8 });
  });
});

describe('holdout over time', () => {
  it('starts both curves at 0 on the split date; predicted dashed, actual solid', () => {
    const o = holdoutTrackingOption('2024-01-01', tracking, text);
    const [p, a] = seriesOf(o);
    expect(p.data).toEqual([0, 10.5, 15.2]);
    expect(a.data).toEqual([0, 12, 15]);
    expect(p.lineStyle!.type).toBe('dashed');
    expect(a.lineStyle!.type).toBe('solid');
    expect((o as { xAxis: { data: string[] } }).xAxis.data).toEqual(['D2024-01-01', 'D2024-01-15', 'D2024-01-21']);
    expect(tooltip(o, 1)).toContain('11人'); // predicted purchases rounded to whole ones
    expect(renderSvg(o)).toContain('<svg');
    expect(holdoutTrackingTable('2024-01-01', tracking, text).rows).toEqual([
      { date: '2024-01-01', predicted: 0, actual: 0 },
      { date: '2024-01-15', predicted: 10.5, actual: 12 },
      { date: '2024-01-21', predicted: 15.2, actual: 15 }
    ]);
  });
});

describe('CLV distribution', () => {
  it('counts customers per bin, the open last bin marked, shares of the total in the tooltip', () => {
    const o = clvDistributionOption(distribution, text, 100_000);
    expect(seriesOf(o)[0].data).toEqual([50, 10, 2]);
    expect((o as { xAxis: { data: string[] } }).xAxis.data).toEqual(['0千', '1千', '2千+']);
    expect(tooltip(o, 2)).toContain('75%');
    expect(tooltip(o, 2)).toContain('¥2,000 –');
    expect(renderSvg(o)).toContain('<svg');
    const t = clvDistributionTable(distribution, text);
    expect(t.rows[2]).toEqual({ from: 2000, to: null, customers: 2, clv: 75_000 });
    expect(t.columns.find((c) => c.key === 'clv')!.kind).toBe('money');
  });
});
