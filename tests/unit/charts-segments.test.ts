import { describe, expect, it } from 'vitest';
import { renderSvg } from '../helpers/charts';
import type { EChartsOption } from '$lib/charts/echarts';
import { chartTheme, segmentColor } from '$lib/charts/palette';
import {
  DIMMED,
  clickedSegment,
  movementMatrixTable,
  movementSankeyOption,
  rfmCellSegment,
  rfmHeatmapOption,
  rfmHeatmapTable,
  segmentBarsOption,
  segmentBarsTable,
  segmentBoxplotOption,
  segmentBoxplotTable,
  segmentChartColor,
  type SegmentChartText,
  type SegmentDistribution,
  type SegmentRow
} from '$lib/charts/segments';
import { RFM_SEGMENT_IDS, rfmSegment, type RfmSegmentId } from '$lib/analyses/rfm/segments';
import { CPM_SEGMENTS } from '$lib/analyses/cpm/segments';
import { movementSankey, movementSegmentName } from '$lib/analyses/movement/sankey';
import type { MovementResult, MovementSource } from '$lib/analyses/movement/types';

// ------------------------------------------------------------------ fixtures

/** Formatters that leave a visible mark, so tests can tell which one was used. */
const text: SegmentChartText = {
  segmentName: (id) => movementSegmentName(id as MovementSource, 'ja'),
  segment: 'セグメント',
  customers: '顧客数',
  share: '顧客の割合',
  revenue: '売上',
  revenueShare: '売上の割合',
  rLabel: 'R（最近性）',
  fLabel: 'F（頻度）',
  recencyDays: '最終購入からの日数',
  purchases: '購入回数',
  stats: { min: '最小', q1: '第1四分位', median: '中央値', q3: '第3四分位', max: '最大' },
  sideA: 'A 1月末',
  sideB: 'B 6月末',
  total: '合計',
  money: (n) => `¥${n.toLocaleString('ja-JP')}`,
  moneyAxis: (n) => `${n / 10_000}万`,
  count: (n) => `${n}人`,
  purchaseCount: (n) => `${n}回`,
  days: (n) => `${n}日`,
  percent: (x) => `${Math.round(x * 1000) / 10}%`,
  dark: false
};

/** Distinct values per cell: customers = 10r + f, revenue = 1000 × customers (one cell negative). */
const cells = [5, 4, 3, 2, 1].flatMap((r) =>
  [1, 2, 3, 4, 5].map((f) => ({ r, f, customers: 10 * r + f, revenue: r === 1 && f === 1 ? -5_000 : 1000 * (10 * r + f) }))
);

const rfmRows: SegmentRow[] = RFM_SEGMENT_IDS.map((segment, i) => ({
  segment,
  customers: 100 - i * 5,
  share: (100 - i * 5) / 1000,
  revenue: 50_000 * (11 - i),
  revenueShare: i === 10 ? null : (11 - i) / 100
}));

const stats = (base: number) => ({ min: base, q1: base + 1, median: base + 2.5, q3: base + 4, max: base + 10 });
const distributions: SegmentDistribution[] = [
  { segment: 'champions', customers: 40, recencyDays: stats(0), purchases: stats(5), revenue: stats(80_000) },
  { segment: 'at_risk', customers: 25, recencyDays: stats(200), purchases: stats(3), revenue: stats(20_000) },
  { segment: 'lost', customers: 10, recencyDays: stats(400), purchases: stats(1), revenue: stats(-3_000) }
];

/** A small, consistent movement: rows sum to sizes at A, columns (new included) to sizes at B. */
const movement: MovementResult = (() => {
  const segments: RfmSegmentId[] = ['champions', 'loyal', 'at_risk'];
  const counts: Record<string, number[]> = {
    champions: [30, 8, 2],
    loyal: [5, 20, 0],
    at_risk: [0, 3, 12],
    new: [1, 4, 0]
  };
  const matrix = Object.entries(counts).flatMap(([from, row]) =>
    segments.map((to, j) => ({ from: from as MovementSource, to, customers: row[j] }))
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    scheme: 'rfm',
    dateA: '2024-01-31',
    dateB: '2024-06-30',
    thresholds: null,
    segments,
    matrix,
    sizesA: segments.map((s) => ({ segment: s, customers: sum(counts[s]) })),
    sizesB: segments.map((s, j) => ({ segment: s, customers: sum(Object.values(counts).map((row) => row[j])) })),
    newCustomers: sum(counts.new),
    unchanged: 30 + 20 + 12
  };
})();
const sankey = movementSankey(movement, 'ja');

// ------------------------------------------------------------------ helpers

type Item = {
  value: number | number[];
  segment?: string | null;
  itemStyle?: { color?: string; borderColor?: string; borderWidth?: number; opacity?: number };
  [key: string]: unknown;
};
type Series = {
  type: string;
  data: Item[];
  links?: { source: string; target: string; value: number; from: string; to: string }[];
  label: { formatter: (p: { dataIndex: number }) => string };
};
type Axis = { type: string; name?: string; data?: string[]; inverse?: boolean; axisLabel: { formatter: (v: number) => string } };

const series = (o: EChartsOption) => (o.series as unknown as Series[])[0];
const axis = (o: EChartsOption, key: 'xAxis' | 'yAxis') => o[key] as unknown as Axis;
/** The tooltip formatter's output for the item at dataIndex, tags stripped. */
function tooltipText(o: EChartsOption, params: Record<string, unknown>): string {
  const fn = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
  return fn(params).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

const texts = (svg: string) => [...svg.matchAll(/>([^<>]+)</g)].map((m) => m[1]);

// ------------------------------------------------------------------ heatmap

describe('rfmHeatmapOption', () => {
  const option = rfmHeatmapOption(cells, text, { measure: 'customers' });
  const data = series(option).data;

  it('has all 25 cells at (r-1, f-1) with the input values', () => {
    expect(data).toHaveLength(25);
    for (const c of cells) {
      const item = data.find((d) => d.r === c.r && d.f === c.f)!;
      expect(item.value).toEqual([c.r - 1, c.f - 1, c.customers]);
      expect([item.customers, item.revenue]).toEqual([c.customers, c.revenue]);
    }
    const revenue = series(rfmHeatmapOption(cells, text, { measure: 'revenue' })).data;
    expect(revenue.map((d) => (d.value as number[])[2]).sort((a, b) => a - b)).toEqual(
      cells.map((c) => c.revenue).sort((a, b) => a - b)
    );
  });

  it('fills missing cells with zeros', () => {
    const sparse = series(rfmHeatmapOption([{ r: 5, f: 5, customers: 7, revenue: 70 }], text, { measure: 'customers' })).data;
    expect(sparse).toHaveLength(25);
    expect(sparse.filter((d) => (d.value as number[])[2] !== 0).map((d) => d.value)).toEqual([[4, 4, 7]]);
  });

  it('R on x, F on y, scores 1–5, named from the text', () => {
    expect(axis(option, 'xAxis')).toMatchObject({ type: 'category', data: ['1', '2', '3', '4', '5'], name: 'R（最近性）' });
    expect(axis(option, 'yAxis')).toMatchObject({ type: 'category', data: ['1', '2', '3', '4', '5'], name: 'F（頻度）' });
  });

  it('maps colour with a hidden continuous visualMap from min(0, values) to the largest value', () => {
    expect(option.visualMap).toMatchObject({ type: 'continuous', show: false, min: 0, max: 55, dimension: 2 });
    const revenue = rfmHeatmapOption(cells, text, { measure: 'revenue' });
    expect(revenue.visualMap).toMatchObject({ min: -5_000, max: 55_000 });
    const empty = rfmHeatmapOption([], text, { measure: 'customers' });
    expect(empty.visualMap).toMatchObject({ min: 0, max: 1 });
  });

  it('labels cells with text.count or text.moneyAxis', () => {
    const i = data.findIndex((d) => d.r === 3 && d.f === 2);
    expect(series(option).label.formatter({ dataIndex: i })).toBe('32人');
    const revenue = rfmHeatmapOption(cells, text, { measure: 'revenue' });
    expect(series(revenue).label.formatter({ dataIndex: i })).toBe('3.2万');
  });

  it('tooltip: R, F, the segment when the cell has only one, customers and revenue', () => {
    const at = (r: number, f: number) => data.findIndex((d) => d.r === r && d.f === f);
    expect(tooltipText(option, { dataIndex: at(5, 1) })).toBe('R（最近性） 5 · F（頻度） 1 セグメント 新規顧客 顧客数 51人 売上 ¥51,000');
    expect(tooltipText(option, { dataIndex: at(5, 5) })).toBe('R（最近性） 5 · F（頻度） 5 顧客数 55人 売上 ¥55,000');
  });

  it('marks cells with their segment only where M does not split them', () => {
    expect(rfmCellSegment(5, 1)).toBe('new_customers');
    expect(rfmCellSegment(3, 3)).toBe('need_attention');
    expect(rfmCellSegment(5, 5)).toBeNull(); // champions or loyal
    expect(rfmCellSegment(1, 1)).toBeNull(); // lost or hibernating
    expect(data.find((d) => d.r === 4 && d.f === 1)?.segment).toBe('promising');
  });

  it('outlines the cells the selected segment can occupy, and only those', () => {
    const outlined = (selected: RfmSegmentId | null) =>
      series(rfmHeatmapOption(cells, text, { measure: 'customers', selected }))
        .data.filter((d) => d.itemStyle?.borderWidth === 2)
        .map((d) => `${d.r}${d.f}`)
        .sort();
    expect(outlined('champions')).toEqual(['44', '45', '54', '55']);
    expect(outlined('lost')).toEqual(['11', '12']);
    expect(outlined('need_attention')).toEqual(['33']);
    expect(outlined(null)).toEqual([]);
  });

  it('uses dark-mode colours', () => {
    expect(rfmHeatmapOption(cells, { ...text, dark: true }, { measure: 'customers' }).textStyle).toMatchObject({
      color: chartTheme(true).text
    });
  });

  it('table: 25 rows, R descending then F ascending, raw values', () => {
    const t = rfmHeatmapTable([...cells].reverse(), text);
    expect(t.columns.map((c) => c.label)).toEqual(['R（最近性）', 'F（頻度）', '顧客数', '売上']);
    expect(t.rows).toHaveLength(25);
    expect(t.rows[0]).toEqual({ r: 5, f: 1, customers: 51, revenue: 51_000 });
    expect(t.rows[24]).toEqual({ r: 1, f: 5, customers: 15, revenue: 15_000 });
    expect(t.rows.find((r) => r.r === 1 && r.f === 1)?.revenue).toBe(-5_000);
  });
});

// ------------------------------------------------------------------ bars

describe('segmentBarsOption', () => {
  const option = segmentBarsOption(rfmRows, text, { measure: 'customers' });
  const data = series(option).data;

  it('one bar per segment in display order, values and ids from the input', () => {
    expect(data.map((d) => d.value)).toEqual(rfmRows.map((r) => r.customers));
    expect(data.map((d) => d.segment)).toEqual([...RFM_SEGMENT_IDS]);
    expect(axis(option, 'yAxis').data).toEqual(RFM_SEGMENT_IDS.map((id) => rfmSegment(id).name.ja));
    expect(axis(option, 'yAxis').inverse).toBe(true);
    const revenue = series(segmentBarsOption(rfmRows, text, { measure: 'revenue' })).data;
    expect(revenue.map((d) => d.value)).toEqual(rfmRows.map((r) => r.revenue));
  });

  it('follows the given order', () => {
    const order = [...RFM_SEGMENT_IDS].reverse();
    const o = segmentBarsOption(rfmRows, text, { measure: 'customers', order });
    expect(series(o).data.map((d) => d.segment)).toEqual(order);
    expect(series(o).data[0].value).toBe(rfmRows[10].customers);
  });

  it('colours bars by segment id, and dims all but the selected segment', () => {
    expect(data.map((d) => d.itemStyle?.color)).toEqual(RFM_SEGMENT_IDS.map(segmentChartColor));
    expect(data.every((d) => d.itemStyle?.opacity === 1)).toBe(true);
    const selected = series(segmentBarsOption(rfmRows, text, { measure: 'customers', selected: 'at_risk' })).data;
    expect(selected.map((d) => d.itemStyle?.opacity)).toEqual(RFM_SEGMENT_IDS.map((id) => (id === 'at_risk' ? 1 : DIMMED)));
  });

  it('formats axis and bar labels with text.count / text.moneyAxis', () => {
    expect(axis(option, 'xAxis').axisLabel.formatter(40)).toBe('40人');
    expect(series(option).label.formatter({ dataIndex: 1 })).toBe('95人');
    const revenue = segmentBarsOption(rfmRows, text, { measure: 'revenue' });
    expect(axis(revenue, 'xAxis').axisLabel.formatter(500_000)).toBe('50万');
    expect(series(revenue).label.formatter({ dataIndex: 0 })).toBe('55万');
  });

  it('tooltip: customers, share, revenue and revenue share (— when null)', () => {
    expect(tooltipText(option, { dataIndex: 0 })).toBe('最優良顧客 顧客数 100人 顧客の割合 10% 売上 ¥550,000 売上の割合 11%');
    expect(tooltipText(option, [{ dataIndex: 10 }] as never)).toBe('離反顧客 顧客数 50人 顧客の割合 5% 売上 ¥50,000 売上の割合 —');
    const bare = segmentBarsOption([{ segment: 'loyal', customers: 3, revenue: 9 }], text, { measure: 'customers' });
    expect(tooltipText(bare, { dataIndex: 0 })).toBe('ロイヤル顧客 顧客数 3人 売上 ¥9');
  });

  it('works for CPM rows too', () => {
    const cpm = CPM_SEGMENTS.map((s, i) => ({ segment: s.id, customers: i + 1, revenue: 1000 * i }));
    const o = segmentBarsOption(cpm, { ...text, segmentName: (id) => `cpm:${id}` }, { measure: 'customers' });
    expect(series(o).data.map((d) => [d.segment, d.value])).toEqual(cpm.map((r) => [r.segment, r.customers]));
    expect(axis(o, 'yAxis').data?.[0]).toBe('cpm:first_active');
    expect(series(o).data.map((d) => d.itemStyle?.color)).toEqual(cpm.map((r) => segmentChartColor(r.segment)));
  });

  it('table: names, raw counts, fractions and null revenue share', () => {
    const t = segmentBarsTable(rfmRows, text);
    expect(t.columns.map((c) => [c.label, c.kind])).toEqual([
      ['セグメント', 'text'],
      ['顧客数', 'number'],
      ['顧客の割合', 'percent'],
      ['売上', 'money'],
      ['売上の割合', 'percent']
    ]);
    expect(t.rows[0]).toEqual({ segment: '最優良顧客', customers: 100, share: 0.1, revenue: 550_000, revenueShare: 0.11 });
    expect(t.rows[10].revenueShare).toBeNull();
  });
});

// ------------------------------------------------------------------ boxplot

describe('segmentBoxplotOption', () => {
  const option = segmentBoxplotOption(distributions, text, { dimension: 'recencyDays' });
  const data = series(option).data;

  it('one box per segment with the five statistics of the chosen dimension', () => {
    expect(data.map((d) => d.segment)).toEqual(['champions', 'at_risk', 'lost']);
    expect(data[1].value).toEqual([200, 201, 202.5, 204, 210]);
    const revenue = series(segmentBoxplotOption(distributions, text, { dimension: 'revenue' })).data;
    expect(revenue[2].value).toEqual([-3_000, -2_999, -2_997.5, -2_996, -2_990]);
    expect(axis(option, 'yAxis').data).toEqual(['最優良顧客', '離反危険顧客', '離反顧客']);
  });

  it('names and formats the value axis per dimension', () => {
    const x = (dimension: 'recencyDays' | 'purchases' | 'revenue') => axis(segmentBoxplotOption(distributions, text, { dimension }), 'xAxis');
    expect([x('recencyDays').name, x('recencyDays').axisLabel.formatter(30)]).toEqual(['最終購入からの日数', '30日']);
    expect([x('purchases').name, x('purchases').axisLabel.formatter(2)]).toEqual(['購入回数', '2回']);
    expect([x('revenue').name, x('revenue').axisLabel.formatter(100_000)]).toEqual(['売上', '10万']);
  });

  it('uses a log axis only when asked and every minimum is positive', () => {
    const type = (log: boolean, d = distributions) => axis(segmentBoxplotOption(d, text, { dimension: 'revenue', log }), 'xAxis').type;
    expect(type(false)).toBe('value');
    expect(type(true)).toBe('value'); // 'lost' has negative revenue
    expect(type(true, distributions.slice(0, 2))).toBe('log');
  });

  it('tooltip: customers and the five statistics with the dimension formatter', () => {
    expect(tooltipText(option, { dataIndex: 0 })).toBe('最優良顧客 顧客数 40人 最小 0日 第1四分位 1日 中央値 2.5日 第3四分位 4日 最大 10日');
    const revenue = segmentBoxplotOption(distributions, text, { dimension: 'revenue' });
    expect(tooltipText(revenue, { dataIndex: 1 })).toContain('中央値 ¥20,002.5');
  });

  it('colours boxes by segment id and dims all but the selected one', () => {
    expect(data.map((d) => d.itemStyle?.borderColor)).toEqual(['champions', 'at_risk', 'lost'].map(segmentChartColor));
    const sel = series(segmentBoxplotOption(distributions, text, { dimension: 'purchases', selected: 'lost' })).data;
    expect(sel.map((d) => d.itemStyle?.opacity)).toEqual([DIMMED, DIMMED, 1]);
  });

  it('table: the statistics of the chosen dimension, money or number', () => {
    const t = segmentBoxplotTable(distributions, text, 'purchases');
    expect(t.columns.map((c) => c.label)).toEqual(['セグメント', '顧客数', '最小', '第1四分位', '中央値', '第3四分位', '最大']);
    expect(t.rows[0]).toEqual({ segment: '最優良顧客', customers: 40, min: 5, q1: 6, median: 7.5, q3: 9, max: 15 });
    expect(t.columns[4].kind).toBe('number');
    expect(segmentBoxplotTable(distributions, text, 'revenue').columns[4].kind).toBe('money');
  });
});

// ------------------------------------------------------------------ movement

describe('movementSankeyOption', () => {
  const option = movementSankeyOption(sankey, text);
  const s = series(option);

  it('nodes: A side at depth 0 (new last), B side at depth 1, with input sizes', () => {
    expect(s.data.map((n) => [n.id, n.depth, n.value])).toEqual([
      ['a:champions', 0, 40],
      ['a:loyal', 0, 25],
      ['a:at_risk', 0, 15],
      ['a:new', 0, 5],
      ['b:champions', 1, 36],
      ['b:loyal', 1, 35],
      ['b:at_risk', 1, 14]
    ]);
    expect(s.data.map((n) => n.name)).toContain('新規（A以降の初回購入）');
  });

  it('links sum to each node: outgoing = size at A, incoming = size at B', () => {
    const links = s.links!;
    expect(links.every((l) => l.value > 0)).toBe(true);
    const out = (id: string) => links.filter((l) => l.source === id).reduce((a, l) => a + l.value, 0);
    const into = (id: string) => links.filter((l) => l.target === id).reduce((a, l) => a + l.value, 0);
    for (const { segment, customers } of movement.sizesA) expect(out(`a:${segment}`)).toBe(customers);
    for (const { segment, customers } of movement.sizesB) expect(into(`b:${segment}`)).toBe(customers);
    expect(out('a:new')).toBe(movement.newCustomers);
    expect(links.find((l) => l.source === 'a:champions' && l.target === 'b:at_risk')).toMatchObject({ value: 2, from: 'champions', to: 'at_risk' });
  });

  it('colours a segment the same on both sides; new keeps its pinned colour', () => {
    const colour = (id: string) => s.data.find((n) => n.id === id)?.itemStyle?.color;
    expect(colour('a:loyal')).toBe(colour('b:loyal'));
    expect(colour('a:champions')).not.toBe(colour('a:loyal'));
    expect(colour('a:new')).toBe(segmentColor('new'));
  });

  it('labels nodes with the name and text.count; headings are the two sides', () => {
    expect(s.label.formatter({ dataIndex: 3 })).toBe('新規（A以降の初回購入） 5人');
    expect((option.title as { text: string }[]).map((t) => t.text)).toEqual(['A 1月末', 'B 6月末']);
  });

  it('tooltip: "A → B: n" for links, the side and size for nodes', () => {
    const link = s.links![1];
    expect(tooltipText(option, { dataType: 'edge', dataIndex: 1, data: link })).toBe('最優良顧客 → ロイヤル顧客: 8人');
    expect(tooltipText(option, { dataType: 'node', dataIndex: 5 })).toBe('B 6月末 ロイヤル顧客 35人');
  });
});

describe('tooltips escape names from the text', () => {
  const evil = { ...text, segmentName: (id: string) => `<img src=x onerror=${id}>` };
  it('bars and Sankey links', () => {
    const bars = segmentBarsOption(rfmRows, evil, { measure: 'customers' });
    const fn = (o: EChartsOption) => (o.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(fn(bars)({ dataIndex: 0 })).toContain('&#60;img src=x onerror=champions&#62;');
    const o = movementSankeyOption(sankey, evil);
    const html = fn(o)({ dataType: 'edge', dataIndex: 0, data: series(o).links![1] });
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=loyal&#62;');
  });
});

describe('colours are consistent across charts', () => {
  it('the same segment id has the same colour in bars, box plot and Sankey', () => {
    const bars = series(segmentBarsOption(rfmRows, text, { measure: 'customers' })).data;
    const boxes = series(segmentBoxplotOption(distributions, text, { dimension: 'purchases' })).data;
    const nodes = series(movementSankeyOption(sankey, text)).data;
    const barColour = (id: string) => bars.find((d) => d.segment === id)?.itemStyle?.color;
    for (const id of ['champions', 'at_risk', 'lost']) {
      expect(boxes.find((d) => d.segment === id)?.itemStyle?.borderColor, id).toBe(barColour(id));
    }
    for (const id of ['champions', 'loyal', 'at_risk']) {
      expect(nodes.find((d) => d.id === `a:${id}`)?.itemStyle?.color, id).toBe(barColour(id));
    }
  });

  it('neighbouring RFM segments differ; CPM segments are all distinct; new is unlike any segment', () => {
    const rfm = RFM_SEGMENT_IDS.map(segmentChartColor);
    rfm.slice(1).forEach((c, i) => expect(c, RFM_SEGMENT_IDS[i + 1]).not.toBe(rfm[i]));
    expect(new Set(rfm).size).toBe(6);
    const cpm = CPM_SEGMENTS.map((s) => segmentChartColor(s.id));
    expect(new Set(cpm).size).toBe(10);
    // Same stage, same hue: the lapsed colour is the active one faded toward grey.
    expect(segmentChartColor('yuryo_lapsed')).not.toBe(segmentChartColor('yuryo_active'));
    expect([...rfm, ...cpm]).not.toContain(segmentChartColor('new'));
    expect(segmentChartColor('new')).toBe(segmentColor('new'));
    expect(segmentChartColor('some_other')).toBe(segmentColor('some_other'));
  });
});

describe('movementMatrixTable', () => {
  const t = movementMatrixTable(movement, text);

  it('rows: segments at A then new, then totals; columns: segments at B and the row total', () => {
    expect(t.columns.map((c) => c.key)).toEqual(['from', 'champions', 'loyal', 'at_risk', 'total']);
    expect(t.columns.map((c) => c.label)).toEqual(['A 1月末 → B 6月末', '最優良顧客', 'ロイヤル顧客', '離反危険顧客', '合計']);
    expect(t.rows.map((r) => r.from)).toEqual(['最優良顧客', 'ロイヤル顧客', '離反危険顧客', '新規（A以降の初回購入）', '合計']);
    expect(t.rows[0]).toEqual({ from: '最優良顧客', champions: 30, loyal: 8, at_risk: 2, total: 40 });
  });

  it('row totals equal sizes at A (and new customers); the totals row equals sizes at B', () => {
    expect(t.rows.slice(0, 3).map((r) => r.total)).toEqual(movement.sizesA.map((s) => s.customers));
    expect(t.rows[3].total).toBe(movement.newCustomers);
    const totals = t.rows[4];
    expect(movement.sizesB.map((s) => totals[s.segment])).toEqual(movement.sizesB.map((s) => s.customers));
    expect(totals.total).toBe(40 + 25 + 15 + 5);
  });
});

// ------------------------------------------------------------------ clicks

describe('clickedSegment', () => {
  it('reads the segment id of a clicked item, null for anything else', () => {
    const bar = series(segmentBarsOption(rfmRows, text, { measure: 'customers' })).data[2];
    expect(clickedSegment({ data: bar })).toBe('potential_loyalist');
    const node = series(movementSankeyOption(sankey, text)).data[1];
    expect(clickedSegment({ dataType: 'node', data: node })).toBe('loyal');
    const link = series(movementSankeyOption(sankey, text)).links![0];
    expect(clickedSegment({ dataType: 'edge', data: link })).toBeNull();
    expect(clickedSegment({ data: { segment: null } })).toBeNull();
    expect(clickedSegment(null)).toBeNull();
    expect(clickedSegment({ data: 3 })).toBeNull();
  });
});

// ------------------------------------------------------------------ rendering

describe('options render with the registered components', () => {
  it('heatmap: cell labels and axis names are drawn', () => {
    const svg = texts(renderSvg(rfmHeatmapOption(cells, text, { measure: 'customers', selected: 'champions' })));
    expect(svg).toEqual(expect.arrayContaining(['55人', '11人', '32人', 'R（最近性）', 'F（頻度）']));
  });

  it('bars: segment names and value labels are drawn', () => {
    const svg = texts(renderSvg(segmentBarsOption(rfmRows, text, { measure: 'revenue', selected: 'loyal' })));
    expect(svg).toEqual(expect.arrayContaining(['最優良顧客', '離反顧客', '55万']));
    expect(svg).not.toContain('550000');
  });

  it('box plot: segment names and the dimension axis are drawn', () => {
    const svg = texts(renderSvg(segmentBoxplotOption(distributions, text, { dimension: 'recencyDays' })));
    expect(svg).toEqual(expect.arrayContaining(['最優良顧客', '離反顧客', '最終購入からの日数', '0日']));
  });

  it('box plot on a log axis renders', () => {
    const svg = texts(renderSvg(segmentBoxplotOption(distributions.slice(0, 2), text, { dimension: 'revenue', log: true })));
    expect(svg).toEqual(expect.arrayContaining(['最優良顧客', '売上']));
  });

  it('sankey: headings and node labels on both sides are drawn', () => {
    const svg = texts(renderSvg(movementSankeyOption(sankey, text)));
    expect(svg).toEqual(expect.arrayContaining(['A 1月末', 'B 6月末', '最優良顧客 40人', '最優良顧客 36人', '新規（A以降の初回購入） 5人']));
    expect(svg.join('')).not.toContain('a:champions');
  });
});
