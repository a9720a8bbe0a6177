import { describe, expect, it } from 'vitest';
import { SVGRenderer } from 'echarts/renderers';
import { echarts, type EChartsOption } from '$lib/charts/echarts';
import { dataUrlToBlob, tableToCsv, type ChartTable } from '$lib/charts/table';
import { niceTicks } from '$lib/charts/common';
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

type Dataset = { dimensions: { name: string; displayName?: string }[]; source: unknown[][] };
type Series = {
  type: string;
  id?: string;
  name?: string;
  stack?: string;
  encode: { x: string; y: string; tooltip?: string[] };
  markLine?: { data: { name?: string; coord: number[]; label?: { formatter?: string } }[][] };
};

function dataset(option: EChartsOption): Dataset {
  return option.dataset as unknown as Dataset;
}

function seriesOf(option: EChartsOption): Series[] {
  return option.series as unknown as Series[];
}

/** One dataset column by dimension name. */
function column(option: EChartsOption, name: string): unknown[] {
  const ds = dataset(option);
  const index = ds.dimensions.findIndex((d) => d.name === name);
  expect(index, `dimension ${name}`).toBeGreaterThanOrEqual(0);
  return ds.source.map((row) => row[index]);
}

function axes(option: EChartsOption, key: 'xAxis' | 'yAxis'): Record<string, unknown>[] {
  const a = option[key];
  return (Array.isArray(a) ? a : [a]) as Record<string, unknown>[];
}

/** A minimal RFC 4180 reader, to check that the CSV reads back as the cells written. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

function renderSvg(option: EChartsOption, width = 640, height = 360): string {
  echarts.use(SVGRenderer);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
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

// ------------------------------------------------------------------ palette & ticks

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

describe('niceTicks', () => {
  it('covers the range and zero with round steps', () => {
    const t = niceTicks(0, 4_730_000);
    expect(t.min).toBe(0);
    expect(t.max).toBeGreaterThanOrEqual(4_730_000);
    expect(t.interval).toBe(1_000_000);
    expect(t.values).toEqual([0, 1e6, 2e6, 3e6, 4e6, 5e6]);
  });

  it('goes below zero for negative values', () => {
    const t = niceTicks(-150, 900);
    expect(t.min).toBeLessThanOrEqual(-150);
    expect(t.values).toContain(0);
  });

  it('uses whole-number steps for counts', () => {
    const t = niceTicks(0, 3, 5, true);
    expect(t.values).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 12, 5, true).values.every(Number.isInteger)).toBe(true);
  });

  it('gives a usable axis when everything is zero', () => {
    expect(niceTicks(0, 0).values).toEqual([0, 1]);
  });
});

// ------------------------------------------------------------------ overview options

describe('monthlyRevenueOption', () => {
  const text = makeText();
  const option = monthlyRevenueOption(monthly, text);
  const series = seriesOf(option);

  it('stacks two bar series (new, returning) plus an invisible total for the tooltip', () => {
    expect(series.map((s) => s.type)).toEqual(['bar', 'bar', 'line']);
    expect(series[0].name).toBe(text.newCustomers);
    expect(series[1].name).toBe(text.returningCustomers);
    expect(series[0].stack).toBeTruthy();
    expect(series[1].stack).toBe(series[0].stack);
    expect(series[2].stack).toBeUndefined();
    expect((option.legend as { data: string[] }).data).toEqual([text.newCustomers, text.returningCustomers]);
  });

  it('plots exactly the input values per month', () => {
    expect(column(option, series[0].encode.x)).toEqual(['2024年1月', '2024年2月', '2024年3月']);
    expect(column(option, series[0].encode.y)).toEqual(monthly.map((p) => p.newRevenue));
    expect(column(option, series[1].encode.y)).toEqual(monthly.map((p) => p.returningRevenue));
    expect(column(option, series[2].encode.y)).toEqual([500_000, 500_000, 440_000]);
  });

  it('shows both parts and the total in the tooltip, formatted with text.money', () => {
    expect(option.tooltip).toMatchObject({ trigger: 'axis' });
    expect(column(option, series[0].encode.tooltip![0])).toEqual(['¥120,000', '¥90,000', '¥-15,000']);
    expect(column(option, series[1].encode.tooltip![0])).toEqual(['¥380,000', '¥410,000', '¥455,000']);
    expect(column(option, series[2].encode.tooltip![0])).toEqual(['¥500,000', '¥500,000', '¥440,000']);
  });

  it('labels the money axis with text.moneyAxis on ticks that cover positive and negative stacks', () => {
    const [valueAxis, labelAxis] = axes(option, 'yAxis');
    expect(valueAxis).toMatchObject({ type: 'value', min: -100_000, max: 500_000, interval: 100_000 });
    expect(labelAxis.data).toEqual(['-10万', '0万', '10万', '20万', '30万', '40万', '50万']);
  });

  it('is language-neutral: every visible string comes from ChartText', () => {
    const en = { ...text, newCustomers: 'New', returningCustomers: 'Returning', month: (ym: string) => ym };
    const o = monthlyRevenueOption(monthly, en);
    expect(seriesOf(o).map((s) => s.name)).toEqual(['New', 'Returning', text.revenue]);
    expect(column(o, 'month')).toEqual(['2024-01', '2024-02', '2024-03']);
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
    expect(column(option, series[0].encode.y)).toEqual([52, 53, 54]);
    expect(column(option, series[0].encode.tooltip![0])).toEqual(['52人', '53人', '54人']);
  });

  it('labels the count axis with text.count from zero', () => {
    const [valueAxis, labelAxis] = axes(option, 'yAxis');
    expect(valueAxis).toMatchObject({ min: 0, max: 60, interval: 10 });
    expect(labelAxis.data).toEqual(['0人', '10人', '20人', '30人', '40人', '50人', '60人']);
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

  it('plots the curve in percent, 0–100 on both axes', () => {
    expect(series).toHaveLength(1);
    expect(column(option, series[0].encode.x)).toEqual([0, 10, 30, 100]);
    expect(column(option, series[0].encode.y)).toEqual([0, 50, 80, 100]);
    for (const key of ['xAxis', 'yAxis'] as const) {
      const [valueAxis, labelAxis] = axes(option, key);
      expect(valueAxis).toMatchObject({ min: 0, max: 100, interval: 20 });
      expect(labelAxis.data).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    }
    expect(axes(option, 'xAxis')[1].name).toBe(text.customerShare);
    expect(axes(option, 'yAxis')[1].name).toBe(text.revenueShare);
  });

  it('shows both shares, formatted, in the tooltip', () => {
    const dims = dataset(option).dimensions;
    expect(series[0].encode.tooltip!.map((d) => dims.find((x) => x.name === d)?.displayName)).toEqual([
      text.customerShare,
      text.revenueShare
    ]);
    expect(column(option, series[0].encode.tooltip![1])).toEqual(['0%', '50%', '80%', '100%']);
  });

  it('leaves the marker out when there is no curve', () => {
    const empty = seriesOf(paretoOption([], text))[0].markLine!.data;
    expect(empty.map((pair) => pair[0].name)).toEqual(['equality']);
  });
});

describe('options are plain data', () => {
  const text = makeText();
  const options = {
    monthlyRevenue: monthlyRevenueOption(monthly, text),
    activeCustomers: activeCustomersOption(monthly, text),
    pareto: paretoOption(pareto, text)
  };

  for (const [name, option] of Object.entries(options)) {
    it(`${name} survives structuredClone and JSON unchanged`, () => {
      // structuredClone throws on functions and drops class prototypes; JSON drops
      // functions and undefined: either would change the result.
      expect(structuredClone(option)).toStrictEqual(option);
      expect(JSON.parse(JSON.stringify(option))).toEqual(option);
    });
  }
});

describe('options render with the registered components', () => {
  const text = makeText();

  it('monthly revenue: bars, money axis labels and month labels are drawn', () => {
    const svg = renderSvg(monthlyRevenueOption(monthly, text));
    expect(svg).toContain('50万');
    expect(svg).toContain('2024年1月');
    expect(svg).toContain(text.newCustomers); // legend
    expect(svg.match(/<path /g)?.length ?? 0).toBeGreaterThan(6);
  });

  it('pareto: the 20 % marker label and percent axis labels are drawn', () => {
    const svg = renderSvg(paretoOption(pareto, text), 480, 400);
    expect(svg).toContain('>65%<');
    expect(svg).toContain('>100%<');
    expect(svg).toContain(text.revenueShare);
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
