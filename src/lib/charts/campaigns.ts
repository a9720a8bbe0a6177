/**
 * Campaign charts (analyses/campaigns): a campaign's groups' mean spend per customer before,
 * during and after it, as grouped bars with their 95 % intervals as error bars; results →
 * ECharts option and table (pure).
 *
 * Language-neutral: every label and number format arrives in `CampaignChartText`. A window the
 * export does not wholly cover has no bars (the analysis gives it no figures) and says so in
 * the tooltip; where only redeemers are known there is one group.
 */
import type { CustomSeriesRenderItem, EChartsOption } from './echarts';
import { baseOption, categoryAxis, figure, indexOf, tip, valueAxis } from './common';
import { CATEGORICAL, OTHER_COLOR, chartTheme, type ChartTheme } from './palette';
import { cell, type ChartTable } from './table';
import { CAMPAIGN_WINDOWS, type CampaignGroupKey, type CampaignRow, type CampaignWindowKey } from '../analyses/campaigns/types';

export interface CampaignChartText {
  window: Record<CampaignWindowKey, string>;
  group: Record<CampaignGroupKey, string>;
  /** The measure's name, e.g. '1人あたり購入額'. */
  spend: string;
  interval: string;
  customers: string;
  /** Header of the group column of the table. */
  groupColumn: string;
  /** A window's dates as read, e.g. '2024/2/1〜2/10'. */
  dates: (from: string, to: string) => string;
  /** Said of a window the data does not wholly cover. */
  incomplete: string;
  money: (n: number) => string;
  /** Compact money for axis ticks. */
  moneyAxis: (n: number) => string;
  count: (n: number) => string;
  dark: boolean;
}

/** Redeemers in the accent colour, the targeted who did not redeem in orange, everyone else grey. */
function groupColor(g: CampaignGroupKey, theme: ChartTheme): string {
  return g === 'redeemers' ? theme.accent : g === 'targeted_non_redeemers' ? CATEGORICAL[1] : OTHER_COLOR;
}

/** One layout for the bars and for the error bars drawn over them (`api.barLayout` reads the same options). */
const BAR_LAYOUT = { barGap: '20%', barCategoryGap: '30%' } as const;
/** Half the width of an error bar's caps, px, at most. */
const CAP = 6;

/**
 * Error bars for `count` bar series laid out with BAR_LAYOUT: data items
 * `[window index, group index, lo, hi]`, a vertical line from lo to hi with caps, centred on the
 * group's bar.
 */
function errorBars(count: number, color: string): CustomSeriesRenderItem {
  return (_, api) => {
    const [x, g, lo, hi] = [0, 1, 2, 3].map((d) => Number(api.value(d)));
    const bar = api.barLayout({ count, ...BAR_LAYOUT })?.[g];
    if (!bar) return null;
    const [centre, top] = api.coord([x, hi]);
    const bottom = api.coord([x, lo])[1];
    const at = centre + bar.offsetCenter;
    const cap = Math.min(CAP, bar.width / 4);
    const line = (x1: number, y1: number, x2: number, y2: number) =>
      ({ type: 'line' as const, shape: { x1, y1, x2, y2 }, style: { stroke: color, lineWidth: 1.5 } });
    return { type: 'group', children: [line(at, top, at, bottom), line(at - cap, top, at + cap, top), line(at - cap, bottom, at + cap, bottom)] };
  };
}

const range = (lo: number | null, hi: number | null, text: CampaignChartText) => (lo === null || hi === null ? '—' : `${text.money(lo)} … ${text.money(hi)}`);

function windowTip(c: CampaignRow, w: CampaignWindowKey, text: CampaignChartText): string {
  const win = c.windows[w];
  return tip(`${text.window[w]} (${text.dates(win.from, win.to)})`, [
    ...c.groups.flatMap((g): [string, string][] => [
      [text.group[g.group], figure(g.spend[w].value, text.money, g.withheld)],
      [text.interval, range(g.spend[w].lo, g.spend[w].hi, text)],
      [text.customers, figure(g.customers, text.count, g.withheld, true)]
    ]),
    ...(win.complete ? [] : [[text.incomplete, ''] as [string, string]])
  ]);
}

/**
 * Windows (x) × groups (bars, in the analysis's order) of mean spend per customer, with a
 * custom series of error bars (id 'interval') for every bar that has an interval.
 */
export function campaignSpendOption(c: CampaignRow, text: CampaignChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const bars = c.groups.map((g) => ({
    type: 'bar' as const,
    id: g.group,
    name: text.group[g.group],
    data: CAMPAIGN_WINDOWS.map((w) => g.spend[w].value),
    itemStyle: { color: groupColor(g.group, theme) },
    ...BAR_LAYOUT,
    emphasis: { disabled: true }
  }));
  const intervals = c.groups.flatMap((g, gi) =>
    CAMPAIGN_WINDOWS.flatMap((w, wi) => {
      const { lo, hi } = g.spend[w];
      return lo === null || hi === null ? [] : [[wi, gi, lo, hi]];
    })
  );
  return {
    ...baseOption(theme, 36, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => windowTip(c, CAMPAIGN_WINDOWS[indexOf(params)], text)
    }),
    // The legend names the groups but does not hide them: the error bars are laid out for all of them.
    legend: { top: 0, left: 0, selectedMode: false, icon: 'roundRect', itemWidth: 12, itemHeight: 12, textStyle: { color: theme.text } },
    xAxis: categoryAxis(CAMPAIGN_WINDOWS.map((w) => text.window[w]), theme),
    yAxis: valueAxis(theme, text.moneyAxis),
    series: [
      ...bars,
      {
        type: 'custom',
        id: 'interval',
        name: text.interval,
        data: intervals,
        encode: { x: 0, y: [2, 3] },
        renderItem: errorBars(c.groups.length, theme.text),
        silent: true,
        tooltip: { show: false },
        z: 3
      }
    ]
  };
}

/** One row per group: customers, then each window's mean and interval (money; null where there is none). */
export function campaignSpendTable(c: CampaignRow, text: CampaignChartText): ChartTable {
  return {
    columns: [
      { key: 'group', label: text.groupColumn, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      ...CAMPAIGN_WINDOWS.flatMap((w) => [
        { key: w, label: `${text.window[w]} ${text.spend}`, kind: 'money' as const },
        { key: `${w}_lo`, label: `${text.window[w]} ${text.interval} (−)`, kind: 'money' as const },
        { key: `${w}_hi`, label: `${text.window[w]} ${text.interval} (+)`, kind: 'money' as const }
      ])
    ],
    rows: c.groups.map((g) => ({
      group: text.group[g.group],
      customers: cell(g.customers, g.withheld, true),
      ...Object.fromEntries(
        CAMPAIGN_WINDOWS.flatMap((w) => [
          [w, cell(g.spend[w].value, g.withheld)],
          [`${w}_lo`, cell(g.spend[w].lo, g.withheld)],
          [`${w}_hi`, cell(g.spend[w].hi, g.withheld)]
        ])
      )
    }))
  };
}
