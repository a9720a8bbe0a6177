import { describe, expect, it } from 'vitest';
import { renderSvg } from '../helpers/charts';
import type { EChartsOption } from '$lib/charts/echarts';
import { OTHER_COLOR, chartTheme } from '$lib/charts/palette';
import { tierSizeOption, tierValueOption, tiersTable, type TierChartText } from '$lib/charts/tiers';
import { pointsFlowOption, pointsRateOption, pointsTable, type PointsChartText } from '$lib/charts/points';
import {
  referralSharesOption, referralTable, referralValueOption, referrersOption, referrersTable, type ReferralChartText
} from '$lib/charts/referral';
import type { TierGroup, TiersResult } from '$lib/analyses/tiers/types';
import type { PointsMonth, PointsResult } from '$lib/analyses/points/types';
import { flowRatios } from '$lib/analyses/points/ratios';
import type { ReferralResult } from '$lib/analyses/referral/types';

// ------------------------------------------------------------------ helpers

type Item = { value: number | number[] | null; itemStyle?: { color?: string; borderColor?: string }; [key: string]: unknown };
type Series = {
  id: string;
  name: string;
  type: string;
  yAxisIndex?: number;
  data: (Item | number | number[] | null)[];
  label?: { formatter: (p: { dataIndex: number }) => string };
};
type Axis = { type: string; name?: string; data?: string[]; min?: number; max?: number; axisLabel: { formatter: (v: number) => string } };

const allSeries = (o: EChartsOption) => o.series as unknown as Series[];
const series = (o: EChartsOption, id: string) => allSeries(o).find((s) => s.id === id)!;
const axis = (o: EChartsOption, key: 'xAxis' | 'yAxis') => o[key] as unknown as Axis | Axis[];
const values = (s: Series) => s.data.map((d) => (d !== null && typeof d === 'object' && !Array.isArray(d) ? d.value : d));
function tooltipText(o: EChartsOption, params: unknown): string {
  const fn = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
  return fn(params).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

const money = (n: number) => `¥${n.toLocaleString('ja-JP')}`;
const count = (n: number) => `${n}人`;
const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

// ------------------------------------------------------------------ tiers

const tierText: TierChartText = {
  tier: '会員ランク', noTier: 'ランクなし', customers: '顧客数', revenue: '売上', perCustomer: '顧客あたり売上',
  median: '中央値', interval: '95%区間', money, moneyAxis: (n) => `${n / 1000}千`, count, dark: false
};

const tier = (name: string, customers: number, mean: number, lo: number | null, hi: number | null, kind: TierGroup['kind'] = 'tier'): TierGroup => ({
  tier: name, kind, customers, revenue: customers * mean, perCustomer: { value: mean, lo, hi }, median: mean * 0.8
});

const tiers: TiersResult = {
  available: true, from: '2024-01-01', asOf: '2024-12-31', order: 'ladder', customers: 180, revenue: 0,
  tiers: [
    tier('ブロンズ', 100, 1000, 900, 1100),
    tier('ゴールド', 20, 5000, null, null),
    { tier: 'プラチナ', kind: 'tier', customers: null, revenue: null, perCustomer: { value: null, lo: null, hi: null }, median: null, withheld: 'complement' },
    tier('', 60, 500, 450, 550, 'none')
  ],
  movement: { available: false, reason: 'current_tier_only' }
};

describe('tier charts', () => {
  const theme = chartTheme(false);

  it('size: customers and revenue bars per tier on two axes, the untiered in grey, labels from the text', () => {
    const o = tierSizeOption(tiers, tierText);
    expect((axis(o, 'xAxis') as Axis).data).toEqual(['ブロンズ', 'ゴールド', 'プラチナ', 'ランクなし']);
    expect(values(series(o, 'customers'))).toEqual([100, 20, null, 60]);
    expect(values(series(o, 'revenue'))).toEqual([100_000, 100_000, null, 30_000]);
    expect(series(o, 'revenue').yAxisIndex).toBe(1);
    expect((series(o, 'customers').data as Item[]).map((d) => d.itemStyle?.color)).toEqual([theme.accent, theme.accent, theme.accent, OTHER_COLOR]);
    expect((axis(o, 'yAxis') as Axis[]).map((a) => a.name)).toEqual(['顧客数', '売上']);
    expect(tooltipText(o, [{ dataIndex: 2 }])).toBe('プラチナ 顧客数 — 売上 — 顧客あたり売上 — 95%区間 — 中央値 —');
    expect(tooltipText(o, [{ dataIndex: 0 }])).toBe('ブロンズ 顧客数 100人 売上 ¥100,000 顧客あたり売上 ¥1,000 95%区間 ¥900 … ¥1,100 中央値 ¥800');
    expect(renderSvg(o)).toContain('ランクなし');
  });

  it('value: the mean over its interval box (none where there is no interval), the median as a diamond', () => {
    const o = tierValueOption(tiers, tierText);
    expect(series(o, 'interval').data).toEqual([[900, 900, 1000, 1100, 1100], [], [], [450, 450, 500, 550, 550]]);
    expect(values(series(o, 'perCustomer'))).toEqual([1000, 5000, null, 500]);
    expect(values(series(o, 'median'))).toEqual([800, 4000, null, 400]);
    expect(series(o, 'perCustomer').label!.formatter({ dataIndex: 1 })).toBe('5千');
    expect(series(o, 'perCustomer').label!.formatter({ dataIndex: 2 })).toBe('—');
    expect(renderSvg(o)).toContain('中央値');
  });

  it('table: one row per tier, withheld figures as the house writes them', () => {
    const t = tiersTable(tiers, tierText);
    expect(t.columns.map((c) => c.key)).toEqual(['tier', 'customers', 'revenue', 'perCustomer', 'lo', 'hi', 'median']);
    expect(t.rows[0]).toEqual({ tier: 'ブロンズ', customers: 100, revenue: 100_000, perCustomer: 1000, lo: 900, hi: 1100, median: 800 });
    expect(t.rows[2]).toEqual({ tier: 'プラチナ', customers: '—', revenue: '—', perCustomer: '—', lo: '—', hi: '—', median: '—' });
    expect(t.rows[3].tier).toBe('ランクなし');
  });
});

// ------------------------------------------------------------------ points

const pointsText: PointsChartText = {
  month: (ym) => ym.replace('-', '/'), period: '月', total: '合計', earned: '獲得', used: '利用', balance: '未利用残高',
  earners: '獲得者', redeemers: '利用者', customers: '顧客数', revenue: '売上', earningRevenue: '獲得対象売上',
  redemptionRate: '利用率', earnRate: '還元率', pointsPerYen: '売上あたりポイント',
  points: (n) => `${n}pt`, pointsAxis: (n) => `${n}`, money, count, percent, dark: false
};

const sums = (earned: number, used: number, earners = 10, redeemers = 10) => ({
  earned, used, earners, redeemers, customers: 50, revenue: 50_000, earningRevenue: earned * 100
});
const month = (m: string, earned: number, used: number, balance: number): PointsMonth => ({ month: m, ...flowRatios(sums(earned, used)), balance });

const points: PointsResult = {
  available: true, missing: [], from: '2024-01-01', asOf: '2024-03-31', opening: { balance: 0, customers: 0 },
  total: flowRatios(sums(600, 150, 20, 12)),
  months: [
    month('2024-01', 100, 0, 100),
    { ...month('2024-02', 200, 0, 300), used: null, redeemers: null, redemptionRate: null, balance: null, withheld: { used: 'small', balance: 'complement' } },
    { ...month('2024-03', 300, 50, 550), balance: null, withheld: { balance: 'complement' } }
  ]
};

describe('points charts', () => {
  it('flow: earned and used bars, the balance as a line on the right axis, gaps where withheld', () => {
    const o = pointsFlowOption(points, pointsText);
    expect(allSeries(o).map((s) => s.id)).toEqual(['earned', 'used', 'balance']);
    expect(values(series(o, 'earned'))).toEqual([100, 200, 300]);
    expect(values(series(o, 'used'))).toEqual([0, null, 50]);
    expect(values(series(o, 'balance'))).toEqual([100, null, null]);
    expect(series(o, 'balance').yAxisIndex).toBe(1);
    expect((axis(o, 'xAxis') as Axis).data).toEqual(['2024/01', '2024/02', '2024/03']);
    expect(tooltipText(o, [{ dataIndex: 0 }])).toBe('2024/01 獲得 100pt 利用 0pt 利用率 0% 未利用残高 100pt 還元率 1%');
    expect(tooltipText(o, [{ dataIndex: 1 }])).toBe('2024/02 獲得 200pt 利用 — 利用率 — 未利用残高 — 還元率 1%');
    expect(renderSvg(o)).toContain('未利用残高');
  });

  it('flow without points_used: earned only, no balance, nothing about use in the tooltip', () => {
    const noUsed: PointsResult = { ...points, missing: ['points_used'], months: points.months.map((m) => ({ ...m, used: null, balance: null, redemptionRate: null })) };
    const o = pointsFlowOption(noUsed, pointsText);
    expect(allSeries(o).map((s) => s.id)).toEqual(['earned']);
    expect(tooltipText(o, [{ dataIndex: 0 }])).toBe('2024/01 獲得 100pt 還元率 1%');
  });

  it('rates: the earn rate and points per yen of all revenue per month, as percents', () => {
    const o = pointsRateOption(points, pointsText);
    expect(values(series(o, 'earnRate'))).toEqual([0.01, 0.01, 0.01]);
    expect(values(series(o, 'pointsPerYen'))).toEqual([0.002, 0.004, 0.006]);
    expect((axis(o, 'yAxis') as Axis).axisLabel.formatter(0.015)).toBe('1.5%');
    expect(allSeries(pointsRateOption({ ...points, missing: ['points_earned'] }, pointsText)).every((s) => s.data.length === 0)).toBe(true);
    expect(renderSvg(o)).toContain('還元率');
  });

  it('table: one row per month and the total with the closing balance', () => {
    const t = pointsTable(points, pointsText);
    expect(t.columns).toHaveLength(12);
    expect(t.rows.map((r) => [r.period, r.earned, r.used, r.balance, r.redeemers])).toEqual([
      ['2024-01', 100, 0, 100, 10],
      ['2024-02', 200, '—', '—', '< 5'],
      ['2024-03', 300, 50, '—', 10],
      ['合計', 600, 150, '—', 12]
    ]);
  });
});

// ------------------------------------------------------------------ referral

const referralText: ReferralChartText = {
  referred: '紹介', others: 'その他', group: '区分', acquired: '獲得顧客', customers: '計測顧客', f2: 'F2転換率', retention: '継続率',
  value: '12か月価値', difference: '差', total: '合計', interval: '95%区間', referrers: '紹介者', perReferrer: '紹介した人数', brought: '紹介された顧客', revenue: '売上',
  bin: (min, max) => (max === null ? `${min}人以上` : min === max ? `${min}人` : `${min}–${max}人`),
  money, moneyAxis: (n) => `${n / 1000}千`, count, percent, signedPercent: (x) => (x > 0 ? '+' : '') + percent(x), dark: false
};

const referral: ReferralResult = {
  available: true, from: '2023-01-01', asOf: '2024-12-31', signals: ['referred_by'],
  referred: { acquired: 60, customers: 40, converted: 26, f2: 0.65, retained: null, retention: null, value: 30_000, withheld: { retention: 'small' } },
  others: { acquired: 600, customers: 400, converted: 220, f2: 0.55, retained: 160, retention: 0.4, value: 24_000 },
  difference: { f2: { value: 0.1, lo: -0.05, hi: 0.25 }, retention: { value: null, lo: null, hi: null }, value: { value: 6000, lo: -1000, hi: 13_000 } },
  referrers: {
    referrers: 50, customers: 60, revenue: 1_800_000,
    bins: [
      { min: 1, max: 1, referrers: 44, customers: 44, revenue: 1_300_000 },
      { min: 2, max: 2, referrers: null, customers: null, revenue: null, withheld: 'complement' },
      { min: 3, max: 5, referrers: null, customers: null, revenue: null, withheld: 'small' },
      { min: 6, max: null, referrers: 0, customers: 0, revenue: 0 }
    ]
  }
};

describe('referral charts', () => {
  const theme = chartTheme(false);

  it('shares: F2 and retention per group, referred in the accent, the difference with its interval in the tooltip', () => {
    const o = referralSharesOption(referral, referralText);
    expect((axis(o, 'xAxis') as Axis).data).toEqual(['F2転換率', '継続率']);
    expect(values(series(o, 'referred'))).toEqual([0.65, null]);
    expect(values(series(o, 'others'))).toEqual([0.55, 0.4]);
    expect(allSeries(o).map((s) => (s as unknown as { itemStyle: { color: string } }).itemStyle.color)).toEqual([theme.accent, OTHER_COLOR]);
    expect((axis(o, 'yAxis') as Axis)).toMatchObject({ min: 0, max: 1 });
    expect(tooltipText(o, [{ dataIndex: 0 }])).toBe('F2転換率 紹介 65% その他 55% 差 +10% (-5% … +25%)');
    expect(tooltipText(o, [{ dataIndex: 1 }])).toBe('継続率 紹介 — その他 40% 差 —');
    expect(series(o, 'referred').label!.formatter({ dataIndex: 1 })).toBe('—');
    expect(renderSvg(o)).toContain('F2転換率');
  });

  it('value: the 12-month value per group, the difference in money', () => {
    const o = referralValueOption(referral, referralText);
    expect(values(series(o, 'value'))).toEqual([30_000, 24_000]);
    expect(tooltipText(o, [{ dataIndex: 0 }])).toBe('紹介 12か月価値 ¥30,000 計測顧客 40人 差 ¥6,000 (¥-1,000 … ¥13,000)');
    expect(renderSvg(o)).toContain('その他');
  });

  it('table: the groups, then the difference and its interval in the same columns', () => {
    const t = referralTable(referral, referralText);
    expect(t.columns.map((c) => [c.key, c.kind])).toEqual([
      ['group', 'text'], ['acquired', 'number'], ['customers', 'number'], ['f2', 'percent'], ['retention', 'percent'], ['value', 'money']
    ]);
    expect(t.rows).toEqual([
      { group: '紹介', acquired: 60, customers: 40, f2: 0.65, retention: '—', value: 30_000 },
      { group: 'その他', acquired: 600, customers: 400, f2: 0.55, retention: 0.4, value: 24_000 },
      { group: '差', acquired: null, customers: null, f2: 0.1, retention: null, value: 6000 },
      { group: '95%区間 (−)', acquired: null, customers: null, f2: -0.05, retention: null, value: -1000 },
      { group: '95%区間 (+)', acquired: null, customers: null, f2: 0.25, retention: null, value: 13_000 }
    ]);
  });

  it('referrers: referrers and revenue per bin on two axes; nothing without the distribution', () => {
    const o = referrersOption(referral, referralText)!;
    expect((axis(o, 'xAxis') as Axis).data).toEqual(['1人', '2人', '3–5人', '6人以上']);
    expect(values(series(o, 'referrers'))).toEqual([44, null, null, 0]);
    expect(series(o, 'revenue').yAxisIndex).toBe(1);
    expect(tooltipText(o, [{ dataIndex: 2 }])).toBe('3–5人 紹介者 &#60; 5 紹介された顧客 — 売上 —'); // '<' escaped in the HTML tooltip
    expect(renderSvg(o)).toContain('3–5人');
    expect(referrersOption({ ...referral, referrers: null }, referralText)).toBeNull();
    const t = referrersTable(referral, referralText);
    // The bins' column is named apart from the customers brought.
    expect(t.columns.map((c) => c.label)).toEqual(['紹介した人数', '紹介者', '紹介された顧客', '売上']);
    expect((axis(o, 'xAxis') as Axis).name).toBe('紹介した人数');
    expect(t.rows.map((r) => [r.bin, r.referrers, r.customers])).toEqual([['1人', 44, 44], ['2人', '—', '—'], ['3–5人', '< 5', '—'], ['6人以上', 0, 0], ['合計', 50, 60]]);
    expect(referrersTable({ ...referral, referrers: null }, referralText).rows).toEqual([]);
  });
});
