/**
 * Every CSV the app writes for the user goes through one writer (charts/table.ts `csvField`,
 * `tableToCsv`): text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
 * given a leading `'` (OWASP "CSV injection"), numbers stay numbers, and any text reads back,
 * through a CSV parser and through DuckDB's own reader, as itself or its neutralised form. Then
 * each export — chart data, customer lists, the follow-up list, the comment browser, the
 * data-quality issues (app and command line) — is checked with a `=HYPERLINK(...)` in its data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { textFile } from '../helpers/files';
import { csvField, neutralised, tableToCsv, type CellValue } from '../../src/lib/charts/table';
import { tiersTable, type TierChartText } from '../../src/lib/charts/tiers';
import type { TiersResult } from '../../src/lib/analyses/tiers/types';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { allCustomersBase } from '../../src/lib/analyses/lists/bases';
import { commentsBase, followUpBase } from '../../src/lib/analyses/lists/answers';
import type { ListBase } from '../../src/lib/analyses/lists/columns';
import { fetchListForExport } from '../../src/lib/analyses/lists/run';
import { listCsv } from '../../src/lib/ui/list-csv';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { issueTable, issuesCsvSql, type IssueRow } from '../../src/lib/ingest/issues';
import { issuesCsv } from '../../src/cli/print';
import { toRows } from '../../src/lib/engine/types';
import { ja, type MessageKey } from '../../src/lib/i18n/messages/ja';
import { parseCsv } from '../helpers/csv';

const body = (csv: string) => {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return parseCsv(csv.slice(1));
};

// The rule, written out here as the test's own oracle: a text cell starting with =, +, -, @, tab
// or CR is prefixed with ', unless it is a negative number (digits, thousands commas, decimals).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEGATIVE_NUMBER = /^-(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;
/** What a text cell reads back as: itself, or itself after a `'`. */
const expected = (s: string) => (FORMULA_START.test(s) && !NEGATIVE_NUMBER.test(s) ? `'${s}` : s);

/** Text with the characters that matter here over-represented: formula starts, quotes, delimiters, line breaks. */
const cellText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ' ', "'", ''), fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '1', '5', ',', '.', '"', '\r', '\n', '\t', 'a', 'あ', '(', ')', ' ') })).map(([a, b]) => a + b),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => n.toLocaleString('en-US'))
);

const oneColumn = (values: CellValue[]) => tableToCsv({ columns: [{ key: 'v', label: 'v' }], rows: values.map((v) => ({ v })) });

describe('the CSV writer', () => {
  it('reads back any text as itself or its neutralised form, never as a formula', () => {
    fc.assert(
      fc.property(fc.array(cellText, { maxLength: 8 }), (texts) => {
        const rows = body(oneColumn(texts));
        expect(rows).toEqual([['v'], ...texts.map((s) => [expected(s)])]);
        for (const s of texts) expect(neutralised(s)).toBe(expected(s) !== s);
        for (const [cell] of rows.slice(1)) if (FORMULA_START.test(cell)) expect(cell).toMatch(NEGATIVE_NUMBER);
      }),
      { numRuns: 500 }
    );
  });

  it('neutralises every formula start, but keeps a negative number written as text a number', () => {
    for (const s of ['=1+1', '+81', '-x', '-2+3', '-1e9', '-5\n', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://evil.example","x")'])
      expect(csvField(s)).toMatch(/^"?'/);
    for (const s of ['-5', '-1234.5', '-1,234', '-0.25', '5', 'abc', "'=already"]) expect(csvField(s)).toBe(s.includes(',') ? `"${s}"` : s);
  });

  it('writes any number as a plain number that reads back as itself', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 8 }), (numbers) => {
        const rows = body(oneColumn(numbers));
        expect(rows.slice(1).map(([c]) => Number(c))).toEqual(numbers.map((n) => (Object.is(n, -0) ? 0 : n)));
        for (const [c] of rows.slice(1)) expect(c).not.toMatch(/^'/);
      })
    );
    expect(body(oneColumn([Number.NaN, Number.POSITIVE_INFINITY, null]))).toEqual([['v'], [''], [''], ['']]);
  });

  describe('read back by DuckDB', () => {
    let db: NodeDatabase;
    beforeAll(async () => {
      db = await NodeDatabase.open();
    });
    afterAll(() => db.close());

    let run = 0;
    it('gives every text cell back as itself or its neutralised form', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(cellText.filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 12 }), async (texts) => {
          const name = `roundtrip${run++}.csv`;
          // A number column first, so that a record whose text is empty is not a blank line.
          const csv = tableToCsv({ columns: [{ key: 'i', label: 'i' }, { key: 'v', label: 'v' }], rows: texts.map((v, i) => ({ i, v })) });
          await db.registerBuffer(name, new TextEncoder().encode(csv));
          const read = toRows<{ i: number; v: string | null }>(
            await db.query(
              `SELECT i, v FROM read_csv('${name}', header = true, auto_detect = false, columns = {'i': 'INTEGER', 'v': 'VARCHAR'}, delim = ',', quote = '"', escape = '"') ORDER BY i`
            )
          );
          // An empty field is NULL to DuckDB.
          expect(read.map((r) => r.v ?? '')).toEqual(texts.map(expected));
          expect(read.map((r) => r.i)).toEqual(texts.map((_, i) => i));
          await db.dropFile(name);
        }),
        { numRuns: 60 }
      );
    });

    it('neutralised and negative-number cells too', async () => {
      const texts = ['=HYPERLINK("http://evil.example","x")', '-5', '-1,234', '+81', '@x', '\tx', '\rx', 'a\r\nb', ''];
      await db.registerBuffer('fixed.csv', new TextEncoder().encode(oneColumn(texts)));
      const read = toRows<{ v: string | null }>(
        await db.query(`SELECT v FROM read_csv('fixed.csv', header = true, auto_detect = false, columns = {'v': 'VARCHAR'}, delim = ',', quote = '"', escape = '"')`)
      );
      expect(read.map((r) => r.v ?? '')).toEqual(texts.map(expected));
      expect(read.map((r) => r.v)).toContain("'=HYPERLINK(\"http://evil.example\",\"x\")");
      expect(read.map((r) => r.v)).toContain('-5');
    });
  });
});

// ------------------------------------------------------------------ each export

const PAYLOAD = '=HYPERLINK("http://evil.example/steal","click me")';
const NEUTRALISED = `'${PAYLOAD}`;
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The export's CSV holds the payload neutralised, and no cell of it starts a formula. */
function expectNeutralised(csv: string): void {
  const cells = body(csv).flat();
  expect(cells).toContain(NEUTRALISED);
  expect(cells).not.toContain(PAYLOAD);
  for (const c of cells) if (FORMULA_START.test(c)) expect(c).toMatch(NEGATIVE_NUMBER);
}

const t = (key: MessageKey) => ja[key];

describe('every export neutralises a =HYPERLINK(...) in its data', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const orders = [
      'order_id,customer_id,order_date,amount',
      `o1,${quote(PAYLOAD)},2024-11-01,1200`,
      `o2,${quote(PAYLOAD)},2024-12-01,-300`,
      'o3,B,2024-12-10,800'
    ].join('\n');
    const customers = ['customer_id,region,tier', `${quote(PAYLOAD)},${quote(PAYLOAD)},Gold`, 'B,東京都,Silver'].join('\n');
    const nps = ['customer_id,response_date,score,comment,touchpoint', `${quote(PAYLOAD)},2024-12-20,2,${quote(PAYLOAD)},web`, 'B,2024-12-21,9,good,store'].join('\n');
    await loadFiles(db, [
      { name: 'orders.csv', text: orders },
      { name: 'customers.csv', text: customers },
      { name: 'nps.csv', text: nps }
    ]);
  });
  afterAll(() => db.close());

  const exported = (base: ListBase) => fetchListForExport(db, base, '', base.defaultSort);

  it('a customer list (CustomerList)', async () => {
    const data = await exported(allCustomersBase(NO_FILTERS, '2024-12-31'));
    const csv = listCsv(data, data.names.map((key) => ({ key, label: key })));
    expectNeutralised(csv);
    // The customer's id and region both; the net spend, a number, stays a number.
    const rows = body(csv);
    const row = rows.find((r) => r[rows[0].indexOf('customer_id')] === NEUTRALISED)!;
    expect(row[rows[0].indexOf('region')]).toBe(NEUTRALISED);
    expect(Number(row[rows[0].indexOf('revenue')])).toBe(900);
  });

  it('the follow-up list (FollowUpList)', async () => {
    const data = await exported(followUpBase(NO_FILTERS, { scale: '0-10', reading: 'nps' }, { today: '2025-01-10', asOf: '2024-12-31', windowDays: null }));
    expect(data.rowCount).toBe(1);
    expect(data.columns.comment).toEqual([PAYLOAD]);
    expectNeutralised(listCsv(data, data.names.map((key) => ({ key, label: key }))));
  });

  it('the comment browser (CommentBrowser)', async () => {
    const data = await exported(commentsBase(NO_FILTERS, { scale: '0-10', reading: 'nps' }));
    expect(data.names).toContain('comment');
    expectNeutralised(listCsv(data, data.names.map((key) => ({ key, label: key }))));
  });

  it('a chart’s data (Chart: a tier named with the payload)', () => {
    const text: TierChartText = {
      tier: '会員ランク', noTier: 'ランクなし', customers: '顧客数', revenue: '売上', perCustomer: '顧客あたり売上',
      median: '中央値', interval: '95%区間', money: String, moneyAxis: String, count: String, dark: false
    };
    const tiers: TiersResult = {
      available: true, from: '2024-01-01', asOf: '2024-12-31', order: 'ladder', customers: 10, revenue: 1000,
      tiers: [{ tier: PAYLOAD, kind: 'tier', customers: 10, revenue: -1000, perCustomer: { value: -100, lo: null, hi: null }, median: -100 }],
      movement: { available: false, reason: 'current_tier_only' }
    };
    const csv = tableToCsv(tiersTable(tiers, text));
    expectNeutralised(csv);
    expect(body(csv)[1]).toContain('-1000');
  });

  describe('the data-quality issues', () => {
    let issues: IssueRow[];
    beforeAll(async () => {
      const file = ['order_id,customer_id,order_date,amount', 'a1,A,2024-01-05,100', `a2,A,2024-01-06,${quote(PAYLOAD)}`, 'a3,B,2024-01-07,200'].join('\n');
      const issueDb = await NodeDatabase.open();
      try {
        const inspection = await inspectFile(issueDb, textFile('bad.csv', file), 0);
        const report = await loadDataset(issueDb, [inspection.plan!], { today: '2026-11-23' });
        expect(report.issueCount).toBeGreaterThan(0);
        issues = toRows<IssueRow>(await issueDb.query(issuesCsvSql()));
      } finally {
        issueDb.close();
      }
      expect(issues.map((r) => r.value)).toContain(PAYLOAD);
    });

    it('downloaded from the data-quality screen (QualityReport)', () => {
      expectNeutralised(tableToCsv(issueTable(issues, t)));
    });

    it('written by the command line (--issues)', () => {
      expectNeutralised(issuesCsv('ja', issues));
      expectNeutralised(issuesCsv('en', issues));
    });
  });
});
