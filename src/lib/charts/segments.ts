/**
 * Segment charts (RFM, CPM, segment movement): results → ECharts options and tables (pure).
 *
 * Language-neutral: every label and number format arrives in `SegmentChartText`.
 *
 * Colours: a segment has the same colour in every chart here, fixed by its id (`segmentChartColor`;
 * use it for legends or chips on the page too).
 *
 * Clicking: every data item that stands for one segment — a bar, a box, a Sankey node, a heatmap
 * cell that only one segment can occupy — carries the segment id in a `segment` field. In a
 * `chart.on('click', (params) => …)` handler read it with `clickedSegment(params)` (that is
 * `params.data.segment`); it is null for Sankey links and for cells that M splits between segments.
 * Sankey nodes also carry `side` ('a' | 'b'); Sankey links carry `from` and `to`.
 */
import type { EChartsOption } from './echarts';
import { cell, type ChartColumn, type ChartTable } from './table';
import { CATEGORICAL, OTHER_COLOR, chartTheme, segmentColor } from './palette';
import { baseOption, categoryAxis, escapeHtml, figure, valueAxis } from './common';
import { CPM_STAGES, cpmSegment, isCpmSegmentId } from '../analyses/cpm/segments';
import { RFM_SEGMENT_IDS, segmentOf, type RfmSegmentId } from '../analyses/rfm/segments';
import { NEW_SOURCE } from '../analyses/movement/types';
import type { SankeyData } from '../analyses/movement/sankey';
import type { BoxStats } from '../analyses/rfm/types';
import type { Withheld } from '../analyses/withhold';

export interface SegmentChartText {
  /**
   * Display name of a segment id: RFM, CPM, and `'new'` (the movement's new-customer source).
   * On the page: `(id) => movementSegmentName(id as MovementSource, lang)`.
   */
  segmentName: (id: string) => string;
  /** Header of the segment column in tables. */
  segment: string;
  customers: string;
  /** Customer share. */
  share: string;
  revenue: string;
  revenueShare: string;
  /** Heatmap axis names, e.g. 'R（最近性）' / 'F（頻度）'. */
  rLabel: string;
  fLabel: string;
  /** Box-plot axis names of the other two dimensions (revenue uses `revenue`). */
  recencyDays: string;
  purchases: string;
  /** Box-plot statistics, as tooltip rows and table headers. */
  stats: { min: string; q1: string; median: string; q3: string; max: string };
  /** Movement: headings of the left (date A) and right (date B) column, e.g. 'A: 2024-01-31'. */
  sideA: string;
  sideB: string;
  /** Row totals and the totals row of the movement matrix. */
  total: string;
  money: (n: number) => string;
  /** Compact money for axis ticks, heatmap cells and bar labels, e.g. '¥1,200万'. */
  moneyAxis: (n: number) => string;
  /** Customers, e.g. '120人'. */
  count: (n: number) => string;
  /** Purchases (quartiles can be fractional), e.g. '2.5回'. */
  purchaseCount: (n: number) => string;
  days: (n: number) => string;
  /** Formats a fraction: 0.2 → '20%'. */
  percent: (x: number) => string;
  dark: boolean;
}

export type SegmentMeasure = 'customers' | 'revenue';

/** One R × F cell (structurally `RfmHeatmapCell`; a snapshot may withhold its figures). */
export interface RfmCell {
  r: number;
  f: number;
  customers: number | null;
  revenue: number | null;
  withheld?: Withheld;
}

/** One segment's size (structurally `RfmSegmentRow` and `CpmSegmentRow`; a snapshot may withhold its figures). */
export interface SegmentRow {
  segment: string;
  customers: number | null;
  revenue: number | null;
  share?: number | null;
  revenueShare?: number | null;
  withheld?: Withheld;
}

export type { BoxStats };
export type BoxDimension = 'recencyDays' | 'purchases' | 'revenue';
/** One segment's distributions (structurally `RfmDistribution`). */
export type SegmentDistribution = { segment: string; customers: number } & Record<BoxDimension, BoxStats>;

type Size = { customers: number | null; withheld?: Withheld };

/** The matrix part of `MovementResult`, with its totals (sizes at A and at B). */
export interface MovementMatrix {
  segments: readonly string[];
  matrix: readonly ({ from: string; to: string } & Size)[];
  sizesA: readonly ({ segment: string } & Size)[];
  sizesB: readonly ({ segment: string } & Size)[];
  newCustomers: number;
}

// ---------------------------------------------------------------- shared

const SCORES = [1, 2, 3, 4, 5] as const;
const STATS = ['min', 'q1', 'median', 'q3', 'max'] as const;
/** Opacity of the segments that are not selected. */
export const DIMMED = 0.3;

/** The palette without the colour pinned to `'new'`, which the movement's new-customer source keeps. */
const HUES = CATEGORICAL.filter((c) => c !== segmentColor(NEW_SOURCE));

/**
 * The colour of a segment in every segment chart, fixed by its id.
 *
 * Not `segmentColors` of the shown ids: that hashes 11 RFM ids onto 7 colours and gives
 * champions and loyal (and three neighbouring segments) one colour. Instead RFM segments take
 * the palette in display order, so neighbours always differ (with 11 segments and 6 colours,
 * segments 6 apart share one); CPM segments take one hue per stage, faded toward grey when
 * lapsed. `'new'` and any other id keep `segmentColor`.
 */
export function segmentChartColor(id: string): string {
  const rfm = (RFM_SEGMENT_IDS as readonly string[]).indexOf(id);
  if (rfm >= 0) return HUES[rfm % HUES.length];
  if (isCpmSegmentId(id)) {
    const { stage, state } = cpmSegment(id);
    const hue = HUES[CPM_STAGES.indexOf(stage) % HUES.length];
    return state === 'lapsed' ? mix(hue, OTHER_COLOR, 0.55) : hue;
  }
  return segmentColor(id);
}

/** The segment id of a clicked data item (`params.data.segment`), else null. */
export function clickedSegment(params: unknown): string | null {
  const data = (params as { data?: unknown } | null | undefined)?.data;
  const segment = data !== null && typeof data === 'object' ? (data as { segment?: unknown }).segment : undefined;
  return typeof segment === 'string' ? segment : null;
}

/** Blend of two '#rrggbb' colours: t = 0 gives a, t = 1 gives b. */
function mix(a: string, b: string, t: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const rgb = [0, 1, 2].map((i) => Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * t));
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function opacity(selected: string | null, segment: string): number {
  return selected === null || selected === segment ? 1 : DIMMED;
}

/** Tooltip HTML: a title and label–value rows, all escaped. */
function tip(title: string, rows: [string, string][]): string {
  const row = ([label, value]: [string, string]) =>
    `<div style="display:flex;justify-content:space-between;gap:20px"><span>${escapeHtml(label)}</span>` +
    `<b>${escapeHtml(value)}</b></div>`;
  return `<div style="margin-bottom:4px">${escapeHtml(title)}</div>${rows.map(row).join('')}`;
}

/** What the formatters read of ECharts' callback params. */
type Indexed = { dataIndex: number };

/** The data index of the (first) item a tooltip is about. */
function indexOf(params: Indexed | Indexed[]): number {
  return [params].flat()[0].dataIndex;
}

function percentOrDash(text: SegmentChartText, x: number | null): string {
  return x === null ? '—' : text.percent(x);
}

// ---------------------------------------------------------------- RFM heatmap

/** All 25 cells, r then f ascending; a cell missing from the input counts as empty. */
function fullGrid(cells: readonly RfmCell[]): RfmCell[] {
  const byKey = new Map(cells.map((c) => [`${c.r}:${c.f}`, c]));
  return SCORES.flatMap((r) => SCORES.map((f) => byKey.get(`${r}:${f}`) ?? { r, f, customers: 0, revenue: 0 }));
}

/** The segments customers in cell (r, f) can be in, over all M scores. */
function cellSegments(r: number, f: number): Set<RfmSegmentId> {
  return new Set(SCORES.map((m) => segmentOf(r, f, m)));
}

/** The one segment of a cell, or null where M splits the cell between segments. */
export function rfmCellSegment(r: number, f: number): RfmSegmentId | null {
  const ids = [...cellSegments(r, f)];
  return ids.length === 1 ? ids[0] : null;
}

/**
 * R (x, 1–5) × F (y, 1–5) heatmap of customers or revenue. The colour runs from the
 * background to the accent (a hidden continuous visualMap, from min(0, values) to the
 * largest value); cells are labelled with the formatted value. With a selected segment,
 * the cells it can occupy are outlined. Data items: `{ value: [r-1, f-1, v], r, f,
 * customers, revenue, segment }` (`segment` null where M splits the cell).
 */
export function rfmHeatmapOption(
  cells: readonly RfmCell[],
  text: SegmentChartText,
  { measure, selected = null }: { measure: SegmentMeasure; selected?: RfmSegmentId | null }
): EChartsOption {
  const theme = chartTheme(text.dark);
  const grid = fullGrid(cells);
  const values = grid.map((c) => c[measure]);
  const known = values.filter((v): v is number => v !== null);
  const min = Math.min(0, ...known);
  const top = Math.max(min, ...known);
  const max = top > min ? top : min + 1;
  const label = measure === 'customers' ? text.count : text.moneyAxis;
  const axisName = (name: string, nameGap: number) => ({
    name,
    nameGap,
    nameLocation: 'middle' as const,
    nameTextStyle: { color: theme.text }
  });
  return {
    ...baseOption(theme, 8, {
      trigger: 'item',
      formatter: (params) => {
        const c = grid[indexOf(params)];
        const segment = rfmCellSegment(c.r, c.f);
        return tip(`${text.rLabel} ${c.r} · ${text.fLabel} ${c.f}`, [
          ...(segment ? [[text.segment, text.segmentName(segment)] as [string, string]] : []),
          [text.customers, figure(c.customers, text.count, c.withheld, true)],
          [text.revenue, figure(c.revenue, text.money, c.withheld)]
        ]);
      }
    }),
    xAxis: { ...categoryAxis(SCORES.map(String), theme), ...axisName(text.rLabel, 24) },
    yAxis: { ...categoryAxis(SCORES.map(String), theme), ...axisName(text.fLabel, 24) },
    visualMap: {
      type: 'continuous',
      show: false,
      seriesIndex: 0,
      dimension: 2,
      min,
      max,
      inRange: { color: [mix(theme.background, theme.accent, 0.08), theme.accent] }
    },
    series: [
      {
        type: 'heatmap',
        id: 'rfm',
        name: measure === 'customers' ? text.customers : text.revenue,
        data: grid.map((c, i) => ({
          value: [c.r - 1, c.f - 1, values[i] ?? '-'],
          r: c.r,
          f: c.f,
          customers: c.customers,
          revenue: c.revenue,
          segment: rfmCellSegment(c.r, c.f),
          // Light text on the dark end of the ramp (the background colour is the light one).
          label: { color: ((values[i] ?? min) - min) / (max - min) > 0.55 ? theme.background : theme.text },
          ...(selected !== null &&
            cellSegments(c.r, c.f).has(selected) && { itemStyle: { borderColor: theme.text, borderWidth: 2 } })
        })),
        label: { show: true, formatter: (p: Indexed) => figure(values[p.dataIndex], label, grid[p.dataIndex].withheld, measure === 'customers') },
        itemStyle: { borderColor: theme.background, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: theme.text, borderWidth: 1 } }
      }
    ]
  };
}

/** The 25 cells, R descending then F ascending (as the grid reads top-down). */
export function rfmHeatmapTable(cells: readonly RfmCell[], text: SegmentChartText): ChartTable {
  return {
    columns: [
      { key: 'r', label: text.rLabel, kind: 'number' },
      { key: 'f', label: text.fLabel, kind: 'number' },
      { key: 'customers', label: text.customers, kind: 'number' },
      { key: 'revenue', label: text.revenue, kind: 'money' }
    ],
    rows: fullGrid(cells)
      .sort((a, b) => b.r - a.r || a.f - b.f)
      .map(({ r, f, customers, revenue, withheld }) => ({ r, f, customers: cell(customers, withheld, true), revenue: cell(revenue, withheld) }))
  };
}

// ---------------------------------------------------------------- segment sizes

/** Rows in `order` (ids not in it keep their place after the listed ones); input order without it. */
function inOrder<T extends { segment: string }>(rows: readonly T[], order?: readonly string[]): T[] {
  if (!order) return [...rows];
  const rank = new Map(order.map((id, i) => [id, i]));
  return [...rows].sort((a, b) => (rank.get(a.segment) ?? order.length) - (rank.get(b.segment) ?? order.length));
}

/**
 * Horizontal bars of segment size (customers) or revenue, first segment at the top, each in
 * its segment colour; with a selected segment the others are dimmed. Bars rather than a
 * treemap: lengths on one axis compare exactly, and small or negative segments stay visible.
 * Data items: `{ value, segment }`.
 */
export function segmentBarsOption(
  rows: readonly SegmentRow[],
  text: SegmentChartText,
  { measure, selected = null, order }: { measure: SegmentMeasure; selected?: string | null; order?: readonly string[] }
): EChartsOption {
  const theme = chartTheme(text.dark);
  const list = inOrder(rows, order);
  // Compact money at the bar ends; the tooltip has the exact amount.
  const format = measure === 'customers' ? text.count : text.moneyAxis;
  const base = baseOption(theme, 8, {
    axisPointer: { type: 'shadow' },
    formatter: (params) => {
      const r = list[indexOf(params)];
      const rows: [string, string][] = [[text.customers, figure(r.customers, text.count, r.withheld, true)]];
      if (r.share !== undefined) rows.push([text.share, figure(r.share, text.percent, r.withheld)]);
      rows.push([text.revenue, figure(r.revenue, text.money, r.withheld)]);
      if (r.revenueShare !== undefined) rows.push([text.revenueShare, percentOrDash(text, r.revenueShare)]);
      return tip(text.segmentName(r.segment), rows);
    }
  });
  return {
    ...base,
    // Room for the value labels at the bar ends, which the grid's label containment ignores.
    grid: { ...(base.grid as object), right: 88 },
    xAxis: valueAxis(theme, format, measure === 'customers' ? { minInterval: 1 } : {}),
    yAxis: { ...categoryAxis(list.map((r) => text.segmentName(r.segment)), theme), inverse: true },
    series: [
      {
        type: 'bar',
        id: 'segments',
        name: measure === 'customers' ? text.customers : text.revenue,
        data: list.map((r) => ({
          value: r[measure],
          segment: r.segment,
          itemStyle: { color: segmentChartColor(r.segment), opacity: opacity(selected, r.segment) }
        })),
        label: {
          show: true, position: 'right', color: theme.text,
          formatter: (p: Indexed) => figure(list[p.dataIndex][measure], format, list[p.dataIndex].withheld, measure === 'customers')
        },
        barMaxWidth: 28
      }
    ]
  };
}

export function segmentBarsTable(rows: readonly SegmentRow[], text: SegmentChartText, order?: readonly string[]): ChartTable {
  return {
    columns: [
      { key: 'segment', label: text.segment, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      { key: 'share', label: text.share, kind: 'percent' },
      { key: 'revenue', label: text.revenue, kind: 'money' },
      { key: 'revenueShare', label: text.revenueShare, kind: 'percent' }
    ],
    rows: inOrder(rows, order).map((r) => ({
      segment: text.segmentName(r.segment),
      customers: cell(r.customers, r.withheld, true),
      share: cell(r.share ?? null, r.withheld),
      revenue: cell(r.revenue, r.withheld),
      revenueShare: cell(r.revenueShare ?? null, r.withheld)
    }))
  };
}

// ---------------------------------------------------------------- distributions

function dimensionText(text: SegmentChartText, dimension: BoxDimension) {
  if (dimension === 'recencyDays') return { name: text.recencyDays, axis: text.days, value: text.days };
  if (dimension === 'purchases') return { name: text.purchases, axis: text.purchaseCount, value: text.purchaseCount };
  return { name: text.revenue, axis: text.moneyAxis, value: text.money };
}

/**
 * One horizontal box per segment (min, q1, median, q3, max as computed), first segment at
 * the top, in segment colours; with a selected segment the others are dimmed. `log` asks for
 * a log axis; it is used only when every minimum is positive (zero or negative revenue has no
 * logarithm), else the axis stays linear. Data items: `{ value: [min, q1, median, q3, max], segment }`.
 */
export function segmentBoxplotOption(
  distributions: readonly SegmentDistribution[],
  text: SegmentChartText,
  { dimension, selected = null, log = false }: { dimension: BoxDimension; selected?: string | null; log?: boolean }
): EChartsOption {
  const theme = chartTheme(text.dark);
  const dim = dimensionText(text, dimension);
  const logScale = log && distributions.length > 0 && distributions.every((d) => d[dimension].min > 0);
  return {
    ...baseOption(theme, 8, {
      trigger: 'item',
      formatter: (params) => {
        const d = distributions[indexOf(params)];
        return tip(text.segmentName(d.segment), [
          [text.customers, text.count(d.customers)],
          ...STATS.map((k): [string, string] => [text.stats[k], dim.value(d[dimension][k])])
        ]);
      }
    }),
    xAxis: { ...valueAxis(theme, dim.axis, { name: dim.name, nameGap: 28 }), ...(logScale && { type: 'log' as const }) },
    yAxis: { ...categoryAxis(distributions.map((d) => text.segmentName(d.segment)), theme), inverse: true },
    series: [
      {
        type: 'boxplot',
        id: 'distribution',
        name: dim.name,
        data: distributions.map((d) => {
          const colour = segmentChartColor(d.segment);
          return {
            value: STATS.map((k) => d[dimension][k]),
            segment: d.segment,
            itemStyle: { color: mix(theme.background, colour, 0.3), borderColor: colour, borderWidth: 1.5, opacity: opacity(selected, d.segment) }
          };
        }),
        boxWidth: [6, 24]
      }
    ]
  };
}

export function segmentBoxplotTable(
  distributions: readonly SegmentDistribution[],
  text: SegmentChartText,
  dimension: BoxDimension
): ChartTable {
  const kind = dimension === 'revenue' ? ('money' as const) : ('number' as const);
  return {
    columns: [
      { key: 'segment', label: text.segment, kind: 'text' },
      { key: 'customers', label: text.customers, kind: 'number' },
      ...STATS.map((k) => ({ key: k, label: text.stats[k], kind }))
    ],
    rows: distributions.map((d) => ({
      segment: text.segmentName(d.segment),
      customers: d.customers,
      ...Object.fromEntries(STATS.map((k) => [k, d[dimension][k]]))
    }))
  };
}

// ---------------------------------------------------------------- movement

/**
 * Sankey of segment movement: segments at date A in the left column (the new-customer source
 * last), segments at B in the right, both in display order; nodes and links in segment colours
 * (a link takes its source's colour). Node data items: `{ id, name, value, segment, side }`;
 * link data items: `{ source, target, value, from, to }`.
 */
export function movementSankeyOption(data: SankeyData, text: SegmentChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const segmentOfNode = new Map(data.nodes.map((n) => [n.id, n.segment as string]));
  const heading = { top: 0, textStyle: { color: theme.text, fontSize: 12, fontWeight: 'bold' as const } };
  return {
    ...baseOption(theme, 8, {
      trigger: 'item',
      formatter: (params) => {
        const p = [params].flat()[0];
        if (p.dataType === 'edge') {
          const link = p.data as { from: string; to: string; value: number };
          return (
            `${escapeHtml(text.segmentName(link.from))} → ${escapeHtml(text.segmentName(link.to))}: ` +
            `<b>${escapeHtml(text.count(link.value))}</b>`
          );
        }
        const n = data.nodes[p.dataIndex];
        return tip(n.side === 'a' ? text.sideA : text.sideB, [[text.segmentName(n.segment), figure(n.customers, text.count, n.withheld, true)]]);
      }
    }),
    title: [
      { ...heading, text: text.sideA, left: 0 },
      { ...heading, text: text.sideB, right: 0 }
    ],
    series: [
      {
        type: 'sankey',
        id: 'movement',
        top: 28,
        bottom: 4,
        left: 0,
        right: 0,
        // Keep the nodes in display order instead of letting the layout reorder them.
        layoutIterations: 0,
        nodeAlign: 'justify',
        nodeWidth: 14,
        nodeGap: 6,
        draggable: false,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'source', opacity: 0.35, curveness: 0.5 },
        label: {
          color: theme.text,
          fontSize: 12,
          formatter: (p: Indexed) => {
            const n = data.nodes[p.dataIndex];
            return `${text.segmentName(n.segment)} ${figure(n.customers, text.count, n.withheld, true)}`;
          }
        },
        data: data.nodes.map((n) => ({
          id: n.id,
          name: text.segmentName(n.segment),
          value: n.customers,
          depth: n.side === 'a' ? 0 : 1,
          segment: n.segment,
          side: n.side,
          itemStyle: { color: segmentChartColor(n.segment), borderWidth: 0 },
          // Labels face inwards, so neither column needs a margin for them.
          label: { position: n.side === 'a' ? ('right' as const) : ('left' as const) }
        })),
        links: data.links.map((l) => ({
          source: l.source,
          target: l.target,
          value: l.value,
          from: segmentOfNode.get(l.source) ?? l.source,
          to: segmentOfNode.get(l.target) ?? l.target
        }))
      }
    ]
  };
}

/**
 * The transition matrix: one row per segment at A (then the new-customer row), one column per
 * segment at B (keyed by segment id), each row's total (the size at A), and a last row of
 * column totals (the sizes at B).
 */
export function movementMatrixTable(result: MovementMatrix, text: SegmentChartText): ChartTable {
  const cells = new Map(result.matrix.map((c) => [`${c.from}>${c.to}`, c]));
  const count = (g: Size | undefined) => (g ? cell(g.customers, g.withheld, true) : 0);
  const columns: ChartColumn[] = [
    { key: 'from', label: `${text.sideA} → ${text.sideB}`, kind: 'text' },
    ...result.segments.map((to) => ({ key: to, label: text.segmentName(to), kind: 'number' as const })),
    { key: 'total', label: text.total, kind: 'number' }
  ];
  const sizeA = new Map(result.sizesA.map((s) => [s.segment, s]));
  const rows = [...result.segments, NEW_SOURCE].map((from) => ({
    from: text.segmentName(from),
    ...Object.fromEntries(result.segments.map((to) => [to, count(cells.get(`${from}>${to}`))])),
    total: from === NEW_SOURCE ? result.newCustomers : count(sizeA.get(from))
  }));
  const totals = {
    from: text.total,
    ...Object.fromEntries(result.sizesB.map((s) => [s.segment, count(s)])),
    total: result.sizesB.reduce((n, s) => n + (s.customers ?? 0), 0)
  };
  return { columns, rows: [...rows, totals] };
}
