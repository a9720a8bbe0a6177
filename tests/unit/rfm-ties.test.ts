import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { textFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset, ORDER_SPAN_SQL } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { addDays } from '../../src/lib/analyses/period';
import { pickAsOf } from '../../src/lib/analyses/customers/asof';
import { runRfm, rfmCustomersSql } from '../../src/lib/analyses/rfm/run';

const AS_OF = '2024-12-31';
const ago = (days: number) => addDays(AS_OF, -days);

/** customer → orders as [days before AS_OF, amount]; negative amounts are returns. */
const ORDERS: Record<string, [number, number][]> = {
  c01: [[300, 10], [250, -15]], // net −5: still scored, lowest M
  c02: [[300, 0]], // a zero-value purchase
  c03: [[200, 0.1]],
  c04: [[100, 0.3]],
  c05: [[150, 0.1], [100, 0.2]], // 0.1 + 0.2 ≠ 0.3 in floating point, but it is the same spend
  c06: [[80, 50], [50, 50]],
  c07: [[90, 100], [60, 50], [30, 50]],
  c08: [[70, 75], [50, 75], [30, 75], [10, 75]],
  c09: [[40, 80], [30, 80], [20, 80], [10, 80], [0, 80]],
  c10: [[60, 100], [50, 100], [40, 100], [30, 100], [20, 50], [0, 50]]
};

describe('RFM scores: rank quintiles and ties', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    let n = 0;
    const lines = ['order_id,customer_id,order_date,amount'];
    for (const [id, orders] of Object.entries(ORDERS)) for (const [days, amount] of orders) lines.push(`o${++n},${id},${ago(days)},${amount}`);
    const plan = (await inspectFile(db, textFile('ties.csv', lines.join('\n')), 0)).plan!;
    await loadDataset(db, [plan], { today: '2026-01-01' });
  });
  afterAll(() => db.close());

  // n = 10, score = 1 + floor(5 (rank − 1) / 10), RANK() from worst to best:
  //   recency days 300 300 200 100 100 50 30 10 0 0 → ranks 1 1 3 4 4 6 7 8 9 9 → R 1 1 2 2 2 3 4 4 5 5
  //   purchases    1 1 1 1 2 2 3 4 5 6             → ranks 1 1 1 1 5 5 7 8 9 10 → F 1 1 1 1 3 3 4 4 5 5 (no F = 2)
  //   spend −5 0 0.1 0.3 0.3 100 200 300 400 500    → ranks 1 2 3 4 4 6 7 8 9 10 → M 1 1 2 2 2 3 4 4 5 5
  it('scores by rank so that equal values share a score', async () => {
    const rows = toRows<{ customer_id: string; r: number; f: number; m: number; segment: string; recency_days: number }>(
      await db.query(`SELECT * FROM (${rfmCustomersSql(NO_FILTERS, { asOf: AS_OF })}) ORDER BY customer_id`)
    );
    expect(rows.map((x) => x.recency_days)).toEqual([300, 300, 200, 100, 100, 50, 30, 10, 0, 0]);
    expect(rows.map((x) => [x.customer_id, x.r, x.f, x.m, x.segment])).toEqual([
      ['c01', 1, 1, 1, 'lost'],
      ['c02', 1, 1, 1, 'lost'],
      ['c03', 2, 1, 2, 'hibernating'],
      ['c04', 2, 1, 2, 'hibernating'],
      ['c05', 2, 3, 2, 'at_risk'],
      ['c06', 3, 3, 3, 'need_attention'],
      ['c07', 4, 4, 4, 'champions'],
      ['c08', 4, 4, 4, 'champions'],
      ['c09', 5, 5, 5, 'champions'],
      ['c10', 5, 5, 5, 'champions']
    ]);
  });

  it('treats spend equal to a millionth as a tie, whatever floating point made of the sums', async () => {
    const rows = toRows<{ customer_id: string; revenue: number; m: number }>(
      await db.query(`SELECT customer_id, revenue, m FROM (${rfmCustomersSql(NO_FILTERS, { asOf: AS_OF })}) WHERE customer_id IN ('c04', 'c05')`)
    );
    const [c04, c05] = rows.sort((a, b) => a.customer_id.localeCompare(b.customer_id));
    expect(c04.revenue).not.toBe(c05.revenue); // the premise: the raw sums differ in the last bits
    expect(c04.revenue).toBeCloseTo(c05.revenue, 12);
    expect(c04.m).toBe(c05.m);
  });

  it('reports empty scores as absent from the score ranges', async () => {
    const result = (await runRfm(db, NO_FILTERS, { asOf: AS_OF }))!;
    const f = result.scoreRanges.filter((x) => x.dimension === 'frequency');
    expect(f.map((x) => [x.score, x.customers, x.min, x.max])).toEqual([[1, 4, 1, 1], [3, 2, 2, 2], [4, 2, 3, 4], [5, 2, 5, 6]]);
    expect(result.customers).toBe(10);
    expect(result.revenue).toBeCloseTo(-5 + 0 + 0.1 + 0.3 + 0.3 + 100 + 200 + 300 + 400 + 500, 9);
    const lost = result.segments.find((s) => s.segment === 'lost')!;
    expect(lost).toMatchObject({ customers: 2, share: 0.2, revenue: -5, avgRecencyDays: 300, avgPurchases: 1, avgRevenue: -2.5 });
    const empty = result.segments.find((s) => s.segment === 'loyal')!;
    expect(empty).toEqual({ segment: 'loyal', customers: 0, share: 0, revenue: 0, revenueShare: null, avgRecencyDays: null, avgPurchases: null, avgRevenue: null });
  });

  it('returns an empty result, not null, before the first purchase; null without orders', async () => {
    const before = (await runRfm(db, NO_FILTERS, { asOf: '2020-01-01' }))!;
    expect(before.asOf).toBe('2020-01-01');
    expect(before.customers).toBe(0);
    expect(before.heatmap.every((c) => c.customers === 0)).toBe(true);
    expect(before.distributions).toEqual([]);
    const empty = await NodeDatabase.open();
    await empty.exec('CREATE TABLE order_facts (customer_id VARCHAR, order_id VARCHAR, d DATE, amount DOUBLE, is_return BOOLEAN, channel VARCHAR, is_member BOOLEAN)');
    await empty.exec(ORDER_SPAN_SQL);
    expect(await runRfm(empty, NO_FILTERS)).toBeNull();
    empty.close();
  });
});

describe('analysis date', () => {
  it('defaults to the last date, takes a requested date, and never goes past the date filter', () => {
    expect(pickAsOf('2011-12-09', null)).toBe('2011-12-09');
    expect(pickAsOf('2011-12-09', null, '2011-06-30')).toBe('2011-06-30');
    expect(pickAsOf('2011-12-09', '2011-09-30')).toBe('2011-09-30');
    expect(pickAsOf('2011-12-09', '2011-09-30', '2011-06-30')).toBe('2011-06-30');
    expect(pickAsOf('2011-12-09', '2011-09-30', '2011-10-31')).toBe('2011-09-30');
    expect(() => pickAsOf('2011-12-09', null, "2011-06-30'; --")).toThrow(/not a date/);
  });
});
