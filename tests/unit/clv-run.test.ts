import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { cdnowSampleIds, loadCdnow, readCdnowSummary } from '../helpers/cdnow';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { clvDaysSql, clvSummarySql } from '../../src/lib/analyses/clv/summary';
import { defaultHoldoutDays, resolveSplit, runClv } from '../../src/lib/analyses/clv/run';
import { CLV_DEFAULTS, type ClvRequest, type ClvResult } from '../../src/lib/analyses/clv/types';
import { firstRow, toRows } from '../../src/lib/engine/types';
import { allCustomersBase, clvListBase, withPredictions } from '../../src/lib/analyses/lists/bases';
import { listColumns } from '../../src/lib/analyses/lists/columns';
import { customerListCsvSql } from '../../src/lib/analyses/lists/sql';
import { dropoutModel } from '../../src/lib/analyses/clv/bgnbd';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { sharedFile } from '../helpers/files';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const request = (r: Partial<ClvRequest> = {}): ClvRequest => ({ filters: NO_FILTERS, split: null, ...CLV_DEFAULTS, ...r });

/** The per-customer predictions table of a result. */
async function predictions(db: NodeDatabase, r: ClvResult) {
  return toRows<{ customer_id: string; clv: number | null; p_alive: number | null; expected_purchases: number; expected_value: number | null }>(
    await db.query(`SELECT * FROM ${r.table} ORDER BY customer_id`)
  );
}

describe('from the raw CDNOW_master.txt to the published fits (the 2,357 customers of the 1/10 sample)', () => {
  let db: NodeDatabase;
  let result: ClvResult;
  let ms: number;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadCdnow(db, { sampleOnly: true });
    const t0 = performance.now();
    // Calibration 1997-01-01 … 1997-09-30 (39 weeks), holdout to 1998-06-30, in weeks, as published.
    result = (await runClv(db, request({ split: '1997-09-30', timeUnit: 'weeks' })))!;
    ms = performance.now() - t0;
  });
  afterAll(() => db.close());

  it('rebuilds lifetimes’ calibration summary in SQL (x exactly; recency, age and mean repeat value to the published 2 decimals)', async () => {
    const w = { from: '1997-01-01', asOf: '1998-06-30', split: '1997-09-30' };
    await db.exec(`CREATE OR REPLACE TEMP TABLE t_days AS ${clvDaysSql(NO_FILTERS, w)}`);
    const rows = toRows<{ customer_id: string; cal_x: number; cal_tx: number; cal_T: number; cal_spend_x: number; cal_spend_sum: number }>(
      await db.query(`SELECT customer_id, cal_x, cal_tx, cal_T, cal_spend_x, cal_spend_sum FROM (${clvSummarySql('t_days', w)}) ORDER BY rn`)
    );
    const published = readCdnowSummary();
    const sampleId = cdnowSampleIds();
    expect(rows).toHaveLength(2357);
    expect(new Set(rows.map((r) => sampleId.get(r.customer_id))).size).toBe(2357);
    rows.forEach((r) => {
      const p = published[sampleId.get(r.customer_id)! - 1];
      expect(r.cal_x).toBe(p.x);
      expect(Math.abs(r.cal_tx / 7 - p.tx)).toBeLessThan(0.006);
      expect(Math.abs(r.cal_T / 7 - p.T)).toBeLessThan(0.006);
      expect(r.cal_spend_x).toBe(p.x); // no zero-value repeat days in this sample
      if (p.x > 0) expect(Math.abs(r.cal_spend_sum / r.cal_spend_x - p.zbar)).toBeLessThan(0.0051);
    });
  });

  it('fits BG/NBD r=0.243, α=4.414, a=0.793, b=2.426 within 1 % and LL −9582.43 within 0.1', () => {
    const fit = result.holdout.fit!;
    console.info(`CDNOW raw → SQL → both fits, twice, and predictions: ${ms.toFixed(0)} ms`, fit.bgnbd!.params, fit.bgnbd!.logLikelihood);
    expect(fit.customers).toBe(2357);
    expect(fit.repeatCustomers).toBe(946);
    expect(fit.purchaseProblem).toBeNull();
    const p = fit.bgnbd!.params!;
    expect(p.timeUnit).toBe('weeks');
    expect(rel(p.r, 0.243)).toBeLessThan(0.01);
    expect(rel(p.alpha, 4.414)).toBeLessThan(0.01);
    expect(rel(p.a, 0.793)).toBeLessThan(0.01);
    expect(rel(p.b, 2.426)).toBeLessThan(0.01);
    expect(Math.abs(fit.bgnbd!.logLikelihood! - -9582.43)).toBeLessThan(0.1);
  });

  it('fits Gamma-Gamma p=6.25, q=3.74, γ=15.44 within 1 % and LL −4055.92 within 0.1 on the 946 repeat buyers', () => {
    const fit = result.holdout.fit!;
    console.info('CDNOW raw → Gamma-Gamma', fit.gammaGamma!.params, fit.gammaGamma!.logLikelihood);
    expect(fit.spendCustomers).toBe(946);
    expect(fit.spendProblem).toBeNull();
    expect(fit.netValueFactor).toBe(1);
    expect(fit.nonPositiveDays).toBe(0);
    const g = fit.gammaGamma!.params!;
    expect(rel(g.p, 6.25)).toBeLessThan(0.01);
    expect(rel(g.q, 3.74)).toBeLessThan(0.01);
    expect(rel(g.gamma, 15.44)).toBeLessThan(0.01);
    expect(Math.abs(fit.gammaGamma!.logLikelihood! - -4055.92)).toBeLessThan(0.1);
    expect(fit.spendCorrelation!).toBeCloseTo(0.11, 2); // Fader & Hardie report 0.11
  });

  it('checks the calibration fit against the 39-week holdout (FHL 2005 Fig. 4, counted from the raw file)', () => {
    const h = result.holdout;
    expect(h).toMatchObject({ split: '1997-09-30', holdoutDays: 273, length: 39, problem: null, newCustomers: 0 });
    expect(h.bins!.map((b) => b.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    expect(h.total!.actual).toBe(1882);
    expect(Math.abs(h.total!.predicted - 1653.42)).toBeLessThan(0.5);
    expect(h.purchaseError!).toBeCloseTo((h.total!.predicted - 1882) / 1882, 12);
    // Cumulative over the holdout: rising, ending at the totals.
    const last = h.tracking[h.tracking.length - 1];
    expect(last).toMatchObject({ day: 273, date: '1998-06-30', actual: 1882 });
    expect(last.predicted).toBeCloseTo(h.total!.predicted, 6);
    for (let i = 1; i < h.tracking.length; i++) {
      expect(h.tracking[i].predicted).toBeGreaterThan(h.tracking[i - 1].predicted);
      expect(h.tracking[i].actual).toBeGreaterThanOrEqual(h.tracking[i - 1].actual);
    }
    // Net holdout revenue of the cohort's purchases, from the raw file.
    expect(h.revenue!.actual).toBeCloseTo(70976.39, 2);
    expect(h.revenueError!).toBeLessThan(0);
  });

  it('predicts every customer from the fit on all 78 weeks, and stores the predictions for customer lists', async () => {
    const f = result.fit;
    expect(f.customers).toBe(2357);
    expect(f.bgnbd!.converged).toBe(true);
    const rows = await predictions(db, result);
    expect(rows).toHaveLength(2357);
    const x = toRows<{ customer_id: string; x: number }>(
      await db.query(`SELECT customer_id, count(DISTINCT d) - 1 AS x FROM order_facts GROUP BY customer_id ORDER BY customer_id`)
    );
    rows.forEach((r, i) => {
      expect(r.customer_id).toBe(x[i].customer_id);
      // P(alive) is the model's only for customers who came back; one-time buyers are alive by assumption.
      if (x[i].x === 0) expect(r.p_alive).toBeNull();
      else expect(r.p_alive! > 0 && r.p_alive! <= 1).toBe(true);
      expect(r.clv! >= 0 && Number.isFinite(r.clv!)).toBe(true);
      expect(r.expected_value!).toBeGreaterThan(0);
    });
    const sums = firstRow<{ clv: number; purchases: number }>(await db.query(`SELECT sum(clv) AS clv, sum(expected_purchases) AS purchases FROM ${result.table}`));
    const p = result.predictions!;
    expect(sums.clv).toBeCloseTo(p.totalClv!, 6);
    expect(sums.purchases).toBeCloseTo(p.expectedPurchases, 8);
    expect(p.distribution!.reduce((n, b) => n + b.customers!, 0)).toBe(2357);
    expect(p.distribution!.reduce((s, b) => s + b.clv!, 0)).toBeCloseTo(p.totalClv!, 6);
    expect(p.likelyAlive).toBeLessThanOrEqual(f.repeatCustomers);
    expect(p.top20Share!).toBeGreaterThan(0.2);
    expect(p.top20Share!).toBeLessThan(1);
  });

  it('lists customers by predicted CLV, and joins predictions into any other list', async () => {
    const base = clvListBase(NO_FILTERS, result.asOf, result.table!);
    const rows = toRows<Record<string, number | string | null>>(await db.query(customerListCsvSql(base, '', base.defaultSort)));
    expect(rows).toHaveLength(2357);
    expect(listColumns(base).slice(0, 5)).toEqual(['customer_id', 'clv', 'p_alive', 'expected_purchases', 'expected_value']);
    for (let i = 1; i < rows.length; i++) expect(rows[i].clv as number).toBeLessThanOrEqual(rows[i - 1].clv as number);
    const top = (await predictions(db, result)).sort((a, b) => b.clv! - a.clv! || a.customer_id.localeCompare(b.customer_id))[0];
    expect(rows[0]).toMatchObject({ customer_id: top.customer_id, clv: top.clv, p_alive: top.p_alive });
    expect(typeof rows[0].revenue).toBe('number');

    const all = allCustomersBase(NO_FILTERS, result.asOf);
    const joined = withPredictions(all, result.table!);
    expect(joined.columns).toEqual([...all.columns, 'clv', 'p_alive']);
    expect(withPredictions(base, result.table!)).toBe(base);
    const joinedRows = toRows<{ customer_id: string; clv: number | null }>(await db.query(customerListCsvSql(joined, '', { column: 'customer_id', dir: 'asc' })));
    expect(joinedRows).toHaveLength(2357);
    expect(joinedRows.every((r) => r.clv !== null && r.clv >= 0)).toBe(true);
  });

  it('gives the same predictions in days (α × 7) as in weeks', async () => {
    const days = (await runClv(db, request({ split: '1997-09-30', timeUnit: 'days' })))!;
    expect(days.timeUnit).toBe('days');
    expect(days.holdout.length).toBe(273);
    expect(rel(days.holdout.fit!.bgnbd!.params!.alpha, 7 * result.holdout.fit!.bgnbd!.params!.alpha)).toBeLessThan(1e-4);
    expect(rel(days.predictions!.totalClv!, result.predictions!.totalClv!)).toBeLessThan(1e-4);
    expect(rel(days.predictions!.expectedPurchases, result.predictions!.expectedPurchases)).toBeLessThan(1e-4);
    expect(rel(days.holdout.total!.predicted, result.holdout.total!.predicted)).toBeLessThan(1e-4);
  });

  it('discounts: a higher rate or a shorter horizon lowers the total, the purchase horizon does not touch CLV', async () => {
    const run = async (r: Partial<ClvRequest>) => (await runClv(db, request({ split: '1997-09-30', ...r })))!.predictions!;
    const base = result.predictions!;
    expect((await run({ annualDiscountRate: 0.3 })).totalClv!).toBeLessThan(base.totalClv!);
    expect((await run({ annualDiscountRate: 0 })).totalClv!).toBeGreaterThan(base.totalClv!);
    expect((await run({ horizonMonths: 6 })).totalClv!).toBeLessThan(base.totalClv!);
    const longer = await run({ purchaseDays: 365 });
    expect(longer.totalClv).toBe(base.totalClv);
    expect(longer.expectedPurchases).toBeGreaterThan(base.expectedPurchases);
  });
});

describe('the whole CDNOW cohort (23,570 customers of CDNOW_master.txt)', () => {
  it('fits and predicts (no published values for the whole cohort: logged)', async () => {
    const db = await NodeDatabase.open();
    try {
      await loadCdnow(db, { sampleOnly: false });
      const t0 = performance.now();
      const r = (await runClv(db, request({ split: '1997-09-30', timeUnit: 'weeks' })))!;
      const fit = r.holdout.fit!;
      console.info(
        `CDNOW master (${fit.customers} customers), calibration to 1997-09-30 in weeks, ${(performance.now() - t0).toFixed(0)} ms:`,
        fit.bgnbd!.params, fit.bgnbd!.logLikelihood, fit.gammaGamma!.params, fit.gammaGamma!.logLikelihood,
        `holdout purchases ${r.holdout.total!.predicted.toFixed(1)} predicted vs ${r.holdout.total!.actual} actual`
      );
      expect(fit.customers).toBe(23_570);
      expect(fit.bgnbd!.converged && fit.gammaGamma!.converged).toBe(true);
      expect(r.predictions!.totalClv!).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});

describe('the holdout split', () => {
  const h = { from: '2024-01-01', asOf: '2024-12-31' };
  it('defaults to the last quarter of the history, at most 26 weeks, in whole weeks', () => {
    expect(defaultHoldoutDays(365)).toBe(91);
    expect(defaultHoldoutDays(3 * 365)).toBe(182);
    expect(defaultHoldoutDays(40)).toBe(7);
    expect(resolveSplit(h, null)).toEqual({ split: '2024-10-01', holdoutDays: 91 });
  });
  it('takes a requested split that leaves room on both sides, else the default', () => {
    expect(resolveSplit(h, '2024-06-30')).toEqual({ split: '2024-06-30', holdoutDays: 184 });
    expect(resolveSplit(h, '2024-12-28')).toEqual({ split: '2024-10-01', holdoutDays: 91 }); // 3-day holdout
    expect(resolveSplit(h, '2024-01-10')).toEqual({ split: '2024-10-01', holdoutDays: 91 }); // 9-day calibration
    expect(resolveSplit(h, 'not a date')).toEqual({ split: '2024-10-01', holdoutDays: 91 });
  });
  it('is null when the history is too short for any', () => {
    expect(resolveSplit({ from: '2024-01-01', asOf: '2024-01-30' }, null)).toBeNull();
    expect(resolveSplit({ from: '2024-01-01', asOf: '2024-02-05' }, null)).toEqual({ split: '2024-01-29', holdoutDays: 7 });
  });
});

describe('UCI Online Retail I: a year of history, in which no dropout shows by the split', () => {
  let db: NodeDatabase;
  let r: ClvResult;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const ins = await inspectFile(db, sharedFile('online-retail/online_retail_I_2010-2011.csv.gz'), 0);
    await loadDataset(db, [ins.plan!], { today: '2026-11-23' });
    r = (await runClv(db, request()))!;
  });
  afterAll(() => db.close());

  it('fits the no-dropout limit (NBD) for the check, so the check still gives an accuracy figure', () => {
    const cal = r.holdout.fit!.bgnbd!;
    expect(cal.converged).toBe(true);
    expect(dropoutModel(cal.params!)).toBe('none');
    expect(r.holdout.problem).toBeNull();
    expect(Number.isFinite(r.holdout.purchaseError)).toBe(true);
    expect(Number.isFinite(r.holdout.revenueError)).toBe(true);
    expect(r.predictions).not.toBeNull();
  });

  it('compares with what an independent query on the raw file counts, and predicts (r + x)/(α + T) × t per customer', async () => {
    // Purchase days from DuckDB's own reading of the file: an invoice with a line of value ≥ 0 is
    // a purchase (cancellations are all negative), on its earliest line's day.
    const { split, holdoutDays, total } = r.holdout;
    const truth = firstRow<{ customers: number; actual: number; predicted: number }>(
      await db.query(`WITH l AS (SELECT InvoiceNo, CAST(CustomerID AS VARCHAR) AS c, CAST(InvoiceDate AS DATE) AS d, Quantity * UnitPrice AS v
          FROM read_csv('file0.csv') WHERE CustomerID IS NOT NULL),
        days AS (SELECT DISTINCT c, d FROM (SELECT c, min(d) AS d FROM l GROUP BY c, InvoiceNo HAVING bool_or(v >= 0))),
        per AS (SELECT c, min(d) AS first, count(*) FILTER (WHERE d <= DATE '${split}') - 1 AS x, count(*) FILTER (WHERE d > DATE '${split}') AS hold
          FROM days GROUP BY c HAVING min(d) <= DATE '${split}')
        SELECT count(*) AS customers, sum(hold) AS actual,
          sum((${r.holdout.fit!.bgnbd!.params!.r} + x) / (${r.holdout.fit!.bgnbd!.params!.alpha} + (DATE '${split}' - first) / 7) * ${holdoutDays / 7}) AS predicted
        FROM per`)
    )!;
    expect(total!.customers).toBe(truth.customers);
    expect(total!.actual).toBe(truth.actual);
    expect(rel(total!.predicted, truth.predicted)).toBeLessThan(1e-9);
    console.info('UCI holdout check', { split, holdoutDays, ...total, purchaseError: r.holdout.purchaseError, revenueError: r.holdout.revenueError });
  });
});
