import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import { buildCohorts, runCohorts, runSecondPurchase } from '../../src/lib/analyses/cohorts/run';
import { cohortRatios } from '../../src/lib/analyses/cohorts/ratios';
import { cohortSql } from '../../src/lib/analyses/cohorts/sql';
import { attributeAvailable } from '../../src/lib/analyses/cohorts/attributes';
import { ORDER_SPAN_SQL, type LoadReport } from '../../src/lib/ingest/load';
import {
  MEMBER_VALUE, NON_MEMBER_VALUE, OTHER_VALUE, UNKNOWN_VALUE,
  type Cohort, type CohortAttribute, type CohortResult, type F2Cohort
} from '../../src/lib/analyses/cohorts/types';

const csv = (lines: string[]) => lines.join('\n');

/** The cell of cohort `label` at period k. */
function cell(r: CohortResult, label: string, k: number) {
  const c = r.cohorts.find((x) => x.label === label);
  if (!c) throw new Error(`no cohort ${label}`);
  const found = c.cells.find((x) => x.k === k);
  if (!found) throw new Error(`no cell ${label} k=${k}`);
  return found;
}

/** Per cohort: label, size, number of cells, and the non-empty cells as [k, active, revenue]. */
function shape(c: Cohort) {
  return {
    label: c.label,
    customers: c.customers,
    cells: c.cells.length,
    nonEmpty: c.cells.filter((x) => x.active! > 0 || x.revenue !== 0).map((x) => [x.k, x.active, x.revenue])
  };
}

/** k values whose cells are incomplete. */
const incomplete = (c: Cohort) => c.cells.filter((x) => !x.complete).map((x) => x.k);

describe('cohort grains: ISO weeks, quarters, year wrap', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, [{
      name: 'orders.csv',
      text: csv([
        'order_id,customer_id,order_date,amount,status',
        'o1,A,2023-12-31,100,done', // Sunday: ISO 2023-W52, 2023-Q4
        'o2,A,2024-01-01,50,done', // Monday: 2024-W01, 2024-Q1
        'o3,B,2024-01-07,200,done', // Sunday: 2024-W01
        'o4,B,2024-03-31,30,done', // Sunday: W13, last day of Q1
        'o5,B,2024-04-01,40,done', // Monday: W14, Q2
        'o6,B,2024-04-02,-20,done', // a return the day after: same week, same quarter
        'o7,F,2024-02-15,100,done',
        'o8,F,2024-08-01,10,done',
        'o9,E,2024-02-10,-15,done', // a return before E's first purchase: not E's cohort's revenue
        'o10,E,2024-05-01,25,done',
        'o11,C,2024-12-30,70,done', // Monday of ISO week 2025-W01
        'o12,C,2025-01-05,10,done', // Sunday, same ISO week, next calendar year and quarter
        'o13,C,2025-01-06,80,done', // Monday: 2025-W02
        'o14,D,2025-01-08,60,done', // Wednesday: the last date, mid-week, mid-quarter
        'o15,G,2024-06-01,300,cancelled' // only a cancellation: in no cohort
      ])
    }]);
  });
  afterAll(() => db.close());

  it('builds ISO-week cohorts (Monday start, ISO week-year labels)', async () => {
    const r = (await runCohorts(db, NO_FILTERS, { grain: 'week' }))!;
    expect(r).toMatchObject({ grain: 'week', from: '2023-12-31', asOf: '2025-01-08', customers: 6, values: [] });
    expect(r.cohorts.map((c) => [c.label, c.start, c.end, c.partialStart])).toEqual([
      ['2023-W52', '2023-12-25', '2023-12-31', true], // the history starts on its Sunday
      ['2024-W01', '2024-01-01', '2024-01-07', false],
      ['2024-W07', '2024-02-12', '2024-02-18', false],
      ['2024-W18', '2024-04-29', '2024-05-05', false],
      ['2025-W01', '2024-12-30', '2025-01-05', false],
      ['2025-W02', '2025-01-06', '2025-01-12', false]
    ]);
    expect(r.cohorts.map(shape)).toEqual([
      { label: '2023-W52', customers: 1, cells: 55, nonEmpty: [[0, 1, 100], [1, 1, 50]] },
      { label: '2024-W01', customers: 1, cells: 54, nonEmpty: [[0, 1, 200], [12, 1, 30], [13, 1, 20]] },
      { label: '2024-W07', customers: 1, cells: 48, nonEmpty: [[0, 1, 100], [24, 1, 10]] },
      { label: '2024-W18', customers: 1, cells: 37, nonEmpty: [[0, 1, 25]] },
      { label: '2025-W01', customers: 1, cells: 2, nonEmpty: [[0, 1, 80], [1, 1, 80]] },
      { label: '2025-W02', customers: 1, cells: 1, nonEmpty: [[0, 1, 60]] }
    ]);
    // Only the week containing the last date (2025-01-06..12) is incomplete.
    expect(r.cohorts.map(incomplete)).toEqual([[54], [53], [47], [36], [1], [0]]);
  });

  it('builds calendar-quarter cohorts with net revenue and revenue retention', async () => {
    const r = (await runCohorts(db, NO_FILTERS, { grain: 'quarter' }))!;
    expect(r.cohorts.map((c) => [c.label, c.start, c.end, c.partialStart])).toEqual([
      ['2023-Q4', '2023-10-01', '2023-12-31', true],
      ['2024-Q1', '2024-01-01', '2024-03-31', false],
      ['2024-Q2', '2024-04-01', '2024-06-30', false],
      ['2024-Q4', '2024-10-01', '2024-12-31', false],
      ['2025-Q1', '2025-01-01', '2025-03-31', false]
    ]);
    expect(r.cohorts.map(shape)).toEqual([
      { label: '2023-Q4', customers: 1, cells: 6, nonEmpty: [[0, 1, 100], [1, 1, 50]] },
      { label: '2024-Q1', customers: 2, cells: 5, nonEmpty: [[0, 2, 330], [1, 1, 20], [2, 1, 10]] },
      { label: '2024-Q2', customers: 1, cells: 4, nonEmpty: [[0, 1, 25]] },
      { label: '2024-Q4', customers: 1, cells: 2, nonEmpty: [[0, 1, 70], [1, 1, 90]] },
      { label: '2025-Q1', customers: 1, cells: 1, nonEmpty: [[0, 1, 60]] }
    ]);
    expect(r.cohorts.map(incomplete)).toEqual([[5], [4], [3], [1], [0]]);
    expect(cell(r, '2024-Q1', 1)).toMatchObject({ retention: 0.5, revenueRetention: 20 / 330, ltv: 350 / 2 });
    expect(cell(r, '2024-Q1', 2)).toMatchObject({ retention: 0.5, revenueRetention: 10 / 330, ltv: 360 / 2 });
    expect(cell(r, '2024-Q1', 3)).toMatchObject({ active: 0, retention: 0, revenue: 0, ltv: 180, complete: true });
  });

  it('wraps months across the year', async () => {
    const r = (await runCohorts(db, NO_FILTERS, { grain: 'month' }))!;
    expect(r.cohorts.map((c) => c.label)).toEqual(['2023-12', '2024-01', '2024-02', '2024-05', '2024-12', '2025-01']);
    expect(cell(r, '2023-12', 1)).toMatchObject({ active: 1, revenue: 50, complete: true });
    expect(cell(r, '2024-12', 1)).toMatchObject({ active: 1, revenue: 90, complete: false });
    expect(r.cohorts[0].cells).toHaveLength(14); // 2023-12 … 2025-01
  });

  it('refuses unknown grains and a value without an attribute', async () => {
    await expect(runCohorts(db, NO_FILTERS, { grain: 'day' as never })).rejects.toThrow(/grain/);
    expect(() => cohortSql(NO_FILTERS, { from: '2024-01-01', asOf: '2024-12-31' }, { grain: 'month', by: null, value: 'x' })).toThrow(/attribute/);
    await expect(runCohorts(db, NO_FILTERS, { by: 'region' as never })).rejects.toThrow(/attribute/);
  });
});

describe('LTV curves and all-cohort averages', () => {
  let db: NodeDatabase;
  let r: CohortResult;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, [{
      name: 'orders.csv',
      text: csv([
        'order_id,customer_id,order_date,amount',
        'a1,P1,2024-01-05,100', 'a2,P1,2024-02-10,50', 'a3,P1,2024-03-03,30',
        'a4,P2,2024-01-20,200', 'a5,P2,2024-04-10,80', // April: the last, incomplete month
        'b1,P3,2024-02-01,60', 'b2,P3,2024-03-01,40',
        'b3,P4,2024-02-02,20',
        'b4,P5,2024-02-28,10', 'b5,P5,2024-03-31,-5', // a return: revenue, not activity
        'c1,P6,2024-03-15,500'
      ])
    }]);
    r = (await runCohorts(db, NO_FILTERS, { grain: 'month' }))!;
  });
  afterAll(() => db.close());

  it('accumulates net revenue per acquired customer within each cohort', () => {
    expect(r.cohorts.map((c) => [c.label, c.customers, c.cells.map((x) => x.ltv)])).toEqual([
      ['2024-01', 2, [150, 175, 190, 230]],
      ['2024-02', 3, [30, 125 / 3, 125 / 3]],
      ['2024-03', 1, [500, 500]]
    ]);
    expect(cell(r, '2024-02', 1)).toMatchObject({ active: 1, revenue: 35, retention: 1 / 3, revenueRetention: 35 / 90 });
  });

  it('averages over cohorts whose period k is complete, weighted by customers', () => {
    expect(r.average).toHaveLength(3); // k = 3 exists only in April, which is incomplete
    const [k0, k1, k2] = r.average;
    expect(k0).toEqual({ k: 0, cohorts: 3, customers: 6, retention: 1, revenueRetention: 1, ltv: 890 / 6 });
    // March's k = 1 is April (incomplete): not counted, or the average would be (350 + 125 + 500) / 6.
    expect(k1).toEqual({ k: 1, cohorts: 2, customers: 5, retention: 2 / 5, revenueRetention: 85 / 390, ltv: 475 / 5 });
    expect(k2).toEqual({ k: 2, cohorts: 1, customers: 2, retention: 1 / 2, revenueRetention: 30 / 300, ltv: 190 });
  });

  it('has no revenue retention when period-0 revenue is not positive', () => {
    const base = { part: 'cell' as const, label: 'x', start: 's', end: 'e', partialStart: false, customers: 2, complete: true };
    const [zero, negative] = buildCohorts([
      { ...base, cohort: 1, k: 0, active: 2, revenue: 0 }, { ...base, cohort: 1, k: 1, active: 1, revenue: 40 },
      { ...base, cohort: 2, k: 0, active: 2, revenue: -10 }, { ...base, cohort: 2, k: 1, active: 1, revenue: 30 }
    ]).map(cohortRatios);
    expect(zero.cells.map((x) => [x.retention, x.revenueRetention, x.ltv])).toEqual([[1, null, 0], [0.5, null, 20]]);
    expect(negative.cells.map((x) => [x.revenueRetention, x.ltv])).toEqual([[null, -5], [null, 10]]);
  });
});

describe('first-purchase attributes', () => {
  let db: NodeDatabase;
  let report: LoadReport;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    report = await loadFiles(db, [
      {
        name: 'orders.csv',
        text: csv([
          'order_id,customer_id,order_date,amount,channel,category',
          // Q1: first order o1 (the lowest id on the day); its top line ties Books/Toys at 50 → Books.
          'o1,Q1,2024-01-10,30,EC,Food', 'o1,Q1,2024-01-10,50,EC,Toys', 'o1,Q1,2024-01-10,50,EC,Books',
          'o1b,Q1,2024-01-10,500,App,Garden', // a second order that day: not the first order
          'o2,Q1,2024-02-05,999,Store,Toys',
          // Q2: a return line inside the first order does not compete.
          'o3,Q2,2024-01-15,20,App,Toys', 'o3,Q2,2024-01-15,-5,App,Food',
          'o4,Q2,2024-03-01,60,App,Food',
          // Q3: a return comes first; the first purchase is o6.
          'o5,Q3,2024-01-05,-10,EC,Food', 'o6,Q3,2024-01-20,40,Store,Food',
          // Q4: the uncategorised line is larger; only categorised lines count.
          'o7,Q4,2024-01-25,100,EC,', 'o7,Q4,2024-01-25,5,EC,Toys',
          // Q5: no category, no channel.
          'o8,Q5,2024-02-03,70,,'
        ])
      },
      {
        name: 'customers.csv',
        text: csv([
          'customer_id,acquisition_source,member_since',
          'Q1,Instagram,2023-05-01', 'Q2,Google,', 'Q3,Instagram,', 'Q4,,', 'Q5,Google,2024-01-01'
        ])
      }
    ]);
  });
  afterAll(() => db.close());

  const valuesOf = async (by: CohortAttribute) =>
    (await runCohorts(db, NO_FILTERS, { by }))!.values.map((v) => [v.value, v.kind, v.customers]);

  it('says which attributes the loaded columns support', () => {
    expect((['channel', 'first_category', 'acquisition_source', 'member'] as const).filter((a) => attributeAvailable(a, report.columns)))
      .toEqual(['channel', 'first_category', 'acquisition_source', 'member']);
    expect(attributeAvailable('first_category', { channel: true })).toBe(false);
    expect(attributeAvailable('member', { tier: true })).toBe(true);
  });

  it('takes the category of the highest-amount line of the first order', async () => {
    expect(await valuesOf('first_category')).toEqual([
      ['Toys', 'value', 2], ['Books', 'value', 1], ['Food', 'value', 1], [UNKNOWN_VALUE, 'unknown', 1]
    ]);
  });

  it('takes the channel of the first order, the acquisition source and membership', async () => {
    expect(await valuesOf('channel')).toEqual([['EC', 'value', 2], ['App', 'value', 1], ['Store', 'value', 1], [UNKNOWN_VALUE, 'unknown', 1]]);
    expect(await valuesOf('acquisition_source')).toEqual([['Google', 'value', 2], ['Instagram', 'value', 2], [UNKNOWN_VALUE, 'unknown', 1]]);
    expect(await valuesOf('member')).toEqual([[NON_MEMBER_VALUE, 'value', 3], [MEMBER_VALUE, 'value', 2]]);
  });

  it('narrows the cohorts to customers with the selected value', async () => {
    const toys = (await runCohorts(db, NO_FILTERS, { by: 'first_category', value: 'Toys' }))!;
    expect(toys).toMatchObject({ by: 'first_category', value: 'Toys', customers: 2 });
    // Q2 and Q4: Q1's February Toys order belongs to a Books customer.
    expect(toys.cohorts.map(shape)).toEqual([{ label: '2024-01', customers: 2, cells: 3, nonEmpty: [[0, 2, 120], [2, 1, 60]] }]);
    expect(toys.values).toHaveLength(4); // the selector still lists every value
    const books = (await runCohorts(db, NO_FILTERS, { by: 'first_category', value: 'Books' }))!;
    expect(books.cohorts.map(shape)).toEqual([{ label: '2024-01', customers: 1, cells: 3, nonEmpty: [[0, 1, 630], [1, 1, 999]] }]);
    const unknown = (await runCohorts(db, NO_FILTERS, { by: 'channel', value: UNKNOWN_VALUE }))!;
    expect(unknown.cohorts.map((c) => [c.label, c.customers])).toEqual([['2024-02', 1]]);
    const store = (await runCohorts(db, NO_FILTERS, { by: 'channel', value: 'Store' }))!;
    expect(store.cohorts.map((c) => [c.label, c.customers])).toEqual([['2024-01', 1]]); // Q3, not Q1
    const none = (await runCohorts(db, NO_FILTERS, { by: 'channel', value: "no'such" }))!;
    expect(none).toMatchObject({ customers: 0, cohorts: [], average: [] });
  });

  it('applies the channel filter to every order, first purchases included', async () => {
    const f: Filters = { ...NO_FILTERS, channels: ['EC'] };
    const r = (await runCohorts(db, f))!;
    // Q1 (o1) and Q4; Q3's only EC order is a return; Q1's Store order in February does not count.
    expect(r.cohorts.map(shape)).toEqual([{ label: '2024-01', customers: 2, cells: 3, nonEmpty: [[0, 2, 235]] }]);
    expect(r.asOf).toBe('2024-03-01'); // the export's last date, not the channel's
  });

  it('limits the history to the date filter', async () => {
    const f: Filters = { ...NO_FILTERS, from: '2024-01-12', to: '2024-02-29' };
    const r = (await runCohorts(db, f))!;
    expect(r).toMatchObject({ from: '2024-01-12', asOf: '2024-02-29' });
    // Q1's first purchase in the history is o2 (February); Q3's return is before the history.
    expect(r.cohorts.map((c) => [c.label, c.customers, c.partialStart])).toEqual([['2024-01', 3, true], ['2024-02', 2, false]]);
    // February ends on the analysis date: complete.
    expect(r.cohorts.flatMap((c) => c.cells.map((x) => x.complete))).toEqual([true, true, true]);
    expect(cell(r, '2024-02', 0)).toMatchObject({ active: 2, revenue: 999 + 70 });
  });
});

describe('attribute values beyond the top 20', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const lines = ['order_id,customer_id,order_date,amount,channel', 'x1,X1,2024-01-01,10,Web', 'x2,X2,2024-01-02,10,Web'];
    for (let i = 1; i <= 21; i++) lines.push(`c${i},C${i},2024-01-0${1 + (i % 5)},10,ch${String(i).padStart(2, '0')}`);
    await loadFiles(db, [{ name: 'orders.csv', text: csv(lines) }]);
  });
  afterAll(() => db.close());

  it('names the 20 largest values and pools the rest as other', async () => {
    const r = (await runCohorts(db, NO_FILTERS, { by: 'channel' }))!;
    const named = ['Web', ...Array.from({ length: 19 }, (_, i) => `ch${String(i + 1).padStart(2, '0')}`)];
    expect(r.values.map((v) => v.value)).toEqual([...named, OTHER_VALUE]);
    expect(r.values.at(-1)).toEqual({ value: OTHER_VALUE, kind: 'other', customers: 2 });
    const other = (await runCohorts(db, NO_FILTERS, { by: 'channel', value: OTHER_VALUE }))!;
    expect(other.customers).toBe(2); // ch20 and ch21
    const sp = (await runSecondPurchase(db, NO_FILTERS, { by: 'channel' }))!;
    expect(sp.byAttribute.map((a) => [a.value, a.customers])).toEqual(r.values.map((v) => [v.value, v.customers]));
  });
});

describe('road to the second purchase', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, [{
      name: 'orders.csv',
      text: csv([
        'order_id,customer_id,order_date,amount,status,channel',
        // 2023 customers (Store): old enough for the 180-day comparison, except K4.
        'k01,K0,2023-04-01,10,done,Store', 'k02,K0,2024-04-29,10,done,Store', // 394 days
        'k11,K1,2023-06-01,10,done,Store', 'k12,K1,2023-11-01,10,done,Store', // 153 days
        'k21,K2,2023-07-01,10,done,Store', 'k22,K2,2024-02-01,10,done,Store', // 215 days
        'k31,K3,2023-10-01,10,done,Store', // never again
        'k41,K4,2023-11-05,10,done,Store', 'k42,K4,2023-11-06,10,done,Store', // 1 day; first purchase < 180 days before the end
        'k51,K5,2023-11-02,10,done,Store', 'k52,K5,2024-04-30,10,done,Store', // exactly 180 days, exactly 180 days before the end
        // January 2024 (EC)
        'f11,F1,2024-01-01,10,done,EC', 'f12,F1,2024-01-31,10,done,EC', // exactly 30 days
        'f21,F2,2024-01-10,10,done,EC', 'f22,F2,2024-01-10,10,done,EC', 'f23,F2,2024-02-10,10,done,EC', // same day twice, then 31 days
        'f31,F3,2024-01-15,10,done,EC', 'f32,F3,2024-01-20,-10,done,EC', 'f33,F3,2024-03-15,10,done,EC', // a return, then 60 days
        'f41,F4,2024-01-31,10,done,EC', 'f42,F4,2024-02-05,10,cancelled,EC', // a cancellation is no purchase
        'f51,F5,2024-01-20,10,done,EC', 'f52,F5,2024-04-25,10,done,EC', // 96 days
        // February 2024
        'g11,G1,2024-02-10,10,done,EC', 'g12,G1,2024-02-20,10,done,EC', // 10 days
        'g21,G2,2024-02-29,10,done,EC',
        // April 2024: the last date is 2024-04-30 = 31 January + 90 days
        'h11,H1,2024-04-30,10,done,EC'
      ])
    }]);
  });
  afterAll(() => db.close());

  const month = (months: F2Cohort[], m: string) => {
    const found = months.find((x) => x.month === m);
    if (!found) throw new Error(`no month ${m}`);
    return { customers: found.customers, converted: found.points.map((p) => p.converted), rate: found.points.map((p) => p.rate) };
  };
  const N = null;

  it('counts second purchase days within 30, 60, 90… days, only where the horizon is observed', async () => {
    const r = (await runSecondPurchase(db, NO_FILTERS))!;
    expect(r).toMatchObject({ from: '2023-04-01', asOf: '2024-04-30', customers: 14, withSecond: 10 });
    expect(r.months.map((m) => m.month)).toEqual(['2023-04', '2023-06', '2023-07', '2023-10', '2023-11', '2024-01', '2024-02', '2024-04']);
    // January: F1 at exactly 30 days; F2 at 31 (its same-day order is no second purchase); F3 at 60
    // (its return is none either); F5 at 96; F4's cancellation none. 31 Jan + 90 days = the last date.
    expect(month(r.months, '2024-01')).toEqual({
      customers: 5,
      converted: [1, 3, 3, N, N, N, N, N, N, N, N, N],
      rate: [0.2, 0.6, 0.6, N, N, N, N, N, N, N, N, N]
    });
    expect(month(r.months, '2024-02').converted).toEqual([1, 1, N, N, N, N, N, N, N, N, N, N]);
    expect(month(r.months, '2024-04').converted).toEqual(Array(12).fill(N));
    // June 2023: 153 days; 30 June + 300 days ≤ the last date < 30 June + 330 days.
    expect(month(r.months, '2023-06').converted).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, N, N]);
    // April 2023: observed for all 360 days; 394 days is beyond.
    expect(month(r.months, '2023-04').converted).toEqual(Array(12).fill(0));
  });

  it('averages months observed at each horizon, weighted by customers', async () => {
    const r = (await runSecondPurchase(db, NO_FILTERS))!;
    const at = (days: number) => r.average.find((a) => a.days === days)!;
    // 30 days: every month but April 2024 (2023-04 0/1, 06 0/1, 07 0/1, 10 0/1, 11 1/2, 2024-01 1/5, 02 1/2).
    expect(at(30)).toEqual({ days: 30, months: 7, customers: 13, rate: 3 / 13 });
    expect(at(90)).toEqual({ days: 90, months: 6, customers: 11, rate: 4 / 11 });
    expect(at(360)).toEqual({ days: 360, months: 1, customers: 1, rate: 0 });
  });

  it('bins the days to the second purchase by 30 days, 361+ last', async () => {
    const r = (await runSecondPurchase(db, NO_FILTERS))!;
    expect(r.gaps).toHaveLength(13);
    expect(r.gaps[0]).toEqual({ fromDay: 1, toDay: 30, customers: 3 }); // K4 (1), G1 (10), F1 (30)
    expect(r.gaps[1]).toEqual({ fromDay: 31, toDay: 60, customers: 2 }); // F2 (31), F3 (60)
    expect(r.gaps.at(-1)).toEqual({ fromDay: 361, toDay: null, customers: 1 }); // K0 (394)
    expect(r.gaps[5]).toEqual({ fromDay: 151, toDay: 180, customers: 2 }); // K1 (153), K5 (180)
    expect(r.gaps.map((g) => g.customers)).toEqual([3, 2, 0, 1, 0, 2, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('compares repeat rates overall and by attribute, in a fair 180-day window', async () => {
    const r = (await runSecondPurchase(db, NO_FILTERS, { by: 'channel' }))!;
    // Eligible: first purchase on or before 2024-04-30 − 180 days = 2023-11-02 (K0–K3, K5);
    // K1 (153 days) and K5 (180) repeated within 180 days.
    expect(r.overall).toEqual({ customers: 14, repeaters: 10, repeatRate: 10 / 14, eligible: 5, repeatersInWindow: 2, repeatRateInWindow: 0.4 });
    expect(r.byAttribute).toEqual([
      { value: 'EC', kind: 'value', customers: 8, repeaters: 5, repeatRate: 5 / 8, eligible: 0, repeatersInWindow: 0, repeatRateInWindow: null },
      { value: 'Store', kind: 'value', customers: 6, repeaters: 5, repeatRate: 5 / 6, eligible: 5, repeatersInWindow: 2, repeatRateInWindow: 0.4 }
    ]);
  });

  it('narrows curves and gaps (not the attribute table) to a selected value', async () => {
    const r = (await runSecondPurchase(db, NO_FILTERS, { by: 'channel', value: 'Store' }))!;
    expect(r).toMatchObject({ customers: 6, withSecond: 5 });
    expect(r.months.map((m) => m.month)).toEqual(['2023-04', '2023-06', '2023-07', '2023-10', '2023-11']);
    expect(r.gaps.map((g) => g.customers)).toEqual([1, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 1]);
    expect(r.byAttribute.map((a) => a.customers)).toEqual([8, 6]);
    expect(r.overall.customers).toBe(14);
  });

  it('follows the filters: only EC orders, history from 2024', async () => {
    const r = (await runSecondPurchase(db, { ...NO_FILTERS, channels: ['EC'], from: '2024-01-15' }))!;
    // F1 and F2 first bought before the history; within it their next purchase is their first.
    expect(r).toMatchObject({ from: '2024-01-15', customers: 8, withSecond: 3 }); // F3, F5, G1
    expect(month(r.months, '2024-01').converted.slice(0, 3)).toEqual([0, 1, 1]); // F3 at 60 days; F5 at 96
  });
});

describe('no data', () => {
  it('returns null without identified orders and empty results when filters leave none', async () => {
    const db = await NodeDatabase.open();
    await db.exec('CREATE TABLE order_facts (customer_id VARCHAR, order_id VARCHAR, d DATE, amount DOUBLE, is_return BOOLEAN, channel VARCHAR, is_member BOOLEAN)');
    await db.exec('CREATE TABLE customers (customer_id VARCHAR, acquisition_source VARCHAR)');
    await db.exec(ORDER_SPAN_SQL);
    expect(await runCohorts(db, NO_FILTERS)).toBeNull();
    expect(await runSecondPurchase(db, NO_FILTERS)).toBeNull();
    await db.exec(`INSERT INTO order_facts VALUES ('a', 'o1', DATE '2024-01-01', 10, false, 'EC', NULL)`);
    await db.exec(ORDER_SPAN_SQL);
    const f: Filters = { ...NO_FILTERS, channels: ['App'] };
    expect(await runCohorts(db, f, { by: 'acquisition_source' })).toMatchObject({ customers: 0, cohorts: [], average: [], values: [] });
    const sp = (await runSecondPurchase(db, f))!;
    expect(sp).toMatchObject({ customers: 0, withSecond: 0, months: [], byAttribute: [] });
    expect(sp.overall).toEqual({ customers: 0, repeaters: 0, repeatRate: 0, eligible: 0, repeatersInWindow: 0, repeatRateInWindow: null });
    expect(sp.average.every((a) => a.rate === null && a.months === 0)).toBe(true);
    db.close();
  });
});
