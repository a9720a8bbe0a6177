/**
 * Cohort charts (retention heatmap, LTV curves, F2 conversion, second-purchase gaps, repeat rate
 * by attribute): results → ECharts options and tables (pure).
 *
 * Language-neutral: every label and number format arrives in `CohortChartText`. Rates stay
 * fractions 0–1 everywhere (axes and labels go through `text.percent`).
 */
import type { EChartsOption, MarkLineComponentOption } from './echarts';
import { cell, type ChartColumn, type ChartTable } from './table';
import { OTHER_COLOR, chartTheme, type ChartTheme } from './palette';
import { baseOption, categoryAxis, figure, indexOf, tip, valueAxis, type Indexed } from './common';
import {
  F2_HORIZONS,
  type Cohort,
  type CohortResult,
  type RepeatRates,
  type SecondPurchaseResult
} from '../analyses/cohorts/types';

export interface CohortChartText {
  /** Axis / column name of the cohort, e.g. 'コホート'. */
  cohort: string;
  /** Column label of period k, e.g. '+3' / '3か月後' (grain-aware). */
  period: (k: number) => string;
  /** Axis name of k, e.g. '初回購入からの期間'. */
  periodAxis: string;
  retention: string;
  revenueRetention: string;
  customers: string;
  active: string;
  revenue: string;
  ltv: string;
  /** The all-cohort average (also labels the overall repeat rate). */
  average: string;
  days: (n: number) => string;
  daysAxis: string;
  f2Rate: string;
  repeatRate: string;
  repeatRateInWindow: string;
  /** '1–30日', '361日以上' (toDay null = open). */
  gapBin: (fromDay: number, toDay: number | null) => string;
  /** Display label of an attribute value (translates '__other__', '__unknown__', member values). */
  attributeValue: (value: string) => string;
  money: (n: number) => string;
  /** Compact money for axis ticks. */
  moneyAxis: (n: number) => string;
  count: (n: number) => string;
  /** Formats a fraction: 0.2 → '20%'. */
  percent: (x: number) => string;
  dark: boolean;
  /** Optional header of the attribute-value column of `repeatByAttributeTable` (defaults to `cohort`). */
  attribute?: string;
}

export type CohortMeasure = 'retention' | 'revenueRetention';

/** Opacity of cells and bars observed only in part (or measured differently). */
export const INCOMPLETE_OPACITY = 0.4;
/** More period columns than this and the heatmap cells are not labelled. */
export const MAX_LABELLED_COLUMNS = 24;

// ---------------------------------------------------------------- shared


/** Blend of two '#rrggbb' colours: t = 0 gives a, t = 1 gives b. */
function mix(a: string, b: string, t: number): string {
  const ch = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2].map((i) => Math.round(ch(a, i) + (ch(b, i) - ch(a, i)) * t).toString(16).padStart(2, '0')).join('')}`;
}


const pct = (text: CohortChartText, x: number | null) => (x === null ? '—' : text.percent(x));

/** 0 … the largest k of any cohort cell (and of `extra`). */
function periods(cohorts: readonly Cohort[], extra: readonly { k: number }[] = []): number[] {
  const max = Math.max(-1, ...cohorts.flatMap((c) => c.cells.map((cell) => cell.k)), ...extra.map((p) => p.k));
  return Array.from({ length: max + 1 }, (_, k) => k);
}

const cellAt = (c: Cohort, k: number) => c.cells.find((cell) => cell.k === k);

/** A muted line colour: older series fainter (t = 0 oldest … 1 newest). */
const mutedLine = (theme: ChartTheme, t: number) => mix(theme.background, theme.muted, 0.3 + 0.4 * t);

function line(id: string, name: string, data: (number | null)[], colour: string, bold: boolean, dashed = false) {
  return {
    type: 'line' as const,
    id,
    name,
    data,
    connectNulls: false,
    itemStyle: { color: colour },
    lineStyle: { color: colour, width: bold ? 3 : 1.25, type: dashed ? ('dashed' as const) : ('solid' as const) },
    symbol: bold ? 'circle' : 'none',
    symbolSize: 5,
    showSymbol: bold && data.length <= 24,
    z: bold ? 3 : 2,
    emphasis: { disabled: true }
  };
}

// ---------------------------------------------------------------- retention heatmap

/**
 * Cohorts (y, oldest at the top) × k (x) heatmap of retention or revenue retention. Colour: a
 * hidden continuous visualMap 0..1 on value[2], the measure clamped to 0–1; the raw measure is
 * the item's `measure`. Cells observed only in part are drawn at INCOMPLETE_OPACITY; cells whose
 * measure is null are left out. Data items: `{ value: [k, cohortIndex, clamped], measure, cohort, k, complete }`.
 */
export function cohortRetentionOption(r: CohortResult, text: CohortChartText, o: { measure: CohortMeasure }): EChartsOption {
  const theme = chartTheme(text.dark);
  const ks = periods(r.cohorts);
  const items = r.cohorts.flatMap((c, y) =>
    c.cells.flatMap((cell) => {
      const m = cell[o.measure];
      return m === null ? [] : [{ c, y, cell, m }];
    })
  );
  const name = o.measure === 'retention' ? text.retention : text.revenueRetention;
  const axisName = (n: string, nameGap: number) => ({ name: n, nameGap, nameLocation: 'middle' as const, nameTextStyle: { color: theme.text } });
  return {
    ...baseOption(theme, 8, {
      trigger: 'item',
      formatter: (params) => {
        const { c, cell, m } = items[indexOf(params)];
        return tip(`${c.label} · ${text.period(cell.k)}`, [
          [name, text.percent(m)],
          [text.active, `${figure(cell.active, text.count, cell.withheld, true)} / ${figure(c.customers, text.count, c.withheld, true)}`],
          [text.revenue, figure(cell.revenue, text.money, cell.withheld)]
        ]);
      }
    }),
    xAxis: { ...categoryAxis(ks.map(text.period), theme), ...axisName(text.periodAxis, 28) },
    yAxis: { ...categoryAxis(r.cohorts.map((c) => c.label), theme), inverse: true, ...axisName(text.cohort, 64) },
    visualMap: {
      type: 'continuous',
      show: false,
      seriesIndex: 0,
      dimension: 2,
      min: 0,
      max: 1,
      inRange: { color: [mix(theme.background, theme.accent, 0.06), theme.accent] }
    },
    series: [
      {
        type: 'heatmap',
        id: 'retention',
        name,
        data: items.map(({ c, y, cell, m }) => {
          const v = Math.min(1, Math.max(0, m));
          return {
            value: [cell.k, y, v],
            measure: m,
            cohort: c.label,
            k: cell.k,
            complete: cell.complete,
            label: { color: v > 0.55 && cell.complete ? theme.background : theme.text },
            ...(!cell.complete && { itemStyle: { opacity: INCOMPLETE_OPACITY } })
          };
        }),
        label: { show: ks.length <= MAX_LABELLED_COLUMNS, fontSize: 11, formatter: (p: Indexed) => text.percent(items[p.dataIndex].m) },
        itemStyle: { borderColor: theme.background, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: theme.text, borderWidth: 1 } }
      }
    ]
  };
}

const kColumns = (ks: number[], text: CohortChartText, kind: 'percent' | 'money'): ChartColumn[] =>
  ks.map((k) => ({ key: `k${k}`, label: text.period(k), kind }));

/** One row per cohort (oldest first): cohort, customers, then the measure at each k (raw fractions; null where missing). */
export function cohortRetentionTable(r: CohortResult, text: CohortChartText, o: { measure: CohortMeasure }): ChartTable {
  const ks = periods(r.cohorts);
  return {
    columns: [
      { key: 'cohort', label: text.cohort, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      ...kColumns(ks, text, 'percent')
    ],
    rows: r.cohorts.map((c) => ({
      cohort: c.label,
      customers: cell(c.customers, c.withheld, true),
      ...Object.fromEntries(
        ks.map((k) => {
          const x = cellAt(c, k);
          return [`k${k}`, x ? cell(x[o.measure], x.withheld) : null];
        })
      )
    }))
  };
}

// ---------------------------------------------------------------- LTV curves

/**
 * Cumulative revenue per customer by k: the newest `maxCohorts` cohorts as thin muted lines
 * (complete cells only; the incomplete last cell as a dashed continuation, series id
 * `<label>:incomplete`), the all-cohort average bold in the accent colour.
 */
export function ltvCurvesOption(r: CohortResult, text: CohortChartText, o: { maxCohorts?: number } = {}): EChartsOption {
  const theme = chartTheme(text.dark);
  const max = o.maxCohorts ?? 12;
  const cohorts = max > 0 ? r.cohorts.slice(-max) : [];
  const ks = periods(cohorts, r.average);
  const avg = new Map(r.average.map((p) => [p.k, p.ltv]));
  const series = cohorts.flatMap((c, i) => {
    const colour = mutedLine(theme, cohorts.length > 1 ? i / (cohorts.length - 1) : 1);
    const solid = ks.map((k) => {
      const cell = cellAt(c, k);
      return cell?.complete ? cell.ltv : null;
    });
    const out = [line(c.label, c.label, solid, colour, false)];
    const open = c.cells.find((cell) => !cell.complete);
    const before = open && cellAt(c, open.k - 1);
    if (open && before?.complete) {
      const dashed = ks.map((k) => (k === open.k ? open.ltv : k === before.k ? before.ltv : null));
      out.push(line(`${c.label}:incomplete`, c.label, dashed, colour, false, true));
    }
    return out;
  });
  return {
    ...baseOption(theme, 32, {
      axisPointer: { type: 'line' },
      formatter: (params) => {
        const k = ks[indexOf(params)] ?? 0;
        const rows: [string, string][] = [];
        const a = avg.get(k);
        if (a !== undefined) rows.push([text.average, text.money(a)]);
        for (const c of [...cohorts].reverse()) {
          const cell = cellAt(c, k);
          if (cell) rows.push([c.label, figure(cell.ltv, text.money, cell.withheld)]);
        }
        return tip(`${text.ltv} · ${text.period(k)}`, rows);
      }
    }),
    legend: { top: 0, left: 0, data: [text.average], textStyle: { color: theme.text } },
    xAxis: { ...categoryAxis(ks.map(text.period), theme), boundaryGap: false, name: text.periodAxis, nameGap: 28, nameLocation: 'middle', nameTextStyle: { color: theme.text } },
    yAxis: valueAxis(theme, text.moneyAxis),
    series: [...series, line('average', text.average, ks.map((k) => avg.get(k) ?? null), theme.accent, true)]
  };
}

/** The average row first, then every cohort (oldest first): LTV at each k (incomplete cells included). */
export function ltvCurvesTable(r: CohortResult, text: CohortChartText): ChartTable {
  const ks = periods(r.cohorts, r.average);
  const avg = new Map(r.average.map((p) => [p.k, p.ltv]));
  return {
    columns: [
      { key: 'cohort', label: text.cohort, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      ...kColumns(ks, text, 'money')
    ],
    rows: [
      { cohort: text.average, customers: null, ...Object.fromEntries(ks.map((k) => [`k${k}`, avg.get(k) ?? null])) },
      ...r.cohorts.map((c) => ({
        cohort: c.label,
        customers: c.customers,
        ...Object.fromEntries(ks.map((k) => [`k${k}`, cellAt(c, k)?.ltv ?? null]))
      }))
    ]
  };
}

// ---------------------------------------------------------------- F2 conversion

/** The horizons shown: F2_HORIZONS plus any other horizon the result has, ascending. */
function horizons(r: SecondPurchaseResult): number[] {
  const all = new Set([...F2_HORIZONS, ...r.average.map((p) => p.days), ...r.months.flatMap((m) => m.points.map((p) => p.days))]);
  return [...all].sort((a, b) => a - b);
}

/**
 * F2 conversion (share with a second purchase within d days) against d: one muted line per
 * acquisition month, the average bold in the accent colour; y 0–100 %. Null rates are gaps.
 */
export function f2Option(r: SecondPurchaseResult, text: CohortChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const days = horizons(r);
  const rateAt = (points: readonly { days: number; rate: number | null }[]) => {
    const by = new Map(points.map((p) => [p.days, p.rate]));
    return days.map((d) => by.get(d) ?? null);
  };
  const n = r.months.length;
  return {
    ...baseOption(theme, 32, {
      axisPointer: { type: 'line' },
      formatter: (params) => {
        const d = days[indexOf(params)] ?? 0;
        const rows: [string, string][] = [];
        const a = r.average.find((p) => p.days === d);
        if (a && a.rate !== null) rows.push([text.average, text.percent(a.rate)]);
        for (const m of [...r.months].reverse()) {
          const p = m.points.find((q) => q.days === d);
          if (p && p.rate !== null) rows.push([m.month, text.percent(p.rate)]);
        }
        return tip(`${text.f2Rate} · ${text.days(d)}`, rows);
      }
    }),
    legend: { top: 0, left: 0, data: [text.average], textStyle: { color: theme.text } },
    xAxis: { ...categoryAxis(days.map(text.days), theme), boundaryGap: false, name: text.daysAxis, nameGap: 28, nameLocation: 'middle', nameTextStyle: { color: theme.text } },
    yAxis: valueAxis(theme, text.percent, { min: 0, max: 1 }),
    series: [
      ...r.months.map((m, i) => line(m.month, m.month, rateAt(m.points), mutedLine(theme, n > 1 ? i / (n - 1) : 1), false)),
      line('average', text.average, rateAt(r.average), theme.accent, true)
    ]
  };
}

/** The average row first, then one row per acquisition month: customers and the rate at each horizon (null = not observed). */
export function f2Table(r: SecondPurchaseResult, text: CohortChartText): ChartTable {
  const days = horizons(r);
  const rates = (points: readonly { days: number; rate: number | null }[]) => {
    const by = new Map(points.map((p) => [p.days, p.rate]));
    return Object.fromEntries(days.map((d) => [`d${d}`, by.get(d) ?? null]));
  };
  return {
    columns: [
      { key: 'cohort', label: text.cohort, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      ...days.map((d) => ({ key: `d${d}`, label: text.days(d), kind: 'percent' as const }))
    ],
    rows: [
      { cohort: text.average, customers: null, ...rates(r.average) },
      ...r.months.map((m) => ({ cohort: m.month, customers: m.customers, ...rates(m.points) }))
    ]
  };
}

// ---------------------------------------------------------------- gaps

/** Customers per bin of days between the first and the second purchase day. */
export function gapsOption(r: SecondPurchaseResult, text: CohortChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  return {
    ...baseOption(theme, 16, { axisPointer: { type: 'shadow' }, valueFormatter: (v) => text.count(Number(v)) }),
    xAxis: { ...categoryAxis(r.gaps.map((g) => text.gapBin(g.fromDay, g.toDay)), theme), name: text.daysAxis, nameGap: 28, nameLocation: 'middle', nameTextStyle: { color: theme.text } },
    yAxis: valueAxis(theme, text.count, { minInterval: 1 }),
    series: [
      {
        type: 'bar',
        id: 'gaps',
        name: text.customers,
        data: r.gaps.map((g) => g.customers),
        itemStyle: { color: theme.accent },
        barMaxWidth: 40,
        emphasis: { disabled: true }
      }
    ]
  };
}

export function gapsTable(r: SecondPurchaseResult, text: CohortChartText): ChartTable {
  return {
    columns: [
      { key: 'bin', label: text.daysAxis, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' }
    ],
    rows: r.gaps.map((g) => ({ bin: text.gapBin(g.fromDay, g.toDay), customers: cell(g.customers, g.withheld, true) }))
  };
}

// ---------------------------------------------------------------- repeat rate by attribute

type RepeatRow = RepeatRates & { label: string; attribute: string | null; grey: boolean };

const repeatRows = (r: SecondPurchaseResult, text: CohortChartText): RepeatRow[] =>
  r.byAttribute.map((a) => ({ ...a, label: text.attributeValue(a.value), attribute: a.value, grey: a.kind !== 'value' }));
const overallRow = (r: SecondPurchaseResult, text: CohortChartText): RepeatRow => ({ ...r.overall, label: text.average, attribute: null, grey: false });
/** The fair (fixed-window) rate, else the plain repeat rate. */
const fairRate = (x: RepeatRates) => x.repeatRateInWindow ?? x.repeatRate;

/**
 * Horizontal bars of the repeat rate within FAIR_REPEAT_DAYS per attribute value (first value at
 * the top; bars falling back to the plain repeat rate because nobody is eligible are drawn at
 * INCOMPLETE_OPACITY; other/unknown in grey), with the overall rate as a dashed markLine. Without
 * `byAttribute` a single bar of the overall rate (labelled `text.average`). Data items: `{ value, attribute }`.
 */
export function repeatByAttributeOption(r: SecondPurchaseResult, text: CohortChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const split = r.byAttribute.length > 0;
  const rows = split ? repeatRows(r, text) : [overallRow(r, text)];
  const overall = fairRate(r.overall);
  const base = baseOption(theme, 8, {
    axisPointer: { type: 'shadow' },
    formatter: (params) => {
      const x = rows[indexOf(params)];
      return tip(x.label, [
        [text.customers, text.count(x.customers)],
        [text.repeatRateInWindow, figure(x.repeatRateInWindow, text.percent, x.withheld?.window)],
        [text.repeatRate, figure(x.repeatRate, text.percent, x.withheld?.all)]
      ]);
    }
  });
  const marks: MarkLineComponentOption = {
    silent: true,
    symbol: ['none', 'none'],
    lineStyle: { color: theme.reference, type: 'dashed', width: 1 },
    label: { show: true, position: 'end', color: theme.text, formatter: `${text.average} ${overall === null ? '—' : text.percent(overall)}` },
    data: overall === null ? [] : [{ name: 'overall', xAxis: overall }]
  };
  return {
    ...base,
    grid: { ...(base.grid as object), right: 64 },
    xAxis: valueAxis(theme, text.percent, { min: 0 }),
    yAxis: { ...categoryAxis(rows.map((x) => x.label), theme), inverse: true },
    series: [
      {
        type: 'bar',
        id: 'repeat',
        name: text.repeatRateInWindow,
        data: rows.map((x) => ({
          value: fairRate(x),
          attribute: x.attribute,
          itemStyle: {
            color: x.grey ? OTHER_COLOR : theme.accent,
            opacity: x.repeatRateInWindow === null ? INCOMPLETE_OPACITY : 1
          }
        })),
        label: { show: true, position: 'right', color: theme.text, formatter: (p: Indexed) => pct(text, fairRate(rows[p.dataIndex])) },
        barMaxWidth: 24,
        emphasis: { disabled: true },
        ...(split && { markLine: marks })
      }
    ]
  };
}

/** One row per attribute value, then the overall row (labelled `text.average`). */
export function repeatByAttributeTable(r: SecondPurchaseResult, text: CohortChartText): ChartTable {
  return {
    columns: [
      { key: 'value', label: text.attribute ?? text.cohort, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      { key: 'repeatRate', label: text.repeatRate, kind: 'percent' },
      { key: 'eligible', label: `${text.customers} (${text.repeatRateInWindow})`, kind: 'number' },
      { key: 'repeatRateInWindow', label: text.repeatRateInWindow, kind: 'percent' }
    ],
    rows: [...repeatRows(r, text), overallRow(r, text)].map((x) => ({
      value: x.label,
      customers: x.customers,
      repeatRate: cell(x.repeatRate, x.withheld?.all),
      eligible: cell(x.eligible, x.eligible === null ? x.withheld?.window : null, true),
      repeatRateInWindow: cell(x.repeatRateInWindow, x.withheld?.window)
    }))
  };
}
