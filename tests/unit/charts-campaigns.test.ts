import { describe, expect, it } from 'vitest';
import { renderSvg } from '../helpers/charts';
import type { EChartsOption } from '$lib/charts/echarts';
import { CATEGORICAL, OTHER_COLOR, chartTheme } from '$lib/charts/palette';
import { campaignSpendOption, campaignSpendTable, type CampaignChartText } from '$lib/charts/campaigns';
import { withholdCampaigns } from '$lib/analyses/campaigns/withhold';
import type { CampaignGroup, CampaignRow } from '$lib/analyses/campaigns/types';

/** Formatters that leave a visible mark, so tests can tell which one was used. */
const text: CampaignChartText = {
  window: { before: '前', during: '期間中', after: '後' },
  group: { redeemers: '利用者', targeted_non_redeemers: '未利用の配信先', not_targeted: '配信対象外' },
  spend: '1人あたり購入額',
  interval: '95%区間',
  customers: '顧客数',
  groupColumn: 'グループ',
  dates: (from, to) => `${from}〜${to}`,
  incomplete: 'データの範囲外を含む',
  money: (n) => `¥${n.toFixed(0)}`,
  moneyAxis: (n) => `${n / 1000}千`,
  count: (n) => `${n}人`,
  dark: false
};

const iv = (value: number | null, half = 10) => ({ value, lo: value === null ? null : value - half, hi: value === null ? null : value + half });
const grp = (group: CampaignGroup['group'], customers: number, before: number | null, during: number | null, after: number | null): CampaignGroup => ({
  group, customers, spend: { before: iv(before), during: iv(during), after: iv(after) }
});

/** Three groups; the window after lies outside the data. */
const campaign: CampaignRow = {
  campaign: 'SPRING', type: 'mail', dated: 'described', evidence: 'targeted', days: 10, sideDays: 10,
  windows: {
    before: { from: '2024-01-22', to: '2024-01-31', complete: true },
    during: { from: '2024-02-01', to: '2024-02-10', complete: true },
    after: { from: '2024-02-11', to: '2024-02-20', complete: false }
  },
  customers: 60, targeted: 50, redeemers: 20, redemptions: 25, rate: 0.3,
  revenue: { during: 5000, after: null },
  groups: [grp('redeemers', 20, 100, 300, null), grp('targeted_non_redeemers', 40, 80, 90, null), grp('not_targeted', 500, 50, 55, null)]
};

type Series = { id: string; type: string; name: string; data: unknown[]; itemStyle?: { color: string }; barGap?: string; barCategoryGap?: string; renderItem?: (p: unknown, api: unknown) => unknown };
const series = (o: EChartsOption) => o.series as unknown as Series[];
const tooltipText = (o: EChartsOption, dataIndex: number) =>
  (o.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex }]).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();

describe('spend before, during and after a campaign', () => {
  it('draws one bar series per group over the three windows, in the groups’ colours, and error bars where there are intervals', () => {
    const o = campaignSpendOption(campaign, text);
    const s = series(o);
    expect(s.map((x) => [x.id, x.type, x.name])).toEqual([
      ['redeemers', 'bar', '利用者'], ['targeted_non_redeemers', 'bar', '未利用の配信先'], ['not_targeted', 'bar', '配信対象外'], ['interval', 'custom', '95%区間']
    ]);
    expect((o.xAxis as { data: string[] }).data).toEqual(['前', '期間中', '後']);
    expect(s[0].data).toEqual([100, 300, null]);
    expect(s.slice(0, 3).map((x) => x.itemStyle!.color)).toEqual([chartTheme(false).accent, CATEGORICAL[1], OTHER_COLOR]);
    expect(campaignSpendOption(campaign, { ...text, dark: true }).series).toMatchObject([{ itemStyle: { color: chartTheme(true).accent } }, {}, {}, {}]);
    // [window, group, lo, hi]; nothing for the window after.
    expect(s[3].data).toEqual([[0, 0, 90, 110], [1, 0, 290, 310], [0, 1, 70, 90], [1, 1, 80, 100], [0, 2, 40, 60], [1, 2, 45, 65]]);
    expect((o.legend as { selectedMode: boolean }).selectedMode).toBe(false);
  });

  it('centres each error bar on its group’s bar, as the bars are laid out', () => {
    const s = series(campaignSpendOption(campaign, text));
    const bars = s[0];
    const layouts: unknown[] = [];
    const api = {
      value: (d: number) => [1, 2, 290, 310][d],
      coord: ([x, y]: number[]) => [100 + 200 * x, 500 - y],
      barLayout: (opt: unknown) => {
        layouts.push(opt);
        return [{ offsetCenter: -40, width: 30 }, { offsetCenter: 0, width: 30 }, { offsetCenter: 40, width: 30 }];
      }
    };
    const drawn = s[3].renderItem!({}, api) as { children: { shape: Record<string, number> }[] };
    expect(layouts).toEqual([{ count: 3, barGap: bars.barGap, barCategoryGap: bars.barCategoryGap }]);
    // Window 1 is centred at 300; group 2's bar 40 px right of it; caps a quarter of the bar wide, at most 6 px.
    expect(drawn.children.map((c) => c.shape)).toEqual([
      { x1: 340, y1: 190, x2: 340, y2: 210 },
      { x1: 334, y1: 190, x2: 346, y2: 190 },
      { x1: 334, y1: 210, x2: 346, y2: 210 }
    ]);
  });

  it('says each group’s mean, interval and size in the tooltip, and that a window is not covered', () => {
    const o = campaignSpendOption(campaign, text);
    expect(tooltipText(o, 1)).toBe(
      '期間中 (2024-02-01〜2024-02-10) 利用者 ¥300 95%区間 ¥290 … ¥310 顧客数 20人 未利用の配信先 ¥90 95%区間 ¥80 … ¥100 顧客数 40人 配信対象外 ¥55 95%区間 ¥45 … ¥65 顧客数 500人'
    );
    expect(tooltipText(o, 2)).toContain('後 (2024-02-11〜2024-02-20) 利用者 — 95%区間 —');
    expect(tooltipText(o, 2).endsWith('データの範囲外を含む')).toBe(true);
  });

  it('has one group where only redeemers are known', () => {
    const only: CampaignRow = { ...campaign, evidence: 'redeemers_only', targeted: null, rate: null, groups: [campaign.groups[0]] };
    const s = series(campaignSpendOption(only, text));
    expect(s.map((x) => x.id)).toEqual(['redeemers', 'interval']);
    const api = { value: (d: number) => [0, 0, 90, 110][d], coord: ([x, y]: number[]) => [x, y], barLayout: (o: { count: number }) => (o.count === 1 ? [{ offsetCenter: 0, width: 40 }] : null) };
    expect(s[1].renderItem!({}, api)).toMatchObject({ type: 'group' });
  });

  it('renders with the registered parts (error bars included)', () => {
    const svg = renderSvg(campaignSpendOption(campaign, text));
    expect(svg).toContain('<svg');
    // 3 groups × 2 covered windows, each a stem and two caps.
    expect((svg.match(/<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+"[^>]*stroke="#1F2328"/g) ?? []).length).toBe(18);
  });

  it('tables the chart’s data, withheld groups as a snapshot shows them', () => {
    const t = campaignSpendTable(campaign, text);
    expect(t.columns.map((c) => c.key)).toEqual(['group', 'customers', 'before', 'before_lo', 'before_hi', 'during', 'during_lo', 'during_hi', 'after', 'after_lo', 'after_hi']);
    expect(t.rows[0]).toEqual({ group: '利用者', customers: 20, before: 100, before_lo: 90, before_hi: 110, during: 300, during_lo: 290, during_hi: 310, after: null, after_lo: null, after_hi: null });
    const few: CampaignRow = { ...campaign, groups: [grp('redeemers', 3, 1, 2, 3), grp('targeted_non_redeemers', 40, 1, 2, 3), grp('not_targeted', 500, 1, 2, 3)] };
    const shown = withholdCampaigns({ from: '2024-01-01', asOf: '2024-12-31', campaigns: [few], undated: 0 })!.campaigns[0];
    const rows = campaignSpendTable(shown, text).rows;
    expect([rows[0].customers, rows[0].during, rows[1].customers, rows[1].during, rows[2].customers]).toEqual(['< 5', '—', '—', '—', 500]);
    expect(tooltipText(campaignSpendOption(shown, text), 1)).toContain('利用者 — 95%区間 — 顧客数 &#60; 5 未利用の配信先 — 95%区間 — 顧客数 — ');
  });
});
