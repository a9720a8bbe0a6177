import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { daysBetween, demoRows, type DemoCustomerRow, type DemoOrderRow } from '../helpers/demo-rows';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import { runReferral } from '../../src/lib/analyses/referral/run';
import { withholdReferral } from '../../src/lib/analyses/referral/withhold';
import { REFERRAL_WORDS } from '../../src/lib/analyses/referral/words';
import { RETAINED_FROM_DAY, YEAR_DAYS, type ReferralGroup, type ReferralResult } from '../../src/lib/analyses/referral/types';

const Z95 = 1.959963984540054;
const csv = (lines: string[]) => lines.join('\n');

async function referralOf(db: NodeDatabase, filters: Filters = NO_FILTERS): Promise<ReferralResult> {
  const r = await runReferral(db, filters);
  if (!r?.available) throw new Error(`no referral result: ${JSON.stringify(r)}`);
  return r;
}

interface Measured {
  id: string;
  referred: boolean;
  referrer: string | null;
  fullYear: boolean;
  converted: boolean;
  retained: boolean;
  value: number;
  revenue: number;
}

/** Each customer acquired in [from, asOf], measured here from the CSV rows. */
function measure(orders: DemoOrderRow[], customers: Map<string, DemoCustomerRow>, from: string, asOf: string): Measured[] {
  const mine = new Map<string, DemoOrderRow[]>();
  for (const o of orders) if (o.day >= from && o.day <= asOf) mine.set(o.customer, [...(mine.get(o.customer) ?? []), o]);
  return [...mine].flatMap(([id, os]) => {
    const bought = os.filter((o) => o.done).map((o) => o.day).sort();
    if (bought.length === 0) return [];
    const first = bought[0];
    const day = (d: string) => daysBetween(first, d);
    const c = customers.get(id)!;
    return [{
      id,
      referred: c.referrer !== null || c.source === '紹介',
      referrer: c.referrer,
      fullYear: day(asOf) >= YEAR_DAYS - 1,
      converted: bought.some((d) => d > first && day(d) < YEAR_DAYS),
      retained: bought.some((d) => day(d) >= RETAINED_FROM_DAY && day(d) < YEAR_DAYS),
      value: os.filter((o) => day(o.day) >= 0 && day(o.day) < YEAR_DAYS).reduce((a, o) => a + o.amount, 0),
      revenue: os.filter((o) => day(o.day) >= 0).reduce((a, o) => a + o.amount, 0)
    }];
  });
}

/** Agresti–Caffo: b − a, with the interval of the shares with one success and one failure added to each. */
function caffo(xa: number, na: number, xb: number, nb: number) {
  const [pa, pb] = [(xa + 1) / (na + 2), (xb + 1) / (nb + 2)];
  const se = Math.sqrt((pa * (1 - pa)) / (na + 2) + (pb * (1 - pb)) / (nb + 2));
  return { value: xb / nb - xa / na, lo: pb - pa - Z95 * se, hi: pb - pa + Z95 * se };
}

function meanVar(xs: number[]) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { m, v: xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1), n: xs.length };
}

const closeTo = (x: { value: number; lo: number; hi: number }) => ({ value: expect.closeTo(x.value, 9), lo: expect.closeTo(x.lo, 9), hi: expect.closeTo(x.hi, 9) });

describe('referral on the demo data', () => {
  let db: NodeDatabase;
  let orders: DemoOrderRow[];
  let customers: Map<string, DemoCustomerRow>;

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const files = generateDemo(DEMO_SEED, 0.05);
    await loadFiles(db, files, (plans) => {
      const role = (label: string) => plans[1].columns.find((c) => c.label === label)!.role;
      expect([role('流入元'), role('紹介者ID')]).toEqual(['acquisition_source', 'referred_by']);
    });
    const rows = demoRows(files);
    orders = rows.orders;
    customers = new Map(rows.customers.map((c) => [c.id, c]));
  });
  afterAll(() => db.close());

  function check(r: ReferralResult) {
    const all = measure(orders, customers, r.from, r.asOf);
    const group = (referred: boolean): ReferralGroup => {
      const g = all.filter((c) => c.referred === referred);
      const full = g.filter((c) => c.fullYear);
      const converted = full.filter((c) => c.converted).length;
      const retained = full.filter((c) => c.retained).length;
      return {
        acquired: g.length, customers: full.length, converted, f2: converted / full.length, retained, retention: retained / full.length,
        value: expect.closeTo(meanVar(full.map((c) => c.value)).m, 6)
      };
    };
    const [referred, others] = [group(true), group(false)];
    expect(r.referred).toEqual(referred);
    expect(r.others).toEqual(others);
    expect(r.difference.f2).toEqual(closeTo(caffo(others.converted!, others.customers!, referred.converted!, referred.customers!)));
    expect(r.difference.retention).toEqual(closeTo(caffo(others.retained!, others.customers!, referred.retained!, referred.customers!)));
    const [vr, vo] = [true, false].map((x) => meanVar(all.filter((c) => c.referred === x && c.fullYear).map((c) => c.value)));
    const se = Math.sqrt(vr.v / vr.n + vo.v / vo.n);
    expect(r.difference.value).toEqual(closeTo({ value: vr.m - vo.m, lo: vr.m - vo.m - Z95 * se, hi: vr.m - vo.m + Z95 * se }));
    return all;
  }

  it('compares referred customers with the others: F2 within the first year, retention, 12-month value, with intervals', async () => {
    const r = await referralOf(db);
    expect(r.signals).toEqual(['referred_by', 'acquisition_source']);
    const all = check(r);
    // In the demo every referred customer has a referrer and the source 紹介, and stays longer.
    expect(all.filter((c) => c.referred).every((c) => c.referrer !== null)).toBe(true);
    expect(r.referred.f2!).toBeGreaterThan(r.others.f2!);
    expect(r.difference.f2.lo!).toBeLessThan(r.difference.f2.value!);
    expect(r.difference.f2.hi!).toBeGreaterThan(r.difference.f2.value!);
  });

  it('counts what the referrers brought, by how many each brought', async () => {
    const r = await referralOf(db);
    const brought = new Map<string, { n: number; revenue: number }>();
    for (const c of measure(orders, customers, r.from, r.asOf)) {
      if (!c.referrer) continue;
      const b = brought.get(c.referrer) ?? { n: 0, revenue: 0 };
      brought.set(c.referrer, { n: b.n + 1, revenue: b.revenue + c.revenue });
    }
    const bin = (lo: number, hi: number) => {
      const bs = [...brought.values()].filter((b) => b.n >= lo && b.n <= hi);
      return { referrers: bs.length, customers: bs.reduce((a, b) => a + b.n, 0), revenue: bs.reduce((a, b) => a + b.revenue, 0) };
    };
    expect(r.referrers).toEqual({
      referrers: brought.size,
      customers: r.referred.acquired,
      revenue: [...brought.values()].reduce((a, b) => a + b.revenue, 0),
      bins: [
        { min: 1, max: 1, ...bin(1, 1) },
        { min: 2, max: 2, ...bin(2, 2) },
        { min: 3, max: 5, ...bin(3, 5) },
        { min: 6, max: null, ...bin(6, Infinity) }
      ]
    });
    expect(r.referrers!.bins[0].referrers).toBeGreaterThan(r.referrers!.bins[1].referrers!);
    // Aggregates only: no referrer id anywhere in the result.
    const text = JSON.stringify(r);
    expect([...brought.keys()].filter((id) => text.includes(id))).toEqual([]);
  });

  it('follows the date filter', async () => {
    check(await referralOf(db, { ...NO_FILTERS, from: '2024-04-01', to: '2025-09-30' }));
  });
});

describe('referral on small files', () => {
  let db: NodeDatabase;
  beforeEach(async () => {
    db = await NodeDatabase.open();
  });
  afterEach(() => db.close());

  const orders = csv([
    'order_id,customer_id,order_date,amount',
    'a0,A,2023-01-01,-50', // a return before A's first purchase: not in A's value
    'a1,A,2023-01-02,1000', // A's day 0
    'a2,A,2023-07-01,200', // day 180: retained
    'a3,A,2023-08-01,-100', // a return in the first year
    'a4,A,2024-01-01,5000', // day 364: still the first year
    'b1,B,2023-01-02,300',
    'b2,B,2023-07-01,400', // day 180
    'c1,C,2023-02-01,700',
    'c2,C,2024-02-01,900', // day 365: after the first year
    'd1,D,2023-03-01,100',
    'd2,D,2023-08-27,100', // day 179: converted, not retained
    'e1,E,2023-02-15,800', // a single purchase
    'f1,F,2024-01-10,600', // first purchase less than a year before the end: acquired, not measured
    'g1,G,2024-03-01,10' // the last day of the data
  ]);

  it('recognises referral sources without referred_by, measures the first year at its edges, lists no referrers', async () => {
    await loadFiles(db, [
      { name: 'orders.csv', text: orders },
      {
        name: 'customers.csv',
        text: csv(['customer_id,acquisition_source', 'A,Friend referral', 'B,友人の紹介', 'C,クチコミ', 'D,Web', 'E,Search ads', 'F,紹介キャンペーン'])
      }
    ]);
    const r = await referralOf(db);
    expect(r).toMatchObject({ from: '2023-01-01', asOf: '2024-03-01', signals: ['acquisition_source'], referrers: null });
    // Referred: A, B, C (and F, too recent to measure). Others: D, E (and G, too recent).
    expect(r.referred).toEqual({ acquired: 4, customers: 3, converted: 2, f2: 2 / 3, retained: 2, retention: 2 / 3, value: (6100 + 700 + 700) / 3 });
    expect(r.others).toEqual({ acquired: 3, customers: 2, converted: 1, f2: 0.5, retained: 0, retention: 0, value: 500 });
    expect(r.difference.value.value).toBeCloseTo(2500 - 500, 9);
    expect(r.difference.f2.value).toBeCloseTo(2 / 3 - 0.5, 9);
  });

  it('recognises the usual referral words, and only those', () => {
    const reads = (source: string) => REFERRAL_WORDS.some((w) => source.toLowerCase().includes(w));
    expect(['Referral', 'refer-a-friend', 'Invitation code', 'Word of mouth', 'ご紹介', '友達招待', '知人から', 'リファラル'].every(reads)).toBe(true);
    expect(['Google', 'SNS', '検索広告', 'チラシ', 'アプリストア', 'Instagram'].some(reads)).toBe(false);
  });

  it('is unavailable when nothing marks a customer as referred, and null without identified orders', async () => {
    await loadFiles(db, [{ name: 'orders.csv', text: orders }, { name: 'customers.csv', text: csv(['customer_id,acquisition_source', 'A,Web', 'B,SNS']) }]);
    expect(await runReferral(db, NO_FILTERS)).toEqual({ available: false, missing: ['referred_by', 'acquisition_source'] });
    const empty = await NodeDatabase.open();
    try {
      await loadFiles(empty, [{ name: 'customers.csv', text: csv(['customer_id,referred_by', 'A,B']) }]);
      expect(await runReferral(empty, NO_FILTERS)).toBeNull();
    } finally {
      empty.close();
    }
  });

  it('with referred_by: bins the referrers by the customers they brought', async () => {
    await loadFiles(db, [
      { name: 'orders.csv', text: orders },
      { name: 'customers.csv', text: csv(['customer_id,referred_by', 'A,Z', 'B,Z', 'C,Y', 'D,', 'E,']) }
    ]);
    const r = await referralOf(db);
    expect(r.signals).toEqual(['referred_by']);
    expect(r.referred.acquired).toBe(3);
    expect(r.referrers).toEqual({
      referrers: 2, customers: 3, revenue: 6100 + 700 + 1600,
      bins: [
        { min: 1, max: 1, referrers: 1, customers: 1, revenue: 1600 },
        { min: 2, max: 2, referrers: 1, customers: 2, revenue: 6100 + 700 },
        { min: 3, max: 5, referrers: 0, customers: 0, revenue: 0 },
        { min: 6, max: null, referrers: 0, customers: 0, revenue: 0 }
      ]
    });
  });
});

describe('referral in a snapshot', () => {
  const group = (acquired: number, customers: number, converted: number, retained: number): ReferralGroup => ({
    acquired, customers, converted, f2: converted / customers, retained, retention: retained / customers, value: 1000
  });
  const interval = { value: 0.1, lo: 0.05, hi: 0.15 };
  const bin = (min: number, max: number | null, referrers: number, customers: number) => ({ min, max, referrers, customers, revenue: customers * 1000 });
  const distribution = (bins: ReturnType<typeof bin>[]) => ({
    referrers: bins.reduce((n, b) => n + b.referrers, 0), customers: bins.reduce((n, b) => n + b.customers, 0),
    revenue: bins.reduce((n, b) => n + b.revenue, 0), bins
  });
  const result = (referred: ReferralGroup, others: ReferralGroup, referrers = distribution([bin(1, 1, 20, 20), bin(2, 2, 7, 14), bin(3, 5, 3, 16), bin(6, null, 0, 0)])): ReferralResult => ({
    available: true, from: '2023-01-01', asOf: '2024-12-31', signals: ['referred_by'], referred, others,
    difference: { f2: interval, retention: interval, value: { value: 200, lo: 100, hi: 300 } },
    referrers
  });

  it('withholds shares resting on few customers and the differences resting on them; bins of few referrers with a complement', () => {
    const w = withholdReferral(result(group(60, 40, 38, 20), group(500, 400, 200, 150)));
    if (!w?.available) throw new Error('withheld all');
    // 38 of 40 converted: the 2 who did not are few.
    expect(w.referred).toEqual({ acquired: 60, customers: 40, converted: null, f2: null, retained: 20, retention: 0.5, value: 1000, withheld: { f2: 'small' } });
    expect(w.difference).toEqual({ f2: { value: null, lo: null, hi: null }, retention: interval, value: { value: 200, lo: 100, hi: 300 } });
    expect(w.referrers!.bins.map((b) => [b.referrers, b.customers, b.withheld ?? null])).toEqual([
      [20, 20, null],
      [null, null, 'complement'],
      [null, null, 'small'],
      [0, 0, null]
    ]);
  });

  it('withholds a small group with the other (they add up to the acquired customers), and a group measured on few', () => {
    const few = distribution([bin(1, 1, 2, 2), bin(2, 2, 1, 2), bin(3, 5, 0, 0), bin(6, null, 0, 0)]);
    const w = withholdReferral(result(group(4, 3, 1, 1), group(500, 400, 200, 150), few));
    if (!w?.available) throw new Error('withheld all');
    expect(w.referred).toEqual({ acquired: null, customers: null, converted: null, f2: null, retained: null, retention: null, value: null, withheld: { group: 'small' } });
    expect(w.others).toMatchObject({ acquired: null, customers: null, f2: null, value: null, withheld: { group: 'complement' } });
    expect(w.difference.value).toEqual({ value: null, lo: null, hi: null });
    expect(w.referrers).toBeNull(); // 3 referrers
    // 60 acquired but only 3 measured: the figures go, the number acquired stays.
    const measured = withholdReferral(result(group(60, 3, 1, 1), group(500, 400, 200, 150)));
    expect(measured?.available && measured.referred).toEqual({ acquired: 60, customers: null, converted: null, f2: null, retained: null, retention: null, value: null, withheld: { group: 'small' } });
    expect(measured?.available && measured.others.withheld).toBeUndefined();
  });

  it('shows nothing for fewer than 5 acquired customers; passes an unavailable result through', () => {
    expect(withholdReferral(result(group(2, 2, 1, 1), group(2, 2, 1, 0)))).toBeNull();
    expect(withholdReferral({ available: false, missing: ['referred_by', 'acquisition_source'] })).toEqual({ available: false, missing: ['referred_by', 'acquisition_source'] });
  });
});
