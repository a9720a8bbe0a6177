import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { rfmCustomersSql, rfmSelection, runRfmBase, runRfmMembers, type RfmBase } from '../../src/lib/analyses/rfm/run';
import { segmentListBase, segmentMembersBase, withPredictions } from '../../src/lib/analyses/lists/bases';
import { countList, fetchListForExport, fetchListPage, materializeList } from '../../src/lib/analyses/lists/run';
import { rfmDistributionsSql, rfmHeatmapSql } from '../../src/lib/analyses/rfm/sql';
import { RFM_SEGMENT_IDS, RFM_SEGMENTS, type RfmSegmentId } from '../../src/lib/analyses/rfm/segments';

type Cell = { r: number; f: number; customers: number; revenue: number };
type Dist = { segment: RfmSegmentId; customers: number } & Record<string, number>;

/**
 * A segment click reads the heatmap and distributions pre-aggregated with the scores
 * (`runRfmBase`); here each selection is computed again directly, from all orders (no cached
 * scores), with the per-selection queries, and must give the same figures.
 */
describe('RFM selections pre-aggregated with the scores, on UCI Online Retail I', () => {
  let db: NodeDatabase;
  const bases = new Map<string, RfmBase>();
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const ins = await inspectFile(db, sharedFile('online-retail/online_retail_I_2010-2011.csv.gz'), 0);
    await loadDataset(db, [ins.plan!], { today: '2026-11-23' });
    for (const asOf of ['2011-12-09', '2011-06-30']) bases.set(asOf, (await runRfmBase(db, NO_FILTERS, { asOf }))!);
  });
  afterAll(() => db.close());

  for (const asOf of ['2011-12-09', '2011-06-30']) {
    it(`equals the direct computation for every selection as of ${asOf}`, async () => {
      const base = bases.get(asOf)!;
      expect(base.asOf).toBe(asOf);
      let segmentsSeen = 0;
      for (const segment of [null, ...RFM_SEGMENT_IDS]) {
        const picked = rfmSelection(base, segment);
        expect(picked.selectedSegment).toBe(segment);
        const o = { asOf, segment };
        const cells = toRows<Cell>(await db.query(rfmHeatmapSql(NO_FILTERS, o)));
        const byCell = new Map(cells.map((c) => [`${c.r}:${c.f}`, c]));
        expect(picked.heatmap).toHaveLength(25);
        for (const c of picked.heatmap) {
          const want = byCell.get(`${c.r}:${c.f}`) ?? { customers: 0, revenue: 0 };
          expect(c.customers, `${segment} ${c.r}:${c.f}`).toBe(want.customers);
          expect(c.revenue!, `${segment} ${c.r}:${c.f}`).toBeCloseTo(want.revenue, 6);
        }
        expect(picked.heatmap.reduce((n, c) => n + c.customers!, 0)).toBe(cells.reduce((n, c) => n + c.customers, 0));

        const order = new Map(RFM_SEGMENTS.map((s) => [s.id, s.order]));
        const dists = toRows<Dist>(await db.query(rfmDistributionsSql(NO_FILTERS, o))).sort((a, b) => order.get(a.segment)! - order.get(b.segment)!);
        expect(picked.distributions.map((d) => d.segment)).toEqual(dists.map((d) => d.segment));
        for (const [i, d] of dists.entries()) {
          const got = picked.distributions[i];
          expect(got.customers).toBe(d.customers);
          for (const [dim, prefix] of [['recencyDays', 'recency'], ['purchases', 'purchases'], ['revenue', 'revenue']] as const) {
            for (const stat of ['min', 'q1', 'median', 'q3', 'max'] as const) {
              expect(got[dim][stat], `${d.segment} ${dim} ${stat}`).toBeCloseTo(d[`${prefix}_${stat}`], 6);
            }
          }
        }
        if (segment !== null && dists.length > 0) segmentsSeen++;
      }
      // The check covers real selections, not only empty ones.
      expect(segmentsSeen).toBeGreaterThanOrEqual(8);
    });
  }

  it('lists a segment\'s members from the table built once exactly as from the per-selection query', async () => {
    const base = bases.get('2011-12-09')!;
    const members = await runRfmMembers(db, base);
    // Fake predictions for a third of the customers, to check the column order with them joined.
    await db.exec(`CREATE OR REPLACE TEMP TABLE kizuna_test_preds AS
      SELECT customer_id, 1.5 * purchases AS clv, 0.5 AS p_alive FROM (${base.scored}) WHERE hash(customer_id) % 3 = 0`);
    let compared = 0;
    for (const segment of [null, ...RFM_SEGMENT_IDS]) {
      const direct = segmentListBase('rfm', rfmCustomersSql(NO_FILTERS, { asOf: base.asOf, segment, scored: base.scored, ordered: false }));
      const known = segment === null ? base.segments.reduce((n, s) => n + s.customers!, 0) : base.segments.find((s) => s.segment === segment)!.customers!;
      const built = segmentMembersBase('rfm', members, segment, known);
      expect(await countList(db, direct, '')).toBe(known);
      for (const [i, [a, b]] of [[direct, built], [withPredictions(direct, 'kizuna_test_preds'), withPredictions(built, 'kizuna_test_preds')]].entries()) {
        const [ma, mb] = [await materializeList(db, a, `kizuna_test_a${i}`), await materializeList(db, b, `kizuna_test_b${i}`)];
        expect(await countList(db, mb, '')).toBe(await countList(db, ma, ''));
        expect(await countList(db, mb, '1')).toBe(await countList(db, ma, '1'));
        for (const sort of [ma.defaultSort, { column: 'tier' as const, dir: 'asc' as const }, { column: 'recency_days' as const, dir: 'desc' as const }]) {
          expect(await fetchListForExport(db, mb, '', sort)).toEqual(await fetchListForExport(db, ma, '', sort));
          const page = { search: '', sort, offset: 40, limit: 30 };
          expect(await fetchListPage(db, mb, page)).toEqual(await fetchListPage(db, ma, page));
        }
        compared += await countList(db, ma, '');
      }
    }
    expect(compared).toBeGreaterThan(2 * 2 * 4_300);
  });
});
