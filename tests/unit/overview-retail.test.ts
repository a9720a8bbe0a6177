import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile, SHARED_DATA } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset, type LoadReport } from '../../src/lib/ingest/load';
import { runOverview } from '../../src/lib/analyses/overview/run';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { firstRow, toRows } from '../../src/lib/engine/types';
import type { FilePlan } from '../../src/lib/ingest/types';
import { loadFiles } from '../helpers/load';

// UCI Online Retail I through the app's own importer and overview, checked against queries
// written here directly on the same CSV (not through the app's SQL).
describe('UCI Online Retail I', () => {
  let db: NodeDatabase;
  let plan: FilePlan;
  let report: LoadReport;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const ins = await inspectFile(db, sharedFile('online-retail/online_retail_I_2010-2011.csv.gz'), 0);
    plan = ins.plan!;
    report = await loadDataset(db, [plan], { today: '2026-11-23' });
  });
  afterAll(() => db.close());

  it('proposes the mapping a person would choose', () => {
    const roles = Object.fromEntries(plan.columns.map((c) => [c.label, c.role]));
    expect(roles).toMatchObject({
      InvoiceNo: 'order_id', Quantity: 'quantity', InvoiceDate: 'order_date', UnitPrice: 'unit_price',
      CustomerID: 'customer_id', Country: 'region', StockCode: 'ignore', Description: 'ignore'
    });
    expect(plan.kind).toBe('orders');
    expect(plan.delimiter).toBe(',');
  });

  it('accounts for every row', () => {
    const f = report.files[0];
    expect(f.dataRows).toBe(541_909);
    expect(f.loaded + f.rejected).toBe(f.dataRows);
    expect(f.rejected).toBe(0);
    expect(report.orders!.withoutCustomer.rows).toBe(135_080);
  });

  it('matches an independent computation of the headline figures', async () => {
    // DuckDB's own CSV type detection on the same bytes, none of the app's parsing.
    const truth = firstRow<Record<string, number>>(
      await db.query(`WITH l AS (SELECT InvoiceNo, CAST(CustomerID AS VARCHAR) AS c, Quantity * UnitPrice AS v
          FROM read_csv('file0.csv') WHERE CustomerID IS NOT NULL),
        p AS (SELECT c, count(DISTINCT InvoiceNo) FILTER (WHERE v >= 0) AS n FROM l GROUP BY c)
        SELECT (SELECT sum(v) FROM l) AS revenue,
          (SELECT count(DISTINCT InvoiceNo) FROM l WHERE v >= 0) AS orders,
          (SELECT count(*) FROM p WHERE n > 0) AS customers,
          (SELECT count(*) FROM p WHERE n >= 2) AS repeaters`)
    );
    const overview = (await runOverview(db, NO_FILTERS))!;
    const kpi = Object.fromEntries(overview.kpis.map((k) => [k.key, k.value]));
    expect(kpi.revenue).toBeCloseTo(truth.revenue, 2);
    expect(kpi.orders).toBe(truth.orders);
    expect(kpi.customers).toBe(truth.customers);
    expect(kpi.repeatRate).toBeCloseTo(truth.repeaters / truth.customers, 10);
    expect(overview.period).toMatchObject({ from: '2010-12-01', to: '2011-12-09' });
    expect(overview.hasPrevious).toBe(false);
    // Known figures of this dataset (data README): 4,372 customer ids, 25,900 invoices in all.
    expect(truth.customers).toBeGreaterThan(4_300);
    expect(truth.customers).toBeLessThanOrEqual(4_372);
  });

  it('draws a Pareto curve that ends at 100 % and agrees with the top-20 % KPI', async () => {
    const overview = (await runOverview(db, NO_FILTERS))!;
    const at20 = overview.pareto.find((p) => Math.abs(p.customerShare - 0.2) < 1e-9)!;
    const top = overview.kpis.find((k) => k.key === 'top20Share')!.value!;
    expect(at20.revenueShare).toBeCloseTo(top, 10);
    expect(overview.pareto.at(-1)!.revenueShare).toBeCloseTo(1, 10);
    expect(top).toBeGreaterThan(0.7);
    // Independently: each buying customer's net revenue, sorted in JS.
    const revs = toRows<{ rev: number }>(
      await db.query(`WITH l AS (SELECT InvoiceNo, CAST(CustomerID AS VARCHAR) AS c, Quantity * UnitPrice AS v FROM read_csv('file0.csv') WHERE CustomerID IS NOT NULL)
        SELECT sum(v) AS rev FROM l GROUP BY c HAVING count(*) FILTER (WHERE v >= 0) > 0`)
    ).map((r) => r.rev).sort((a, b) => b - a);
    const total = revs.reduce((a, b) => a + b, 0);
    const cum = (k: number) => revs.slice(0, k).reduce((a, b) => a + b, 0) / total;
    expect(top).toBeCloseTo(cum(Math.ceil(0.2 * revs.length)), 10);
    for (const p of overview.pareto.slice(1)) expect(p.revenueShare).toBeCloseTo(cum(Math.max(1, Math.ceil(Math.round(p.customerShare * 100) * revs.length / 100))), 10);
    const monthRevenue = overview.monthly.reduce((s, m) => s + m.newRevenue! + m.returningRevenue!, 0);
    expect(monthRevenue).toBeCloseTo(overview.kpis.find((k) => k.key === 'revenue')!.value!, 2);
    expect(overview.monthly.map((m) => m.month)).toHaveLength(13);
  });

  it('splits each month between new and returning customers as an independent query does', async () => {
    for (const filters of [NO_FILTERS, { ...NO_FILTERS, from: '2011-07-01', to: '2011-09-30' }]) {
      const overview = (await runOverview(db, filters))!;
      const { from, to } = overview.period;
      // Orders from the raw lines: an order is a purchase unless every line is negative; a
      // customer's first month is that of their first purchase in the whole file.
      const truth = toRows<Record<string, number | string>>(
        await db.query(`WITH l AS (SELECT InvoiceNo AS o, CAST(CustomerID AS VARCHAR) AS c, InvoiceDate::DATE AS d, Quantity * UnitPrice AS v
            FROM read_csv('file0.csv') WHERE CustomerID IS NOT NULL),
          o AS (SELECT c, o, min(d) AS d, sum(v) AS v, bool_and(v < 0) AS ret FROM l GROUP BY c, o),
          f AS (SELECT c, date_trunc('month', min(d) FILTER (WHERE NOT ret)) AS fm FROM o GROUP BY c),
          cm AS (SELECT c, date_trunc('month', d) AS m, sum(v) AS v, bool_or(NOT ret) AS bought FROM o
            WHERE d BETWEEN DATE '${from}' AND DATE '${to}' GROUP BY ALL)
          SELECT strftime(m, '%Y-%m') AS month,
            coalesce(sum(v) FILTER (WHERE m = fm), 0) AS newRevenue, coalesce(sum(v) FILTER (WHERE fm IS NULL OR m <> fm), 0) AS returningRevenue,
            count(*) FILTER (WHERE bought AND m = fm) AS newCustomers, count(*) FILTER (WHERE bought AND (fm IS NULL OR m <> fm)) AS returningCustomers,
            count(*) FILTER (WHERE bought) AS activeCustomers
          FROM cm JOIN f USING (c) GROUP BY m ORDER BY m`)
      );
      expect(overview.monthly.map((m) => m.month)).toEqual(truth.map((m) => m.month));
      for (const [i, m] of overview.monthly.entries()) {
        const want = truth[i];
        expect({ ...m, newRevenue: 0, returningRevenue: 0 }).toEqual({ ...want, newRevenue: 0, returningRevenue: 0 });
        expect(m.newRevenue).toBeCloseTo(want.newRevenue as number, 6);
        expect(m.returningRevenue).toBeCloseTo(want.returningRevenue as number, 6);
      }
      expect(overview.monthly.some((m) => m.newCustomers! > 0 && m.returningCustomers! > 0)).toBe(true);
      const sumOf = (k: 'newRevenue' | 'returningRevenue') => truth.reduce((s, m) => s + (m[k] as number), 0);
      expect(overview.newRevenueShare).toBeCloseTo(sumOf('newRevenue') / (sumOf('newRevenue') + sumOf('returningRevenue')), 10);
    }
  });

  it('compares with the previous period of equal length', async () => {
    const overview = (await runOverview(db, { ...NO_FILTERS, from: '2011-07-01', to: '2011-09-30' }))!;
    expect(overview.period).toEqual({ from: '2011-07-01', to: '2011-09-30', previousFrom: '2011-03-31', previousTo: '2011-06-30' });
    expect(overview.hasPrevious).toBe(true);
    const truth = firstRow<{ cur: number; prev: number }>(
      await db.query(`SELECT sum(Quantity * UnitPrice) FILTER (WHERE InvoiceDate::DATE BETWEEN '2011-07-01' AND '2011-09-30') AS cur,
        sum(Quantity * UnitPrice) FILTER (WHERE InvoiceDate::DATE BETWEEN '2011-03-31' AND '2011-06-30') AS prev
        FROM read_csv('file0.csv') WHERE CustomerID IS NOT NULL`)
    );
    const revenue = overview.kpis.find((k) => k.key === 'revenue')!;
    expect(revenue.value).toBeCloseTo(truth.cur, 2);
    expect(revenue.previous).toBeCloseTo(truth.prev, 2);
  });
});

// Revenue ties everywhere: which of two equal customers ranks first must not change a figure.
describe('top-20 % share and Pareto curve with tied revenues', () => {
  // 23 customers: ceil(20 %) = 5 of them, and the 5th and 6th largest revenues are equal.
  const REVENUES = [900, 500, 500, 300, 200, 200, 200, 100, 100, 100, 100, 100, 50, 50, 50, 50, 50, 50, 50, 10, 10, 10, 10];
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const lines = ['order_id,customer_id,order_date,amount'];
    REVENUES.forEach((rev, i) => {
      // Two orders each, in scrambled customer order, so ties meet in every arrangement.
      const id = `c${String((i * 7) % REVENUES.length).padStart(2, '0')}`;
      lines.push(`a${i},${id},2024-0${1 + (i % 9)}-10,${rev / 2}`, `b${i},${id},2024-10-0${1 + (i % 9)},${rev / 2}`);
    });
    await loadFiles(db, [{ name: 'ties.csv', text: lines.join('\n') }]);
  });
  afterAll(() => db.close());

  it('sums the largest revenues, whichever tied customer comes first', async () => {
    const overview = (await runOverview(db, NO_FILTERS))!;
    const sorted = [...REVENUES].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top = (k: number) => sorted.slice(0, k).reduce((a, b) => a + b, 0) / total;
    expect(overview.kpis.find((k) => k.key === 'top20Share')!.value).toBeCloseTo(top(5), 12);
    expect(overview.pareto).toHaveLength(101);
    for (const [i, p] of overview.pareto.entries()) {
      expect(p.customerShare).toBeCloseTo(i / 100, 12);
      if (i > 0) expect(p.revenueShare).toBeCloseTo(top(Math.max(1, Math.ceil((i * REVENUES.length) / 100))), 12);
    }
  });
});
