import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile } from '../helpers/files';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { firstRow } from '../../src/lib/engine/types';

const TODAY = { today: '2026-11-23' };

// Smoke tests on real public files (../shared/data, see its README for their quirks).
describe('real exports', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  it('84.51° Complete Journey transactions: households, baskets, timestamps, sales values', async () => {
    const plan = (await inspectFile(db, sharedFile('completejourney-8451/transactions_sample.csv'), 0)).plan!;
    expect(plan.encoding).toBe('utf-8');
    expect(plan.delimiter).toBe(',');
    expect(plan.hasHeader).toBe(true);
    expect(Object.fromEntries(plan.columns.map((c) => [c.label, c.role]))).toEqual({
      household_id: 'customer_id', store_id: 'store', basket_id: 'order_id', product_id: 'ignore', quantity: 'quantity',
      sales_value: 'amount', retail_disc: 'ignore', coupon_disc: 'ignore', coupon_match_disc: 'ignore', week: 'ignore',
      transaction_timestamp: 'order_date'
    });
    expect(plan.kind).toBe('orders');
    expect(planProblems(plan)).toEqual([]);

    const report = await loadDataset(db, [plan], TODAY);
    // README: 75,000 lines, 2,377 households, 47,243 baskets, 2017-01-01..2017-12-31.
    expect(report.files[0]).toMatchObject({ dataRows: 75_000, loaded: 75_000, rejected: 0, warnings: 0 });
    const q = report.orders!;
    expect(q.rows).toBe(75_000);
    expect(q.customers).toBe(2_377);
    expect(q.withoutCustomer.rows).toBe(0);
    expect(q.futureRows).toBe(0);
    expect(new Date(q.firstDate!).toISOString().slice(0, 4)).toBe('2017');
    expect(new Date(q.lastDate!).toISOString().slice(0, 10) <= '2017-12-31').toBe(true);
    // Independent of the app's parsing: DuckDB's own reader on the same bytes.
    const truth = firstRow<{ baskets: number; revenue: number; first: string; last: string }>(
      await db.query(`SELECT count(DISTINCT basket_id) AS baskets, sum(sales_value) AS revenue,
        strftime(min(transaction_timestamp), '%Y-%m-%d %H:%M:%S') AS first, strftime(max(transaction_timestamp), '%Y-%m-%d %H:%M:%S') AS last
        FROM read_csv('${plan.path}')`)
    );
    expect(truth.baskets).toBe(47_243);
    expect(q.revenue).toBeCloseTo(truth.revenue, 6);
    const mine = firstRow<{ baskets: number; first: string; last: string; zero: number }>(
      await db.query(`SELECT count(DISTINCT order_id) AS baskets, strftime(min(order_date), '%Y-%m-%d %H:%M:%S') AS first,
        strftime(max(order_date), '%Y-%m-%d %H:%M:%S') AS last, count(*) FILTER (WHERE amount = 0) AS zero FROM orders`)
    );
    expect(mine).toEqual({ baskets: truth.baskets, first: truth.first, last: truth.last, zero: 528 });
  });

  it('the BTYDplus grocery event log has no amount: the plan says so instead of failing', async () => {
    const ins = await inspectFile(db, sharedFile('grocery-elog-btydplus/groceryElog.csv'), 0);
    expect(ins.problem).toBeUndefined();
    const plan = ins.plan!;
    expect(plan.columns.map((c) => [c.label, c.role])).toEqual([['cust', 'customer_id'], ['date', 'order_date']]);
    expect(plan.kind).toBe('orders');
    expect(planProblems(plan)).toEqual(['amount']);
    expect(plan.preview[0]).toEqual(['1', '2006-01-01']);
  });
});
