import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { textFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { addDays } from '../../src/lib/analyses/period';
import { runCpm, cpmCustomersSql } from '../../src/lib/analyses/cpm/run';
import { cpmClassifiedSql } from '../../src/lib/analyses/cpm/sql';
import { CPM_SEGMENTS, CPM_SEGMENT_IDS, cpmSegmentOf, type CpmSegmentId } from '../../src/lib/analyses/cpm/segments';
import {
  CpmThresholdError,
  DEFAULT_CPM_THRESHOLDS,
  cpmThresholdProblems,
  resolveCpmThresholds,
  type CpmThresholds
} from '../../src/lib/analyses/cpm/thresholds';

const AS_OF = '2024-12-31';
const ago = (days: number) => addDays(AS_OF, -days);

/** customer → [days before AS_OF, amount][] and the segment expected with the default thresholds. */
const CUSTOMERS: Record<string, { orders: [number, number][]; expected: CpmSegmentId }> = {
  first_hi: { orders: [[10, 100_000]], expected: 'first_active' }, // one big order is still 初回
  first_240: { orders: [[240, 500]], expected: 'first_active' }, // recency 240: active
  first_241: { orders: [[241, 500]], expected: 'first_lapsed' }, // recency 241: lapsed
  y89: { orders: [[99, 1000], [10, 1000]], expected: 'yochiyochi_active' }, // tenure 89
  k90: { orders: [[100, 1000], [10, 1000]], expected: 'kotsukotsu_active' }, // tenure 90
  y_hi: { orders: [[30, 100_000], [5, 100_000]], expected: 'yochiyochi_active' }, // big spender, short tenure
  r90: { orders: [[91, 35_000], [1, 35_001]], expected: 'ryuko_active' }, // tenure 90, spend 70,001
  r209: { orders: [[210, 35_000], [1, 35_001]], expected: 'ryuko_active' }, // tenure 209
  u210: { orders: [[211, 35_000], [1, 35_001]], expected: 'yuryo_active' }, // tenure 210
  k210: { orders: [[211, 35_000], [1, 35_000]], expected: 'kotsukotsu_active' }, // spend exactly 70,000
  net: { orders: [[211, 50_000], [1, 20_001], [0, -2]], expected: 'kotsukotsu_active' }, // 70,001 − a 2 return
  k_240: { orders: [[340, 500], [240, 500]], expected: 'kotsukotsu_active' },
  k_241: { orders: [[341, 500], [241, 500]], expected: 'kotsukotsu_lapsed' },
  y_lapsed: { orders: [[300, 500], [250, 500]], expected: 'yochiyochi_lapsed' },
  r_lapsed: { orders: [[400, 40_000], [250, 40_000]], expected: 'ryuko_lapsed' },
  u_lapsed: { orders: [[600, 45_000], [300, 45_000]], expected: 'yuryo_lapsed' },
  later: { orders: [[-5, 999]], expected: 'first_active' } // only after AS_OF: not a customer then
};

type Row = { customer_id: string; segment: CpmSegmentId; purchases: number; span_days: number; revenue: number; recency_days: number };

describe('CPM', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    let n = 0;
    const lines = ['order_id,customer_id,order_date,amount'];
    for (const [id, c] of Object.entries(CUSTOMERS))
      for (const [days, amount] of c.orders) lines.push(`o${++n},${id},${ago(days)},${amount}`);
    const plan = (await inspectFile(db, textFile('cpm.csv', lines.join('\n')), 0)).plan!;
    const report = await loadDataset(db, [plan], { today: '2026-01-01' });
    expect(report.files[0].loaded).toBe(n);
  });
  afterAll(() => db.close());

  const classified = async (t: CpmThresholds) =>
    toRows<Row>(await db.query(`SELECT customer_id, segment, purchases, span_days, revenue, recency_days
      FROM (${cpmClassifiedSql(NO_FILTERS, AS_OF, t)}) ORDER BY customer_id`));

  it('has the common default thresholds', () => {
    expect(DEFAULT_CPM_THRESHOLDS).toEqual({ lapseDays: 240, yochiyochiTenure: 90, spendThreshold: 70_000, yuryoTenure: 210 });
    expect(resolveCpmThresholds()).toEqual(DEFAULT_CPM_THRESHOLDS);
    expect(resolveCpmThresholds({ lapseDays: 180 })).toEqual({ ...DEFAULT_CPM_THRESHOLDS, lapseDays: 180 });
  });

  it('puts every boundary case in its segment', async () => {
    const rows = await classified(DEFAULT_CPM_THRESHOLDS);
    const got = Object.fromEntries(rows.map((r) => [r.customer_id, r.segment]));
    const expected = Object.fromEntries(
      Object.entries(CUSTOMERS).filter(([id]) => id !== 'later').map(([id, c]) => [id, c.expected])
    );
    expect(got).toEqual(expected);
    // The facts behind the boundaries are what the fixture says they are.
    const facts = Object.fromEntries(rows.map((r) => [r.customer_id, r]));
    expect([facts.y89.span_days, facts.k90.span_days, facts.r209.span_days, facts.u210.span_days]).toEqual([89, 90, 209, 210]);
    expect([facts.k_240.recency_days, facts.k_241.recency_days]).toEqual([240, 241]);
    expect([facts.k210.revenue, facts.u210.revenue, facts.net.revenue]).toEqual([70_000, 70_001, 69_999]);
  });

  it('the TypeScript twin agrees with the SQL for the defaults and for edited thresholds', async () => {
    const edited: CpmThresholds = { lapseDays: 60, yochiyochiTenure: 30, spendThreshold: 1000, yuryoTenure: 120 };
    for (const t of [DEFAULT_CPM_THRESHOLDS, edited]) {
      const rows = await classified(t);
      expect(rows.length).toBe(16);
      for (const r of rows) expect(r.segment, r.customer_id).toBe(cpmSegmentOf(r, t));
    }
    // Edited thresholds really change the classification.
    const got = Object.fromEntries((await classified(edited)).map((r) => [r.customer_id, r.segment]));
    expect(got).toMatchObject({ first_240: 'first_lapsed', y89: 'ryuko_active', u210: 'yuryo_active', k_240: 'kotsukotsu_lapsed', y_hi: 'yochiyochi_active' });
  });

  it('summarises sizes and revenue for all ten segments', async () => {
    const result = (await runCpm(db, NO_FILTERS, { asOf: AS_OF }))!;
    expect(result.asOf).toBe(AS_OF);
    expect(result.segments.map((s) => s.segment)).toEqual(CPM_SEGMENT_IDS);
    expect(result.customers).toBe(16);
    const counts = Object.fromEntries(result.segments.map((s) => [s.segment, s.customers]));
    expect(counts).toEqual({
      first_active: 2, yochiyochi_active: 2, kotsukotsu_active: 4, ryuko_active: 2, yuryo_active: 1,
      first_lapsed: 1, yochiyochi_lapsed: 1, kotsukotsu_lapsed: 1, ryuko_lapsed: 1, yuryo_lapsed: 1
    });
    const yuryo = result.segments.find((s) => s.segment === 'yuryo_active')!;
    expect(yuryo).toMatchObject({ stage: 'yuryo', state: 'active', revenue: 70_001, avgSpanDays: 210, avgPurchases: 2 });
    expect(yuryo.share).toBeCloseTo(1 / 16, 12);
    expect(yuryo.revenueShare).toBeCloseTo(70_001 / result.revenue, 12);
    expect(result.segments.reduce((s, x) => s + x.share!, 0)).toBeCloseTo(1, 12);
    expect(result.revenue).toBe(Object.values(CUSTOMERS).slice(0, -1).flatMap((c) => c.orders).reduce((s, [, a]) => s + a, 0));
  });

  it('defaults the analysis date to the last order date and follows the date filter', async () => {
    const latest = (await runCpm(db, NO_FILTERS))!;
    expect(latest.asOf).toBe(addDays(AS_OF, 5));
    expect(latest.customers).toBe(17);
    const capped = (await runCpm(db, { ...NO_FILTERS, to: AS_OF }, { asOf: '2030-01-01' }))!;
    expect(capped.asOf).toBe(AS_OF);
    expect(capped.customers).toBe(16);
  });

  it('lists the members of a segment', async () => {
    const rows = toRows<{ customer_id: string; segment: string; last_date: string }>(
      await db.query(cpmCustomersSql(NO_FILTERS, { asOf: AS_OF, thresholds: DEFAULT_CPM_THRESHOLDS, segment: 'kotsukotsu_active' }))
    );
    expect(rows.map((r) => r.customer_id)).toEqual(['k210', 'net', 'k90', 'k_240']); // highest spend first
    expect(rows.every((r) => r.segment === 'kotsukotsu_active')).toBe(true);
    expect(rows[0].last_date).toBe(ago(1));
  });

  it('names each segment in Japanese and English with an action', () => {
    expect(CPM_SEGMENTS.map((s) => s.name.ja)).toEqual([
      '初回・現役', 'よちよち・現役', 'コツコツ・現役', '流行・現役', '優良・現役',
      '初回・離脱', 'よちよち・離脱', 'コツコツ・離脱', '流行・離脱', '優良・離脱'
    ]);
    expect(CPM_SEGMENTS[0].name.en).toBe('First-time, active');
    for (const s of CPM_SEGMENTS) {
      expect(s.action.ja.length, s.id).toBeGreaterThan(5);
      expect(s.action.en.length, s.id).toBeGreaterThan(5);
    }
  });

  it('refuses unusable thresholds', () => {
    expect(cpmThresholdProblems(DEFAULT_CPM_THRESHOLDS)).toEqual([]);
    expect(cpmThresholdProblems({ ...DEFAULT_CPM_THRESHOLDS, lapseDays: Number.NaN })).toEqual([{ field: 'lapseDays', reason: 'not_a_number' }]);
    expect(cpmThresholdProblems({ ...DEFAULT_CPM_THRESHOLDS, spendThreshold: -1 })).toEqual([{ field: 'spendThreshold', reason: 'negative' }]);
    expect(cpmThresholdProblems({ ...DEFAULT_CPM_THRESHOLDS, yochiyochiTenure: 300 })).toEqual([{ field: 'yuryoTenure', reason: 'order' }]);
    expect(() => resolveCpmThresholds({ lapseDays: '1; DROP TABLE orders' as unknown as number })).toThrow(CpmThresholdError);
    return expect(runCpm(db, NO_FILTERS, { thresholds: { yuryoTenure: Infinity } })).rejects.toThrow(CpmThresholdError);
  });
});
