import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { demoRows, type DemoOrderRow } from '../helpers/demo-rows';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import { runPoints } from '../../src/lib/analyses/points/run';
import { withholdPoints } from '../../src/lib/analyses/points/withhold';
import { flowRatios } from '../../src/lib/analyses/points/ratios';
import type { PointsFlow, PointsMonth, PointsResult } from '../../src/lib/analyses/points/types';

const csv = (lines: string[]) => lines.join('\n');

async function pointsOf(db: NodeDatabase, filters: Filters = NO_FILTERS): Promise<PointsResult> {
  const r = await runPoints(db, filters);
  if (!r?.available) throw new Error(`no points: ${JSON.stringify(r)}`);
  return r;
}

describe('points on the demo data', () => {
  let db: NodeDatabase;
  let orders: DemoOrderRow[];

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const files = generateDemo(DEMO_SEED, 0.05);
    await loadFiles(db, files, (plans) => {
      const role = (label: string) => plans[0].columns.find((c) => c.label === label)!.role;
      expect([role('獲得ポイント'), role('利用ポイント')]).toEqual(['points_earned', 'points_used']);
    });
    orders = demoRows(files).orders;
  });
  afterAll(() => db.close());

  /** The flow of the orders `keep` selects, computed here. */
  function flow(keep: (o: DemoOrderRow) => boolean) {
    const os = orders.filter(keep);
    const ids = (f: (o: DemoOrderRow) => boolean) => new Set(os.filter(f).map((o) => o.customer)).size;
    const total = (f: (o: DemoOrderRow) => number, only: (o: DemoOrderRow) => boolean = () => true) => os.filter(only).reduce((a, o) => a + f(o), 0);
    return {
      earned: total((o) => o.pointsEarned),
      used: total((o) => o.pointsUsed),
      earners: ids((o) => o.pointsEarned !== 0),
      redeemers: ids((o) => o.pointsUsed !== 0),
      customers: ids(() => true),
      revenue: total((o) => o.amount),
      earningRevenue: total((o) => o.amount, (o) => o.pointsEarned !== 0)
    };
  }

  it('sums points earned and used per month and in all, with the balance and the ratios', async () => {
    const r = await pointsOf(db);
    expect(r).toMatchObject({ missing: [], from: '2023-04-01', asOf: '2026-03-31', opening: { balance: 0, customers: 0 } });
    expect(r.months).toHaveLength(36);
    expect(r.months[0].month).toBe('2023-04');
    let balance = 0;
    for (const m of r.months) {
      const want = flow((o) => o.day.startsWith(m.month));
      balance += want.earned - want.used;
      expect(m).toEqual({ month: m.month, ...flowRatios(want), balance });
    }
    // No points before the programme's launch; some every month after it.
    expect(r.months.filter((m) => m.earned! > 0)[0].month).toBe('2024-10');
    const want = flow(() => true);
    expect(r.total).toEqual(flowRatios(want));
    expect(r.total.redemptionRate).toBeCloseTo(want.used / want.earned, 12);
    // The demo's tiers earn 1–3 points per 100 yen of the amount paid, rounded down.
    expect(r.total.earnRate).toBeGreaterThan(0.009);
    expect(r.total.earnRate).toBeLessThan(0.03);
    expect(r.total.pointsPerYen).toBeLessThan(r.total.earnRate!);
    expect(r.months.at(-1)!.balance).toBe(want.earned - want.used);
  });

  it('carries the balance of orders before a date filter as the opening balance', async () => {
    const all = await pointsOf(db);
    const r = await pointsOf(db, { ...NO_FILTERS, from: '2025-04-01' });
    const before = flow((o) => o.day < '2025-04-01');
    expect(r.opening).toEqual({ balance: before.earned - before.used, customers: flow((o) => o.day < '2025-04-01' && (o.pointsEarned !== 0 || o.pointsUsed !== 0)).customers });
    expect(r.months[0].month).toBe('2025-04');
    expect(r.total).toEqual(flowRatios(flow((o) => o.day >= '2025-04-01')));
    // The same balances as without the filter, month by month.
    expect(r.months.map((m) => m.balance)).toEqual(all.months.slice(24).map((m) => m.balance));
  });

  it('follows the member filter: non-members have no points', async () => {
    const r = await pointsOf(db, { ...NO_FILTERS, member: 'non_member' });
    expect([r.total.earned, r.total.used, r.total.earners, r.months.at(-1)!.balance]).toEqual([0, 0, 0, 0]);
    expect(r.total.customers).toBeGreaterThan(0);
  });
});

describe('points on small files', () => {
  let db: NodeDatabase;
  beforeEach(async () => {
    db = await NodeDatabase.open();
  });
  afterEach(() => db.close());

  it('nets returns with negative amounts and points, sums an order’s lines, and leaves orders without points out of the earn rate', async () => {
    await loadFiles(db, [{
      name: 'orders.csv',
      text: csv([
        'order_id,customer_id,order_date,amount,points_earned,points_used',
        'o1,A,2024-01-05,1000,10,0',
        'o2,A,2024-01-20,-400,-4,0', // a return takes 4 points back
        'o3,B,2024-01-10,1500,15,50',
        'o3,B,2024-01-10,500,5,', // a second line of o3; an empty cell is 0
        'o4,C,2024-02-03,800,,', // no points at all
        'o5,B,2024-02-10,-500,-5,-50' // a return gives the 50 used points back
      ])
    }]);
    const r = await pointsOf(db);
    expect(r.missing).toEqual([]);
    expect(r.months.map((m) => [m.month, m.earned, m.used, m.earners, m.redeemers, m.customers, m.revenue, m.earningRevenue, m.balance])).toEqual([
      ['2024-01', 26, 50, 2, 1, 2, 2600, 2600, -24],
      ['2024-02', -5, -50, 1, 1, 2, 300, -500, 21]
    ]);
    expect(r.months[0]).toMatchObject({ redemptionRate: 50 / 26, earnRate: 0.01, pointsPerYen: 0.01 });
    // More points taken back than earned: no redemption rate; the earning orders' revenue is
    // negative, so no earn rate; all revenue is positive, so points per yen is negative.
    expect(r.months[1]).toMatchObject({ redemptionRate: null, earnRate: null, pointsPerYen: -5 / 300 });
    expect(r.total).toEqual({
      earned: 21, used: 0, earners: 2, redeemers: 1, customers: 3, revenue: 2900, earningRevenue: 2100,
      redemptionRate: 0, earnRate: 0.01, pointsPerYen: 21 / 2900
    });
  });

  it('without points_used: earned, earners and the earn rate only, and says what is missing', async () => {
    await loadFiles(db, [{
      name: 'orders.csv',
      text: csv(['order_id,customer_id,order_date,amount,points_earned', 'o1,A,2024-01-05,1000,10', 'o2,B,2024-03-05,2000,40'])
    }]);
    const r = await pointsOf(db);
    expect(r.missing).toEqual(['points_used']);
    expect(r.opening.balance).toBeNull();
    expect(r.months.map((m) => [m.month, m.earned, m.used, m.redeemers, m.balance, m.redemptionRate, m.earnRate])).toEqual([
      ['2024-01', 10, null, null, null, null, 0.01],
      ['2024-02', 0, null, null, null, null, null],
      ['2024-03', 40, null, null, null, null, 0.02]
    ]);
    expect(r.total).toMatchObject({ earned: 50, used: null, earnRate: 50 / 3000, redemptionRate: null });
  });

  it('without points_earned: used only; without either: unavailable', async () => {
    await loadFiles(db, [{ name: 'orders.csv', text: csv(['order_id,customer_id,order_date,amount,points_used', 'o1,A,2024-01-05,1000,100']) }]);
    const r = await pointsOf(db);
    expect(r.missing).toEqual(['points_earned']);
    expect(r.total).toMatchObject({ earned: null, used: 100, earners: null, redeemers: 1, earningRevenue: null, earnRate: null, pointsPerYen: null, redemptionRate: null });
    expect(r.months[0].balance).toBeNull();
    const none = await NodeDatabase.open();
    try {
      await loadFiles(none, [{ name: 'orders.csv', text: csv(['order_id,customer_id,order_date,amount', 'o1,A,2024-01-05,1000']) }]);
      expect(await runPoints(none, NO_FILTERS)).toEqual({ available: false, missing: ['points_earned', 'points_used'] });
    } finally {
      none.close();
    }
  });
});

describe('points in a snapshot', () => {
  const sums = (earned: number, used: number, earners: number, redeemers: number, customers = 50): Omit<PointsFlow, 'redemptionRate' | 'earnRate' | 'pointsPerYen'> => ({
    earned, used, earners, redeemers, customers, revenue: customers * 1000, earningRevenue: earners * 1000
  });
  const month = (m: string, s: ReturnType<typeof sums>, balance: number): PointsMonth => ({ month: m, ...flowRatios(s), balance });
  const result = (months: PointsMonth[], opening = { balance: 0, customers: 0 }): PointsResult => ({
    available: true, missing: [], from: '2024-01-01', asOf: '2024-04-30', opening,
    total: flowRatios(sums(1000, 300, 40, 12, 200)), months
  });
  const months = [
    month('2024-01', sums(200, 0, 20, 0), 200),
    month('2024-02', sums(300, 40, 10, 3), 460), // 3 customers used points
    month('2024-03', sums(250, 100, 5, 4), 610), // and 4 here
    month('2024-04', sums(250, 160, 5, 5), 700)
  ];

  it('withholds the points of few customers, a complement, the ratios resting on them and the balance after them but the closing one', () => {
    const w = withholdPoints(result(months));
    if (!w?.available) throw new Error('withheld all');
    expect(w.months.map((m) => [m.month, m.earned, m.used, m.redeemers, m.redemptionRate, m.balance, m.withheld ?? null])).toEqual([
      ['2024-01', 200, 0, 0, 0, 200, null],
      // Used points of 3 and 4 customers are withheld; the rest of the used line has no lone one.
      ['2024-02', 300, null, null, null, null, { used: 'small', balance: 'complement' }],
      ['2024-03', 250, null, null, null, null, { used: 'small', balance: 'complement' }],
      // The closing balance is the opening one plus the totals shown: it stays (the liability).
      ['2024-04', 250, 160, 5, 160 / 250, 700, null]
    ]);
    expect(w.opening.balance! + w.total.earned! - w.total.used!).toBe(700);
    expect(w.months[1]).toMatchObject({ earnRate: 300 / 10_000, pointsPerYen: 300 / 50_000 });
    expect(w.total).toEqual(result(months).total);
  });

  it('withholds a lone small month with a complement, and every balance when the opening rests on few customers', () => {
    const lone = [months[0], month('2024-02', sums(300, 40, 10, 2), 460), month('2024-03', sums(250, 100, 5, 9), 610), month('2024-04', sums(250, 160, 5, 7), 700)];
    const w = withholdPoints(result(lone, { balance: 90, customers: 3 }));
    if (!w?.available) throw new Error('withheld all');
    expect(w.months.map((m) => m.withheld?.used ?? null)).toEqual([null, 'small', null, 'complement']);
    expect(w.months.map((m) => m.balance)).toEqual([null, null, null, null]);
    expect(w.opening).toEqual({ balance: null, customers: null, withheld: 'small' });
  });

  it('withholds totals of few customers, shows nothing under 5 customers, passes an unavailable result through', () => {
    const r = { ...result(months), total: flowRatios(sums(30, 10, 3, 1, 5)) };
    const w = withholdPoints(r);
    expect(w?.available && w.total).toMatchObject({ earned: null, earners: null, earningRevenue: null, used: null, customers: 5, earnRate: null, withheld: { earned: 'small', used: 'small' } });
    expect(withholdPoints({ ...r, total: flowRatios(sums(30, 10, 3, 1, 4)) })).toBeNull();
    // Totals withheld: the closing balance would give their difference away, so it goes too.
    expect(w?.available && w.months.map((m) => m.balance)).toEqual([200, null, null, null]);
    expect(withholdPoints({ available: false, missing: ['points_earned', 'points_used'] })).toEqual({ available: false, missing: ['points_earned', 'points_used'] });
  });
});
