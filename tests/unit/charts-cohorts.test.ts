import { describe, expect, it, vi } from 'vitest';
import { renderSvg } from '../helpers/charts';
import type { EChartsOption } from '$lib/charts/echarts';
import { OTHER_COLOR, chartTheme } from '$lib/charts/palette';
import {
  INCOMPLETE_OPACITY,
  cohortRetentionOption,
  cohortRetentionTable,
  f2Option,
  f2Table,
  gapsOption,
  gapsTable,
  ltvCurvesOption,
  ltvCurvesTable,
  repeatByAttributeOption,
  repeatByAttributeTable,
  type CohortChartText
} from '$lib/charts/cohorts';
import type { CohortCell, CohortResult, SecondPurchaseResult } from '$lib/analyses/cohorts/types';

// ------------------------------------------------------------------ fixtures

/** Formatters that leave a visible mark, so tests can tell which one was used. */
const text: CohortChartText = {
  cohort: 'コホート',
  period: (k) => `+${k}`,
  periodAxis: '経過期間',
  retention: '継続率',
  revenueRetention: '売上継続率',
  customers: '顧客数',
  active: '購入者',
  revenue: '売上',
  ltv: 'LTV',
  average: '全体平均',
  days: (n) => `${n}日`,
  daysAxis: '初回からの日数',
  f2Rate: 'F2転換率',
  repeatRate: 'リピート率',
  repeatRateInWindow: '180日リピート率',
  gapBin: (a, b) => (b === null ? `${a}日以上` : `${a}–${b}日`),
  attributeValue: (v) => (v === '__other__' ? 'その他' : `«${v}»`),
  money: (n) => `¥${n.toLocaleString('ja-JP')}`,
  moneyAxis: (n) => `${n / 1000}千`,
  count: (n) => `${n}人`,
  percent: (x) => `${Math.round(x * 1000) / 10}%`,
  dark: false
};

const cell = (k: number, active: number, size: number, revenue: number, rev0: number, ltv: number, complete = true): CohortCell => ({
  k,
  active,
  retention: active / size,
  revenue,
  revenueRetention: rev0 > 0 ? revenue / rev0 : null,
  ltv,
  complete
});

/** Three monthly cohorts; the newest period of each is incomplete; the last cohort has no revenue retention. */
const cohorts: CohortResult = {
  grain: 'month',
  by: null,
  value: null,
  from: '2024-01-01',
  asOf: '2024-03-15',
  customers: 45,
  cohorts: [
    {
      label: '2024-01', start: '2024-01-01', end: '2024-01-31', customers: 20, partialStart: false,
      cells: [cell(0, 20, 20, 1000, 1000, 50), cell(1, 6, 20, 300, 1000, 65), cell(2, 5, 20, 1500, 1000, 140, false)]
    },
    {
      label: '2024-02', start: '2024-02-01', end: '2024-02-29', customers: 15, partialStart: false,
      cells: [cell(0, 15, 15, 600, 600, 40), cell(1, 3, 15, 150, 600, 50, false)]
    },
    {
      label: '2024-03', start: '2024-03-01', end: '2024-03-31', customers: 10, partialStart: false,
      cells: [cell(0, 10, 10, -20, -20, -2, false)]
    }
  ],
  average: [
    { k: 0, cohorts: 2, customers: 35, retention: 1, revenueRetention: 1, ltv: 46 },
    { k: 1, cohorts: 1, customers: 20, retention: 0.3, revenueRetention: 0.3, ltv: 65 }
  ],
  values: []
};

const points = (rates: (number | null)[]) => rates.map((rate, i) => ({ days: 30 * (i + 1), converted: rate === null ? null : rate * 100, rate }));
const rates12 = (start: number, observed: number) => Array.from({ length: 12 }, (_, i) => (i < observed ? start + 0.01 * i : null));

const repeat = (customers: number, repeaters: number, eligible: number, inWindow: number) => ({
  customers,
  repeaters,
  repeatRate: repeaters / customers,
  eligible,
  repeatersInWindow: inWindow,
  repeatRateInWindow: eligible > 0 ? inWindow / eligible : null
});

const second: SecondPurchaseResult = {
  by: 'channel',
  value: null,
  from: '2023-01-01',
  asOf: '2024-01-15',
  customers: 100,
  withSecond: 40,
  months: [
    { month: '2023-01', customers: 60, points: points(rates12(0.1, 12)) },
    { month: '2023-10', customers: 40, points: points(rates12(0.2, 3)) }
  ],
  average: rates12(0.15, 12).map((rate, i) => ({ days: 30 * (i + 1), months: i < 3 ? 2 : 1, customers: i < 3 ? 100 : 60, rate: i === 11 ? null : rate })),
  gaps: [
    { fromDay: 1, toDay: 30, customers: 12 },
    { fromDay: 31, toDay: 60, customers: 8 },
    { fromDay: 361, toDay: null, customers: 3 }
  ],
  overall: repeat(100, 40, 80, 24),
  byAttribute: [
    { value: 'web', kind: 'value', ...repeat(70, 35, 50, 20) },
    { value: 'store', kind: 'value', ...repeat(20, 3, 0, 0) },
    { value: '__other__', kind: 'other', ...repeat(10, 2, 30, 4) }
  ]
};

// ------------------------------------------------------------------ helpers

type Item = { value: number | number[]; itemStyle?: { opacity?: number; color?: string }; [key: string]: unknown };
type Series = {
  id: string;
  name: string;
  type: string;
  data: (Item | number | null)[];
  lineStyle?: { type?: string; width?: number; color?: string };
  connectNulls?: boolean;
  label: { show?: boolean; formatter: (p: { dataIndex: number }) => string };
  markLine?: { data: { xAxis: number }[]; label: { formatter: string } };
};
type Axis = { type: string; name?: string; data?: string[]; inverse?: boolean; min?: number; max?: number; axisLabel: { formatter: (v: number) => string } };

const allSeries = (o: EChartsOption) => o.series as unknown as Series[];
const series = (o: EChartsOption, id?: string) => (id === undefined ? allSeries(o)[0] : allSeries(o).find((s) => s.id === id)!);
const items = (o: EChartsOption) => series(o).data as Item[];
const axis = (o: EChartsOption, key: 'xAxis' | 'yAxis') => o[key] as unknown as Axis;
function tooltipText(o: EChartsOption, params: unknown): string {
  const fn = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
  return fn(params).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

// ------------------------------------------------------------------ retention heatmap

describe('cohortRetentionOption', () => {
  const option = cohortRetentionOption(cohorts, text, { measure: 'retention' });
  const revenue = cohortRetentionOption(cohorts, text, { measure: 'revenueRetention' });

  it('one cell per cohort period at (k, cohort index) with the measure', () => {
    expect(items(option).map((d) => [d.value, d.measure])).toEqual([
      [[0, 0, 1], 1],
      [[1, 0, 0.3], 0.3],
      [[2, 0, 0.25], 0.25],
      [[0, 1, 1], 1],
      [[1, 1, 0.2], 0.2],
      [[0, 2, 1], 1]
    ]);
  });

  it('revenue retention: clamps the colour value to 0–1, keeps the raw measure, leaves null cells out', () => {
    const data = items(revenue);
    expect(data).toHaveLength(5); // the 2024-03 cohort has no positive period-0 revenue
    expect(data.map((d) => d.measure)).toEqual([1, 0.3, 1.5, 1, 0.25]);
    expect((data[2].value as number[])[2]).toBe(1);
    expect(series(revenue).name).toBe('売上継続率');
  });

  it('cohorts on y (oldest at the top), periods on x from the text', () => {
    expect(axis(option, 'yAxis')).toMatchObject({ type: 'category', data: ['2024-01', '2024-02', '2024-03'], inverse: true, name: 'コホート' });
    expect(axis(option, 'xAxis')).toMatchObject({ type: 'category', data: ['+0', '+1', '+2'], name: '経過期間' });
    expect(option.visualMap).toMatchObject({ type: 'continuous', show: false, min: 0, max: 1, dimension: 2 });
  });

  it('incomplete cells are lighter, complete ones are not', () => {
    const data = items(option);
    expect(data.map((d) => d.itemStyle?.opacity ?? 1)).toEqual([1, 1, INCOMPLETE_OPACITY, 1, INCOMPLETE_OPACITY, INCOMPLETE_OPACITY]);
    expect(INCOMPLETE_OPACITY).toBeLessThan(1);
  });

  it('labels are percents, hidden with more than 24 columns', () => {
    expect(series(option).label.show).toBe(true);
    expect(series(revenue).label.formatter({ dataIndex: 2 })).toBe('150%');
    const long = { ...cohorts, cohorts: [{ ...cohorts.cohorts[0], cells: Array.from({ length: 30 }, (_, k) => cell(k, 1, 20, 1, 1, 1)) }] };
    expect(series(cohortRetentionOption(long, text, { measure: 'retention' })).label.show).toBe(false);
  });

  it('tooltip: cohort, period, measure, active / size, revenue', () => {
    expect(tooltipText(option, { dataIndex: 1 })).toBe('2024-01 · +1 継続率 30% 購入者 6人 / 20人 売上 ¥300');
    expect(tooltipText(revenue, [{ dataIndex: 4 }])).toBe('2024-02 · +1 売上継続率 25% 購入者 3人 / 15人 売上 ¥150');
  });

  it('renders', () => {
    expect(renderSvg(option)).toContain('30%');
  });
});

describe('cohortRetentionTable', () => {
  it('rows = cohorts; columns cohort, customers, then k (raw fractions, null where missing)', () => {
    const t = cohortRetentionTable(cohorts, text, { measure: 'revenueRetention' });
    expect(t.columns.map((c) => [c.key, c.label, c.kind])).toEqual([
      ['cohort', 'コホート', 'text'],
      ['customers', '顧客数', 'number'],
      ['k0', '+0', 'percent'],
      ['k1', '+1', 'percent'],
      ['k2', '+2', 'percent']
    ]);
    expect(t.rows).toEqual([
      { cohort: '2024-01', customers: 20, k0: 1, k1: 0.3, k2: 1.5 },
      { cohort: '2024-02', customers: 15, k0: 1, k1: 0.25, k2: null },
      { cohort: '2024-03', customers: 10, k0: null, k1: null, k2: null }
    ]);
    expect(cohortRetentionTable(cohorts, text, { measure: 'retention' }).rows[1]).toMatchObject({ k1: 0.2 });
  });
});

// ------------------------------------------------------------------ LTV

describe('ltvCurvesOption', () => {
  const option = ltvCurvesOption(cohorts, text);
  const theme = chartTheme(false);

  it('complete cells as solid lines, the incomplete last one dashed, nulls elsewhere', () => {
    expect(series(option, '2024-01').data).toEqual([50, 65, null]);
    expect(series(option, '2024-01:incomplete').data).toEqual([null, 65, 140]);
    expect(series(option, '2024-01:incomplete').lineStyle?.type).toBe('dashed');
    expect(series(option, '2024-02').data).toEqual([40, null, null]);
    expect(series(option, '2024-03').data).toEqual([null, null, null]);
    expect(series(option, '2024-03:incomplete')).toBeUndefined(); // no complete cell to continue from
    expect(allSeries(option).every((s) => s.connectNulls === false)).toBe(true);
  });

  it('the average is bold in the accent colour; cohorts are thinner and not accent', () => {
    const avg = series(option, 'average');
    expect(avg).toMatchObject({ name: '全体平均', data: [46, 65, null] });
    expect(avg.lineStyle).toMatchObject({ color: theme.accent, width: 3 });
    const cohortWidths = allSeries(option).filter((s) => s.id !== 'average').map((s) => s.lineStyle?.width ?? 0);
    expect(Math.max(...cohortWidths)).toBeLessThan(3);
    expect(allSeries(option).filter((s) => s.lineStyle?.color === theme.accent).map((s) => s.id)).toEqual(['average']);
  });

  it('shows only the newest maxCohorts cohorts', () => {
    const ids = allSeries(ltvCurvesOption(cohorts, text, { maxCohorts: 1 })).map((s) => s.id);
    expect(ids).toEqual(['2024-03', 'average']);
    expect(allSeries(ltvCurvesOption(cohorts, text, { maxCohorts: 0 })).map((s) => s.id)).toEqual(['average']);
  });

  it('money axis and tooltip', () => {
    expect(axis(option, 'yAxis').axisLabel.formatter(5000)).toBe('5千');
    expect(axis(option, 'xAxis').data).toEqual(['+0', '+1', '+2']);
    expect(tooltipText(option, [{ dataIndex: 1 }])).toBe('LTV · +1 全体平均 ¥65 2024-02 ¥50 2024-01 ¥65');
  });

  it('renders', () => {
    expect(renderSvg(option)).toContain('全体平均');
  });
});

describe('ltvCurvesTable', () => {
  it('the average row, then every cohort, LTV by k', () => {
    const t = ltvCurvesTable(cohorts, text);
    expect(t.columns.map((c) => c.key)).toEqual(['cohort', 'customers', 'k0', 'k1', 'k2']);
    expect(t.columns.slice(2).every((c) => c.kind === 'money')).toBe(true);
    expect(t.rows).toEqual([
      { cohort: '全体平均', customers: null, k0: 46, k1: 65, k2: null },
      { cohort: '2024-01', customers: 20, k0: 50, k1: 65, k2: 140 },
      { cohort: '2024-02', customers: 15, k0: 40, k1: 50, k2: null },
      { cohort: '2024-03', customers: 10, k0: -2, k1: null, k2: null }
    ]);
  });
});

// ------------------------------------------------------------------ F2

describe('f2Option', () => {
  const option = f2Option(second, text);

  it('one line per month and the average, rates as given, nulls left as gaps', () => {
    expect(allSeries(option).map((s) => s.id)).toEqual(['2023-01', '2023-10', 'average']);
    expect(series(option, '2023-01').data).toEqual(second.months[0].points.map((p) => p.rate));
    expect(series(option, '2023-10').data).toEqual(second.months[1].points.map((p) => p.rate));
    expect(series(option, '2023-10').data.filter((v) => v === null)).toHaveLength(9);
    expect(series(option, 'average').data.at(-1)).toBeNull();
    expect(series(option, 'average').lineStyle).toMatchObject({ color: chartTheme(false).accent, width: 3 });
    expect(allSeries(option).every((s) => s.connectNulls === false)).toBe(true);
  });

  it('days on x, 0–100 % on y', () => {
    expect(axis(option, 'xAxis').data).toEqual(Array.from({ length: 12 }, (_, i) => `${30 * (i + 1)}日`));
    expect(axis(option, 'xAxis').name).toBe('初回からの日数');
    expect(axis(option, 'yAxis')).toMatchObject({ min: 0, max: 1 });
    expect(axis(option, 'yAxis').axisLabel.formatter(0.4)).toBe('40%');
  });

  it('tooltip: average and the months observed at that horizon', () => {
    expect(tooltipText(option, [{ dataIndex: 2 }])).toBe('F2転換率 · 90日 全体平均 17% 2023-10 22% 2023-01 12%');
    expect(tooltipText(option, [{ dataIndex: 11 }])).toBe('F2転換率 · 360日 2023-01 21%');
  });

  it('renders', () => {
    expect(renderSvg(option)).toContain('90日');
  });
});

describe('f2Table', () => {
  it('the average row, then the months: customers and a rate per horizon', () => {
    const t = f2Table(second, text);
    expect(t.columns).toHaveLength(14);
    expect(t.columns[2]).toEqual({ key: 'd30', label: '30日', kind: 'percent' });
    expect(t.rows.map((r) => [r.cohort, r.customers, r.d90, r.d360])).toEqual([
      ['全体平均', null, second.average[2].rate, null],
      ['2023-01', 60, second.months[0].points[2].rate, second.months[0].points[11].rate],
      ['2023-10', 40, second.months[1].points[2].rate, null]
    ]);
  });
});

// ------------------------------------------------------------------ gaps

describe('gaps', () => {
  it('bars of customers per bin, labelled by text.gapBin', () => {
    const spy = vi.fn(text.gapBin);
    const option = gapsOption(second, { ...text, gapBin: spy });
    expect(series(option).data).toEqual([12, 8, 3]);
    expect(axis(option, 'xAxis').data).toEqual(['1–30日', '31–60日', '361日以上']);
    expect(spy).toHaveBeenCalledWith(361, null);
    expect(axis(option, 'yAxis').axisLabel.formatter(5)).toBe('5人');
    expect((option.tooltip as { valueFormatter: (v: number) => string }).valueFormatter(8)).toBe('8人');
    expect(renderSvg(option)).toContain('361日以上');
  });

  it('table: one row per bin', () => {
    const t = gapsTable(second, text);
    expect(t.columns.map((c) => c.key)).toEqual(['bin', 'customers']);
    expect(t.rows).toEqual([
      { bin: '1–30日', customers: 12 },
      { bin: '31–60日', customers: 8 },
      { bin: '361日以上', customers: 3 }
    ]);
  });
});

// ------------------------------------------------------------------ repeat by attribute

describe('repeatByAttributeOption', () => {
  const option = repeatByAttributeOption(second, text);

  it('bars of the 180-day rate, falling back to the plain rate (drawn lighter) when nobody is eligible', () => {
    const data = items(option);
    expect(data.map((d) => d.value)).toEqual([0.4, 0.15, 4 / 30]);
    expect(data.map((d) => d.attribute)).toEqual(['web', 'store', '__other__']);
    expect(data.map((d) => d.itemStyle?.opacity)).toEqual([1, INCOMPLETE_OPACITY, 1]);
    expect(data[2].itemStyle?.color).toBe(OTHER_COLOR);
    expect(data[0].itemStyle?.color).toBe(chartTheme(false).accent);
  });

  it('values translated on y (first at the top); the overall rate as a markLine', () => {
    expect(axis(option, 'yAxis')).toMatchObject({ data: ['«web»', '«store»', 'その他'], inverse: true });
    const mark = series(option).markLine!;
    expect(mark.data).toEqual([{ name: 'overall', xAxis: 0.3 }]);
    expect(mark.label.formatter).toBe('全体平均 30%');
    expect(series(option).label.formatter({ dataIndex: 1 })).toBe('15%');
  });

  it('tooltip: customers and both rates (— when not eligible)', () => {
    expect(tooltipText(option, [{ dataIndex: 0 }])).toBe('«web» 顧客数 70人 180日リピート率 40% リピート率 50%');
    expect(tooltipText(option, [{ dataIndex: 1 }])).toBe('«store» 顧客数 20人 180日リピート率 — リピート率 15%');
  });

  it('without byAttribute: just the overall bar, no markLine', () => {
    const bare = repeatByAttributeOption({ ...second, byAttribute: [] }, text);
    expect(items(bare).map((d) => d.value)).toEqual([0.3]);
    expect(axis(bare, 'yAxis').data).toEqual(['全体平均']);
    expect(series(bare).markLine).toBeUndefined();
  });

  it('renders', () => {
    expect(renderSvg(option)).toContain('«web»');
  });
});

describe('repeatByAttributeTable', () => {
  it('one row per value, then the overall row', () => {
    const t = repeatByAttributeTable(second, text);
    expect(t.columns.map((c) => c.key)).toEqual(['value', 'customers', 'repeatRate', 'eligible', 'repeatRateInWindow']);
    expect(t.rows.map((r) => [r.value, r.customers, r.repeatRate, r.eligible, r.repeatRateInWindow])).toEqual([
      ['«web»', 70, 0.5, 50, 0.4],
      ['«store»', 20, 0.15, 0, null],
      ['その他', 10, 0.2, 30, 4 / 30],
      ['全体平均', 100, 0.4, 80, 0.3]
    ]);
    expect(repeatByAttributeTable(second, { ...text, attribute: 'チャネル' }).columns[0].label).toBe('チャネル');
  });
});
