import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { DEFAULT_LOYAL } from '../../src/lib/analyses/loyal/definition';
import { bandRanges, bandSql } from '../../src/lib/analyses/nps/scale';
import { compare, estimate, normalTail } from '../../src/lib/analyses/nps/stats';
import { runNps, runNpsBehaviour, runNpsBy } from '../../src/lib/analyses/nps/run';
import { npsViewFromParams, npsViewToParams, type NpsView } from '../../src/lib/analyses/nps/view';
import { withholdNps, withholdNpsBehaviour, withholdNpsBy } from '../../src/lib/analyses/nps/withhold';
import type { NpsBehaviourResult, NpsResult } from '../../src/lib/analyses/nps/types';
import { MEMBER_VALUE, NON_MEMBER_VALUE } from '../../src/lib/analyses/cohorts/types';
import { firstRow, toRows } from '../../src/lib/engine/types';
import { quadrantBase } from '../../src/lib/analyses/lists/answers';
import type { CustomerListRow } from '../../src/lib/analyses/lists/columns';
import { customerListCsvSql } from '../../src/lib/analyses/lists/sql';

const VIEW: NpsView = { grain: 'month', scale: null, reading: 'nps', by: 'member' };

describe('NPS and its adjusted-Wald interval (Rocks 2016), by hand', () => {
  it('one promoter: NPS 100, interval from the adjusted counts (n + 3, P + ¾, D + ¾)', () => {
    // p = 1.75/4, d = 0.75/4, NPS* = 0.25, var = 0.625 − 0.0625 = 0.5625, half = 1.96 × √(0.5625/4) = 0.735.
    const e = estimate({ n: 1, high: 1, mid: 0, low: 0 }, 'nps');
    expect(e.score).toBe(100);
    expect(e.lo).toBeCloseTo(-48.4986, 3);
    expect(e.hi).toBeCloseTo(98.4986, 3);
  });

  it('50 promoters and 20 detractors of 100: NPS 30, interval 14.05 … 44.20', () => {
    const e = estimate({ n: 100, high: 50, mid: 30, low: 20 }, 'nps');
    expect(e.score).toBe(30);
    expect(e.lo).toBeCloseTo(14.0511, 3);
    expect(e.hi).toBeCloseTo(44.2013, 3);
  });

  it('0 % and 100 % promoters: the interval stays inside −100 … 100 and is not zero-width', () => {
    const none = estimate({ n: 10, high: 0, mid: 0, low: 10 }, 'nps');
    expect(none).toEqual({ score: -100, lo: -100, hi: expect.closeTo(-47.5036, 3) });
    const all = estimate({ n: 10, high: 10, mid: 0, low: 0 }, 'nps');
    expect(all).toEqual({ score: 100, lo: expect.closeTo(47.5036, 3), hi: 100 });
  });

  it('no answers: no score', () => {
    expect(estimate({ n: 0, high: 0, mid: 0, low: 0 }, 'nps')).toEqual({ score: null, lo: null, hi: null });
  });

  it('satisfaction: the Agresti–Coull interval of the top-2-box share (8 of 10 → 47.94 … 95.41)', () => {
    const e = estimate({ n: 10, high: 8, mid: 1, low: 1 }, 'top2');
    expect(e.score).toBe(80);
    expect(e.lo).toBeCloseTo(47.9368, 3);
    expect(e.hi).toBeCloseTo(95.4113, 3);
  });

  it('a change of two periods: difference of the adjusted scores over √(var₁/n₁ + var₂/n₂)', () => {
    // Period a: 30 P, 30 D of 100 (NPS 0); period b: 50 P, 20 D of 100 (NPS 30).
    const c = compare({ n: 100, high: 30, mid: 40, low: 30 }, { n: 100, high: 50, mid: 30, low: 20 }, 'nps')!;
    expect(c.diff).toBeCloseTo(30, 9);
    expect(c.lo).toBeCloseTo(7.9143, 3);
    expect(c.hi).toBeCloseTo(50.3381, 3);
    expect(c.p).toBeCloseTo(0.00712, 4);
    // The same scores on a tenth of the answers are within chance.
    expect(compare({ n: 10, high: 3, mid: 4, low: 3 }, { n: 10, high: 5, mid: 3, low: 2 }, 'nps')!.p).toBeGreaterThan(0.3);
    // No change at all.
    expect(compare({ n: 50, high: 10, mid: 30, low: 10 }, { n: 50, high: 10, mid: 30, low: 10 }, 'nps')!.p).toBeCloseTo(1, 6);
    expect(compare({ n: 0, high: 0, mid: 0, low: 0 }, { n: 5, high: 1, mid: 2, low: 2 }, 'nps')).toBeNull();
  });

  it('the normal tail matches known quantiles', () => {
    expect(normalTail(1.959963984540054)).toBeCloseTo(0.025, 6);
    expect(normalTail(0)).toBeCloseTo(0.5, 6);
    expect(normalTail(-1)).toBeCloseTo(0.841345, 5);
    expect(normalTail(3)).toBeCloseTo(0.0013499, 6);
  });
});

describe('how each scale is read', () => {
  it('0–10 is NPS whatever reading is asked', () => {
    expect(bandRanges('0-10', 'top2')).toEqual({ high: [9, 10], mid: [7, 8], low: [0, 6] });
  });
  it('short scales in NPS groups keep the top answer as promoter', () => {
    expect(bandRanges('1-10', 'nps')).toEqual({ high: [9, 10], mid: [7, 8], low: [1, 6] });
    expect(bandRanges('1-7', 'nps')).toEqual({ high: [7, 7], mid: [6, 6], low: [1, 5] });
    expect(bandRanges('1-5', 'nps')).toEqual({ high: [5, 5], mid: [4, 4], low: [1, 3] });
  });
  it('satisfaction is top-2 / bottom-2 box', () => {
    expect(bandRanges('1-5', 'top2')).toEqual({ high: [4, 5], mid: [3, 3], low: [1, 2] });
    expect(bandRanges('1-7', 'top2')).toEqual({ high: [6, 7], mid: [3, 5], low: [1, 2] });
    expect(bandRanges('1-10', 'top2')).toEqual({ high: [9, 10], mid: [3, 8], low: [1, 2] });
  });
  it('every value of every scale falls in exactly one group', async () => {
    const db = await NodeDatabase.open();
    for (const [scale, hi] of [['0-10', 10], ['1-10', 10], ['1-7', 7], ['1-5', 5]] as const)
      for (const reading of ['nps', 'top2'] as const) {
        const lo = scale === '0-10' ? 0 : 1;
        const row = firstRow<{ bad: number }>(
          await db.query(`SELECT count(*) FILTER (WHERE ${bandSql(scale, reading, 'x')} IS NULL) AS bad FROM range(${lo}, ${hi + 1}) t(x)`)
        );
        expect(row.bad, `${scale} ${reading}`).toBe(0);
      }
    await db.close();
  });
  it('the view reads and writes its URL keys, forgiving junk', () => {
    const v = npsViewFromParams(new URLSearchParams('ngrain=quarter&scale=1-5&read=top2&nby=region'));
    expect(v).toEqual({ grain: 'quarter', scale: '1-5', reading: 'top2', by: 'region' });
    expect(npsViewFromParams(new URLSearchParams('ngrain=year&scale=0-100&read=x&nby=<b>'))).toEqual(VIEW);
    expect(npsViewToParams({ grain: 'month', reading: 'top2' }, new URLSearchParams('ngrain=quarter&from=2024-01-01')).toString()).toBe(
      'from=2024-01-01&read=top2'
    );
  });
});

// A small shop: 6 customers (two members), orders over 2024 and answers in Jan, Feb and Apr 2024.
const ORDERS = `customer_id,order_date,amount,channel
c1,2023-10-01,1000,EC
c1,2024-02-01,1000,EC
c1,2024-05-01,1000,EC
c2,2023-12-01,500,Store
c2,2024-02-10,500,Store
c3,2024-01-05,2000,EC
c3,2024-06-01,2000,EC
c4,2024-01-20,300,EC
c5,2024-02-02,800,Store
c6,2024-04-01,100,EC
c6,2025-01-31,100,EC
`;
const CUSTOMERS = `customer_id,member_since,region
c1,2023-01-01,東京都
c2,2023-06-01,大阪府
c3,,東京都
c4,,東京都
c5,,北海道
c6,,
`;
const SURVEY = `customer_id,answered_at,nps,comment
c1,2024-01-10,10,とても良い
c2,2024-01-15,9,
c3,2024-01-20,8,
c4,2024-01-25,3,配送が遅い
c5,2024-02-05,6,
c1,2024-02-20,9,
c6,2024-04-02,0,<script>alert(1)</script>
x9,2024-04-03,7,
`;

describe('NPS on a small shop', () => {
  let db: NodeDatabase;
  let r: NpsResult;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, [
      { name: 'orders.csv', text: ORDERS },
      { name: 'customers.csv', text: CUSTOMERS },
      { name: 'survey.csv', text: SURVEY }
    ]);
    r = (await runNps(db, NO_FILTERS, VIEW))!;
  });
  afterAll(() => db.close());

  it('counts promoters, passives and detractors over every answer', () => {
    expect(r.scale).toBe('0-10');
    expect(r.total).toMatchObject({ n: 8, high: 3, mid: 2, low: 3, score: 0 });
    expect(r.matched).toBe(7);
    expect(r.comments).toBe(3);
    expect([r.first, r.last]).toEqual(['2024-01-10', '2024-04-03']);
    expect(r.distribution.map((d) => d.answers)).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1]);
  });

  it('lists every month from the first answer to the last, empty ones too, and tests the latest change', () => {
    expect(r.periods.map((p) => [p.period, p.n, p.high, p.low])).toEqual([
      ['2024-01', 4, 2, 1],
      ['2024-02', 2, 1, 1],
      ['2024-03', 0, 0, 0],
      ['2024-04', 2, 0, 1]
    ]);
    expect(r.periods[0].score).toBe(25);
    expect(r.periods[2].score).toBeNull();
    // The latest period with answers against the one before it with answers (March had none).
    expect(r.change).toMatchObject({ from: '2024-02', to: '2024-04', diff: -50 });
    expect(r.change!.p).toBeGreaterThan(0.05);
  });

  it('quarters and date filters', async () => {
    const q = (await runNps(db, NO_FILTERS, { ...VIEW, grain: 'quarter' }))!;
    expect(q.periods.map((p) => [p.period, p.n])).toEqual([['2024-Q1', 6], ['2024-Q2', 2]]);
    const feb = (await runNps(db, { ...NO_FILTERS, from: '2024-02-01', to: '2024-02-29' }, VIEW))!;
    expect(feb.total.n).toBe(2);
    const members = (await runNps(db, { ...NO_FILTERS, member: 'member' }, VIEW))!;
    expect(members.total).toMatchObject({ n: 3, high: 3, low: 0 });
    const store = (await runNps(db, { ...NO_FILTERS, channels: ['Store'] }, VIEW))!;
    expect(store.total.n).toBe(2);
  });

  it('breaks the score down by every attribute the data has', async () => {
    const by = (await runNpsBy(db, NO_FILTERS, VIEW))!;
    const attrs = by.attributes.map((a) => a.attribute);
    expect(attrs).toEqual(['member', 'rfm', 'cpm', 'channel', 'region']);
    const member = by.attributes[0].groups.map((g) => [g.value, g.n, g.score]);
    expect(member).toEqual([[MEMBER_VALUE, 3, 100], [NON_MEMBER_VALUE, 4, -75], ['__unknown__', 1, 0]]);
    const region = by.attributes.find((a) => a.attribute === 'region')!.groups.map((g) => [g.value, g.n]);
    expect(region).toEqual([['大阪府', 1], ['東京都', 4], ['北海道', 1], ['__unknown__', 2]]);
  });

  it('compares purchases in the 180 days before and after each answer, on answers with both windows in the data', async () => {
    const b = (await runNpsBehaviour(db, NO_FILTERS, VIEW, DEFAULT_LOYAL))!;
    // Data: 2023-10-01 … 2025-01-31. Complete: answered on or after 2024-03-30 and by 2024-08-04 — c6 (2024-04-02) only.
    expect([b.matched, b.complete]).toEqual([7, 1]);
    const low = b.rows.find((x) => x.band === 'low')!;
    expect(low.answers).toBe(1);
    expect(low.before).toEqual({ orders: 1, spend: 100, buyers: 1 });
    expect(low.after).toEqual({ orders: 0, spend: 0, buyers: 0 });
    expect(low.repurchase.score).toBe(0);
    expect(b.rows.find((x) => x.band === 'high')!.answers).toBe(0);
  });

  it('puts each customer\'s latest answer against the loyal definition', async () => {
    // Top 20 % of 6 customers by spend = 2 customers: c3 (4,000) and c1 (3,000).
    const b = (await runNpsBehaviour(db, NO_FILTERS, VIEW, DEFAULT_LOYAL))!;
    const cell = (band: 'high' | 'low', loyal: boolean) => b.quadrant.find((c) => c.band === band && c.loyal === loyal)!;
    expect(cell('high', true)).toMatchObject({ customers: 1, revenue: 3000 }); // c1 (latest: 9)
    expect(cell('high', false)).toMatchObject({ customers: 1, revenue: 1000 }); // c2
    expect(cell('low', false)).toMatchObject({ customers: 3 }); // c4, c5, c6
    expect(cell('low', true).customers).toBe(0);
    expect(b.middle).toBe(1); // c3 (8) is loyal but a passive
    // Each cell opens its customers: the same people as the count, with their latest answer and spend.
    const list = async (band: 'high' | 'low', loyal: boolean) =>
      toRows<CustomerListRow>(await db.query(customerListCsvSql(quadrantBase(NO_FILTERS, { scale: '0-10', reading: 'nps' }, b.definition, b.asOf, { band, loyal }), '', { column: 'customer_id', dir: 'asc' })));
    expect(await list('high', true)).toEqual([expect.objectContaining({ customer_id: 'c1', score: 9, revenue: 3000 })]);
    expect((await list('high', false)).map((x) => [x.customer_id, x.revenue])).toEqual([['c2', 1000]]);
    expect((await list('low', false)).map((x) => x.customer_id)).toEqual(['c4', 'c5', 'c6']);
    expect(await list('low', true)).toEqual([]);
  });

  it('withholds small groups in a snapshot', async () => {
    expect(withholdNps({ ...r, total: { ...r.total, n: 4 } })).toBeNull();
    const w = withholdNps(r)!;
    // Every month with answers has 1–4: all withheld (March, empty, describes nobody), so no change test is shown.
    expect(w.periods.map((p) => [p.period, p.withheld ?? null, p.n, p.score])).toEqual([
      ['2024-01', 'small', null, null], ['2024-02', 'small', null, null], ['2024-03', null, 0, null], ['2024-04', 'small', null, null]
    ]);
    expect(w.change).toBeNull();
    const by = withholdNpsBy((await runNpsBy(db, NO_FILTERS, VIEW))!);
    // Only EC (5 answers) can be shown; Store (2) is left out by name, the unknown one (1) withheld.
    expect(by!.attributes.map((a) => [a.attribute, a.groups.map((g) => [g.value, g.n, g.withheld ?? null])])).toEqual([
      ['channel', [['EC', 5, null], ['__unknown__', null, 'small']]]
    ]);
    const b = withholdNpsBehaviour((await runNpsBehaviour(db, NO_FILTERS, VIEW, DEFAULT_LOYAL))!)!;
    expect(b.rows.every((x) => x.answers === null || x.answers === 0)).toBe(true);
    expect(b.quadrant.filter((c) => c.customers !== 0).every((c) => c.withheld)).toBe(true);
  });
});

describe('withholding keeps what can be shown', () => {
  const period = (period: string, n: number) => ({ period, n, high: n, mid: 0, low: 0, ...estimate({ n, high: n, mid: 0, low: 0 }, 'nps') });
  it('a lone small period takes the next smallest with it; the change test needs both periods shown', () => {
    const base = { total: { n: 67, high: 67, mid: 0, low: 0, score: 100, lo: 90, hi: 100 }, change: { diff: 0, lo: -1, hi: 1, p: 1, from: '2024-02', to: '2024-03' } };
    const r = withholdNps({ ...(base as unknown as NpsResult), periods: [period('2024-01', 40), period('2024-02', 3), period('2024-03', 24)] })!;
    expect(r.periods.map((p) => p.withheld ?? null)).toEqual([null, 'small', 'complement']);
    expect(r.change).toBeNull();
  });
  it('quadrant cells of 1–4 customers and their row and column partners', () => {
    const b = {
      matched: 100, rows: [], middle: 3,
      quadrant: [
        { band: 'low', loyal: true, customers: 2, revenue: 10 },
        { band: 'high', loyal: true, customers: 30, revenue: 10 },
        { band: 'low', loyal: false, customers: 20, revenue: 10 },
        { band: 'high', loyal: false, customers: 40, revenue: 10 }
      ]
    } as unknown as NpsBehaviourResult;
    const w = withholdNpsBehaviour(b)!;
    expect(w.quadrant.map((c) => c.withheld ?? null)).toEqual(['small', 'complement', 'complement', 'complement']);
    expect(w.middle).toBeNull();
  });
});

describe('NPS on the demo shop', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, generateDemo(DEMO_SEED, 0.3));
  });
  afterAll(() => db.close());

  it('members score higher than non-members, by more than chance', async () => {
    const by = (await runNpsBy(db, NO_FILTERS, VIEW))!;
    const member = by.attributes.find((a) => a.attribute === 'member')!.groups;
    const m = member.find((g) => g.value === MEMBER_VALUE)!;
    const nm = member.find((g) => g.value === NON_MEMBER_VALUE)!;
    expect(m.lo!).toBeGreaterThan(nm.hi!);
    const diff = compare(
      { n: nm.n!, high: nm.high!, mid: nm.mid!, low: nm.low! },
      { n: m.n!, high: m.high!, mid: m.mid!, low: m.low! },
      'nps'
    )!;
    expect(diff.lo).toBeGreaterThan(0);
    expect(diff.p).toBeLessThan(0.001);
  });

  it('every card has something to show, live and in a snapshot', async () => {
    const r = (await runNps(db, NO_FILTERS, VIEW))!;
    expect(r.periods.length).toBeGreaterThan(12);
    expect(r.change).not.toBeNull();
    const by = (await runNpsBy(db, NO_FILTERS, VIEW))!;
    expect(by.attributes.map((a) => a.attribute)).toEqual(
      ['member', 'rfm', 'cpm', 'tier', 'channel', 'touchpoint', 'region', 'age_band', 'acquisition_source']
    );
    const b = (await runNpsBehaviour(db, NO_FILTERS, VIEW, DEFAULT_LOYAL))!;
    expect(b.complete).toBeGreaterThan(100);
    // Detractors buy again less often than promoters after answering.
    const rate = (band: string) => b.rows.find((x) => x.band === band)!.repurchase;
    expect(rate('low').hi!).toBeLessThan(rate('high').lo!);
    expect(b.quadrant.every((c) => (c.customers ?? 0) > 0)).toBe(true);
    expect(withholdNps(r)!.periods.some((p) => !p.withheld)).toBe(true);
    expect(withholdNpsBy(by)!.attributes.length).toBeGreaterThan(5);
    expect(withholdNpsBehaviour(b)!.rows.every((x) => !x.withheld)).toBe(true);
  });
});
