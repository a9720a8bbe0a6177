/**
 * Import hardening: files whose line endings mix CRLF, LF and lone CRs load with every row
 * accounted for; engine errors are sorted into kinds the page words in the user's language;
 * Japanese era dates are read (and impossible ones refused) like the other date spellings.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { bytesFile, textFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import { countLineEndings, LineEndingCounter, mixedLineEndings, normalizeLineEndings } from '../../src/lib/ingest/newlines';
import { readableError, readerIssue } from '../../src/lib/ingest/errors';
import { isDateLike, proposeRoles } from '../../src/lib/ingest/roles';
import { translate } from '../../src/lib/i18n/index.svelte';
import { ja } from '../../src/lib/i18n/messages/ja';
import type { FilePlan } from '../../src/lib/ingest/types';

const TODAY = { today: '2026-11-23' };
let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db.close());

async function plan(file: File): Promise<FilePlan> {
  const ins = await inspectFile(db, file, 0);
  expect(ins.problem).toBeUndefined();
  return ins.plan!;
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('line endings', () => {
  it('looks up each line break once, not the kind a file lacks at every line (which scanned the rest of the file per line)', () => {
    const lines = 20_000;
    const bytes = new TextEncoder().encode('a,b\n'.repeat(lines));
    const indexOf = vi.spyOn(Uint8Array.prototype, 'indexOf');
    try {
      expect(countLineEndings(bytes)).toEqual({ crlf: 0, lf: lines, cr: 0 });
      expect(indexOf.mock.calls.length).toBeLessThanOrEqual(lines + 3);
    } finally {
      indexOf.mockRestore();
    }
  });

  it('counts each kind, a CRLF split between chunks once', () => {
    expect(countLineEndings(enc('a\r\nb\nc\rd\r\n'))).toEqual({ crlf: 2, lf: 1, cr: 1 });
    const c = new LineEndingCounter();
    c.add(enc('a\r'));
    c.add(enc('\nb\r'));
    c.add(enc('c\n'));
    expect(c.done()).toEqual({ crlf: 1, lf: 1, cr: 1 });
    const trailing = new LineEndingCounter();
    trailing.add(enc('a\r'));
    expect(trailing.done()).toEqual({ crlf: 0, lf: 0, cr: 1 });
    expect(mixedLineEndings({ crlf: 3, lf: 0, cr: 0 })).toBe(false);
    expect(mixedLineEndings({ crlf: 0, lf: 3, cr: 0 })).toBe(false);
    expect(mixedLineEndings({ crlf: 1, lf: 1, cr: 0 })).toBe(true);
    expect(mixedLineEndings({ crlf: 0, lf: 2, cr: 1 })).toBe(true);
    expect(new TextDecoder().decode(normalizeLineEndings(enc('a\r\nb\nc\rd\r\n')))).toBe('a\nb\nc\nd\n');
  });

  const MIXED = 'customer_id,order_date,amount\r\nA,2024-01-05,1000\nB,2024-01-06,2000\rC,2024-02-01,500\r\nD,2024-02-31,7\nE,2024-03-01,8\r\n';

  it.each([
    ['UTF-8', (s: string) => textFile('mixed.csv', s)],
    ['UTF-8 with BOM', (s: string) => bytesFile('mixed.csv', [0xef, 0xbb, 0xbf, ...enc(s)])]
  ])('a %s file mixing CRLF, LF and a lone CR loads: loaded + rejected = data rows, issues on their lines', async (_, make) => {
    const p = await plan(make(MIXED));
    expect(p.columns.map((c) => c.role)).toEqual(['customer_id', 'order_date', 'amount']);
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 5, loaded: 4, rejected: 1 });
    expect(toRows(await db.query(`SELECT customer_id, amount FROM orders ORDER BY customer_id`))).toEqual([
      { customer_id: 'A', amount: 1000 }, { customer_id: 'B', amount: 2000 }, { customer_id: 'C', amount: 500 }, { customer_id: 'E', amount: 8 }
    ]);
    // D's 31 February is on line 5 (the lone CR ends line 3, as an editor shows it).
    expect(toRows(await db.query(`SELECT line, "column", reason, value FROM load_issues`))).toEqual([
      { line: 5, column: 'order_date', reason: 'invalid_date', value: '2024-02-31' }
    ]);
  });

  it('a Shift_JIS file mixing line endings loads too', async () => {
    // 会員番号,注文日,金額 in Shift_JIS, then rows with CRLF, LF and CR.
    const header = [0x89, 0xef, 0x88, 0xf5, 0x94, 0xd4, 0x8d, 0x86, 0x2c, 0x92, 0x8d, 0x95, 0xb6, 0x93, 0xfa, 0x2c, 0x8b, 0xe0, 0x8a, 0x7a];
    const file = bytesFile('sjis.csv', [...header, ...enc('\r\nM1,2024/1/5,100\nM2,2024/1/6,200\rM3,2024/1/7,300\r\n')]);
    const p = await plan(file);
    expect(p.encoding).toBe('shift_jis');
    expect(p.columns.map((c) => c.label)).toEqual(['会員番号', '注文日', '金額']);
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 3, loaded: 3, rejected: 0 });
  });
});

describe('engine errors in words', () => {
  it('sorts DuckDB’s messages into kinds, with the line where it names one', () => {
    const state = 'Invalid Input Error: The CSV Parser state machine reached an invalid state.\nPossible fixes:\n* Disable the parser\'s strict mode (strict_mode=false)\n  sample_size = 20480';
    expect(readableError(new Error(state)).code).toBe('csv_structure');
    expect(readableError('Invalid Input Error: Invalid unicode (byte sequence mismatch) detected in CSV file').code).toBe('encoding');
    expect(readableError('Maximum line size of 2000000 bytes exceeded. Actual Size:2000010 bytes. at line 17')).toMatchObject({ code: 'line_too_long', line: 17 });
    expect(readableError('Out of Memory Error: could not allocate block of size 256.0 KiB').code).toBe('memory');
    expect(readableError('NotReadableError: The requested file could not be read').code).toBe('file_access');
    expect(readableError('Binder Error: Referenced column "x" not found').code).toBe('internal');
    expect(readableError(state).raw).toBe(state);
    expect(readerIssue('TOO MANY COLUMNS: Expected Number of Columns: 7 Found: 8')).toBe('too_many_columns');
    expect(readerIssue('UNQUOTED VALUE: Value with unterminated quote found.')).toBe('quote');
    expect(readerIssue(null)).toBe('other');
  });

  it('every kind has a message in both languages that names the file and holds no engine text', () => {
    for (const key of Object.keys(ja).filter((k) => k.startsWith('error.') && !k.startsWith('error.where') && k !== 'error.details')) {
      for (const locale of ['ja', 'en'] as const) {
        const where = translate(locale, 'error.where.line', { file: 'orders.csv', line: 12 });
        const text = translate(locale, key as keyof typeof ja, { where, columns: 3 });
        if (key !== 'error.engine') expect(text).toContain('orders.csv');
        expect(text).not.toMatch(/strict_mode|sample_size|Error:|DuckDB/);
      }
    }
    expect(translate('ja', 'error.where.line', { file: 'a.csv', line: 12 })).toBe('「a.csv」の 12 行目付近');
  });

  it('a line that is not UTF-8 deep in a UTF-8 file is rejected alone, and its reason has words', async () => {
    // Past the first megabyte, which decides the encoding: the reader finds the bad bytes.
    const rows = ['customer_id,order_date,amount'];
    for (let i = 0; i < 50_000; i++) rows.push(`C${i},2024-01-05,${1000 + i}`);
    const bytes = [...enc(rows.join('\n') + '\n'), ...enc('X1,2024-01-06,'), 0xff, 0xfe, 0x31, 0x0a, ...enc('X2,2024-01-07,5\n')];
    const p = await plan(bytesFile('big.csv', bytes));
    expect(p.encoding).toBe('utf-8');
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 50_002, loaded: 50_001, rejected: 1 });
    const issue = toRows<{ line: number; reason: string; detail: string }>(await db.query(`SELECT line, reason, detail FROM load_issues`));
    expect(issue.map((i) => [i.line, i.reason, readerIssue(i.detail)])).toEqual([[50_002, 'reader', 'encoding']]);
    expect(translate('ja', 'reader.encoding')).toBe('文字コードとして読めない文字');
  });

  it('a file no row of which has its first line’s columns is a problem of its kind, not an English sentence', async () => {
    const ins = await inspectFile(db, textFile('title.csv', 'only,one,line,here\n'), 0);
    expect(ins.problem).toMatchObject({ code: 'header_only' });
  });
});

describe('Japanese era dates', () => {
  const ROWS: [string, string | null][] = [
    ['令和6年1月5日', '2024-01-05'],
    ['R6.1.5', '2024-01-05'],
    ['R06/01/05', '2024-01-05'],
    ['r6-1-5', '2024-01-05'],
    ['Ｒ６．１．５', '2024-01-05'],
    ['令和６年１月５日', '2024-01-05'],
    ['令和元年5月1日', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
    ['㋿6年1月5日', '2024-01-05'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['S64.1.7', '1989-01-07'],
    ['昭和50年12月1日', '1975-12-01'],
    ['T15.12.24', '1926-12-24'],
    ['大正元年7月30日', '1912-07-30'],
    ['令和6年1月5日 10:30', '2024-01-05 10:30'],
    // After Heisei ended but in its last year: read as the day it names (see ERAS in normalize.ts).
    ['H31.5.1', '2019-05-01'],
    ['平成31年12月31日', '2019-12-31'],
    // Impossible: before the era began, past its last year, or no such day.
    ['令和元年4月30日', null],
    ['平成元年1月7日', null],
    ['平成32年1月1日', null],
    ['S65.1.1', null],
    ['R6.2.30', null],
    ['令和0年1月1日', null]
  ];

  it('reads every spelling to its western date and refuses the impossible ones, each on its line', async () => {
    const text = ['customer_id,order_date,amount', ...ROWS.map(([d], i) => `C${i},${d},100`)].join('\n') + '\n';
    const p = await plan(textFile('wareki.csv', text));
    expect(p.columns.map((c) => c.role)).toEqual(['customer_id', 'order_date', 'amount']);
    const report = await loadDataset(db, [p], TODAY);
    const bad = ROWS.filter(([, d]) => d === null).length;
    expect(report.files[0]).toMatchObject({ dataRows: ROWS.length, loaded: ROWS.length - bad, rejected: bad });
    const got = Object.fromEntries(
      toRows<{ customer_id: string; d: string }>(
        await db.query(`SELECT customer_id, CASE WHEN hour(order_date) + minute(order_date) > 0 THEN strftime(order_date, '%Y-%m-%d %H:%M') ELSE strftime(order_date, '%Y-%m-%d') END AS d FROM orders`)
      ).map((r) => [r.customer_id, r.d])
    );
    for (const [i, [spelling, want]] of ROWS.entries()) if (want) expect([spelling, got[`C${i}`]]).toEqual([spelling, want]);
    const issues = toRows<{ line: number; reason: string; value: string }>(await db.query(`SELECT line, reason, value FROM load_issues ORDER BY line`));
    expect(issues).toEqual(
      ROWS.flatMap(([d, want], i) => (want ? [] : [{ line: i + 2, reason: 'invalid_era_date', value: d }]))
    );
  });

  it('a far-future era year is refused as implausible (令和99年 is 2117)', async () => {
    const p = await plan(textFile('future.csv', 'customer_id,order_date,amount\nA,令和99年1月1日,1\nB,R6.1.5,2\n'));
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ loaded: 1, rejected: 1 });
    expect(toRows(await db.query(`SELECT line, reason FROM load_issues`))).toEqual([{ line: 2, reason: 'implausible_date' }]);
  });

  it('era dates are dates by their shape (an unknown header over them is a date column)', () => {
    for (const [d] of ROWS) expect([d, isDateLike(d)]).toEqual([d, true]);
    expect(isDateLike('R6')).toBe(false);
    expect(isDateLike('H2O')).toBe(false);
    const proposal = proposeRoles(['会員番号', '受付', '金額'], [['M1', '令和6年1月5日', '100'], ['M2', 'R6.1.6', '200'], ['M3', 'H31.4.30', '300']]);
    expect(proposal.columns.map((c) => c.role)).toEqual(['customer_id', 'order_date', 'amount']);
  });
});
