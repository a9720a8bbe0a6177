import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadCdnow, readCdnowSummary } from '../helpers/cdnow';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { fitClvModels, groupHistories, monthlyRate, predictCustomers, type SummaryColumns } from '../../src/lib/analyses/clv/model';
import { clvDistribution, topShare } from '../../src/lib/analyses/clv/distribution';
import { runClv } from '../../src/lib/analyses/clv/run';
import { CLV_DEFAULTS, MIN_REPEAT_CUSTOMERS, type ClvRequest } from '../../src/lib/analyses/clv/types';
import { firstRow } from '../../src/lib/engine/types';
import { ORDER_SPAN_SQL } from '../../src/lib/ingest/load';

const request = (r: Partial<ClvRequest> = {}): ClvRequest => ({ filters: NO_FILTERS, split: null, ...CLV_DEFAULTS, ...r });

type Plain = { [K in keyof SummaryColumns]: number[] };

/** The published CDNOW calibration summary as summary columns in whole days (weeks × 7, rounded). */
function cdnowColumns(): Plain {
  const rows = readCdnowSummary();
  return {
    x: rows.map((r) => r.x),
    tx: rows.map((r) => Math.round(r.tx * 7)),
    T: rows.map((r) => Math.round(r.T * 7)),
    spend_x: rows.map((r) => r.x),
    spend_sum: rows.map((r) => r.x * r.zbar),
    nonpos_x: rows.map(() => 0),
    nonpos_sum: rows.map(() => 0)
  };
}

const opts = { timeUnit: 'weeks' as const, purchaseDays: 90, horizonMonths: 12, annualDiscountRate: 0.1 };

describe('net value of a purchase: zero-value days and returns (κ)', () => {
  it('is the average net value of all repeat days over the average of the positive ones', () => {
    const s: SummaryColumns = {
      x: [2, 2], tx: [10, 20], T: [30, 30], spend_x: [1, 2], spend_sum: [100, 300], nonpos_x: [1, 0], nonpos_sum: [-50, 0]
    };
    // Repeat days: 4, net 350 → 87.5 each; positive days 3, worth 400 → 133.3 each.
    expect(fitClvModels(s, 'days').fit.netValueFactor).toBeCloseTo(87.5 / (400 / 3), 14);
  });

  it('scales every expected value and CLV by κ, so returns make predictions smaller, never negative', () => {
    const base = cdnowColumns();
    // The same customers with one extra repeat day each for repeat buyers, fully returned (value 0).
    const returned = { ...base, x: base.x.map((x) => (x > 0 ? x + 1 : 0)), nonpos_x: base.x.map((x) => (x > 0 ? 1 : 0)) };
    const a = fitClvModels(base, 'weeks');
    const b = fitClvModels(returned, 'weeks');
    expect(a.fit.netValueFactor).toBe(1);
    const repeatDays = base.x.reduce((s, x) => s + x, 0);
    expect(b.fit.netValueFactor).toBeCloseTo(repeatDays / (repeatDays + 946), 12);
    expect(b.fit.nonPositiveDays).toBe(946);
    // Same Gamma-Gamma data, so the values differ by exactly κ.
    expect(b.fit.gammaGamma!.params).toEqual(a.fit.gammaGamma!.params);
    b.values!.forEach((v, i) => expect(v).toBeCloseTo(a.values![i] * b.fit.netValueFactor!, 9));
    expect(b.fit.meanValue!).toBeCloseTo(a.fit.meanValue! * b.fit.netValueFactor!, 9);
  });

  it('gives no money figures when returns outweigh purchases', () => {
    const base = cdnowColumns();
    const s = { ...base, nonpos_x: base.x.map((x) => (x > 0 ? 1 : 0)), nonpos_sum: base.spend_sum.map((v) => -2 * v), x: base.x.map((x) => (x > 0 ? x + 1 : 0)) };
    const m = fitClvModels(s, 'weeks');
    expect(m.fit.spendProblem).toBe('net-value-not-positive');
    expect(m.values).toBeNull();
    expect(m.bgnbd).not.toBeNull(); // purchases can still be predicted
    const p = predictCustomers(m, opts);
    expect(p.clv).toBeNull();
    expect(p.summary).toMatchObject({ totalClv: null, meanClv: null, distribution: null, top20Share: null });
    expect(p.summary.expectedPurchases).toBeGreaterThan(0);
  });
});

describe('data that cannot support a fit', () => {
  const one = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  it('says "single day" when every purchase is on the last day', () => {
    const s: SummaryColumns = { x: one(50, () => 0), tx: one(50, () => 0), T: one(50, () => 0), spend_x: one(50, () => 0), spend_sum: one(50, () => 0), nonpos_x: one(50, () => 0), nonpos_sum: one(50, () => 0) };
    const m = fitClvModels(s, 'days');
    expect(m.fit).toMatchObject({ purchaseProblem: 'single-day', bgnbd: null, spendProblem: 'too-few-spend', gammaGamma: null });
    expect(() => predictCustomers(m, opts)).toThrow();
  });

  it(`says "too few repeat buyers" below ${MIN_REPEAT_CUSTOMERS}, and fits from ${MIN_REPEAT_CUSTOMERS} on`, () => {
    const base = cdnowColumns();
    const keep = (repeaters: number) => {
      const rows = [...base.x.keys()].filter((i) => base.x[i] === 0).slice(0, 500);
      rows.push(...[...base.x.keys()].filter((i) => base.x[i] > 0).slice(0, repeaters));
      return Object.fromEntries(Object.entries(base).map(([k, c]) => [k, rows.map((i) => c[i])])) as unknown as SummaryColumns;
    };
    expect(fitClvModels(keep(MIN_REPEAT_CUSTOMERS - 1), 'weeks').fit).toMatchObject({
      repeatCustomers: MIN_REPEAT_CUSTOMERS - 1, purchaseProblem: 'too-few-repeat', bgnbd: null, spendProblem: 'too-few-spend'
    });
    const enough = fitClvModels(keep(200), 'weeks');
    expect(enough.fit.purchaseProblem).toBeNull();
    expect(enough.fit.bgnbd!.converged).toBe(true);
  });

  it('reports a fit that does not converge instead of predicting from it', () => {
    // Everyone bought every week up to the last day: no dropout is ever seen, so a → 0 (degenerate).
    const n = 200;
    const s: SummaryColumns = {
      x: Array.from({ length: n }, (_, i) => 5 + (i % 10)),
      tx: Array.from({ length: n }, (_, i) => 7 * (5 + (i % 10))),
      T: Array.from({ length: n }, (_, i) => 7 * (5 + (i % 10))),
      spend_x: Array.from({ length: n }, (_, i) => 5 + (i % 10)),
      spend_sum: Array.from({ length: n }, (_, i) => (5 + (i % 10)) * (20 + (i % 7))),
      nonpos_x: new Array(n).fill(0),
      nonpos_sum: new Array(n).fill(0)
    };
    const m = fitClvModels(s, 'weeks');
    expect(m.fit.purchaseProblem).toBe('not-converged');
    expect(m.fit.bgnbd!.converged).toBe(false);
    expect(m.fit.bgnbd!.status).not.toBe('ok');
    expect(m.bgnbd).toBeNull();
  });
});

describe('extreme customers', () => {
  it('never give NaN, Infinity or a negative value', () => {
    const s = cdnowColumns();
    const add = (x: number, tx: number, T: number, spendX: number, sum: number) => {
      s.x.push(x); s.tx.push(tx); s.T.push(T); s.spend_x.push(spendX); s.spend_sum.push(sum); s.nonpos_x.push(x - spendX); s.nonpos_sum.push(0);
    };
    add(5000, 5000, 5000, 5000, 5000 * 30); // bought every day for 14 years, still buying
    add(5000, 100, 40_000, 5000, 5000 * 30); // the same, gone for a century
    add(3, 20, 20, 3, 3e12); // a trillion per order
    add(3, 20, 20, 3, 0.03); // a cent per order
    add(0, 0, 0, 0, 0); // first purchase on the last day
    add(0, 0, 100_000, 0, 0); // one purchase, long ago
    add(200, 10, 10, 1, 5); // many days, one of positive value
    const m = fitClvModels(s, 'weeks');
    expect(m.fit.purchaseProblem).toBeNull();
    expect(m.fit.spendProblem).toBeNull();
    for (const horizonMonths of [12, 120]) {
      const p = predictCustomers(m, { ...opts, horizonMonths, purchaseDays: 3650 });
      const n = s.x.length;
      for (let i = 0; i < n; i++) {
        expect(Number.isFinite(p.clv![i]) && p.clv![i] >= 0, `clv ${i}`).toBe(true);
        expect(Number.isFinite(p.expectedPurchases[i]) && p.expectedPurchases[i] >= 0, `purchases ${i}`).toBe(true);
        expect(Number.isNaN(p.pAlive[i]) ? s.x[i] === 0 : p.pAlive[i] >= 0 && p.pAlive[i] <= 1, `alive ${i}`).toBe(true);
      }
      // The long-gone heavy buyer is dead; the daily buyer is alive and worth the most per purchase day.
      expect(p.pAlive[n - 6]).toBeLessThan(1e-6);
      expect(p.pAlive[n - 7]).toBeGreaterThan(0.9);
      expect(p.expectedPurchases[n - 7]).toBeGreaterThan(100);
      expect(Number.isFinite(p.summary.totalClv!)).toBe(true);
    }
  });
});

describe('aggregates', () => {
  it('groups identical histories and keeps every customer’s place', () => {
    const g = groupHistories([0, 0, 1, 0, 1], [0, 0, 5, 0, 5], [10, 10, 9, 12, 9]);
    expect(Array.from(g.x)).toEqual([0, 1, 0]);
    expect(Array.from(g.T)).toEqual([10, 9, 12]);
    expect(Array.from(g.weights)).toEqual([2, 2, 1]);
    expect(Array.from(g.index)).toEqual([0, 0, 1, 2, 1]);
    // Non-integer times group by text.
    expect(Array.from(groupHistories([1, 1], [0.5, 0.5], [1.5, 1.5]).weights)).toEqual([2]);
  });

  it('bins CLV up to the 99th percentile with an open tail, every customer counted once', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i === 999 ? 1e9 : i));
    const bins = clvDistribution(values, 20);
    expect(bins[0]).toMatchObject({ from: 0, to: 50 });
    expect(bins.length).toBeLessThanOrEqual(21);
    expect(bins[bins.length - 1].to).toBeNull();
    expect(bins.reduce((n, b) => n + b.customers!, 0)).toBe(1000);
    expect(bins.reduce((s, b) => s + b.clv!, 0)).toBe(values.reduce((s, v) => s + v, 0));
    expect(clvDistribution(new Float64Array([0, 0]))).toEqual([{ from: 0, to: null, customers: 2, clv: 0 }]);
    expect(clvDistribution(new Float64Array(0))).toEqual([]);
  });

  it('measures the top 20 % share and converts annual to monthly discount rates', () => {
    expect(topShare(Float64Array.from([1, 1, 1, 1, 6]), 0.2)).toBeCloseTo(0.6, 12);
    expect(topShare(new Float64Array(3), 0.2)).toBeNull();
    expect(Math.pow(1 + monthlyRate(0.1), 12)).toBeCloseTo(1.1, 12);
    expect(monthlyRate(0)).toBe(0);
  });
});

describe('unfit data through the whole run', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  const orders = async (rows: [string, string, number][]) => {
    await db.exec(`CREATE OR REPLACE TABLE order_facts AS SELECT * FROM (VALUES ${rows
      .map(([c, d, a], i) => `('${c}', 'o${i}', DATE '${d}', ${a}, ${a < 0}, 'web', NULL::BOOLEAN)`)
      .join(', ')}) t(customer_id, order_id, d, amount, is_return, channel, is_member)`);
    await db.exec(ORDER_SPAN_SQL);
  };

  it('one day of orders: a clear reason, no numbers, no holdout', async () => {
    await orders(Array.from({ length: 100 }, (_, i) => [`c${i}`, '2024-05-01', 1000 + i]));
    const r = (await runClv(db, request()))!;
    expect(r.fit.purchaseProblem).toBe('single-day');
    expect(r.predictions).toBeNull();
    expect(r.table).toBeNull();
    expect(r.holdout).toMatchObject({ problem: 'too-short', split: null, fit: null });
  });

  it('too few repeat buyers: a clear reason for both the predictions and the holdout check', async () => {
    const rows: [string, string, number][] = [];
    for (let i = 0; i < 300; i++) rows.push([`c${i}`, `2024-0${1 + (i % 6)}-1${i % 10}`, 500]);
    for (let i = 0; i < 10; i++) rows.push([`c${i}`, '2024-06-28', 700]);
    await orders(rows);
    const r = (await runClv(db, request()))!;
    expect(r.fit).toMatchObject({ customers: 300, repeatCustomers: 10, purchaseProblem: 'too-few-repeat', bgnbd: null });
    expect(r.predictions).toBeNull();
    expect(r.holdout.problem).toBe('fit');
    expect(r.holdout.fit!.purchaseProblem).toBe('too-few-repeat');
    expect(r.holdout.bins).toBeNull();
  });

  it('nobody passing the filters: no result', async () => {
    expect(await runClv(db, request({ filters: { ...NO_FILTERS, channels: ['store'] } }))).toBeNull();
  });

  it('refuses a malformed request', async () => {
    await expect(runClv(db, request({ horizonMonths: 0 }))).rejects.toThrow(RangeError);
    await expect(runClv(db, request({ annualDiscountRate: -0.1 }))).rejects.toThrow(RangeError);
    await expect(runClv(db, request({ purchaseDays: 1.5 }))).rejects.toThrow(RangeError);
    await expect(runClv(db, request({ timeUnit: 'months' as never }))).rejects.toThrow(RangeError);
  });

  it('returns count against the value, not as purchases (CDNOW with every 5th repeat order returned)', async () => {
    await loadCdnow(db, { sampleOnly: true });
    const before = (await runClv(db, request({ split: '1997-09-30' })))!;
    // A full return two days after every 5th order that is not a customer's first.
    await db.exec(`INSERT INTO order_facts
      SELECT customer_id, order_id || 'r', d + 2, -amount, true, channel, is_member FROM (
        SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY d, CAST(order_id AS INTEGER)) AS k FROM order_facts)
      WHERE k > 1 AND CAST(order_id AS INTEGER) % 5 = 0`);
    const after = (await runClv(db, request({ split: '1997-09-30' })))!;
    expect(after.fit.repeatCustomers).toBe(before.fit.repeatCustomers); // returns are no purchases
    expect(after.fit.bgnbd!.params).toEqual(before.fit.bgnbd!.params);
    expect(after.fit.netValueFactor!).toBeLessThan(1);
    expect(after.fit.nonPositiveDays).toBeGreaterThan(0);
    expect(after.predictions!.totalClv!).toBeLessThan(before.predictions!.totalClv!);
    expect(after.holdout.revenue!.actual).toBeLessThan(before.holdout.revenue!.actual);
    const min = firstRow<{ m: number }>(await db.query(`SELECT min(clv) AS m FROM ${after.table}`)).m;
    expect(min).toBeGreaterThanOrEqual(0);
  });
});
