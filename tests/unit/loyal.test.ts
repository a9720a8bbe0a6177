import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import { DEFAULT_LOYAL, type LoyalDefinition } from '../../src/lib/analyses/loyal/definition';
import { loyalCustomersSql } from '../../src/lib/analyses/loyal/sql';
import { runLoyal } from '../../src/lib/analyses/loyal/run';
import type { LoyalMetric, LoyalResult } from '../../src/lib/analyses/loyal/types';
import { firstRow, toRows } from '../../src/lib/engine/types';

const def = (d: Partial<LoyalDefinition>): LoyalDefinition => ({
  minPurchases: null, minSpend: null, minTenureDays: null, tenureFrom: 'first_purchase', topPercent: null, ...d
});


function metric(r: LoyalResult, m: LoyalMetric) {
  return r.comparison.find((c) => c.metric === m)!;
}

const dayNumber = (iso: string) => Date.parse(iso + 'T00:00:00Z') / 86_400_000;

// ───────────── An independent model of the demo files, computed here from the CSV text ─────────────

interface DemoOrder { customer: string; day: string; amount: number; done: boolean; channel: string }
interface Summary { id: string; revenue: number; purchases: number; days: Set<string>; first: string; last: string }

function csvRows(text: string): string[][] {
  // The demo writes no quoted fields (checked in demo.test.ts), so a plain split is exact.
  return text.trimEnd().split('\n').slice(1).map((l) => l.split(','));
}

/** Per-customer facts as of a day from completed orders (cancelled and returned orders are not purchases). */
function summarise(orders: DemoOrder[], asOf: string, keep: (o: DemoOrder) => boolean = () => true): Summary[] {
  const by = new Map<string, Summary>();
  for (const o of orders) {
    if (!o.done || o.day > asOf || !keep(o)) continue;
    const s = by.get(o.customer) ?? { id: o.customer, revenue: 0, purchases: 0, days: new Set(), first: o.day, last: o.day };
    s.revenue += o.amount;
    s.purchases += 1;
    s.days.add(o.day);
    if (o.day < s.first) s.first = o.day;
    if (o.day > s.last) s.last = o.day;
    by.set(o.customer, s);
  }
  return [...by.values()];
}

/** The top ceil(N % × n) by revenue, ties by id (JS string order = DuckDB's binary order for these ASCII ids). */
function topIds(summaries: Summary[], percent: number): Set<string> {
  const sorted = [...summaries].sort((a, b) => b.revenue - a.revenue || (a.id < b.id ? -1 : 1));
  return new Set(sorted.slice(0, Math.ceil((percent * summaries.length) / 100)).map((s) => s.id));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('loyal customers on the demo data', () => {
  let db: NodeDatabase;
  let orders: DemoOrder[];
  let memberSince: Map<string, string>;
  let answers: { day: string; customer: string; score: number }[];
  let asOf: string;

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const files = generateDemo(DEMO_SEED, 0.05);
    await loadFiles(db, files, (plans) => {
      // The importer's proposal is what the user confirms: 入会日 is the programme join date and
      // the recommendation score is the 0–10 NPS question.
      expect(plans[1].columns.find((c) => c.label === '入会日')!.role).toBe('member_since');
      expect(plans[2].scoreScale).toBe('0-10');
    });
    const [o, c, n] = files.map((f) => csvRows(f.text));
    orders = o.map((r) => ({ customer: r[1], day: r[2].slice(0, 10), amount: Number(r[3]), done: r[4] === '完了', channel: r[5] }));
    memberSince = new Map(c.filter((r) => r[2] !== '').map((r) => [r[0], r[2]]));
    answers = n.map((r) => ({ day: r[0].slice(0, 10), customer: r[1], score: Number(r[2]) }));
    asOf = orders.map((x) => x.day).reduce((a, b) => (a > b ? a : b));
  });
  afterAll(() => db.close());

  /** The whole comparison computed here, for loyal = `isLoyal`. */
  function expected(summaries: Summary[], isLoyal: (s: Summary) => boolean) {
    const groups = [summaries.filter(isLoyal), summaries.filter((s) => !isLoyal(s))];
    return groups.map((g) => {
      const ids = new Set(g.map((s) => s.id));
      const rs = answers.filter((a) => ids.has(a.customer) && a.day <= asOf);
      const repeaters = g.filter((s) => s.days.size > 1);
      return {
        customers: g.length,
        revenue: sum(g.map((s) => s.revenue)),
        aov: sum(g.map((s) => s.revenue)) / sum(g.map((s) => s.purchases)),
        ordersPerCustomer: sum(g.map((s) => s.purchases)) / g.length,
        gap: mean(repeaters.map((s) => (dayNumber(s.last) - dayNumber(s.first)) / (s.days.size - 1))),
        recency: mean(g.map((s) => dayNumber(asOf) - dayNumber(s.last))),
        tenure: mean(g.map((s) => dayNumber(asOf) - dayNumber(s.first))),
        memberShare: g.filter((s) => memberSince.has(s.id)).length / g.length,
        nps: rs.length ? (100 * (rs.filter((a) => a.score >= 9).length - rs.filter((a) => a.score <= 6).length)) / rs.length : null,
        responses: rs.length
      };
    });
  }

  it('makes exactly ceil(20 % × customers) loyal by default, the highest spenders', async () => {
    const summaries = summarise(orders, asOf);
    const top = topIds(summaries, 20);
    const r = (await runLoyal(db, NO_FILTERS, DEFAULT_LOYAL))!;
    expect(r.asOf).toBe(asOf);
    expect(r.definition).toEqual(DEFAULT_LOYAL);
    expect(r.total.customers).toBe(summaries.length);
    expect(r.loyal.customers).toBe(Math.ceil(0.2 * summaries.length));
    expect(r.others.customers).toBe(summaries.length - r.loyal.customers);
    expect(r.loyal.shareOfCustomers).toBeCloseTo(Math.ceil(0.2 * summaries.length) / summaries.length, 12);
    const ids = toRows<{ customer_id: string }>(
      await db.query(`SELECT customer_id FROM (${loyalCustomersSql(NO_FILTERS, DEFAULT_LOYAL, asOf)}) WHERE loyal ORDER BY 1`)
    ).map((x) => x.customer_id);
    expect(ids).toEqual([...top].sort());
    const lowestIn = Math.min(...summaries.filter((s) => top.has(s.id)).map((s) => s.revenue));
    expect(r.topPercentCutoff).toBe(lowestIn);
  });

  it('matches an independent computation of every compared figure', async () => {
    const summaries = summarise(orders, asOf);
    const top = topIds(summaries, 20);
    const [l, o] = expected(summaries, (s) => top.has(s.id));
    const r = (await runLoyal(db, NO_FILTERS, DEFAULT_LOYAL))!;
    expect(r.loyal.revenue).toBeCloseTo(l.revenue, 6);
    expect(r.loyal.shareOfRevenue!).toBeCloseTo(l.revenue / (l.revenue + o.revenue), 12);
    const pairs: [LoyalMetric, number | null, number | null][] = [
      ['aov', l.aov, o.aov],
      ['ordersPerCustomer', l.ordersPerCustomer, o.ordersPerCustomer],
      ['daysBetweenPurchases', l.gap, o.gap],
      ['recencyDays', l.recency, o.recency],
      ['tenureDays', l.tenure, o.tenure],
      ['memberShare', l.memberShare, o.memberShare],
      ['nps', l.nps, o.nps]
    ];
    for (const [m, lv, ov] of pairs) {
      expect(metric(r, m).loyal, m).toBeCloseTo(lv!, 8);
      expect(metric(r, m).others, m).toBeCloseTo(ov!, 8);
    }
    // The demo is built so that loyal customers buy more often, stay longer and join more.
    expect(l.aov).toBeGreaterThan(o.aov);
    expect(metric(r, 'nps').base).toEqual({ loyal: l.responses, others: o.responses });
    expect(l.responses).toBeGreaterThan(20);
    expect(r.npsResponses).toBe(l.responses + o.responses);
    expect(r.hasMembership).toBe(true);
    expect(r.comparison.map((c) => c.metric)).toEqual(['aov', 'ordersPerCustomer', 'daysBetweenPurchases', 'recencyDays', 'tenureDays', 'memberShare', 'nps']);
  });

  it('agrees with a direct query on the canonical tables for the share of revenue', async () => {
    const truth = firstRow<{ share: number; n: number }>(
      await db.query(`WITH c AS (SELECT customer_id, sum(amount) AS rev FROM orders WHERE customer_id IS NOT NULL
          GROUP BY 1 HAVING count(*) FILTER (WHERE NOT is_return) > 0),
        r AS (SELECT rev, row_number() OVER (ORDER BY rev DESC, customer_id) AS k, count(*) OVER () AS n FROM c)
        SELECT sum(rev) FILTER (WHERE k <= ceil(n / 5)) / sum(rev) AS share, any_value(n) AS n FROM r`)
    );
    const r = (await runLoyal(db, NO_FILTERS, DEFAULT_LOYAL))!;
    expect(r.total.customers).toBe(truth.n);
    expect(r.loyal.shareOfRevenue!).toBeCloseTo(truth.share, 12);
  });

  it('combines criteria with AND', async () => {
    const d = def({ minPurchases: 5, minSpend: 30_000, minTenureDays: 365, topPercent: 50 });
    const summaries = summarise(orders, asOf);
    const top = topIds(summaries, 50);
    const want = summaries.filter(
      (s) => s.purchases >= 5 && s.revenue >= 30_000 && dayNumber(asOf) - dayNumber(s.first) >= 365 && top.has(s.id)
    );
    const r = (await runLoyal(db, NO_FILTERS, d))!;
    expect(r.loyal.customers).toBe(want.length);
    expect(r.loyal.revenue).toBeCloseTo(sum(want.map((s) => s.revenue)), 6);
    // Each criterion alone lets more customers in than all together.
    for (const one of [def({ minPurchases: 5 }), def({ minSpend: 30_000 }), def({ minTenureDays: 365 }), def({ topPercent: 50 })]) {
      expect((await runLoyal(db, NO_FILTERS, one))!.loyal.customers).toBeGreaterThan(want.length);
    }
    expect(r.topPercentCutoff).not.toBeNull();
    expect((await runLoyal(db, NO_FILTERS, def({ minPurchases: 5 })))!.topPercentCutoff).toBeNull();
  });

  it('counts tenure from joining the programme when asked, leaving non-members out', async () => {
    const d = def({ minTenureDays: 180, tenureFrom: 'member_since' });
    const summaries = summarise(orders, asOf);
    const want = summaries.filter((s) => memberSince.has(s.id) && dayNumber(asOf) - dayNumber(memberSince.get(s.id)!) >= 180);
    const r = (await runLoyal(db, NO_FILTERS, d))!;
    expect(want.length).toBeGreaterThan(0);
    expect(r.loyal.customers).toBe(want.length);
    expect(metric(r, 'memberShare').loyal).toBe(1);
    const byFirstPurchase = (await runLoyal(db, NO_FILTERS, def({ minTenureDays: 180 })))!;
    expect(byFirstPurchase.loyal.customers).toBe(summaries.filter((s) => dayNumber(asOf) - dayNumber(s.first) >= 180).length);
  });

  it('applies the channel filter and an earlier analysis date', async () => {
    const f: Filters = { ...NO_FILTERS, channels: ['アプリ'] };
    const app = summarise(orders, asOf, (o) => o.channel === 'アプリ');
    const r = (await runLoyal(db, f, DEFAULT_LOYAL))!;
    expect(r.total.customers).toBe(app.length);
    expect(r.loyal.customers).toBe(Math.ceil(0.2 * app.length));
    expect(r.loyal.revenue).toBeCloseTo(sum(app.filter((s) => topIds(app, 20).has(s.id)).map((s) => s.revenue)), 6);

    const early = summarise(orders, '2024-12-31');
    const e = (await runLoyal(db, NO_FILTERS, DEFAULT_LOYAL, { asOf: '2024-12-31' }))!;
    expect(e.asOf).toBe('2024-12-31');
    expect(e.total.customers).toBe(early.length);
    expect(e.loyal.customers).toBe(Math.ceil(0.2 * early.length));
    expect((await runLoyal(db, { ...NO_FILTERS, to: '2024-12-31' }, DEFAULT_LOYAL))!.total.customers).toBe(early.length);
  });

  it('returns null when no customer passes the filters', async () => {
    expect(await runLoyal(db, { ...NO_FILTERS, channels: ['no such channel'] }, DEFAULT_LOYAL)).toBeNull();
  });

  it('gives a plain serialisable result', async () => {
    const r = (await runLoyal(db, NO_FILTERS, DEFAULT_LOYAL))!;
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('loyal customers on small fixtures', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  const orderCsv = (rows: [string, string, string, number][]) =>
    ['order_id,customer_id,order_date,amount', ...rows.map((r) => r.join(','))].join('\n') + '\n';

  it('breaks ties at the boundary by customer id, so exactly ceil(N % × n) qualify', async () => {
    await loadFiles(db, [{ name: 'o.csv', text: orderCsv([
      ['o1', 'A', '2024-01-01', 500], ['o2', 'B', '2024-01-01', 400],
      ['o3', 'D', '2024-01-01', 300], ['o4', 'C', '2024-01-01', 300], ['o5', 'E', '2024-01-01', 100]
    ]) }]);
    const loyalIds = async (topPercent: number) =>
      toRows<{ customer_id: string }>(
        await db.query(`SELECT customer_id FROM (${loyalCustomersSql(NO_FILTERS, def({ topPercent }), '2024-01-31')}) WHERE loyal ORDER BY 1`)
      ).map((r) => r.customer_id);
    expect(await loyalIds(40)).toEqual(['A', 'B']);
    expect(await loyalIds(50)).toEqual(['A', 'B', 'C']); // ceil(2.5) = 3; C and D tie, C sorts first
    expect(await loyalIds(60)).toEqual(['A', 'B', 'C']);
    expect(await loyalIds(61)).toEqual(['A', 'B', 'C', 'D']);
    expect(await loyalIds(1)).toEqual(['A']);
    expect(await loyalIds(100)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('counts ceil(N % × n) exactly where floating point would round up', async () => {
    // 0.07 × 100 = 7.000000000000001 in floating point; ceil of it would let an 8th customer in.
    const rows: [string, string, string, number][] = [];
    for (let i = 0; i < 100; i++) rows.push([`o${i}`, `C${String(i).padStart(3, '0')}`, '2024-01-01', 1000 + i]);
    await loadFiles(db, [{ name: 'o.csv', text: orderCsv(rows.slice(0, 35)) }]);
    expect((await runLoyal(db, NO_FILTERS, def({ topPercent: 20 })))!.loyal.customers).toBe(7);
    await loadFiles(db, [{ name: 'o.csv', text: orderCsv(rows) }]);
    const r = (await runLoyal(db, NO_FILTERS, def({ topPercent: 7 })))!;
    expect(r.loyal.customers).toBe(7);
    expect(r.topPercentCutoff).toBe(1093);
  });

  it('computes every figure of a hand-checked example', async () => {
    // As of 2024-03-31. Loyal: 3+ purchases. A and B are loyal, C and D are not.
    // A: 2024-01-01 100, 01-11 200, 01-31 300 → 3 purchases, 600, gap 15, recency 60, tenure 90; member
    // B: 02-01 50, 02-01 (o5b, same day) 50, 03-01 100, a return of −20 → 3 purchases, 180, gap 29, recency 30, tenure 59
    // C: 03-01 1000 → 1 purchase, recency 30, tenure 30; member
    // D: 01-01 10, 03-21 20 → gap 80, recency 10, tenure 90; membership unknown (no row in customers.csv → not a member)
    const orders = [
      'order_id,customer_id,order_date,amount,status',
      'o1,A,2024-01-01,100,done', 'o2,A,2024-01-11,200,done', 'o3,A,2024-01-31,300,done',
      'o4,B,2024-02-01,50,done', 'o5b,B,2024-02-01,50,done', 'o6,B,2024-03-01,100,done', 'o6r,B,2024-03-05,-20,done',
      'o7,C,2024-03-01,1000,done', 'o8,C,2024-03-02,999,cancelled',
      'o9,D,2024-01-01,10,done', 'o10,D,2024-03-21,20,done',
      'o11,A,2024-04-02,5000,done' // after the analysis date
    ].join('\n');
    const customers = ['customer_id,member_since', 'A,2023-05-01', 'B,', 'C,2024-02-01'].join('\n');
    const responses = [
      'response_date,customer_id,score',
      '2024-01-05,A,10', '2024-02-05,A,9', '2024-02-06,B,7', '2024-03-01,B,3', // loyal: 2 promoters, 1 detractor of 4 → 25
      '2024-03-02,C,0', '2024-03-03,D,6', '2024-03-04,C,10', // others: 1 promoter, 2 detractors of 3 → −33.3
      '2024-03-05,,10', // no customer: not linked
      '2024-04-05,A,0', // after the analysis date
      '2024-03-06,Z,0' // a respondent who never bought
    ].join('\n');
    const other = ['response_date,customer_id,score', '2024-03-01,A,1', '2024-03-01,B,1', '2024-03-01,B,1'].join('\n');
    await loadFiles(db, [
      { name: 'orders.csv', text: orders },
      { name: 'customers.csv', text: customers },
      { name: 'nps.csv', text: responses },
      { name: 'csat.csv', text: other }
    ], (plans) => {
      expect(plans.map((p) => p.kind)).toEqual(['orders', 'customers', 'responses', 'responses']);
      plans[2].scoreScale = '0-10';
      plans[3].scoreScale = '1-5'; // another scale: never mixed into NPS
    });
    const r = (await runLoyal(db, NO_FILTERS, def({ minPurchases: 3 }), { asOf: '2024-03-31' }))!;
    expect(r.total).toEqual({ customers: 4, revenue: 600 + 180 + 1000 + 30, purchases: 3 + 3 + 1 + 2 });
    expect(r.loyal).toEqual({ customers: 2, revenue: 780, purchases: 6, shareOfCustomers: 0.5, shareOfRevenue: 780 / 1810 });
    expect(r.others).toEqual({ customers: 2, revenue: 1030, purchases: 3 });
    expect(r.topPercentCutoff).toBeNull();
    const values = Object.fromEntries(r.comparison.map((c) => [c.metric, [c.loyal, c.others]]));
    expect(values.aov).toEqual([130, 1030 / 3]);
    expect(values.ordersPerCustomer).toEqual([3, 1.5]);
    expect(values.daysBetweenPurchases).toEqual([22, 80]);
    expect(values.recencyDays).toEqual([45, 20]);
    expect(values.tenureDays).toEqual([74.5, 60]);
    expect(values.memberShare).toEqual([0.5, 0.5]);
    expect(values.nps[0]).toBe(25);
    expect(values.nps[1]).toBeCloseTo(-100 / 3, 12);
    expect(metric(r, 'daysBetweenPurchases').base).toEqual({ loyal: 2, others: 1 });
    expect(metric(r, 'nps').base).toEqual({ loyal: 4, others: 3 });
    expect(metric(r, 'aov').base).toEqual({ loyal: 6, others: 3 });
    expect(r.npsResponses).toBe(7);

    // Tenure from joining: A joined 335 days before, C 59 days, B never.
    const joined = async (days: number) =>
      (await runLoyal(db, NO_FILTERS, def({ minTenureDays: days, tenureFrom: 'member_since' }), { asOf: '2024-03-31' }))!.loyal.customers;
    expect(await joined(59)).toBe(2);
    expect(await joined(60)).toBe(1);
    expect(await joined(335)).toBe(1);
    expect(await joined(336)).toBe(0);

    // Everyone loyal: the others are an empty group with no figures.
    const all = (await runLoyal(db, NO_FILTERS, def({ topPercent: 100 }), { asOf: '2024-03-31' }))!;
    expect(all.loyal.customers).toBe(4);
    expect(all.others).toEqual({ customers: 0, revenue: 0, purchases: 0 });
    expect(all.comparison.every((c) => c.others === null)).toBe(true);
    expect(all.loyal.shareOfRevenue).toBe(1);
  });

  it('has no member share or NPS without membership or 0–10 answers', async () => {
    await loadFiles(db, [{ name: 'o.csv', text: orderCsv([['o1', 'A', '2024-01-01', 10], ['o2', 'B', '2024-01-02', 20]]) }]);
    const r = (await runLoyal(db, NO_FILTERS, DEFAULT_LOYAL))!;
    expect(r.asOf).toBe('2024-01-02');
    expect(r.hasMembership).toBe(false);
    expect(metric(r, 'memberShare')).toMatchObject({ loyal: null, others: null, base: { loyal: 0, others: 0 } });
    expect(r.npsResponses).toBe(0);
    expect(metric(r, 'nps')).toMatchObject({ loyal: null, others: null });
    expect(metric(r, 'daysBetweenPurchases')).toMatchObject({ loyal: null, others: null, base: { loyal: 0, others: 0 } });
    expect(metric(r, 'aov')).toMatchObject({ loyal: 20, others: 10 });
  });
});
