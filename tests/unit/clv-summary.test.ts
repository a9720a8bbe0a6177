import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { loadCdnow, readCdnowSummary } from '../helpers/cdnow';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { clvDaysSql, clvSummarySql, holdoutStepsSql, type ClvWindow } from '../../src/lib/analyses/clv/summary';
import { toRows } from '../../src/lib/engine/types';
import { mulberry32 } from '../helpers/random';
import { ORDER_SPAN_SQL } from '../../src/lib/ingest/load';

type Row = Record<string, number | string | null>;

/** The summary rows of a window, by customer id, without rn. */
async function summary(db: NodeDatabase, w: ClvWindow): Promise<Record<string, Row>> {
  await db.exec(`CREATE OR REPLACE TEMP TABLE t_days AS ${clvDaysSql(NO_FILTERS, w)}`);
  const rows = toRows<Row>(await db.query(`SELECT * EXCLUDE (rn) FROM (${clvSummarySql('t_days', w)}) ORDER BY rn`));
  return Object.fromEntries(rows.map(({ customer_id, ...r }) => [customer_id as string, r]));
}

const period = (x: number, tx: number, T: number, spend: [number, number], nonpos: [number, number]) => ({
  x, tx, T, spend_x: spend[0], spend_sum: spend[1], nonpos_x: nonpos[0], nonpos_sum: nonpos[1]
});
const calibration = (p: ReturnType<typeof period> | null, hold: [number, number] | null) =>
  Object.fromEntries([
    ...Object.entries(p ?? period(0, 0, 0, [0, 0], [0, 0])).map(([k, v]) => [`cal_${k}`, p ? v : null]),
    ['hold_x', hold ? hold[0] : null],
    ['hold_value', hold ? hold[1] : null]
  ]);

describe('CLV summary: purchase days, returns, zero-value orders (hand-checked fixture)', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, [{
      name: 'orders.csv',
      text: [
        'order_id,customer_id,order_date,amount,status',
        'a1,A,2024-01-01,100,done', 'a2,A,2024-01-01,50,done', // two orders, one purchase day (first)
        'a3,A,2024-01-15,200,done', 'a4,A,2024-01-20,-50,done', // a return, attributed to the 01-15 day: 150
        'a5,A,2024-02-01,0,done', // a free order: a purchase day worth 0
        'a6,A,2024-03-01,80,done', 'a7,A,2024-03-05,-80,done', // bought and fully returned in the holdout
        'b1,B,2024-01-10,300,done', 'b2,B,2024-01-10,300,cancelled', // a cancellation is no purchase and no value
        'b3,B,2024-02-05,-300,done', // returns the first purchase (the latest purchase day before it)
        'b4,B,2024-02-10,120,done', 'b5,B,2024-02-12,-200,done', // a repeat day returned beyond its value: -80
        'b6,B,2024-03-20,90,done', 'b7,B,2024-03-25,-30,done',
        'c1,C,2024-02-20,40,done', 'c2,C,2024-03-10,60,done', // first buys after the split
        'd0,D,2023-12-31,-20,done', // a return before the first purchase: an earlier purchase's, left out
        'd1,D,2024-01-05,10,done', 'd2,D,2024-01-06,20,done', 'd3,D,2024-02-14,-25,done', 'd4,D,2024-03-31,30,done',
        'e1,E,2024-02-15,70,done', // first purchase on the split day
        'f1,F,2024-01-20,-10,done', // only a return: not a customer
        'g1,G,2024-01-03,100,done', 'g2,G,2024-01-03,-100,done', 'g3,G,2024-01-25,50,done' // returned the same day
      ].join('\n')
    }]);
  });
  afterAll(() => db.close());

  const w: ClvWindow = { from: '2023-12-31', asOf: '2024-03-31', split: '2024-02-15' };

  it('summarises each customer as of the analysis date and as of the split', async () => {
    const s = await summary(db, w);
    expect(Object.keys(s)).toEqual(['A', 'B', 'C', 'D', 'E', 'G']);
    expect(s.A).toEqual({ ...period(3, 60, 90, [1, 150], [2, 0]), ...calibration(period(2, 31, 45, [1, 150], [1, 0]), [1, 0]) });
    // b3 lowers the first day (not modelled); b5 makes the 02-10 day −80; b7 leaves 60 of b6.
    expect(s.B).toEqual({ ...period(2, 70, 81, [1, 60], [1, -80]), ...calibration(period(1, 31, 36, [0, 0], [1, -80]), [1, 60]) });
    expect(s.C).toEqual({ ...period(1, 19, 40, [1, 60], [0, 0]), ...calibration(null, null) });
    expect(s.D).toEqual({ ...period(2, 86, 86, [1, 30], [1, -5]), ...calibration(period(1, 1, 41, [0, 0], [1, -5]), [1, 30]) });
    expect(s.E).toEqual({ ...period(0, 0, 45, [0, 0], [0, 0]), ...calibration(period(0, 0, 0, [0, 0], [0, 0]), [0, 0]) });
    expect(s.G).toEqual({ ...period(1, 22, 88, [1, 50], [0, 0]), ...calibration(period(1, 22, 43, [1, 50], [0, 0]), [0, 0]) });
  });

  it('counts returns only up to the calibration end (nothing leaks from the holdout)', async () => {
    const s = await summary(db, { ...w, split: '2024-02-11' }); // b5 (02-12) is after this split
    expect(s.B).toMatchObject({ cal_x: 1, cal_spend_x: 1, cal_spend_sum: 120, cal_nonpos_x: 0, hold_x: 1, hold_value: 60 });
    expect(s.D).toMatchObject({ cal_spend_x: 1, cal_spend_sum: 20, cal_nonpos_x: 0 }); // d3 (02-14) not yet returned
  });

  it('without a split, has no calibration columns', async () => {
    const s = await summary(db, { ...w, split: null });
    expect(s.A).toEqual(period(3, 60, 90, [1, 150], [2, 0]));
  });

  it('counts holdout purchase days by step', async () => {
    await db.exec(`CREATE OR REPLACE TEMP TABLE t_days AS ${clvDaysSql(NO_FILTERS, w)}`);
    // Holdout purchase days of customers known at the split: A 03-01 (day 15), B 03-20 (34), D 03-31 (45).
    expect(toRows(await db.query(holdoutStepsSql('t_days', w.split!, 14)))).toEqual([
      { k: 2, purchases: 1, value: 0 },
      { k: 3, purchases: 1, value: 60 },
      { k: 4, purchases: 1, value: 30 }
    ]);
    expect(() => holdoutStepsSql('t_days', w.split!, 0)).toThrow(RangeError);
  });
});

interface Order { customer: string; day: number; amount: number; isReturn: boolean; channel: string }
const DAY0 = Date.UTC(2024, 0, 1);
const iso = (day: number) => new Date(DAY0 + day * 86_400_000).toISOString().slice(0, 10);

/** The documented rules, written plainly over the orders (a return goes to the latest purchase day on or before it). */
function referenceSummary(orders: Order[], asOf: number, split: number) {
  const out: Record<string, Row> = {};
  const customers = [...new Set(orders.map((o) => o.customer))].sort();
  for (const c of customers) {
    const mine = orders.filter((o) => o.customer === c && o.day <= asOf);
    const bought = new Map<number, number>();
    for (const o of mine) if (!o.isReturn) bought.set(o.day, (bought.get(o.day) ?? 0) + o.amount);
    const days = [...bought.keys()].sort((a, b) => a - b);
    if (days.length === 0) continue;
    const value = new Map(bought);
    const valueCal = new Map(bought);
    for (const r of mine) {
      if (!r.isReturn || r.amount === 0) continue;
      const target = days.filter((d) => d <= r.day).pop();
      if (target === undefined) continue;
      value.set(target, value.get(target)! + r.amount);
      if (r.day <= split) valueCal.set(target, valueCal.get(target)! + r.amount);
    }
    const first = days[0];
    const periodOf = (end: number, v: Map<number, number>, prefix: string): Row => {
      const inIt = days.filter((d) => d <= end);
      const repeat = inIt.filter((d) => d > first);
      const pos = repeat.filter((d) => v.get(d)! > 0);
      const neg = repeat.filter((d) => v.get(d)! <= 0);
      const sum = (ds: number[]) => ds.reduce((s, d) => s + v.get(d)!, 0);
      return {
        [`${prefix}x`]: inIt.length - 1, [`${prefix}tx`]: inIt[inIt.length - 1] - first, [`${prefix}T`]: end - first,
        [`${prefix}spend_x`]: pos.length, [`${prefix}spend_sum`]: sum(pos), [`${prefix}nonpos_x`]: neg.length, [`${prefix}nonpos_sum`]: sum(neg)
      };
    };
    const known = first <= split;
    const cal = known ? periodOf(split, valueCal, 'cal_') : Object.fromEntries(Object.keys(periodOf(asOf, value, 'cal_')).map((k) => [k, null]));
    const holdDays = days.filter((d) => d > split);
    out[c] = {
      ...periodOf(asOf, value, ''),
      ...cal,
      hold_x: known ? holdDays.length : null,
      hold_value: known ? holdDays.reduce((s, d) => s + value.get(d)!, 0) : null
    };
  }
  return out;
}

describe('CLV summary against a plain re-implementation (300 random customers)', () => {
  let db: NodeDatabase;
  const orders: Order[] = [];
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const u = mulberry32(7);
    for (let c = 0; c < 300; c++) {
      const n = 1 + Math.floor(u() * 8);
      for (let k = 0; k < n; k++) {
        const kind = u();
        const isReturn = kind < 0.2;
        // Returns: mostly negative amounts, some cancellations (0); purchases: some free orders (0).
        const amount = isReturn ? (kind < 0.17 ? -Math.round(u() * 300) : 0) : kind > 0.95 ? 0 : Math.round(u() * 500 * 100) / 100;
        orders.push({ customer: `c${String(c).padStart(3, '0')}`, day: Math.floor(u() * 182), amount, isReturn, channel: u() < 0.5 ? 'web' : 'store' });
      }
    }
    const values = orders.map((o, i) => `('${o.customer}', 'o${i}', DATE '${iso(o.day)}', ${o.amount}, ${o.isReturn}, '${o.channel}', NULL)`);
    await db.exec(`CREATE TABLE order_facts (customer_id VARCHAR, order_id VARCHAR, d DATE, amount DOUBLE, is_return BOOLEAN, channel VARCHAR, is_member BOOLEAN);
      INSERT INTO order_facts VALUES ${values.join(',\n')}`);
    await db.exec(ORDER_SPAN_SQL);
  });
  afterAll(() => db.close());

  it('agrees customer by customer, returns and zero-value orders included', async () => {
    const w: ClvWindow = { from: iso(0), asOf: iso(170), split: iso(120) };
    const expected = referenceSummary(orders, 170, 120);
    const got = await summary(db, w);
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    for (const c of Object.keys(expected))
      for (const [k, v] of Object.entries(expected[c])) {
        if (typeof v === 'number' && !Number.isInteger(v)) expect(got[c][k], `${c}.${k}`).toBeCloseTo(v, 8);
        else expect(got[c][k], `${c}.${k}`).toBe(v);
      }
    // The fixture exercises what it should.
    const all = Object.values(expected);
    expect(all.some((r) => (r.nonpos_x as number) > 0 && (r.nonpos_sum as number) < 0)).toBe(true);
    expect(all.some((r) => r.cal_x === null)).toBe(true);
    expect(all.filter((r) => (r.x as number) > 0).length).toBeGreaterThan(100);
  });

  it('applies the channel filter to purchases and returns alike', async () => {
    const w: ClvWindow = { from: iso(0), asOf: iso(181), split: iso(90) };
    await db.exec(`CREATE OR REPLACE TEMP TABLE t_days AS ${clvDaysSql({ ...NO_FILTERS, channels: ['web'] }, w)}`);
    const rows = toRows<Row>(await db.query(`SELECT * EXCLUDE (rn) FROM (${clvSummarySql('t_days', w)}) ORDER BY rn`));
    const expected = referenceSummary(orders.filter((o) => o.channel === 'web'), 181, 90);
    expect(rows.map((r) => r.customer_id)).toEqual(Object.keys(expected));
    for (const r of rows) expect(r.spend_sum as number).toBeCloseTo(expected[r.customer_id as string].spend_sum as number, 8);
    for (const r of rows) expect(r.x).toBe(expected[r.customer_id as string].x);
  });
});
