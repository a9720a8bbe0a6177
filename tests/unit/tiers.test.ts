import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { demoRows, type DemoCustomerRow, type DemoOrderRow } from '../helpers/demo-rows';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import { orderTiers } from '../../src/lib/analyses/tiers/order';
import { runTiers } from '../../src/lib/analyses/tiers/run';
import { withholdMovement, withholdTiers } from '../../src/lib/analyses/tiers/withhold';
import { INTERVAL_MIN_CUSTOMERS, type TierGroup, type TierMovement, type TiersResult } from '../../src/lib/analyses/tiers/types';

const Z95 = 1.959963984540054;
const csv = (lines: string[]) => lines.join('\n');

/** Runs the analysis and insists on an available result. */
async function tiersOf(db: NodeDatabase, filters: Filters = NO_FILTERS): Promise<TiersResult> {
  const r = await runTiers(db, filters);
  if (!r?.available) throw new Error(`no tiers: ${JSON.stringify(r)}`);
  return r;
}

const names = (r: TiersResult) => r.tiers.map((t) => (t.kind === 'none' ? null : t.tier));

describe('the order of tiers', () => {
  const order = (tiers: string[], medians: (number | null)[] = tiers.map(() => 0)) =>
    orderTiers(tiers.map((tier, i) => ({ tier, median: medians[i] })));
  const sorted = (o: ReturnType<typeof order>) => [o.order, o.tiers.map((t) => t.tier)];

  it('reads known ladders in English and Japanese, whatever the case, width and suffix', () => {
    expect(sorted(order(['Platinum', 'Bronze', 'GOLD', 'silver']))).toEqual(['ladder', ['Bronze', 'silver', 'GOLD', 'Platinum']]);
    expect(sorted(order(['プラチナ', 'ゴールド', 'ブロンズ', 'シルバー']))).toEqual(['ladder', ['ブロンズ', 'シルバー', 'ゴールド', 'プラチナ']]);
    expect(sorted(order(['ゴールド会員', '一般会員', 'ﾌﾟﾗﾁﾅ会員', 'シルバー会員']))).toEqual(['ladder', ['一般会員', 'シルバー会員', 'ゴールド会員', 'ﾌﾟﾗﾁﾅ会員']]);
    expect(sorted(order(['Black', 'Diamond', 'Regular', 'Ｇｏｌｄ Member']))).toEqual(['ladder', ['Regular', 'Ｇｏｌｄ Member', 'Diamond', 'Black']]);
    // A name with words of two rungs takes the higher: 'Classic Gold' is gold, above silver.
    expect(sorted(order(['Classic Gold', 'Silver']))).toEqual(['ladder', ['Silver', 'Classic Gold']]);
  });

  it('orders numbered tiers by their number, not as text', () => {
    expect(sorted(order(['Rank 10', 'Rank 2', 'Rank 1']))).toEqual(['number', ['Rank 1', 'Rank 2', 'Rank 10']]);
    expect(sorted(order(['ランク３', 'ランク１']))).toEqual(['number', ['ランク１', 'ランク３']]);
  });

  it('falls back to median spend when names say nothing, or say it twice', () => {
    expect(sorted(order(['松', '竹', '梅'], [9000, 5000, 1000]))).toEqual(['spend', ['梅', '竹', '松']]);
    // Two names on the same rung: the ladder cannot order them.
    expect(sorted(order(['Gold', 'Gold Plus', 'Silver'], [300, 500, 100]))).toEqual(['spend', ['Silver', 'Gold', 'Gold Plus']]);
    // Equal medians by name; a tier without a median last.
    expect(sorted(order(['b', 'a', 'c'], [10, 10, null]))).toEqual(['spend', ['a', 'b', 'c']]);
  });
});

describe('tiers on the demo data', () => {
  let db: NodeDatabase;
  let orders: DemoOrderRow[];
  let customers: Map<string, DemoCustomerRow>;

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const files = generateDemo(DEMO_SEED, 0.05);
    await loadFiles(db, files, (plans) => {
      expect(plans[1].columns.find((c) => c.label === '会員ランク')!.role).toBe('tier');
    });
    const rows = demoRows(files);
    orders = rows.orders;
    customers = new Map(rows.customers.map((c) => [c.id, c]));
  });
  afterAll(() => db.close());

  /** Per tier (null: none), computed here: buyers (a completed order in [from, to]) and their revenue. */
  function expected(from: string, to: string, keep: (c: DemoCustomerRow) => boolean = () => true) {
    const revenue = new Map<string, number>();
    for (const o of orders) {
      if (!o.done || o.day < from || o.day > to || !keep(customers.get(o.customer)!)) continue;
      revenue.set(o.customer, (revenue.get(o.customer) ?? 0) + o.amount);
    }
    const byTier = new Map<string | null, number[]>();
    for (const [id, rev] of revenue) {
      const tier = customers.get(id)!.tier;
      byTier.set(tier, [...(byTier.get(tier) ?? []), rev]);
    }
    return byTier;
  }

  function check(g: TierGroup, values: number[]) {
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    const sorted = [...values].sort((a, b) => a - b);
    const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    expect(g.customers).toBe(n);
    expect(g.revenue).toBeCloseTo(mean * n, 4);
    expect(g.perCustomer.value).toBeCloseTo(mean, 6);
    expect(g.median).toBe(median);
    if (n >= INTERVAL_MIN_CUSTOMERS) {
      expect(g.perCustomer.lo).toBeCloseTo(mean - Z95 * Math.sqrt(variance / n), 4);
      expect(g.perCustomer.hi).toBeCloseTo(mean + Z95 * Math.sqrt(variance / n), 4);
    } else {
      expect([g.perCustomer.lo, g.perCustomer.hi]).toEqual([null, null]);
    }
  }

  it('counts customers, revenue and revenue per customer by tier, in the ladder order, members without a tier last', async () => {
    const r = await tiersOf(db);
    expect(r).toMatchObject({ from: '2023-04-01', asOf: '2026-03-31', order: 'ladder', movement: { available: false, reason: 'current_tier_only' } });
    expect(names(r)).toEqual(['ブロンズ', 'シルバー', 'ゴールド', 'プラチナ', null]);
    const want = expected(r.from, r.asOf);
    for (const g of r.tiers) check(g, want.get(g.kind === 'none' ? null : g.tier)!);
    expect(r.customers).toBe([...want.values()].reduce((n, v) => n + v.length, 0));
    expect(r.revenue).toBeCloseTo([...want.values()].flat().reduce((a, b) => a + b, 0), 4);
    // The demo's tiers rise with spend: so does revenue per customer.
    const means = r.tiers.filter((t) => t.kind === 'tier').map((t) => t.perCustomer.value!);
    expect(means).toEqual([...means].sort((a, b) => a - b));
    // Some tier is large enough for an interval, and it contains its mean.
    const bronze = r.tiers[0];
    expect(bronze.customers).toBeGreaterThanOrEqual(INTERVAL_MIN_CUSTOMERS);
    expect(bronze.perCustomer.lo).toBeLessThan(bronze.perCustomer.value!);
  });

  it('follows the date and member filters', async () => {
    const filters: Filters = { ...NO_FILTERS, from: '2025-01-01', to: '2025-12-31' };
    const r = await tiersOf(db, filters);
    expect([r.from, r.asOf]).toEqual(['2025-01-01', '2025-12-31']);
    const want = expected('2025-01-01', '2025-12-31');
    for (const g of r.tiers) check(g, want.get(g.kind === 'none' ? null : g.tier)!);
    // Non-members have no tier in the demo.
    const others = await tiersOf(db, { ...NO_FILTERS, member: 'non_member' });
    expect(names(others)).toEqual([null]);
    check(others.tiers[0], expected(others.from, others.asOf, (c) => c.memberSince === null).get(null)!);
  });
});

describe('tiers on small files', () => {
  let db: NodeDatabase;
  beforeEach(async () => {
    db = await NodeDatabase.open();
  });
  afterEach(() => db.close());

  it('is unavailable without a tier, and null without identified orders', async () => {
    await loadFiles(db, [{ name: 'orders.csv', text: csv(['order_id,customer_id,order_date,amount', 'o1,A,2024-01-05,100']) }]);
    expect(await runTiers(db, NO_FILTERS)).toEqual({ available: false, missing: ['tier'] });
    const empty = await NodeDatabase.open();
    try {
      await loadFiles(empty, [{ name: 'customers.csv', text: csv(['customer_id,tier', 'A,Gold']) }]);
      expect(await runTiers(empty, NO_FILTERS)).toBeNull();
    } finally {
      empty.close();
    }
  });

  it('a single tier, Japanese names, returns netted, a customer with only a return not counted', async () => {
    await loadFiles(db, [
      {
        name: 'orders.csv',
        text: csv([
          '注文番号,顧客ID,注文日,金額',
          'o1,A,2024-01-05,1000',
          'o2,A,2024-02-05,-300', // a return: A's revenue is 700
          'o3,B,2024-01-07,500',
          'o4,C,2024-03-01,2000',
          'o5,D,2024-03-02,-100' // only a return: not a buyer
        ])
      },
      { name: 'customers.csv', text: csv(['顧客ID,会員ランク', 'A,ゴールド', 'B,ゴールド', 'D,ゴールド']) }
    ]);
    const r = await tiersOf(db);
    expect(r.order).toBe('ladder');
    expect(r).toMatchObject({ customers: 3, revenue: 3200 });
    expect(r.tiers).toEqual([
      { tier: 'ゴールド', kind: 'tier', customers: 2, revenue: 1200, perCustomer: { value: 600, lo: null, hi: null }, median: 600 },
      { tier: '', kind: 'none', customers: 1, revenue: 2000, perCustomer: { value: 2000, lo: null, hi: null }, median: 2000 }
    ]);
  });

  it('tiers named freely are ordered by median spend', async () => {
    const lines = ['order_id,customer_id,order_date,amount'];
    const tier = ['customer_id,tier'];
    ['Sakura', 'Fuji', 'Ume'].forEach((name, t) => {
      for (let i = 0; i < 3; i++) {
        lines.push(`${name}${i},${name}-${i},2024-01-0${i + 1},${[300, 100, 200][t] + i}`);
        tier.push(`${name}-${i},${name}`);
      }
    });
    await loadFiles(db, [{ name: 'orders.csv', text: csv(lines) }, { name: 'customers.csv', text: csv(tier) }]);
    const r = await tiersOf(db);
    expect(r.order).toBe('spend');
    expect(names(r)).toEqual(['Fuji', 'Ume', 'Sakura']);
    expect(r.tiers.map((t) => t.median)).toEqual([101, 201, 301]);
  });
});

describe('movement between tiers, from the tier on each order', () => {
  let db: NodeDatabase;
  beforeEach(async () => {
    db = await NodeDatabase.open();
  });
  afterEach(() => db.close());

  /** Orders with a tier column: each customer's tiers in order, one order a month from January 2024. */
  async function load(histories: Record<string, string[]>, extra: string[] = []) {
    const lines = ['注文番号,顧客ID,注文日,金額,会員ランク,チャネル'];
    let n = 0;
    for (const [id, tiers] of Object.entries(histories))
      tiers.forEach((t, i) => lines.push(`o${++n},${id},2024-${String(i + 1).padStart(2, '0')}-10,${1000 * (i + 1)},${t},${id.startsWith('S') ? '店舗' : 'EC'}`));
    await loadFiles(db, [{ name: 'orders.csv', text: csv([...lines, ...extra]) }]);
  }

  it('moves each customer from the tier of their first tiered order to that of their last, in the ladder’s order', async () => {
    await load({
      A: ['Silver', 'Gold', 'Gold'], // up
      B: ['Gold', 'Silver'], // down
      C: ['Bronze', 'Bronze', 'Bronze'], // stays
      D: ['Bronze', 'Gold'], // up two rungs
      E: ['Gold'], // one order: not measured
      S1: ['Bronze', 'Silver'] // up, in the store
    });
    const r = await tiersOf(db);
    // The current tier is the last order's.
    expect(names(r)).toEqual(['Bronze', 'Silver', 'Gold']);
    expect(r.movement).toEqual({
      available: true, customers: 5, up: 3, same: 1, down: 1, tiers: ['Bronze', 'Silver', 'Gold'],
      moves: [
        { from: 'Bronze', to: 'Bronze', customers: 1 },
        { from: 'Bronze', to: 'Silver', customers: 1 },
        { from: 'Bronze', to: 'Gold', customers: 1 },
        { from: 'Silver', to: 'Gold', customers: 1 },
        { from: 'Gold', to: 'Silver', customers: 1 }
      ]
    });
    // The filters: the date filter cuts the history (A from February is Gold → Gold), the channel filter the customers.
    const spring = await tiersOf(db, { ...NO_FILTERS, from: '2024-02-01' });
    expect(spring.movement).toMatchObject({ customers: 2, up: 0, same: 2, down: 0 });
    const store = await tiersOf(db, { ...NO_FILTERS, channels: ['店舗'] });
    expect(store.movement).toMatchObject({ customers: 1, up: 1, moves: [{ from: 'Bronze', to: 'Silver', customers: 1 }] });
  });

  it('reads an order’s tier from its last line, and stays unavailable when orders carry no tier', async () => {
    await load({ A: ['Silver', 'Gold'] }, ['o2,A,2024-02-10,0,Platinum,EC']);
    expect((await tiersOf(db)).movement).toMatchObject({ up: 1, moves: [{ from: 'Silver', to: 'Platinum', customers: 1 }] });
    const plain = await NodeDatabase.open();
    try {
      await loadFiles(plain, [
        { name: 'orders.csv', text: csv(['order_id,customer_id,order_date,amount', 'o1,A,2024-01-05,100', 'o2,A,2024-02-05,100']) },
        { name: 'customers.csv', text: csv(['customer_id,tier', 'A,Gold']) }
      ]);
      expect((await tiersOf(plain)).movement).toEqual({ available: false, reason: 'current_tier_only' });
    } finally {
      plain.close();
    }
  });

  it('in a snapshot: nothing under 5 customers; a tier of few moves left out by name; small moves and their complements withheld', () => {
    const move = (from: string, to: string, customers: number) => ({ from, to, customers });
    const m: TierMovement = {
      available: true, customers: 60, up: 22, same: 35, down: 3, tiers: ['Bronze', 'Silver', 'Gold', 'Black'],
      moves: [move('Bronze', 'Bronze', 20), move('Bronze', 'Silver', 12), move('Bronze', 'Gold', 8), move('Silver', 'Silver', 15),
        move('Silver', 'Black', 2), move('Gold', 'Silver', 3)]
    };
    const w = withholdMovement(m);
    if (!w.available) throw new Error('unavailable');
    // Black: 2 customers in all, left out by name with its move.
    expect(w.tiers).toEqual(['Bronze', 'Silver', 'Gold']);
    expect(JSON.stringify(w)).not.toContain('Black');
    const cell = (from: string, to: string) => w.moves.find((x) => x.from === from && x.to === to);
    expect(cell('Gold', 'Silver')).toEqual({ from: 'Gold', to: 'Silver', customers: null, withheld: 'small' });
    // No line that adds up to a figure shown (the moves up, staying, down, all) has a lone hidden move (withheld or left out).
    const hidden = (x: (typeof m.moves)[number]) => (cell(x.from, x.to)?.customers ?? null) === null;
    const rank = (t: string) => m.tiers.indexOf(t);
    const direction = (d: number) => m.moves.filter((x) => Math.sign(rank(x.to) - rank(x.from)) === d);
    const lines = [...(['up', 'same', 'down'] as const).flatMap((k, i) => (w[k] === null ? [] : [direction(1 - i)])), m.moves];
    expect(lines.length).toBe(2); // staying (35) and all (60) are shown
    for (const line of lines) expect(line.filter(hidden).length, JSON.stringify(line)).not.toBe(1);
    expect(w.moves.filter((x) => x.customers !== null).length).toBeGreaterThan(0);
    expect(w).toMatchObject({ customers: 60, up: null, down: null, withheld: { up: 'complement', down: 'small' } });
    expect(w.same).toBe(35);
    expect(withholdMovement({ ...m, customers: 4 })).toMatchObject({ customers: null, moves: [], tiers: [], withheld: { all: 'small' } });
    expect(withholdMovement({ available: false, reason: 'current_tier_only' })).toEqual({ available: false, reason: 'current_tier_only' });
  });
});

describe('tiers in a snapshot', () => {
  const group = (tier: string, customers: number, kind: TierGroup['kind'] = 'tier'): TierGroup => ({
    tier, kind, customers, revenue: customers * 100, perCustomer: { value: 100, lo: 90, hi: 110 }, median: 80
  });
  const result = (tiers: TierGroup[]): TiersResult => ({
    available: true, from: '2024-01-01', asOf: '2024-12-31', order: 'ladder',
    customers: tiers.reduce((n, t) => n + t.customers!, 0), revenue: tiers.reduce((n, t) => n + t.revenue!, 0),
    tiers, movement: { available: false, reason: 'current_tier_only' }
  });

  it('leaves small tiers out by name, blanks the complement, keeps the rest', () => {
    const w = withholdTiers(result([group('Bronze', 40), group('Silver', 12), group('Gold', 3), group('', 50, 'none')]));
    expect(w && w.available && w.tiers).toEqual([
      group('Bronze', 40),
      { tier: 'Silver', kind: 'tier', customers: null, revenue: null, perCustomer: { value: null, lo: null, hi: null }, median: null, withheld: 'complement' },
      group('', 50, 'none')
    ]);
  });

  it('keeps the untiered group in place when it is small, and shows nothing for fewer than 5 customers', () => {
    const w = withholdTiers(result([group('Gold', 30), group('Silver', 20), group('', 2, 'none')]));
    expect(w && w.available && w.tiers.map((t) => [t.tier, t.customers, t.withheld ?? null])).toEqual([
      ['Gold', 30, null],
      ['Silver', null, 'complement'],
      ['', null, 'small']
    ]);
    expect(withholdTiers(result([group('Gold', 4)]))).toBeNull();
    expect(withholdTiers({ available: false, missing: ['tier'] })).toEqual({ available: false, missing: ['tier'] });
  });
});
