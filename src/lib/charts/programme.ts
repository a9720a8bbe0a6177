/**
 * Charts of the programme-effect page (analyses/programme): the event study (members minus
 * matched non-members, month by month around joining, with 95 % intervals) and the balance
 * plot (standardised mean differences before and after matching, a "Love plot").
 */
import type { EChartsOption } from './echarts';
import { baseOption, categoryAxis, indexOf, intervalBand, tip, valueAxis } from './common';
import { OTHER_COLOR, chartTheme } from './palette';
import type { ChartTable } from './table';
import { BALANCED_SMD, type BalanceRow, type StudyMonth } from '../analyses/programme/types';
import type { BalanceFeature } from '../analyses/programme/sql';
import type { Interval } from '../analyses/programme/stats';

export type StudyMeasure = 'spend' | 'buys';

export interface ProgrammeChartText {
  /** A month relative to joining as read (0: the month of joining). */
  month: (k: number) => string;
  monthAxis: string;
  members: string;
  matched: string;
  difference: string;
  interval: string;
  measure: Record<StudyMeasure, string>;
  value: Record<StudyMeasure, (v: number) => string>;
  featureName: string;
  feature: Record<BalanceFeature, string>;
  featureValue: (f: BalanceFeature, v: number) => string;
  before: string;
  after: string;
  smd: string;
  count: (n: number) => string;
  dark: boolean;
}

/** A 95 % interval as read: 'lo … hi', or '—' without one. */
export const intervalText = (i: Interval, format: (v: number) => string) =>
  i.lo === null || i.hi === null ? '—' : `${format(i.lo)} … ${format(i.hi)}`;

// ---------------------------------------------------------------- event study

/**
 * Members minus matched non-members per month from joining, as a line with its 95 % interval
 * as a band, a zero line and a mark at the month of joining. Before joining the line should stay
 * on zero (the pre-trend); after it, its height is the programme's effect that month.
 */
export function eventStudyOption(study: StudyMonth[], measure: StudyMeasure, text: ProgrammeChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const format = text.value[measure];
  const d = study.map((m) => m[measure].diff);
  const joinAt = study.findIndex((m) => m.k === 0);
  return {
    ...baseOption(theme, 28, {
      formatter: (params) => {
        const m = study[indexOf(params)];
        const x = m[measure];
        return tip(text.month(m.k), [
          [text.members, format(x.members)],
          [text.matched, format(x.matched)],
          [text.difference, x.diff.value === null ? '—' : format(x.diff.value)],
          [text.interval, intervalText(x.diff, format)],
          [`${text.members} (n)`, text.count(m.members)]
        ]);
      }
    }),
    xAxis: { ...categoryAxis(study.map((m) => text.month(m.k)), theme), name: text.monthAxis, nameLocation: 'middle', nameGap: 28 },
    yAxis: valueAxis(theme, format, { name: text.difference, nameGap: 56 }),
    series: [
      ...intervalBand(d.map((x) => x.lo), d.map((x) => x.hi), theme.accent),
      {
        type: 'line',
        id: 'difference',
        name: text.difference,
        data: d.map((x) => x.value),
        lineStyle: { color: theme.accent, width: 2 },
        itemStyle: { color: theme.accent },
        symbolSize: 6,
        z: 3,
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: theme.axis, type: 'dashed' },
          label: { show: false },
          data: [{ yAxis: 0 }, ...(joinAt >= 0 ? [{ xAxis: joinAt }] : [])]
        }
      }
    ]
  };
}

export function eventStudyTable(study: StudyMonth[], measure: StudyMeasure, text: ProgrammeChartText): ChartTable {
  const kind = measure === 'spend' ? ('money' as const) : ('number' as const);
  return {
    columns: [
      { key: 'month', label: text.monthAxis, kind: 'text' },
      { key: 'n', label: `${text.members} (n)`, kind: 'number' },
      { key: 'members', label: text.members, kind },
      { key: 'matched', label: text.matched, kind },
      { key: 'diff', label: text.difference, kind },
      { key: 'lo', label: `${text.interval} (−)`, kind },
      { key: 'hi', label: `${text.interval} (+)`, kind }
    ],
    rows: study.map((m) => {
      const x = m[measure];
      return { month: text.month(m.k), n: m.members, members: x.members, matched: x.matched, diff: x.diff.value, lo: x.diff.lo, hi: x.diff.hi };
    })
  };
}

// ---------------------------------------------------------------- balance

/**
 * Each feature's standardised mean difference (members − non-members, in standard deviations)
 * before matching (grey) and after (accent), with dashed lines at zero and at ±BALANCED_SMD (within them counts as balanced).
 */
export function balanceOption(rows: BalanceRow[], text: ProgrammeChartText): EChartsOption {
  const theme = chartTheme(text.dark);
  const labels = rows.map((r) => text.feature[r.feature]);
  const smd = (v: number) => v.toFixed(2);
  const point = (color: string, id: 'before' | 'after', name: string, pick: (r: BalanceRow) => number | null) => ({
    type: 'scatter' as const,
    id,
    name,
    data: rows.map((r, i) => [pick(r), i]),
    itemStyle: { color },
    symbolSize: 10,
    z: 3
  });
  return {
    ...baseOption(theme, 28, {
      trigger: 'item',
      formatter: (params) => {
        const r = rows[indexOf(params)];
        const value = (v: number | null) => (v === null ? '—' : text.featureValue(r.feature, v));
        return tip(text.feature[r.feature], [
          [text.members, value(r.members)],
          [`${text.before}: ${text.matched}`, value(r.before)],
          [`${text.after}: ${text.matched}`, value(r.after)],
          [`${text.smd} (${text.before})`, r.smdBefore === null ? '—' : smd(r.smdBefore)],
          [`${text.smd} (${text.after})`, r.smdAfter === null ? '—' : smd(r.smdAfter)]
        ]);
      }
    }),
    legend: { top: 0, left: 0, data: [text.before, text.after], textStyle: { color: theme.text } },
    xAxis: valueAxis(theme, smd, { name: text.smd, nameGap: 28 }),
    yAxis: { ...categoryAxis(labels, theme), inverse: true },
    series: [
      {
        ...point(OTHER_COLOR, 'before', text.before, (r) => r.smdBefore),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: theme.axis, type: 'dashed' },
          label: { show: false },
          data: [{ xAxis: -BALANCED_SMD }, { xAxis: 0 }, { xAxis: BALANCED_SMD }]
        }
      },
      point(theme.accent, 'after', text.after, (r) => r.smdAfter)
    ]
  };
}

export function balanceTable(rows: BalanceRow[], text: ProgrammeChartText): ChartTable {
  return {
    columns: [
      { key: 'feature', label: text.featureName, kind: 'text' },
      { key: 'members', label: text.members, kind: 'number' },
      { key: 'before', label: `${text.matched} (${text.before})`, kind: 'number' },
      { key: 'after', label: `${text.matched} (${text.after})`, kind: 'number' },
      { key: 'smdBefore', label: `${text.smd} (${text.before})`, kind: 'number' },
      { key: 'smdAfter', label: `${text.smd} (${text.after})`, kind: 'number' }
    ],
    rows: rows.map((r) => ({
      feature: text.feature[r.feature],
      members: r.members,
      before: r.before,
      after: r.after,
      smdBefore: r.smdBefore,
      smdAfter: r.smdAfter
    }))
  };
}
