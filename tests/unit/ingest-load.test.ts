import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { textFile } from '../helpers/files';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset, type LoadReport } from '../../src/lib/ingest/load';
import { issueSummarySql, issuesSql } from '../../src/lib/ingest/issues';
import { firstRow, toRows } from '../../src/lib/engine/types';
import type { FilePlan } from '../../src/lib/ingest/types';

const TODAY = { today: '2026-11-23' };

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db.close());

async function plan(name: string, text: string, index = 0): Promise<FilePlan> {
  const ins = await inspectFile(db, textFile(name, text), index);
  expect(ins.problem).toBeUndefined();
  return ins.plan!;
}

async function load(...plans: FilePlan[]): Promise<LoadReport> {
  return loadDataset(db, plans, TODAY);
}

const issues = async () =>
  toRows(await db.query(`SELECT file, line, "column", reason, value, severity FROM load_issues ORDER BY file, line, severity, "column"`));

describe('every row accounted for', () => {
  // Physical lines differ from rows: row 3 holds a quoted line break, so row 4 starts on line 5.
  // Rows are numbered as Excel numbers them (header = row 1).
  const ROWS = [
    '注文番号,注文日,会員番号,金額,数量,誕生日,メモ', //                 row 1
    'A1,2024-03-01,M1,100,1,1980-01-01,ok', //                            row 2: loaded
    'A2,2024-03-02,M2,200,2,1980-01-02,"two\nlines"', //                  row 3: loaded (spans two lines)
    'A3,2024-03-03,M3,300,1,1980-01-03,x,EXTRA', //                       row 4: too many columns
    'A4,2024-03-04,M4,400', //                                            row 5: too few columns
    'A5,2024-13-45,M5,500,1,1980-01-05,bad date', //                      row 6: invalid date
    'A6,2024-03-06,M6,,1,1980-01-06,no amount', //                        row 7: empty amount
    'A7,2024-03-07,M7,700,abc,1980-02-30,warnings only', //               row 8: loaded, two warnings
    'A8,2024-03-08,M8,800,1,,"quoted ""q"", comma"', //                   row 9: loaded
    'A9,2024-03-09,M9,900,1,1980-01-09,"unterminated' //                  row 10: broken quote
  ];

  const expectedIssues = (file: string) => [
    { file, line: 4, column: null, reason: 'reader', value: 'A3,2024-03-03,M3,300,1,1980-01-03,x,EXTRA', severity: 'rejected' },
    { file, line: 5, column: '数量', reason: 'reader', value: 'A4,2024-03-04,M4,400', severity: 'rejected' },
    { file, line: 6, column: '注文日', reason: 'invalid_date', value: '2024-13-45', severity: 'rejected' },
    { file, line: 7, column: '金額', reason: 'empty', value: null, severity: 'rejected' },
    { file, line: 8, column: '数量', reason: 'invalid_number', value: 'abc', severity: 'warning' },
    { file, line: 8, column: '誕生日', reason: 'invalid_date', value: '1980-02-30', severity: 'warning' },
    { file, line: 10, column: 'メモ', reason: 'reader', value: 'A9,2024-03-09,M9,900,1,1980-01-09,"unterminated', severity: 'rejected' }
  ];

  it.each([['LF', '\n'], ['CRLF', '\r\n']])('loaded + rejected = data rows, each issue on its row (%s)', async (_name, eol) => {
    const text = ROWS.join(eol).replace('"two\nlines"', `"two${eol}lines"`) + eol;
    const p = await plan('bad-rows.csv', text);
    expect(p.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'customer_id', 'amount', 'quantity', 'birthday', 'ignore']);
    const report = await load(p);
    const f = report.files[0];
    expect(f).toEqual({ fileName: 'bad-rows.csv', kind: 'orders', dataRows: 9, loaded: 4, rejected: 5, warnings: 2, skippedLines: 0 });
    expect(f.loaded + f.rejected).toBe(f.dataRows);
    expect(report.issueCount).toBe(7);
    expect(await issues()).toEqual(expectedIssues('bad-rows.csv'));
    // Warnings keep the row with the bad optional value as NULL.
    expect(toRows(await db.query(`SELECT order_id, quantity, amount FROM orders ORDER BY order_id`))).toEqual([
      { order_id: 'A1', quantity: 1, amount: 100 },
      { order_id: 'A2', quantity: 2, amount: 200 },
      { order_id: 'A7', quantity: null, amount: 700 },
      { order_id: 'A8', quantity: 1, amount: 800 }
    ]);
    expect(firstRow(await db.query(`SELECT birthday FROM customers WHERE customer_id = 'M7'`))).toEqual({ birthday: null });
    // The reader's message is kept for the download.
    const reader = toRows<{ detail: string }>(await db.query(`SELECT detail FROM load_issues WHERE reason = 'reader' ORDER BY line`));
    expect(reader.map((r) => r.detail.split(':')[0])).toEqual(['TOO MANY COLUMNS', 'MISSING COLUMNS', 'UNQUOTED VALUE']);
  });

  it('numbers every issue right in a long file with runs of reader and typed rejects', async () => {
    // Row r (data rows from 2) is line r. Reader rejects come in runs (too many columns), typed
    // rejects (bad date) sit next to them and between them.
    const lines = ['customer_id,order_date,amount'];
    const expected: [number, string][] = [];
    for (let i = 0; i < 20_000; i++) {
      const line = i + 2;
      if (i % 37 === 5 || i % 37 === 6 || i % 101 === 0) {
        lines.push(`C${i},2024-03-05,1,EXTRA`);
        expected.push([line, 'reader']);
      } else if (i % 3 === 0 || i % 37 === 7) {
        lines.push(`C${i},2024-02-30,1`);
        expected.push([line, 'invalid_date']);
      } else lines.push(`C${i},2024-03-05,1`);
    }
    const report = await load(await plan('long.csv', lines.join('\n') + '\n'));
    expect(report.files[0]).toMatchObject({ dataRows: 20_000, loaded: 20_000 - expected.length, rejected: expected.length });
    const got = toRows<{ line: number; reason: string }>(await db.query(`SELECT line, reason FROM load_issues ORDER BY line`));
    expect(got.map((r) => [r.line, r.reason])).toEqual(expected);
  });

  it('numbers rows the same way without a header (first data row = row 1)', async () => {
    const p = await plan('nohead.csv', '1,2,3\nC1,2024-13-01,100\nC2,2024-03-02,200\nC3,2024-03-03,300,EXTRA\nC4,2024-03-04,x\n');
    expect(p.hasHeader).toBe(false);
    const roles = ['customer_id', 'order_date', 'amount'] as const;
    const report = await load({ ...p, kind: 'orders', columns: p.columns.map((c, i) => ({ ...c, role: roles[i] })) });
    expect(report.files[0]).toMatchObject({ dataRows: 5, loaded: 1, rejected: 4 });
    expect((await issues()).map((i) => [i.line, i.reason])).toEqual([
      [1, 'invalid_date'], [2, 'invalid_date'], [4, 'reader'], [5, 'invalid_number']
    ]);
  });

  it('counts each file’s own rejects when several files are loaded', async () => {
    const a = await plan('a.csv', 'customer_id,order_date,amount\nC1,2024-03-01,100\nC2,2024-03-02,200,EXTRA\nC3,2024-03-03,300\n', 0);
    const b = await plan('b.csv', 'customer_id,order_date,amount\nC4,2024-03-04,400\nC5,2024-03-05\nC6,2024-03-06,600\nC7,2024-03-07,700\n', 1);
    const c = await plan('c.csv', 'customer_id,order_date,amount\nC8,2024-03-08,800\n', 2);
    const report = await load(a, b, c);
    expect(report.files.map((f) => [f.fileName, f.dataRows, f.loaded, f.rejected])).toEqual([
      ['a.csv', 3, 2, 1], ['b.csv', 4, 3, 1], ['c.csv', 1, 1, 0]
    ]);
    expect((await issues()).map((i) => [i.file, i.line, i.reason])).toEqual([['a.csv', 3, 'reader'], ['b.csv', 3, 'reader']]);
    // Loading again on the same database starts from a clean slate.
    const again = await load(c);
    expect(again.files[0]).toMatchObject({ dataRows: 1, loaded: 1, rejected: 0 });
    expect(again.issueCount).toBe(0);
  });

  it('reads issues back for the quality screen', async () => {
    await load(await plan('bad-rows.csv', ROWS.join('\n') + '\n'));
    // With a short limit the screen shows rejected rows (data that did not load) before warnings.
    const shown = toRows(await db.query(issuesSql(5)));
    expect(shown.map((r) => [r.line, r.severity])).toEqual([[4, 'rejected'], [5, 'rejected'], [6, 'rejected'], [7, 'rejected'], [10, 'rejected']]);
    expect(toRows(await db.query(issuesSql(100))).map((r) => r.severity).slice(5)).toEqual(['warning', 'warning']);
    const summary = toRows<{ reason: string; n: number; severity: string }>(await db.query(issueSummarySql()));
    expect(summary.reduce((n, r) => n + r.n, 0)).toBe(7);
    const reader = summary.filter((r) => r.reason === 'reader');
    expect(reader.reduce((n, r) => n + r.n, 0)).toBe(3);
    expect(reader.every((r) => r.severity === 'rejected')).toBe(true);
  });

  it('skips title lines above the header, says so, and still numbers every issue by its line in the file', async () => {
    // Line 1 a title, 2 blank, 3 an export date padded to the table's width, 4 the header.
    const text = '売上一覧\n\n出力日: 2024/03/31,,\n注文番号,注文日,金額\nA1,2024-03-01,100\nA2,昨日,200\nA3,2024-03-03,300\n';
    const p = await plan('title.csv', text);
    expect([p.skipLines, p.skipped, p.hasHeader]).toEqual([3, ['売上一覧', '出力日: 2024/03/31'], true]);
    expect(p.columns.map((c) => [c.label, c.role])).toEqual([['注文番号', 'order_id'], ['注文日', 'order_date'], ['金額', 'amount']]);
    const report = await load(p);
    expect(report.files[0]).toMatchObject({ dataRows: 3, loaded: 2, rejected: 1, skippedLines: 3 });
    expect(toRows(await db.query(`SELECT line, "column", reason FROM load_issues`))).toEqual([{ line: 6, column: '注文日', reason: 'invalid_date' }]);
  });

  it('says when a rejected row runs over many lines of the file (a quote never closed), which no count shows', async () => {
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `O${from + i},C1,2024-01-05,${100 + i}\n`).join('');
    const header = 'order_id,customer_id,order_date,amount\n';
    // An amount's quote opened on line 4, closed on line 8: lines 5–7 are inside one value.
    const closedLate = await load(await plan('late.csv', header + rows(1, 2) + 'O9,C1,2024-01-05,"100\n' + rows(10, 3) + 'O19,C1,2024-01-05,5"\n' + rows(20, 2)));
    expect(closedLate.files[0]).toMatchObject({ dataRows: 5, loaded: 4, rejected: 1, spanning: { rows: 1, line: 4 } });
    // Never closed: the reader rejects one row holding every line after it.
    const never = await load(await plan('never.csv', header + rows(1, 2) + 'O9,C1,2024-01-05,"100\r\n' + rows(10, 5000)));
    expect(never.files[0]).toMatchObject({ dataRows: 3, loaded: 2, rejected: 1, spanning: { rows: 1, line: 4 } });
    // A line break inside a comment is no sign of a broken quote unless its row is rejected by the reader;
    // a clean file has nothing to say.
    const comment = await load(await plan('comment.csv', 'order_id,customer_id,order_date,amount,memo\nO1,C1,2024-01-05,1,ok\nO2,C1,昨日,2,"two\nlines"\n'));
    expect(comment.files[0]).toMatchObject({ loaded: 1, rejected: 1 });
    expect(comment.files[0].spanning).toBeUndefined();
    expect((await load(await plan('clean.csv', header + rows(1, 3)))).files[0].spanning).toBeUndefined();
  });

  it('does not skip a short first row when no header follows it', async () => {
    const p = await plan('ragged.csv', 'A1,2024-03-01\nA2,2024-03-02,200\nA3,2024-03-03,300\nA4,2024-03-04,400\n');
    expect(p.skipLines).toBe(0);
  });
});

describe('statuses, returns and refunds', () => {
  it('cancelled and returned orders keep their value as returned_amount; refunds are netted', async () => {
    const text = [
      '受注番号,受注日,会員番号,合計金額,ステータス,返金額',
      'R1,2024-03-01,M1,1000,発送済み,',
      'R2,2024-03-02,M1,2000,注文キャンセル,',
      'R3,2024-03-03,M2,3000,返送,',
      'R4,2024-03-04,M2,4000,cancelled,',
      'R5,2024-03-05,M3,5000,発送済み,1500',
      'R6,2024-03-06,M3,-600,発送済み,',
      'R7,2024-03-07,M3,700,Returned,700'
    ].join('\n') + '\n';
    const p = await plan('status.csv', text);
    expect(p.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'customer_id', 'amount', 'status', 'refund']);
    const report = await load(p);
    expect(toRows(await db.query(`SELECT order_id, amount, returned_amount, is_return FROM orders ORDER BY order_id`))).toEqual([
      { order_id: 'R1', amount: 1000, returned_amount: 0, is_return: false },
      { order_id: 'R2', amount: 0, returned_amount: 2000, is_return: true },
      { order_id: 'R3', amount: 0, returned_amount: 3000, is_return: true },
      { order_id: 'R4', amount: 0, returned_amount: 4000, is_return: true },
      { order_id: 'R5', amount: 3500, returned_amount: 1500, is_return: false },
      { order_id: 'R6', amount: -600, returned_amount: 600, is_return: true },
      { order_id: 'R7', amount: 0, returned_amount: 700, is_return: true }
    ]);
    const q = report.orders!;
    expect(q.revenue).toBe(4500 - 600 + 0);
    expect(q.returns).toEqual({ rows: 5, amount: 2000 + 3000 + 4000 + 1500 + 600 + 700 });
    expect([...q.returnStatuses].sort((a, b) => (a.value < b.value ? -1 : 1))).toEqual([
      { value: 'Returned', rows: 1 }, { value: 'cancelled', rows: 1 }, { value: '注文キャンセル', rows: 1 }, { value: '返送', rows: 1 }
    ]);
    expect(q.orders).toBe(2);
  });

  it('a status that only mentions a refund or cancellation it rules out is a sale, and a partial refund keeps the order', async () => {
    const text = [
      'order_id,order_date,customer_id,total,financial_status,refund',
      'S1,2024-03-01,M1,1000,返金なし,',
      'S2,2024-03-02,M1,2000,キャンセル不可,',
      'S3,2024-03-03,M2,3000,partially_refunded,500',
      'S4,2024-03-04,M2,4000,Non-refundable,',
      'S5,2024-03-05,M3,5000,refunded,',
      'S6,2024-03-06,M3,6000,返品,'
    ].join('\n') + '\n';
    const p = await plan('shopify-status.csv', text);
    expect(p.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'customer_id', 'amount', 'status', 'refund']);
    const report = await load(p);
    expect(toRows(await db.query(`SELECT order_id, amount, is_return FROM orders ORDER BY order_id`))).toEqual([
      { order_id: 'S1', amount: 1000, is_return: false },
      { order_id: 'S2', amount: 2000, is_return: false },
      { order_id: 'S3', amount: 2500, is_return: false },
      { order_id: 'S4', amount: 4000, is_return: false },
      { order_id: 'S5', amount: 0, is_return: true },
      { order_id: 'S6', amount: 0, is_return: true }
    ]);
    expect(report.orders!.returnStatuses.map((r) => r.value).sort()).toEqual(['refunded', '返品']);
  });
});

describe('guest orders', () => {
  it('matches customers by e-mail across spelling variants; rows without one stay anonymous', async () => {
    const text = [
      '注文番号,注文日,メールアドレス,合計金額',
      'G1,2024-03-01,yamada@example.jp,1000',
      'G2,2024-03-02,YAMADA@EXAMPLE.JP,2000',
      'G3,2024-03-03, yamada@example.jp ,500',
      'G4,2024-03-04,ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ,700',
      'G5,2024-03-05,sato@example.jp,300',
      'G6,2024-03-06,,400'
    ].join('\n') + '\n';
    const p = await plan('guest.csv', text);
    expect(p.identity).toBe('email');
    expect(planProblems(p)).toEqual([]);
    const report = await load(p);
    expect(report.files[0]).toMatchObject({ dataRows: 6, loaded: 6, rejected: 0 });
    expect(toRows(await db.query(`SELECT customer_id, count(*) AS n, sum(amount) AS v FROM orders GROUP BY 1 ORDER BY 1 NULLS LAST`))).toEqual([
      { customer_id: 'sato@example.jp', n: 1, v: 300 },
      { customer_id: 'yamada@example.jp', n: 4, v: 4200 },
      { customer_id: null, n: 1, v: 400 }
    ]);
    expect(report.orders!.customers).toBe(2);
    expect(report.orders!.withoutCustomer).toEqual({ rows: 1, amount: 400 });
    expect(report.customers!.rows).toBe(2);
  });

  it('matches customers by name + phone (widths, spaces, hyphens, +81)', async () => {
    const text = [
      '受注番号,受注日,お名前,電話番号,合計金額',
      'P1,2024-03-01,山田 太郎,090-1234-5678,1000',
      'P2,2024-03-02,山田　太郎,09012345678,1000',
      'P3,2024-03-03,山田太郎,+81-90-1234-5678,1000',
      'P4,2024-03-04,山田太郎,０９０－１２３４－５６７８,1000',
      'P5,2024-03-05,Taro Yamada,+81 90 1234 5678,1000',
      'P6,2024-03-06,ＴＡＲＯ　ＹＡＭＡＤＡ,(090) 1234-5678,1000',
      'P7,2024-03-07,山田太郎,,1000',
      'P8,2024-03-08,,090-1234-5678,1000',
      'P9,2024-03-09,山田太郎,03-1234-5678,1000'
    ].join('\n') + '\n';
    const p = await plan('guest-phone.csv', text);
    expect(p.identity).toBe('name_phone');
    const report = await load(p);
    expect(report.files[0]).toMatchObject({ dataRows: 9, loaded: 9, rejected: 0 });
    expect(toRows(await db.query(`SELECT customer_id, list(order_id ORDER BY order_id) AS o FROM orders GROUP BY 1 ORDER BY 1 NULLS LAST`))).toEqual([
      { customer_id: 'taroyamada|09012345678', o: '["P5","P6"]' },
      { customer_id: '山田太郎|0312345678', o: '["P9"]' },
      { customer_id: '山田太郎|09012345678', o: '["P1","P2","P3","P4"]' },
      { customer_id: null, o: '["P7","P8"]' }
    ]);
    expect(report.orders!.withoutCustomer).toEqual({ rows: 2, amount: 2000 });
  });

  it('without any identity column, an orders file is incomplete until the user says how', async () => {
    const p = await plan('no-id.csv', '注文番号,注文日,合計金額\nX1,2024-03-01,100\n');
    expect(p.kind).toBe('orders');
    expect(planProblems(p)).toEqual(['customer_id']);
  });
});

describe('several files together', () => {
  const ORDERS = [
    'order_id,customer_id,order_date,amount,status,refund',
    'O1,C1,2024-01-05,1000,shipped,0',
    'O1,C1,2024-01-05,500,shipped,0',
    'O2,C2,2024-02-01,2000,cancelled,',
    'O3,C2,2024-02-03,3000,shipped,1000',
    'O4,C3,2024-03-01,-800,returned,',
    'O5,C1,2024-03-02,700,shipped,',
    'O5,C4,2024-03-02,700,shipped,',
    'O6,C1,2024-03-03,100,shipped,',
    'O6,C1,2024-03-03,100,shipped,',
    'O7,C5,2027-01-01,100,shipped,',
    'O8,,2024-03-05,250,shipped,'
  ].join('\n') + '\n';
  const CUSTOMERS = 'customer_id,signup_date,member_since,tier,birthday\nC1,2023-01-01,2023-06-01,Gold,1980-05-05\nC2,2023-02-01,,,\nC3,2023-03-01,2023-07-01,Silver,\nC9,2023-04-01,2023-08-01,Gold,\n';
  const SURVEY = '回答日,会員番号,推奨度,コメント\n2024/3/10,C1,9,良い\n2024/3/11,C2,3,\n2024/3/12,,10,匿名\n';

  it('orders + customers + survey: membership, quality figures and every table', async () => {
    const plans = [await plan('orders.csv', ORDERS, 0), await plan('customers.csv', CUSTOMERS, 1), await plan('survey.csv', SURVEY, 2)];
    expect(plans.map((p) => p.kind)).toEqual(['orders', 'customers', 'responses']);
    const report = await load(...plans);
    expect(report.files.map((f) => [f.kind, f.dataRows, f.loaded, f.rejected])).toEqual([
      ['orders', 11, 11, 0], ['customers', 4, 4, 0], ['responses', 3, 3, 0]
    ]);
    const q = report.orders!;
    expect(q).toMatchObject({
      // O5 belongs to C1 and C4 (a conflicting id, flagged below): it is an order of each customer.
      rows: 11, orders: 7, customers: 5, revenue: 5450,
      withoutCustomer: { rows: 1, amount: 250 },
      returns: { rows: 2, amount: 2000 + 1000 + 800 },
      multiLineOrders: 3, conflictingOrderIds: 1, duplicateRows: 1, futureRows: 1
    });
    expect(q.firstDate).toBe(Date.UTC(2024, 0, 5));
    expect(q.lastDate).toBe(Date.UTC(2027, 0, 1));
    expect(report.customers).toEqual({ rows: 6, members: 3 });
    expect(report.responses).toEqual({ rows: 3 });
    expect(report.columns).toMatchObject({ member_since: true, tier: true, refund: true, score: true });
    expect(toRows(await db.query(`SELECT customer_id, strftime(member_since, '%Y-%m-%d') AS m, tier, is_member FROM customers ORDER BY 1`))).toEqual([
      { customer_id: 'C1', m: '2023-06-01', tier: 'Gold', is_member: true },
      { customer_id: 'C2', m: null, tier: null, is_member: false },
      { customer_id: 'C3', m: '2023-07-01', tier: 'Silver', is_member: true },
      { customer_id: 'C4', m: null, tier: null, is_member: false },
      { customer_id: 'C5', m: null, tier: null, is_member: false },
      { customer_id: 'C9', m: '2023-08-01', tier: 'Gold', is_member: true }
    ]);
    expect(toRows(await db.query(`SELECT customer_id, bool_and(is_member) AS all_m, bool_or(is_member) AS any_m FROM order_facts GROUP BY 1 ORDER BY 1 NULLS LAST`))).toEqual([
      { customer_id: 'C1', all_m: true, any_m: true },
      { customer_id: 'C2', all_m: false, any_m: false },
      { customer_id: 'C3', all_m: true, any_m: true },
      { customer_id: 'C4', all_m: false, any_m: false },
      { customer_id: 'C5', all_m: false, any_m: false },
      { customer_id: null, all_m: null, any_m: null }
    ]);
    expect(toRows(await db.query(`SELECT customer_id, score FROM responses ORDER BY response_date`))).toEqual([
      { customer_id: 'C1', score: 9 }, { customer_id: 'C2', score: 3 }, { customer_id: null, score: 10 }
    ]);
  });

  it('a denormalised orders file fills customers; the latest non-empty attribute wins', async () => {
    const text = '注文番号,注文日,会員番号,金額,入会日,会員ランク,誕生日\nX1,2024-01-01,M1,100,2023-01-01,Gold,1980-01-01\nX2,2024-02-01,M1,200,2023-01-01,Platinum,\nX3,2024-02-01,M2,300,,,\n';
    const p = await plan('denorm.csv', text);
    expect(p.kind).toBe('orders');
    expect(p.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'customer_id', 'amount', 'member_since', 'tier', 'birthday']);
    const report = await load(p);
    expect(report.customers).toEqual({ rows: 2, members: 1 });
    expect(toRows(await db.query(`SELECT customer_id, strftime(member_since, '%Y-%m-%d') AS m, tier, strftime(birthday, '%Y-%m-%d') AS b, is_member FROM customers ORDER BY 1`))).toEqual([
      { customer_id: 'M1', m: '2023-01-01', tier: 'Platinum', b: '1980-01-01', is_member: true },
      { customer_id: 'M2', m: null, tier: null, b: null, is_member: false }
    ]);
    expect(toRows(await db.query(`SELECT order_id, is_member FROM order_facts ORDER BY 1`))).toEqual([
      { order_id: 'X1', is_member: true }, { order_id: 'X2', is_member: true }, { order_id: 'X3', is_member: false }
    ]);
  });

  it('without membership data, is_member is unknown rather than false', async () => {
    const report = await load(await plan('orders.csv', ORDERS));
    expect(report.customers).toEqual({ rows: 5, members: null });
    // The same figures as with the customer file, though its customer count is now read off `customers`.
    expect(report.orders).toMatchObject({ rows: 11, orders: 7, customers: 5, multiLineOrders: 3, conflictingOrderIds: 1, duplicateRows: 1 });
    expect(firstRow(await db.query(`SELECT count(*) FILTER (WHERE is_member IS NOT NULL) AS known FROM order_facts`))).toEqual({ known: 0 });
  });
});

describe('order-detail exports that repeat the order total on every line (EC-CUBE 受注明細)', () => {
  // Five orders of two or three item lines; お支払い合計 is the order's total, on every line.
  const DETAIL = [
    '受注ID,会員ID,受注日,お支払い合計,商品名,単価,数量',
    '1,M1,2024/3/1,3300,ハンドクリーム,1000,2', '1,M1,2024/3/1,3300,石けん,1000,1',
    '2,M2,2024/3/2,5500,化粧水,2500,2', '2,M2,2024/3/2,5500,コットン,500,1',
    '3,M1,2024/3/5,2200,石けん,1000,1', '3,M1,2024/3/5,2200,ボディミルク,1000,1', '3,M1,2024/3/5,2200,サンプル,0,1',
    '4,M3,2024/3/9,1100,石けん,1000,1', '4,M3,2024/3/9,1100,ポーチ,0,1',
    '5,M2,2024/4/1,4400,美容液,2000,2', '5,M2,2024/4/1,4400,ハンドクリーム,0,1',
    '6,M3,2024/4/2,1100,石けん,1000,1'
  ].join('\n') + '\n';

  it('counts each order’s total once, and says so', async () => {
    const p = await plan('受注明細.csv', DETAIL);
    expect(p.columns.find((c) => c.label === 'お支払い合計')!.role).toBe('amount');
    const report = await load(p);
    expect(report.orders).toMatchObject({ rows: 12, orders: 6, customers: 3, revenue: 3300 + 5500 + 2200 + 1100 + 4400 + 1100, multiLineOrders: 5, repeatedTotals: 5 });
    expect(toRows(await db.query(`SELECT order_id, amount FROM order_facts ORDER BY order_id`))).toEqual([
      { order_id: '1', amount: 3300 }, { order_id: '2', amount: 5500 }, { order_id: '3', amount: 2200 },
      { order_id: '4', amount: 1100 }, { order_id: '5', amount: 4400 }, { order_id: '6', amount: 1100 }
    ]);
  });

  it('counts a total once from the first multi-line order when the header names the order’s total', async () => {
    // A small 楽天-style detail export: two orders of two lines, 合計金額 on each line.
    const small = ['受注番号,注文日,会員番号,合計金額,商品名,数量', 'R1,2024/3/1,M1,3300,石けん,1', 'R1,2024/3/1,M1,3300,化粧水,1',
      'R2,2024/3/2,M2,1200,石けん,1', 'R2,2024/3/2,M2,1200,タオル,2', 'R3,2024/3/3,M1,800,石けん,1'].join('\n') + '\n';
    const report = await load(await plan('楽天明細.csv', small));
    expect(report.orders).toMatchObject({ orders: 3, revenue: 3300 + 1200 + 800, multiLineOrders: 2, repeatedTotals: 2 });
    // A plain 金額 could be each line's: two equal lines are then two lines.
    const plain = await load(await plan('明細2.csv', small.replace('合計金額', '金額')));
    expect(plain.orders).toMatchObject({ revenue: 3300 * 2 + 1200 * 2 + 800, repeatedTotals: 0 });
  });

  it('keeps summing line amounts when any multi-line order has lines of different amounts', async () => {
    const perLine = DETAIL.replace('2,M2,2024/3/2,5500,コットン', '2,M2,2024/3/2,500,コットン');
    const report = await load(await plan('明細.csv', perLine));
    expect(report.orders!.repeatedTotals).toBe(0);
    expect(report.orders!.revenue).toBe(3300 * 2 + 5500 + 500 + 2200 * 3 + 1100 * 2 + 4400 * 2 + 1100);
  });
});

describe('one line per order or several: how the load tells, and the span it reports', () => {
  // Order ids down the file, and whether every line is an order of its own. The first line is a
  // guest order, the earliest of all; repeated ids belong to one customer.
  const CASES: [string, string[], boolean][] = [
    ['rising ids', ['0', 'A1', 'A2', 'B1', 'B7', 'C'], true],
    ['falling ids', ['Z', '9', '8', '77', '6', '5'], true],
    ['unique ids in no order', ['Z', 'A2', 'A1', 'A3', 'A5', 'A4'], true],
    ['a repeated id next to itself', ['Z', 'A1', 'A2', 'A2', 'A3', 'A4'], false],
    ['a repeated id far from itself', ['Z', 'A1', 'A2', 'A3', 'A4', 'A1'], false]
  ];
  const LINES = [',2023-12-24,web', 'M1,2024-03-05,EC', 'M2,2024-01-31,app', 'M2,2024-06-01,EC', 'M1,2024-02-10,', 'M1,2024-02-01,store'];

  it.each(CASES)('%s', async (_, ids, unique) => {
    const rows = ids.map((id, i) => `${id},${LINES[i].replace(',', ',100,')}`);
    const report = await load(await plan('orders.csv', ['order_id,customer_id,amount,order_date,channel', ...rows].join('\n')));
    expect(report.orders!.multiLineOrders).toBe(unique ? 0 : 1);
    expect(report.orders!.orders).toBe(unique ? 6 : 5);
    // Against order_facts itself, whichever way the load took.
    const truth = firstRow<{ first: string; last: string; identified_first: string; identified_last: string }>(
      await db.query(`SELECT strftime(min(d), '%Y-%m-%d') AS first, strftime(max(d), '%Y-%m-%d') AS last,
        strftime(min(d) FILTER (WHERE customer_id IS NOT NULL), '%Y-%m-%d') AS identified_first,
        strftime(max(d) FILTER (WHERE customer_id IS NOT NULL), '%Y-%m-%d') AS identified_last FROM order_facts`)
    );
    expect(truth).toMatchObject({ first: '2023-12-24', identified_first: '2024-01-31' });
    const channels = toRows<{ c: string }>(await db.query('SELECT DISTINCT channel AS c FROM order_facts WHERE channel IS NOT NULL ORDER BY 1')).map((r) => r.c);
    expect(report.span).toEqual({ first: truth.first, last: truth.last, channels });
    expect(firstRow(await db.query(`SELECT strftime(first, '%Y-%m-%d') AS first, strftime(last, '%Y-%m-%d') AS last FROM order_span`)))
      .toEqual({ first: truth.identified_first, last: truth.identified_last });
  });
});
