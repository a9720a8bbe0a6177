/**
 * Pieces shared by the option builders.
 *
 * Options are plain data (no functions, no class instances) so they survive
 * `structuredClone`/JSON and can be embedded in a report. ECharts formats values with
 * callbacks unless told otherwise, so everything shown is formatted here, ahead of
 * time, with the caller's formatters:
 * - tooltip values come from extra string columns of the dataset (`encode.tooltip`);
 * - value-axis labels come from a category axis laid over the value axis whose
 *   categories are the pre-formatted tick labels (`labelledValueAxis`).
 */
import type { EChartsOption } from './echarts';
import type { ChartTheme } from './palette';

/** Japanese fonts first; the same stack as the page. */
export const FONT_STACK =
  'system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", "Yu Gothic UI", sans-serif';

/** Options every chart starts from. */
export function baseOption(theme: ChartTheme): EChartsOption {
  return {
    // These charts show a state, not a change: no entrance animation.
    animation: false,
    aria: { enabled: true },
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT_STACK, color: theme.text, fontSize: 12 }
  };
}

/** Axis-triggered tooltip, styled for the theme, figures in tabular numerals. */
export function axisTooltip(theme: ChartTheme, pointer: 'shadow' | 'line'): EChartsOption['tooltip'] {
  return {
    trigger: 'axis',
    confine: true,
    order: 'seriesAsc',
    axisPointer: { type: pointer },
    backgroundColor: theme.background,
    borderColor: theme.tooltipBorder,
    textStyle: { color: theme.text, fontFamily: FONT_STACK, fontSize: 12 },
    // The HTML tooltip can use CSS; canvas text cannot select tabular digits.
    extraCssText: 'font-variant-numeric: tabular-nums;'
  };
}

export interface Ticks {
  min: number;
  max: number;
  interval: number;
  values: number[];
}

function roundTick(x: number): number {
  const r = Number(x.toPrecision(12));
  return r === 0 ? 0 : r; // no "-0"
}

/**
 * "Nice" axis ticks: the smallest step of 1, 2, 2.5 or 5 × 10^n that covers [lo, hi]
 * and zero in at most `count + 1` intervals. With `integer`, only whole-number steps
 * (for counts).
 */
export function niceTicks(lo: number, hi: number, count = 5, integer = false): Ticks {
  const a = Math.min(0, Number.isFinite(lo) ? lo : 0);
  const b = Math.max(0, Number.isFinite(hi) ? hi : 0);
  if (a === b) return { min: a, max: a + 1, interval: 1, values: [a, a + 1] };
  const maxIntervals = Math.max(1, count) + 1;
  const e = Math.floor(Math.log10((b - a) / maxIntervals));
  let step = 10 ** (e + 2);
  search: for (let k = e; k <= e + 2; k++) {
    for (const m of [1, 2, 2.5, 5]) {
      const s = roundTick(m * 10 ** k);
      if (integer && (s < 1 || !Number.isInteger(s))) continue;
      if (Math.ceil(roundTick(b / s)) - Math.floor(roundTick(a / s)) <= maxIntervals) {
        step = s;
        break search;
      }
    }
  }
  const first = Math.floor(roundTick(a / step));
  const last = Math.ceil(roundTick(b / step));
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(roundTick(k * step));
  return { min: values[0], max: values[values.length - 1], interval: step, values };
}

type One<T> = T extends readonly (infer U)[] ? U : T;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A cartesian axis option usable as either `xAxis` or `yAxis`. */
export type AxisOption = DistributiveOmit<One<NonNullable<EChartsOption['xAxis']>>, 'mainType'>;

/**
 * A value axis whose labels are pre-formatted strings, as a pair:
 * - `value`: the real axis the series use (index 0), with fixed min/max/interval and
 *   its own labels hidden; it draws the grid lines.
 * - `labels`: a category axis (index 1) with one category per tick and
 *   `boundaryGap: false`, so category i sits exactly on tick i. It only draws text:
 *   no line, no pointer, no events.
 */
export function labelledValueAxis(
  ticks: Ticks,
  labels: string[],
  theme: ChartTheme,
  position: 'left' | 'bottom',
  opts: { name?: string; showAxisLine?: boolean; nameGap?: number } = {}
): { value: AxisOption; labels: AxisOption } {
  const value: AxisOption = {
    type: 'value',
    min: ticks.min,
    max: ticks.max,
    interval: ticks.interval,
    axisLabel: { show: false },
    axisTick: { show: false },
    axisLine: { show: opts.showAxisLine ?? false, lineStyle: { color: theme.axis } },
    splitLine: { show: true, lineStyle: { color: theme.grid } }
  };
  const labelAxis: AxisOption = {
    type: 'category',
    data: labels,
    // Without this a second axis goes to the opposite side.
    position,
    boundaryGap: false,
    silent: true,
    triggerEvent: false,
    axisPointer: { show: false },
    axisLine: { show: false },
    axisTick: { show: false },
    splitLine: { show: false },
    axisLabel: { interval: 0, color: theme.muted, hideOverlap: false }
  };
  if (opts.name) {
    Object.assign(labelAxis, {
      name: opts.name,
      nameLocation: 'middle',
      nameGap: opts.nameGap ?? 36,
      nameTextStyle: { color: theme.text }
    });
  }
  return { value, labels: labelAxis };
}

/** Category axis (months) with pre-formatted labels. */
export function categoryAxis(labels: string[], theme: ChartTheme): AxisOption {
  return {
    type: 'category',
    data: labels,
    axisLine: { show: true, lineStyle: { color: theme.axis } },
    axisTick: { show: false },
    axisLabel: { color: theme.muted, hideOverlap: true }
  };
}
