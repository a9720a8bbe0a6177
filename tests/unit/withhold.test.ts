/**
 * What snapshots withhold: the general rules (small groups, complements along shown totals,
 * thinned cumulative curves), and each analysis's rules on real results of small filtered data,
 * checked against what the live result says about each group's size.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_GROUP, isSmall, thinCurve, withholdGroups } from '../../src/lib/analyses/withhold';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
const csv = (lines: string[]) => lines.join('\n');
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { runOverview } from '../../src/lib/analyses/overview/run';
import { withholdOverview } from '../../src/lib/analyses/overview/withhold';
import { runRfm } from '../../src/lib/analyses/rfm/run';
import { withholdRfm } from '../../src/lib/analyses/rfm/withhold';
import { runMovement } from '../../src/lib/analyses/movement/run';
import { withholdMovement } from '../../src/lib/analyses/movement/withhold';
import { runCohorts, runSecondPurchase } from '../../src/lib/analyses/cohorts/run';
import { withholdCohorts, withholdSecondPurchase } from '../../src/lib/analyses/cohorts/withhold';
import { runLoyal } from '../../src/lib/analyses/loyal/run';
import { withholdLoyal } from '../../src/lib/analyses/loyal/withhold';
import { DEFAULT_LOYAL } from '../../src/lib/analyses/loyal/definition';
import { addDays } from '../../src/lib/analyses/period';

describe('the general rules', () => {
  it('withholds groups of 1–4, never empty ones', () => {
    expect([0, 1, 4, 5, 100].map(isSmall)).toEqual([false, true, true, false, false]);
    expect(withholdGroups([0, 7, 9])).toEqual([null, null, null]);
  });

  it('withholds the next smallest group where a shown total would give a lone small one away', () => {
    // 3 + 8 + 20 = 31 is shown: hiding 3 alone, 31 − 8 − 20 would give it back.
    expect(withholdGroups([3, 20, 8])).toEqual(['small', null, 'complement']);
    // Two small ones hide each other.
    expect(withholdGroups([3, 2, 50])).toEqual(['small', 'small', null]);
    // An empty group is taken only when nobody else is there to take.
    expect(withholdGroups([3, 0, 9])).toEqual(['small', null, 'complement']);
    expect(withholdGroups([3, 0])).toEqual(['small', 'complement']);
  });

  it('follows the lines of a matrix until no line has a lone withheld cell', () => {
    // 2 × 2, rows and columns summed on screen: a small cell forces one in its row and one in its column, and those a fourth.
    const cells = [2, 10, 11, 12];
    const lines = [[0, 1], [2, 3], [0, 2], [1, 3]];
    const out = withholdGroups(cells, lines);
    expect(out.filter((w) => w !== null)).toHaveLength(4);
    for (const line of lines) expect(line.filter((i) => out[i] !== null).length).not.toBe(1);
  });

  it('thins a cumulative curve so that no two points kept differ by fewer than 5 customers', () => {
    // 20 customers, a point per customer: only every fifth is kept, and the ends.
    const points = Array.from({ length: 21 }, (_, n) => n);
    const kept = thinCurve(points, (n) => n, 20);
    expect(kept).toEqual([0, 5, 10, 15, 20]);
    for (let i = 1; i < kept.length; i++) expect(kept[i] - kept[i - 1]).toBeGreaterThanOrEqual(MIN_GROUP);
    expect(thinCurve(points.slice(0, 5), (n) => n, 4)).toEqual([]);
  });
});

/** A small shop: 8 customers over a few months, one of them alone in a channel, a few buying again. */
const ORDERS = csv([
  'order_id,customer_id,order_date,amount,channel',
  ...['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c, i) => `o${i},${c},2024-01-${String(5 + i).padStart(2, '0')},${1000 + 100 * i},EC`),
  'o7,H,2024-01-20,99999,Store',
  'o8,A,2024-02-10,1200,EC', 'o9,B,2024-02-11,900,EC', 'o10,C,2024-03-02,700,EC',
  ...['I', 'J', 'K', 'L', 'M', 'N'].map((c, i) => `p${i},${c},2024-03-${String(10 + i).padStart(2, '0')},${2000 + 10 * i},EC`)
]);

describe('each analysis on a small shop', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, [{ name: 'orders.csv', text: ORDERS }]);
  });

  it('overview: a view of fewer than 5 customers is withheld whole; small months and the Pareto curve are thinned', async () => {
    const one = (await runOverview(db, { ...NO_FILTERS, channels: ['Store'] }))!;
    expect(one.kpis.find((k) => k.key === 'customers')!.value).toBe(1);
    expect(withholdOverview(one)).toBeNull();

    const all = (await runOverview(db, NO_FILTERS))!;
    const shown = withholdOverview(all)!;
    // February has 2 returning customers and no new one: its split is withheld, its 2 active customers too,
    // and another month with them (the months add up to the revenue shown).
    const feb = shown.monthly.find((m) => m.month === '2024-02')!;
    expect(feb).toMatchObject({ newRevenue: null, returningRevenue: null, activeCustomers: null });
    expect(feb.withheld?.active).toBe('small');
    expect(shown.monthly.filter((m) => m.withheld?.active).length).toBeGreaterThanOrEqual(2);
    // 14 customers: the top 20 % are 3 people, so their share is withheld; the curve keeps points 5 apart.
    expect(shown.kpis.find((k) => k.key === 'top20Share')).toMatchObject({ value: null, withheld: 'small' });
    const at = (share: number) => Math.ceil((Math.round(share * 100) * 14) / 100);
    const counts = shown.pareto.map((p) => at(p.customerShare));
    expect(counts[0]).toBe(0);
    expect(counts[counts.length - 1]).toBe(14);
    for (let i = 1; i < counts.length; i++) expect(counts[i] - counts[i - 1]).toBeGreaterThanOrEqual(MIN_GROUP);
    // What is not withheld is what the live result says.
    expect(shown.kpis.find((k) => k.key === 'revenue')!.value).toBe(all.kpis.find((k) => k.key === 'revenue')!.value);
  });

  it('RFM and movement: no segment, cell or transition of 1–4 customers is shown, and none can be worked out from the totals', async () => {
    const rfm = (await runRfm(db, NO_FILTERS))!;
    const shown = withholdRfm(rfm)!;
    for (const [i, s] of shown.segments.entries()) {
      const live = rfm.segments[i].customers!;
      if (isSmall(live)) expect(s).toMatchObject({ customers: null, revenue: null, withheld: 'small' });
      if (s.withheld) expect(s.customers).toBeNull();
      else expect(s.customers).toBe(live);
    }
    // The shown segments never leave exactly one withheld one against the total.
    expect(shown.segments.filter((s) => s.withheld).length).not.toBe(1);
    expect(shown.distributions.every((d) => !shown.segments.find((s) => s.segment === d.segment)!.withheld)).toBe(true);
    expect(shown.scoreRanges.every((r) => !isSmall(r.customers))).toBe(true);

    const move = await runMovement(db, NO_FILTERS, { scheme: 'rfm', from: '2024-01-31', to: '2024-03-31' });
    const m = withholdMovement(move)!;
    for (const c of m.matrix) if (c.customers !== null) expect(isSmall(c.customers)).toBe(false);
    for (const from of [...m.segments, 'new']) {
      const row = m.matrix.filter((c) => c.from === from);
      expect(row.filter((c) => c.withheld).length).not.toBe(1);
    }
  });

  it('cohorts: a small cohort is withheld with another one, and LTV after a withheld cell is not shown', async () => {
    const live = (await runCohorts(db, NO_FILTERS))!;
    const shown = withholdCohorts(live)!;
    // January: 8 customers; February: none new; March: 6. January's month 1 has 2 active customers.
    const jan = shown.cohorts.find((c) => c.label === '2024-01')!;
    expect(jan.customers).toBe(8);
    const [k0, k1, k2] = jan.cells;
    expect(k0.active).toBe(8);
    expect(k1).toMatchObject({ active: null, revenue: null, retention: null, ltv: null, withheld: 'small' });
    expect(k2).toMatchObject({ active: null, ltv: null });
    expect(shown.cohorts.find((c) => c.label === '2024-03')!.cells[0].active).toBe(6);

    const second = withholdSecondPurchase((await runSecondPurchase(db, NO_FILTERS))!)!;
    // 3 of 14 customers bought again: the repeat rate rests on a small group.
    expect(second.overall).toMatchObject({ repeaters: null, repeatRate: null });
    expect(second.gaps.every((g) => g.customers === null || !isSmall(g.customers))).toBe(true);
  });

  it('loyal customers: withheld when either group is small', async () => {
    const live = (await runLoyal(db, NO_FILTERS, DEFAULT_LOYAL))!;
    expect(live.loyal.customers).toBe(3); // the top 20 % of 14
    expect(withholdLoyal(live)).toBeNull();
    const wide = (await runLoyal(db, NO_FILTERS, { ...DEFAULT_LOYAL, topPercent: 50 }))!;
    const shown = withholdLoyal(wide)!;
    // Repeat customers: 3 among the loyal at most, so days between purchases is withheld for them.
    const gaps = shown.comparison.find((r) => r.metric === 'daysBetweenPurchases')!;
    expect(gaps.loyal).toBeNull();
    expect(gaps.withheld?.loyal).toBe('small');
    expect(shown.comparison.find((r) => r.metric === 'aov')!.loyal).toBe(wide.comparison.find((r) => r.metric === 'aov')!.loyal);
  });

  it('keeps what a live result of many customers shows', async () => {
    const db2 = await NodeDatabase.open();
    const rows = Array.from({ length: 400 }, (_, i) => `o${i},C${i % 80},${addDays('2024-01-01', i % 90)},${500 + (i % 7) * 100},EC`);
    await loadFiles(db2, [{ name: 'orders.csv', text: csv(['order_id,customer_id,order_date,amount,channel', ...rows]) }]);
    const live = (await runOverview(db2, NO_FILTERS))!;
    const shown = withholdOverview(live)!;
    expect(shown.kpis).toEqual(live.kpis);
    expect(shown.monthly).toEqual(live.monthly);
    db2.close();
  });
});
