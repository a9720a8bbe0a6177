import { describe, expect, it } from 'vitest';
import { renderSvg } from '../helpers/charts';
import type { EChartsOption } from '$lib/charts/echarts';
import { dataUrlToBlob, tableToCsv, type ChartTable } from '$lib/charts/table';
import { CATEGORICAL, chartTheme, segmentColor, segmentColors } from '$lib/charts/palette';
import {
  activeCustomersOption,
  activeCustomersTable,
  monthlyRevenueOption,
  monthlyRevenueTable,
  paretoOption,
  paretoTable,
  revenueShareAt,
  type ChartText
} from '$lib/charts/overview';
import { parseCsv } from '../helpers/csv';

// ------------------------------------------------------------------ fixtures

/** Formatters that leave a visible mark, so tests can tell which one was used. */
function makeText(dark = false): ChartText {
  return {
    newCustomers: '新規顧客',
    returningCustomers: '既存顧客',
    revenue: '売上',
    activeCustomers: 'アクティブ顧客',
    customerShare: '顧客の割合',
    revenueShare: '売上の割合',
    period: '月',
    month: (ym) => `${ym.slice(0, 4)}年${Number(ym.slice(5))}月`,
    money: (n) => `¥${n.toLocaleString('ja-JP')}`,
    moneyAxis: (n) => `${n / 10_000}万`,
    count: (n) => `${n}人`,
    percent: (x) => `${Math.round(x * 1000) / 10}%`,
    dark
  };
}

const monthly = [
  { month: '2024-01', newRevenue: 120_000, returningRevenue: 380_000, newCustomers: 12, returningCustomers: 40, activeCustomers: 52 },
  { month: '2024-02', newRevenue: 90_000, returningRevenue: 410_000, newCustomers: 9, returningCustomers: 44, activeCustomers: 53 },
  { month: '2024-03', newRevenue: -15_000, returningRevenue: 455_000, newCustomers: 7, returningCustomers: 47, activeCustomers: 54 }
];

const pareto = [
  { customerShare: 0, revenueShare: 0 },
  { customerShare: 0.1, revenueShare: 0.5 },
  { customerShare: 0.3, revenueShare: 0.8 },
  { customerShare: 1, revenueShare: 1 }
];

// ------------------------------------------------------------------ helpers

type Series = {
  type: string;
  id?: string;
  name?: string;
  stack?: string;
  data: unknown[];
  markLine?: { data: { name?: string; coord: number[]; label?: { formatter?: string } }[][] };
};
type Axis = {
  type?: string;
  data?: string[];
  name?: string;
  min?: number;
  max?: number;
  minInterval?: number;
  axisLabel: { formatter: (v: number) => string };
};

function seriesOf(option: EChartsOption): Series[] {
  return option.series as unknown as Series[];
}

function axis(option: EChartsOption, key: 'xAxis' | 'yAxis'): Axis {
  return option[key] as unknown as Axis;
}

/** The tooltip's formatter or valueFormatter, callable with test params. */
function tooltipFn(option: EChartsOption, key: 'formatter' | 'valueFormatter'): (...args: unknown[]) => string {
  const fn = (option.tooltip as Record<string, unknown>)[key];
  expect(fn, `tooltip.${key}`).toBeTypeOf('function');
  return fn as (...args: unknown[]) => string;
}

/** What ECharts hands an axis tooltip formatter for one month (marker HTML is ECharts' own). */
function monthParams(option: EChartsOption, month: number, visible = [0, 1]) {
  const xs = axis(option, 'xAxis').data!;
  return visible.map((i) => ({
    seriesIndex: i,
    seriesName: seriesOf(option)[i].name,
    name: xs[month],
    value: seriesOf(option)[i].data[month],
    marker: `<span class="m${i}"></span>`
  }));
}

// ------------------------------------------------------------------ CSV

describe('tableToCsv', () => {
  const table: ChartTable = {
    columns: [
      { key: 'name', label: '顧客名', kind: 'text' },
      { key: 'amount', label: '売上（円）', kind: 'money' }
    ],
    rows: [
      { name: '山田 太郎', amount: 1200 },
      { name: 'a,b', amount: -5 },
      { name: 'say "hi"', amount: 0.25 },
      { name: 'line1\nline2', amount: null },
      { name: '=SUM(A1)', amount: -1234.5 },
      { name: '+81', amount: 3 },
      { name: '-x', amount: 4 },
      { name: '@x', amount: 5 },
      { name: '\tx', amount: 6 },
      { name: '\rx', amount: 7 },
      { name: null, amount: Number.NaN }
    ]
  };
  const csv = tableToCsv(table);

  it('starts with a UTF-8 BOM and keeps Japanese text intact', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.startsWith('\uFEFF顧客名,売上（円）\r\n')).toBe(true);
    expect(csv).toContain('\r\n山田 太郎,1200\r\n');
    // The BOM encodes as EF BB BF, the Japanese as UTF-8.
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('ends every record with CRLF and has no bare LF outside quoted fields', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    const outsideQuotes = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes).not.toMatch(/[^\r]\n/);
    expect(outsideQuotes.split('\r\n')).toHaveLength(table.rows.length + 2);
  });

  it('quotes commas, quotes and newlines (RFC 4180)', () => {
    expect(csv).toContain('\r\n"a,b",-5\r\n');
    expect(csv).toContain('\r\n"say ""hi""",0.25\r\n');
    expect(csv).toContain('\r\n"line1\nline2",\r\n');
  });

  it('prefixes formula-like text cells with a quote', () => {
    expect(csv).toContain("\r\n'=SUM(A1),-1234.5\r\n");
    expect(csv).toContain("\r\n'+81,3\r\n");
    expect(csv).toContain("\r\n'-x,4\r\n");
    expect(csv).toContain("\r\n'@x,5\r\n");
    expect(csv).toContain("\r\n'\tx,6\r\n");
    // CR forces quoting as well; the quote prefix stays inside the field.
    expect(csv).toContain('\r\n"\'\rx",7\r\n');
  });

  it('writes numbers, negative ones included, as plain numbers', () => {
    expect(csv).toContain(',-5\r\n');
    expect(csv).not.toContain("'-5");
    expect(csv).not.toContain("'-1234.5");
  });

  it('writes null and non-finite numbers as empty cells', () => {
    expect(csv.endsWith('\r\n,\r\n')).toBe(true);
  });

  it('reads back as exactly the cells written', () => {
    expect(parseCsv(csv.slice(1))).toEqual([
      ['顧客名', '売上（円）'],
      ['山田 太郎', '1200'],
      ['a,b', '-5'],
      ['say "hi"', '0.25'],
      ['line1\nline2', ''],
      ["'=SUM(A1)", '-1234.5'],
      ["'+81", '3'],
      ["'-x", '4'],
      ["'@x", '5'],
      ["'\tx", '6'],
      ["'\rx", '7'],
      ['', '']
    ]);
  });

  it('produces the exact bytes for a small table', () => {
    const small: ChartTable = {
      columns: [
        { key: 'm', label: '月' },
        { key: 'v', label: 'value', kind: 'number' }
      ],
      rows: [{ m: '2024-01', v: 1 }]
    };
    expect(tableToCsv(small)).toBe('\uFEFF月,value\r\n2024-01,1\r\n');
  });
});

describe('dataUrlToBlob', () => {
  it('decodes a base64 data URL with its MIME type', async () => {
    const blob = dataUrlToBlob(`data:image/png;base64,${btoa('\x89PNG')}`);
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('rejects anything that is not a base64 data URL', () => {
    expect(() => dataUrlToBlob('https://example.com/x.png')).toThrow();
  });
});

// ------------------------------------------------------------------ palette

describe('palette', () => {
  it('gives pinned segments fixed colours and others a stable palette colour', () => {
    expect(segmentColor('new')).not.toBe(segmentColor('returning'));
    expect(segmentColor('champions')).toBe(segmentColor('champions'));
    expect(CATEGORICAL).toContain(segmentColor('champions'));
  });

  it('gives a set of segments distinct colours regardless of order', () => {
    const keys = ['champions', 'loyal', 'at_risk', 'hibernating', 'new', 'returning'];
    const a = segmentColors(keys);
    const b = segmentColors([...keys].reverse());
    expect(a).toEqual(b);
    expect(new Set(Object.values(a)).size).toBe(keys.length);
    expect(a.new).toBe(segmentColor('new'));
  });

  it('has separate light and dark text colours', () => {
    expect(chartTheme(true).text).not.toBe(chartTheme(false).text);
  });
});

// ------------------------------------------------------------------ overview options

describe('monthlyRevenueOption', () => {
  const text = makeText();
  const option = monthlyRevenueOption(monthly, text);
  const series = seriesOf(option);

  it('stacks two bar series, new and returning, with a clickable legend', () => {
    expect(series.map((s) => [s.type, s.id, s.name])).toEqual([
      ['bar', 'new', text.newCustomers],
      ['bar', 'returning', text.returningCustomers]
    ]);
    expect(series[0].stack).toBeTruthy();
    expect(series[1].stack).toBe(series[0].stack);
    expect((option.legend as { selectedMode?: unknown }).selectedMode ?? true).not.toBe(false);
  });

  it('plots exactly the input values per month', () => {
    expect(axis(option, 'xAxis').data).toEqual(['2024年1月', '2024年2月', '2024年3月']);
    expect(series[0].data).toEqual(monthly.map((p) => p.newRevenue));
    expect(series[1].data).toEqual(monthly.map((p) => p.returningRevenue));
  });

  it('labels the money axis with text.moneyAxis and lets ECharts choose the ticks', () => {
    const y = axis(option, 'yAxis');
    expect(y.type).toBe('value');
    expect(y.min).toBeUndefined();
    expect(y.max).toBeUndefined();
    expect(y.axisLabel.formatter(500_000)).toBe('50万');
    expect(y.axisLabel.formatter(-100_000)).toBe('-10万');
  });

  it('tooltip: the month, both series with text.money and their total', () => {
    const html = tooltipFn(option, 'formatter')(monthParams(option, 2));
    const at = (s: string) => {
      const i = html.indexOf(s);
      expect(i, s).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      '2024年3月',
      '<span class="m0"></span>',
      '新規顧客',
      '¥-15,000',
      '<span class="m1"></span>',
      '既存顧客',
      '¥455,000',
      '売上',
      '¥440,000'
    ].map(at);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('tooltip: the total counts only the series still shown', () => {
    const html = tooltipFn(option, 'formatter')(monthParams(option, 0, [1]));
    expect(html).not.toContain(text.newCustomers);
    expect(html).not.toContain('¥500,000');
    expect(html.split('¥380,000')).toHaveLength(3); // the row and the total
  });

  it('tooltip: escapes series names, month labels and the total label', () => {
    const o = monthlyRevenueOption(monthly, {
      ...text,
      newCustomers: '<img src=x onerror=alert(1)>',
      revenue: 'A & <B>',
      month: (ym) => `<${ym}>`
    });
    const html = tooltipFn(o, 'formatter')(monthParams(o, 0));
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('&#60;2024-01&#62;');
    expect(html).toContain('A &#38; &#60;B&#62;');
  });

  it('is language-neutral: every visible string comes from ChartText', () => {
    const en = { ...text, newCustomers: 'New', returningCustomers: 'Returning', month: (ym: string) => ym };
    const o = monthlyRevenueOption(monthly, en);
    expect(seriesOf(o).map((s) => s.name)).toEqual(['New', 'Returning']);
    expect(axis(o, 'xAxis').data).toEqual(['2024-01', '2024-02', '2024-03']);
  });

  it('follows dark mode', () => {
    const dark = monthlyRevenueOption(monthly, makeText(true));
    expect(dark.textStyle).toMatchObject({ color: chartTheme(true).text });
    expect(option.textStyle).toMatchObject({ color: chartTheme(false).text });
  });

  it('has no animation and asks for ARIA', () => {
    expect(option.animation).toBe(false);
    expect(option.aria).toEqual({ enabled: true });
  });
});

describe('activeCustomersOption', () => {
  const text = makeText();
  const option = activeCustomersOption(monthly, text);
  const series = seriesOf(option);

  it('draws one series with the active customers per month', () => {
    expect(series).toHaveLength(1);
    expect(series[0].name).toBe(text.activeCustomers);
    expect(series[0].data).toEqual([52, 53, 54]);
    expect(axis(option, 'xAxis').data).toEqual(['2024年1月', '2024年2月', '2024年3月']);
  });

  it('formats the count axis and the tooltip with text.count, in whole steps', () => {
    const y = axis(option, 'yAxis');
    expect(y.axisLabel.formatter(20)).toBe('20人');
    expect(y.minInterval).toBe(1);
    expect(tooltipFn(option, 'valueFormatter')(53, 1)).toBe('53人');
  });
});

describe('paretoOption', () => {
  const text = makeText();
  const option = paretoOption(pareto, text);
  const series = seriesOf(option);
  const marks = series[0].markLine!.data;
  const markNamed = (name: string) => marks.find((pair) => pair[0].name === name);

  it('interpolates the revenue share at 20 % of customers', () => {
    expect(revenueShareAt(pareto, 0.2)).toBeCloseTo(0.65, 12);
    expect(revenueShareAt(pareto, 0.1)).toBe(0.5);
    expect(revenueShareAt(pareto, 0.65)).toBeCloseTo(0.9, 12);
    expect(revenueShareAt([...pareto].reverse(), 0.2)).toBeCloseTo(0.65, 12);
    expect(revenueShareAt([], 0.2)).toBeNull();
  });

  it('marks the interpolated share at 20 % on the chart, labelled with text.percent', () => {
    const mark = markNamed('top-share');
    expect(mark).toBeDefined();
    expect(mark![1].coord[0]).toBe(20);
    expect(mark![1].coord[1]).toBeCloseTo(65, 10);
    expect(mark![0].coord[1]).toBeCloseTo(65, 10);
    expect(mark![0].label?.formatter).toBe('65%');
  });

  it('draws the equality diagonal from (0,0) to (100,100)', () => {
    const diagonal = markNamed('equality');
    expect(diagonal?.map((p) => p.coord)).toEqual([
      [0, 0],
      [100, 100]
    ]);
  });

  it('plots the curve in percent, sorted by customer share, on 0–100 % axes', () => {
    expect(series).toHaveLength(1);
    const expected = [
      [0, 0],
      [10, 50],
      [30, 80],
      [100, 100]
    ];
    expect(series[0].data).toEqual(expected);
    expect(seriesOf(paretoOption([...pareto].reverse(), text))[0].data).toEqual(expected);
    for (const key of ['xAxis', 'yAxis'] as const) {
      const a = axis(option, key);
      expect(a).toMatchObject({ type: 'value', min: 0, max: 100 });
      expect(a.axisLabel.formatter(40)).toBe('40%');
    }
    expect(axis(option, 'xAxis').name).toBe(text.customerShare);
    expect(axis(option, 'yAxis').name).toBe(text.revenueShare);
  });

  it('tooltip: customer share → revenue share, formatted with text.percent and escaped', () => {
    const params = [{ seriesIndex: 0, seriesName: text.revenueShare, value: [10, 50], marker: '' }];
    const html = tooltipFn(option, 'formatter')(params);
    expect(html.replace(/<[^>]*>/g, '')).toBe('顧客の割合 10% → 売上の割合 50%');
    const o = paretoOption(pareto, { ...text, customerShare: '<i>c</i>' });
    expect(tooltipFn(o, 'formatter')(params)).toContain('&#60;i&#62;c&#60;/i&#62;');
  });

  it('leaves the marker out when there is no curve', () => {
    const empty = seriesOf(paretoOption([], text))[0].markLine!.data;
    expect(empty.map((pair) => pair[0].name)).toEqual(['equality']);
  });
});

describe('options render with the registered components', () => {
  const text = makeText();
  /** Text nodes of the SVG. */
  const texts = (svg: string) => [...svg.matchAll(/>([^<>]+)</g)].map((m) => m[1]);

  it('monthly revenue: bars, money axis labels, month labels and legend are drawn', () => {
    const svg = renderSvg(monthlyRevenueOption(monthly, text), 640, 360);
    expect(texts(svg)).toEqual(expect.arrayContaining(['-10万', '0万', '50万', '2024年1月', text.newCustomers]));
    expect(texts(svg)).not.toContain('500,000');
    expect(svg.match(/<path /g)?.length ?? 0).toBeGreaterThan(6);
  });

  it('active customers: count axis labels are drawn', () => {
    const svg = renderSvg(activeCustomersOption(monthly, text), 640, 360);
    expect(texts(svg)).toEqual(expect.arrayContaining(['0人', '60人', '2024年3月']));
  });

  it('pareto: the 20 % marker label and percent axis labels are drawn', () => {
    const svg = renderSvg(paretoOption(pareto, text), 480, 400);
    expect(texts(svg)).toEqual(expect.arrayContaining(['65%', '0%', '20%', '100%', text.revenueShare]));
    expect(texts(svg)).not.toContain('100'); // a raw axis value
    // Only the 20 % mark is labelled, not the guides or the diagonal.
    expect(texts(svg).filter((t) => t === 'equality' || t === 'top-share-x')).toEqual([]);
  });
});

// ------------------------------------------------------------------ tables

describe('chart tables', () => {
  const text = makeText();

  it('monthly revenue table has raw numbers and localised labels', () => {
    const t = monthlyRevenueTable(monthly, text);
    expect(t.columns.map((c) => c.label)).toEqual(['月', '新規顧客', '既存顧客', '売上']);
    expect(t.columns.map((c) => c.kind)).toEqual(['date', 'money', 'money', 'money']);
    expect(t.rows[2]).toEqual({ month: '2024-03', newRevenue: -15_000, returningRevenue: 455_000, totalRevenue: 440_000 });
    expect(tableToCsv(t)).toContain('\r\n2024-03,-15000,455000,440000\r\n');
  });

  it('active customers table', () => {
    const t = activeCustomersTable(monthly, text);
    expect(t.columns.map((c) => c.label)).toEqual(['月', 'アクティブ顧客']);
    expect(t.rows.map((r) => r.activeCustomers)).toEqual([52, 53, 54]);
  });

  it('pareto table keeps shares as fractions', () => {
    const t = paretoTable(pareto, text);
    expect(t.columns.map((c) => [c.label, c.kind])).toEqual([
      ['顧客の割合', 'percent'],
      ['売上の割合', 'percent']
    ]);
    expect(t.rows).toEqual(pareto);
  });

  it('falls back to a neutral month header when none is given', () => {
    const { period: _unused, ...noPeriod } = text;
    expect(monthlyRevenueTable(monthly, noPeriod).columns[0].label).toBe('YYYY-MM');
  });
});

