/** Pieces shared by the option builders. */
import type { EChartsOption, TooltipComponentOption } from './echarts';
import type { ChartTheme } from './palette';
import { cell } from './table';
import type { Withheld } from '../analyses/withhold';

/** Japanese fonts first; the same stack as the page. */
export const FONT_STACK = "system-ui, -apple-system, 'Hiragino Sans', 'Noto Sans JP', 'Yu Gothic UI', sans-serif";

/**
 * Options every chart starts from: no entrance animation (the charts show a state, not a
 * change), ARIA, the theme's text, a grid that keeps axis labels and names inside the box
 * (ECharts 6's `containLabel`), and an axis-triggered tooltip with `tooltip` merged in.
 */
export function baseOption(theme: ChartTheme, gridTop: number, tooltip: TooltipComponentOption): EChartsOption {
  return {
    animation: false,
    aria: { enabled: true },
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT_STACK, color: theme.text, fontSize: 12 },
    grid: { top: gridTop, left: 8, right: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    tooltip: {
      trigger: 'axis',
      confine: true,
      order: 'seriesAsc',
      backgroundColor: theme.background,
      borderColor: theme.tooltipBorder,
      textStyle: { color: theme.text, fontFamily: FONT_STACK, fontSize: 12 },
      // The HTML tooltip can use CSS; canvas text cannot select tabular digits.
      extraCssText: 'font-variant-numeric: tabular-nums;',
      ...tooltip
    }
  };
}

/** Text for the HTML tooltip. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Tooltip HTML: a title and label–value rows, all escaped. */
export function tip(title: string, rows: [string, string][]): string {
  const row = ([label, value]: [string, string]) =>
    `<div style="display:flex;justify-content:space-between;gap:20px"><span>${escapeHtml(label)}</span>` +
    `<b>${escapeHtml(value)}</b></div>`;
  return `<div style="margin-bottom:4px">${escapeHtml(title)}</div>${rows.map(row).join('')}`;
}

/** What ECharts passes a formatter or label: one item, or the items of an axis tooltip. */
export type Indexed = { dataIndex: number };
/** The data index a formatter was called for (the first item's for an axis tooltip). */
export const indexOf = (params: Indexed | Indexed[]) => [params].flat()[0]?.dataIndex ?? 0;

/** Category axis (months) with pre-formatted labels. */
export function categoryAxis(labels: string[], theme: ChartTheme) {
  return {
    type: 'category' as const,
    data: labels,
    axisLine: { show: true, lineStyle: { color: theme.axis } },
    axisTick: { show: false },
    axisLabel: { color: theme.muted, hideOverlap: true }
  };
}

/** Value axis whose tick labels come from `format`; ECharts picks the ticks. */
export function valueAxis(
  theme: ChartTheme,
  format: (v: number) => string,
  { name, nameGap, ...scale }: { name?: string; nameGap?: number; min?: number; max?: number; minInterval?: number } = {}
) {
  return {
    type: 'value' as const,
    ...scale,
    ...(name && { name, nameGap, nameLocation: 'middle' as const, nameTextStyle: { color: theme.text } }),
    axisLine: { lineStyle: { color: theme.axis } },
    axisTick: { show: false },
    axisLabel: { color: theme.muted, formatter: (v: number) => format(v) },
    splitLine: { lineStyle: { color: theme.grid } }
  };
}

/**
 * The two value axes of bars of a count and of money per category, side by side: the count on
 * the left (whole numbers), the money on the right without grid lines of its own (they would not
 * line up with the left's). Both start at 0.
 */
export function countMoneyAxes(
  theme: ChartTheme,
  count: { name: string; format: (v: number) => string },
  money: { name: string; format: (v: number) => string }
) {
  return [
    { ...valueAxis(theme, count.format, { min: 0, minInterval: 1 }), name: count.name },
    { ...valueAxis(theme, money.format, { min: 0 }), name: money.name, splitLine: { show: false } }
  ];
}

/** A figure for a tooltip or a label: formatted, or as a withheld one reads ("< 5", "—"; see table.ts). */
export function figure(value: number | null, format: (n: number) => string, withheld?: Withheld | null, isCount = false): string {
  const c = cell(value, withheld, isCount);
  return typeof c === 'number' ? format(c) : (c ?? '—');
}

/** The interval as a band under a line: an invisible line at its bottom and its width stacked on it (`stackStrategy: 'all'` stacks across zero). */
export function intervalBand(lo: (number | null)[], hi: (number | null)[], color: string) {
  const common = { stack: 'interval', stackStrategy: 'all' as const, silent: true, emphasis: { disabled: true }, symbol: 'none', z: 1 };
  const width = lo.map((l, i) => (l === null || hi[i] === null ? null : hi[i]! - l));
  return [
    { type: 'line' as const, id: 'interval-base', data: lo, lineStyle: { opacity: 0 }, ...common },
    { type: 'line' as const, id: 'interval-width', data: width, lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.18 }, ...common }
  ];
}
