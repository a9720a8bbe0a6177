/**
 * Real export layouts, as small fixtures built from their documented columns: Shopify's orders
 * export (one row per line item; the order's total, date and status on its first line only;
 * `Name` is the order number) and a 楽天 RMS order file (Shift_JIS, one row per item with the
 * order's fields repeated). The importer proposes the right columns and counts each order's
 * total once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { fixture, textFile } from '../helpers/files';
import { amountOnFirstLineOnly, inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { firstRow, toRows } from '../../src/lib/engine/types';
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
const roles = (p: FilePlan) => Object.fromEntries(p.columns.filter((c) => c.role !== 'ignore').map((c) => [c.label, c.role]));

describe('Shopify orders export', () => {
  it('proposes Name as the order number, Created at as the date, Total as the amount, e-mail as the customer', async () => {
    const p = await plan(fixture('shopify-orders.csv'));
    expect(p.kind).toBe('orders');
    expect(p.identity).toBe('email');
    expect(p.orderLevelOnFirstLine).toBe(true);
    expect(roles(p)).toMatchObject({
      Name: 'order_id', Email: 'email', 'Financial Status': 'status', Total: 'amount', 'Created at': 'order_date',
      'Lineitem quantity': 'quantity', 'Lineitem price': 'unit_price', 'Discount Code': 'coupon', 'Refunded Amount': 'refund'
    });
    expect(Object.values(roles(p))).not.toContain('name');
    expect(p.currency).toBe('JPY');
  });

  it('counts each order’s total once, dates every line by its order, and keeps every row', async () => {
    const p = await plan(fixture('shopify-orders.csv'));
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 12, loaded: 12, rejected: 0 });
    expect(report.issueCount).toBe(0);
    // By hand from the fixture: totals of #1001–#1007, less #1004 (refunded) and #1005's ¥1,200 refund.
    expect(report.orders).toMatchObject({ orders: 6, customers: 4, revenue: 38616, multiLineOrders: 4 });
    expect(toRows(await db.query(`SELECT order_id, d, amount, is_return FROM order_facts ORDER BY order_id`))).toEqual([
      { order_id: '#1001', d: Date.UTC(2024, 2, 1), amount: 5880, is_return: false },
      { order_id: '#1002', d: Date.UTC(2024, 2, 2), amount: 2976, is_return: false },
      { order_id: '#1003', d: Date.UTC(2024, 2, 15), amount: 13640, is_return: false },
      { order_id: '#1004', d: Date.UTC(2024, 3, 1), amount: 0, is_return: true },
      { order_id: '#1005', d: Date.UTC(2024, 3, 10), amount: 6720, is_return: false },
      { order_id: '#1006', d: Date.UTC(2024, 4, 5), amount: 2360, is_return: false },
      { order_id: '#1007', d: Date.UTC(2024, 4, 20), amount: 7040, is_return: false }
    ]);
    // Every line of an order carries its date and customer.
    expect(firstRow(await db.query(`SELECT count(*) FILTER (WHERE order_date IS NULL OR customer_id IS NULL) AS n FROM orders`))).toEqual({ n: 0 });
  });

  it('numbers issues by their line in the file although the order fields are filled across lines', async () => {
    const text = 'Name,Email,Total,Created at\n#1,a@x.jp,100,2024-01-01\n#1,a@x.jp,,\n#2,b@x.jp,abc,2024-01-02\n#2,b@x.jp,,\n#3,,300,2024-13-01\n';
    const p = await plan(textFile('lines.csv', text));
    expect(p.orderLevelOnFirstLine).toBe(true);
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 5, loaded: 2, rejected: 3 });
    expect(toRows(await db.query(`SELECT line, "column", reason FROM load_issues ORDER BY line`))).toEqual([
      { line: 4, column: 'Total', reason: 'invalid_number' },
      // #2's other line has nothing to take its total from.
      { line: 5, column: 'Total', reason: 'empty' },
      // A guest order (no e-mail) loads; its impossible date does not.
      { line: 6, column: 'Created at', reason: 'invalid_date' }
    ]);
  });

  it('tells first-line totals from totals repeated or split over lines', () => {
    const rows = (a: string[][]) => a;
    expect(amountOnFirstLineOnly(rows([['1', '10'], ['1', ''], ['2', '5']]), 0, 1)).toBe(true);
    expect(amountOnFirstLineOnly(rows([['1', '10'], ['1', '10'], ['2', '5']]), 0, 1)).toBe(false);
    expect(amountOnFirstLineOnly(rows([['1', '10'], ['1', '3']]), 0, 1)).toBe(false);
    expect(amountOnFirstLineOnly(rows([['1', '10'], ['2', '5']]), 0, 1)).toBe(false);
  });
});

describe('楽天 RMS order file (Shift_JIS)', () => {
  it('proposes 受注番号, 注文日時, 合計金額 and the buyer’s e-mail', async () => {
    const p = await plan(fixture('rakuten-rms-orders-sjis.csv'));
    expect(p.encoding).toBe('shift_jis');
    expect(p.kind).toBe('orders');
    expect(p.identity).toBe('email');
    expect(roles(p)).toMatchObject({
      受注番号: 'order_id', 受注ステータス: 'status', 注文日時: 'order_date', 合計金額: 'amount', ポイント利用額: 'points_used',
      メールアドレス: 'email', 注文者電話番号: 'phone', 単価: 'unit_price', 個数: 'quantity'
    });
    expect(p.orderLevelOnFirstLine).toBeUndefined();
  });

  it('counts each order’s total once (repeated on its lines) and the cancelled order as none', async () => {
    const p = await plan(fixture('rakuten-rms-orders-sjis.csv'));
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 16, loaded: 16, rejected: 0 });
    expect(report.orders).toMatchObject({ orders: 7, customers: 5, revenue: 43270, repeatedTotals: 7 });
    expect(report.orders!.returnStatuses).toEqual([{ value: 'キャンセル', rows: 2 }]);
  });
});
