import { beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { customerSummarySql } from '../../src/lib/analyses/customers/summary';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { toRows } from '../../src/lib/engine/types';

describe('customer summary', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const csv = [
      'order_id,customer_id,order_date,amount,status',
      'o1,A,2024-01-01,100,done',
      'o2,A,2024-01-11,200,done',
      'o2,A,2024-01-11,50,done', // a second line of the same order
      'o3,A,2024-01-31,300,cancelled',
      'o4,A,2024-02-10,-40,done', // a return
      'o5,B,2024-02-01,500,done',
      'o6,C,2024-03-01,900,cancelled', // only a cancellation: not a customer
      'o7,A,2024-05-01,999,done' // after the analysis date
    ].join('\n');
    await loadFiles(db, [{ name: 'o.csv', text: csv }]);
  });

  // A: o1 and o2 (two lines) are purchases; o3 is cancelled and o4 is a return, so the last
  // purchase is 2024-01-11 while revenue is net of the return.
  it('counts purchases, net revenue, recency, tenure and the typical gap as of a date', async () => {
    const rows = toRows(await db.query(`SELECT * FROM (${customerSummarySql(NO_FILTERS, { asOf: '2024-03-01' })}) ORDER BY customer_id`));
    expect(rows).toEqual([
      { customer_id: 'A', first_date: expect.any(Number), last_date: expect.any(Number), purchases: 2, purchase_days: 2, revenue: 310, recency_days: 50, tenure_days: 60, avg_gap_days: 10 },
      { customer_id: 'B', first_date: expect.any(Number), last_date: expect.any(Number), purchases: 1, purchase_days: 1, revenue: 500, recency_days: 29, tenure_days: 29, avg_gap_days: null }
    ]);
  });

  it('limits history with `from`', async () => {
    const rows = toRows(await db.query(`SELECT customer_id, purchases FROM (${customerSummarySql(NO_FILTERS, { asOf: '2024-03-01', from: '2024-01-20' })}) ORDER BY 1`));
    // A's only orders from then on are a cancellation and a return: not a purchase.
    expect(rows).toEqual([{ customer_id: 'B', purchases: 1 }]);
  });
});
