/**
 * Charts of the NPS page (analyses/nps). Scores are points: NPS −100…100, satisfaction 0…100;
 * every score is drawn with its 95 % interval, and figures resting on fewer than FEW_ANSWERS
 * answers are drawn faint and said so in the tooltip and the table.
 */
import type { EChartsOption, MarkLineComponentOption } from './echarts';
import { baseOption, categoryAxis, figure, indexOf, intervalBand, tip, valueAxis, type Indexed } from './common';
import { OTHER_COLOR, chartTheme } from './palette';
import { cell, type ChartTable } from './table';
import { BANDS, type Band } from '../analyses/nps/scale';
import { FEW_ANSWERS, type NpsBreakdown, type NpsGroup, type NpsPeriod, type NpsResult } from '../analyses/nps/types';
import type { Withheld } from '../analyses/withhold';

export interface NpsChartText {
  /** The score's name: 'NPS' or 「満足度」. */
  score: string;
  /** A score as text: '+12.3' for NPS, '45.6%' for satisfaction. */
  points: (v: number) => string;
  interval: string;
  answers: string;
  few: string;
  period: string;
  /** A period label ('2024-03', '2024-Q1') as read. */
  periodLabel: (p: string) => string;
  band: Record<Band, string>;
  share: string;
  percent: (x: number) => string;
  count: (n: number) => string;
  group: string;
  /** An attribute value as read (segment names, other, unknown). */
  value: (g: NpsGroup, attribute: NpsBreakdown['attribute']) => string;
  overall: string;
  dark: boolean;
}

/** Colour-blind-safe band colours (Okabe–Ito bluish green, grey, vermillion). */
export const BAND_COLORS: Readonly<Record<Band, string>> = { high: '#009E73', mid: OTHER_COLOR, low: '#D55E00' };
const FAINT = 0.35;

const few = (n: number | null) => n !== null && n > 0 && n < FEW_ANSWERS;
const range = (lo: number | null, hi: number | null, text: NpsChartText) =>
  lo === null || hi === null ? '—' : `${text.points(lo)} … ${text.points(hi)}`;

function scoreAxis(r: Pick<NpsResult, 'reading'>, text: NpsChartText) {
  const theme = chartTheme(text.dark);
  return valueAxis(theme, text.points, r.reading === 'nps' ? { min: -100, max: 100 } : { min: 0, max: 100 });
}

// ---------------------------------------------------------------- trend

/**
 * The score per period as a line with its 95 % interval as a band, and the number of answers as
 * faint bars on a second axis; periods under FEW_ANSWERS answers are faint points.
 */
export function npsTrendOption(r: NpsResult, text: NpsChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const p = r.periods;
  return {
    ...baseOption(theme, 36, {
      formatter: (params) => periodTip(p[indexOf(params)], text)
    }),
    legend: { top: 0, left: 0, data: [text.score, text.answers], inactiveColor: theme.axis, textStyle: { color: theme.text } },
    xAxis: categoryAxis(p.map((x) => text.periodLabel(x.period)), theme),
    yAxis: [
      { ...scoreAxis(r, text), name: text.score },
      { ...valueAxis(theme, text.count, { min: 0 }), name: text.answers, splitLine: { show: false } }
    ],
    series: [
      ...intervalBand(p.map((x) => x.lo), p.map((x) => x.hi), theme.accent),
      {
        type: 'line',
        id: 'score',
        name: text.score,
        data: p.map((x) => ({ value: x.score, itemStyle: { opacity: few(x.n) ? FAINT : 1 } })),
        connectNulls: false,
        lineStyle: { color: theme.accent, width: 2 },
        itemStyle: { color: theme.accent },
        symbolSize: 6,
        z: 3
      },
      {
        type: 'bar',
        id: 'answers',
        name: text.answers,
        yAxisIndex: 1,
        data: p.map((x) => x.n),
        itemStyle: { color: OTHER_COLOR, opacity: 0.25 },
        barMaxWidth: 24,
        emphasis: { disabled: true },
        z: 0
      }
    ]
  };
}

function periodTip(x: NpsPeriod, text: NpsChartText): string {
  return tip(text.periodLabel(x.period), [
    [text.score, figure(x.score, text.points, x.withheld)],
    [text.interval, range(x.lo, x.hi, text)],
    [text.answers, figure(x.n, text.count, x.withheld, true)],
    ...(few(x.n) ? [[text.few, ''] as [string, string]] : [])
  ]);
}

export function npsTrendTable(r: NpsResult, text: NpsChartText): ChartTable {
  return {
    columns: [
      { key: 'period', label: text.period, kind: 'text' },
      { key: 'n', label: text.answers, kind: 'number' },
      ...BANDS.map((b) => ({ key: b, label: text.band[b], kind: 'number' as const })),
      { key: 'score', label: text.score, kind: 'number' },
      { key: 'lo', label: `${text.interval} (−)`, kind: 'number' },
      { key: 'hi', label: `${text.interval} (+)`, kind: 'number' },
      { key: 'few', label: text.few, kind: 'text' }
    ],
    rows: r.periods.map((x) => ({
      period: x.period,
      n: cell(x.n, x.withheld, true),
      ...Object.fromEntries(BANDS.map((b) => [b, cell(x[b], x.withheld)])),
      score: cell(x.score, x.withheld),
      lo: cell(x.lo, x.withheld),
      hi: cell(x.hi, x.withheld),
      few: few(x.n) ? '✓' : ''
    }))
  };
}

// ---------------------------------------------------------------- group shares over time

const shareOf = (x: NpsPeriod, b: Band) => (x[b] === null || !x.n ? null : x[b]! / x.n);

/** Shares of the three groups per period, stacked to 100 %. */
export function npsBandsOption(r: NpsResult, text: NpsChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const p = r.periods;
  return {
    ...baseOption(theme, 36, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const x = p[indexOf(params)];
        return tip(text.periodLabel(x.period), [
          ...BANDS.map((b) => [text.band[b], figure(shareOf(x, b), text.percent, x.withheld)] as [string, string]),
          [text.answers, figure(x.n, text.count, x.withheld, true)]
        ]);
      }
    }),
    legend: { top: 0, left: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 12, inactiveColor: theme.axis, textStyle: { color: theme.text } },
    xAxis: categoryAxis(p.map((x) => text.periodLabel(x.period)), theme),
    yAxis: valueAxis(theme, text.percent, { min: 0, max: 1 }),
    series: BANDS.map((b) => ({
      type: 'bar' as const,
      id: b,
      name: text.band[b],
      stack: 'share',
      data: p.map((x) => ({ value: shareOf(x, b), itemStyle: { opacity: few(x.n) ? FAINT : 1 } })),
      itemStyle: { color: BAND_COLORS[b] },
      barMaxWidth: 32,
      emphasis: { disabled: true }
    }))
  };
}

export function npsBandsTable(r: NpsResult, text: NpsChartText): ChartTable {
  return {
    columns: [
      { key: 'period', label: text.period, kind: 'text' },
      ...BANDS.map((b) => ({ key: b, label: text.band[b], kind: 'percent' as const })),
      { key: 'n', label: text.answers, kind: 'number' }
    ],
    rows: r.periods.map((x) => ({
      period: x.period,
      ...Object.fromEntries(BANDS.map((b) => [b, cell(shareOf(x, b), x.withheld)])),
      n: cell(x.n, x.withheld, true)
    }))
  };
}

// ---------------------------------------------------------------- distribution

const bandOf = (r: NpsResult, score: number): Band => BANDS.find((b) => score >= r.ranges[b][0] && score <= r.ranges[b][1]) ?? 'mid';

/** Answers per score value, coloured by the group the value falls in. */
export function npsDistributionOption(r: NpsResult, text: NpsChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const d = r.distribution;
  return {
    ...baseOption(theme, 12, {
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const x = d[indexOf(params)];
        return tip(`${x.score} (${text.band[bandOf(r, x.score)]})`, [
          [text.answers, text.count(x.answers)],
          [text.share, text.percent(x.answers / r.total.n)]
        ]);
      }
    }),
    xAxis: categoryAxis(d.map((x) => String(x.score)), theme),
    yAxis: valueAxis(theme, text.count, { min: 0 }),
    series: [
      {
        type: 'bar',
        id: 'answers',
        name: text.answers,
        data: d.map((x) => ({ value: x.answers, itemStyle: { color: BAND_COLORS[bandOf(r, x.score)] } })),
        barMaxWidth: 40,
        emphasis: { disabled: true }
      }
    ]
  };
}

export function npsDistributionTable(r: NpsResult, text: NpsChartText): ChartTable {
  return {
    columns: [
      { key: 'score', label: text.score, kind: 'number' },
      { key: 'group', label: text.group, kind: 'text' },
      { key: 'answers', label: text.answers, kind: 'number' },
      { key: 'share', label: text.share, kind: 'percent' }
    ],
    rows: r.distribution.map((x) => ({ score: x.score, group: text.band[bandOf(r, x.score)], answers: x.answers, share: x.answers / r.total.n }))
  };
}

// ---------------------------------------------------------------- breakdown

/**
 * One row per group (best first, as the analysis orders them): its 95 % interval as a box and
 * its score as a point, faint under FEW_ANSWERS answers, other/unknown in grey; the overall
 * score as a dashed line. Rows whose intervals do not overlap differ by more than chance.
 */
export function npsBreakdownOption(b: NpsBreakdown, overall: number | null, r: Pick<NpsResult, 'reading'>, text: NpsChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const g = b.groups;
  const colorOf = (x: NpsGroup) => (x.kind === 'value' ? theme.accent : OTHER_COLOR);
  const marks: MarkLineComponentOption = {
    silent: true,
    symbol: ['none', 'none'],
    lineStyle: { color: theme.reference, type: 'dashed', width: 1 },
    label: { show: true, position: 'end', color: theme.text, formatter: `${text.overall} ${overall === null ? '—' : text.points(overall)}` },
    data: overall === null ? [] : [{ name: 'overall', xAxis: overall }]
  };
  const base = baseOption(theme, 8, {
    axisPointer: { type: 'shadow' },
    formatter: (params) => groupTip(g[indexOf(params)], b.attribute, text)
  });
  return {
    ...base,
    grid: { ...(base.grid as object), right: 72 },
    xAxis: scoreAxis(r, text),
    yAxis: { ...categoryAxis(g.map((x) => text.value(x, b.attribute)), theme), inverse: true },
    series: [
      {
        // A box from the interval's bottom to its top, its middle line at the score.
        type: 'boxplot',
        id: 'interval',
        layout: 'horizontal',
        data: g.map((x) => (x.lo === null || x.hi === null || x.score === null ? [] : [x.lo, x.lo, x.score, x.hi, x.hi])),
        itemStyle: { color: theme.accent, borderColor: theme.accent, opacity: 0.35 },
        boxWidth: [6, 14],
        silent: true,
        emphasis: { disabled: true },
        z: 1
      },
      {
        type: 'line',
        id: 'score',
        name: text.score,
        data: g.map((x) => ({ value: x.score, itemStyle: { color: colorOf(x), opacity: few(x.n) ? FAINT : 1 } })),
        lineStyle: { opacity: 0 },
        symbolSize: 10,
        label: { show: true, position: 'right', color: theme.text, formatter: (p: Indexed) => figure(g[p.dataIndex].score, text.points, g[p.dataIndex].withheld) },
        markLine: marks,
        z: 3
      }
    ]
  };
}

function groupTip(x: NpsGroup, attribute: NpsBreakdown['attribute'], text: NpsChartText): string {
  return tip(text.value(x, attribute), [
    [text.score, figure(x.score, text.points, x.withheld)],
    [text.interval, range(x.lo, x.hi, text)],
    [text.answers, figure(x.n, text.count, x.withheld, true)],
    ...(few(x.n) ? [[text.few, ''] as [string, string]] : [])
  ]);
}

export function npsBreakdownTable(b: NpsBreakdown, text: NpsChartText): ChartTable {
  const w = (x: NpsGroup): Withheld | undefined => x.withheld;
  return {
    columns: [
      { key: 'value', label: text.group, kind: 'text' },
      { key: 'n', label: text.answers, kind: 'number' },
      ...BANDS.map((k) => ({ key: k, label: text.band[k], kind: 'number' as const })),
      { key: 'score', label: text.score, kind: 'number' },
      { key: 'lo', label: `${text.interval} (−)`, kind: 'number' },
      { key: 'hi', label: `${text.interval} (+)`, kind: 'number' }
    ],
    rows: b.groups.map((x) => ({
      value: text.value(x, b.attribute),
      n: cell(x.n, w(x), true),
      ...Object.fromEntries(BANDS.map((k) => [k, cell(x[k], w(x))])),
      score: cell(x.score, w(x)),
      lo: cell(x.lo, w(x)),
      hi: cell(x.hi, w(x))
    }))
  };
}

// ---------------------------------------------------------------- comment words

export interface WordChartText {
  respondents: string;
  typicality: string;
  word: string;
  band: Record<Band, string>;
  count: (n: number) => string;
  number: (x: number) => string;
  dark: boolean;
}

/**
 * Horizontal bars, first word at the top: how many respondents used each word (`kind` 'top',
 * coloured by nothing but the accent) or how typical it is of one group (`kind` a band: the
 * z-score of the log-odds ratio, in the group's colour). Data items: `{ value, word }`.
 */
export function wordsOption(
  words: readonly { word: string; respondents: number; z?: number; high: number; low: number }[],
  kind: 'top' | 'high' | 'low',
  text: WordChartText
): EChartsOption {
  const theme = chartTheme(text.dark);
  const value = (w: (typeof words)[number]) => (kind === 'top' ? w.respondents : w.z!);
  const base = baseOption(theme, 8, {
    axisPointer: { type: 'shadow' },
    formatter: (params) => {
      const w = words[indexOf(params)];
      return tip(w.word, [
        [text.respondents, text.count(w.respondents)],
        [text.band.high, text.count(w.high)],
        [text.band.low, text.count(w.low)],
        ...(kind === 'top' ? [] : [[text.typicality, text.number(w.z!)] as [string, string]])
      ]);
    }
  });
  return {
    ...base,
    grid: { ...(base.grid as object), right: 40 },
    xAxis: valueAxis(theme, kind === 'top' ? text.count : text.number, { min: 0 }),
    yAxis: { ...categoryAxis(words.map((w) => w.word), theme), inverse: true, axisLabel: { color: theme.text, interval: 0 } },
    series: [
      {
        type: 'bar',
        id: kind,
        name: kind === 'top' ? text.respondents : text.typicality,
        data: words.map((w) => ({ value: value(w), word: w.word })),
        itemStyle: { color: kind === 'top' ? theme.accent : BAND_COLORS[kind] },
        label: { show: true, position: 'right', color: theme.text, formatter: (p: Indexed) => (kind === 'top' ? text.count : text.number)(value(words[p.dataIndex])) },
        barMaxWidth: 18,
        cursor: 'pointer'
      }
    ]
  };
}

export function wordsTable(
  words: readonly { word: string; respondents: number; z?: number; high: number; low: number }[],
  kind: 'top' | 'high' | 'low',
  text: WordChartText
): ChartTable {
  return {
    columns: [
      { key: 'word', label: text.word, kind: 'text' },
      { key: 'respondents', label: text.respondents, kind: 'number' },
      { key: 'high', label: text.band.high, kind: 'number' },
      { key: 'low', label: text.band.low, kind: 'number' },
      ...(kind === 'top' ? [] : [{ key: 'z', label: text.typicality, kind: 'number' as const }])
    ],
    rows: words.map((w) => ({ word: w.word, respondents: w.respondents, high: w.high, low: w.low, ...(kind === 'top' ? {} : { z: w.z! }) }))
  };
}
