import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { firstRow, toRows } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { runMovement } from '../../src/lib/analyses/movement/run';
import { segmentsAtSql } from '../../src/lib/analyses/movement/sql';
import { movementSankey } from '../../src/lib/analyses/movement/sankey';
import { NEW_SOURCE, type MovementResult, type MovementScheme } from '../../src/lib/analyses/movement/types';
import { runRfm } from '../../src/lib/analyses/rfm/run';
import { runCpm } from '../../src/lib/analyses/cpm/run';
import { cpmClassifiedSql } from '../../src/lib/analyses/cpm/sql';
import { cpmSegmentOf } from '../../src/lib/analyses/cpm/segments';
import { DEFAULT_CPM_THRESHOLDS } from '../../src/lib/analyses/cpm/thresholds';
import { RFM_SEGMENT_IDS } from '../../src/lib/analyses/rfm/segments';
import { CPM_SEGMENT_IDS } from '../../src/lib/analyses/cpm/segments';

const A = '2011-06-30';
const B = '2011-12-09';
/** Live results have every count (only snapshots withhold some). */
const sum = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + x!, 0);

describe('segment movement on UCI Online Retail I', () => {
  let db: NodeDatabase;
  const results = {} as Record<MovementScheme, MovementResult>;
  /** Customers with a purchase (a line with Quantity × UnitPrice ≥ 0) by a date, straight from the CSV. */
  let buyersBy: (date: string) => Promise<number>;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const ins = await inspectFile(db, sharedFile('online-retail/online_retail_I_2010-2011.csv.gz'), 0);
    await loadDataset(db, [ins.plan!], { today: '2026-11-23' });
    buyersBy = async (date) =>
      firstRow<{ n: number }>(await db.query(`SELECT count(DISTINCT CustomerID) AS n FROM read_csv('file0.csv')
        WHERE CustomerID IS NOT NULL AND Quantity * UnitPrice >= 0 AND CAST(InvoiceDate AS DATE) <= DATE '${date}'`)).n;
    results.rfm = await runMovement(db, NO_FILTERS, { scheme: 'rfm', from: A, to: B });
    results.cpm = await runMovement(db, NO_FILTERS, { scheme: 'cpm', from: A, to: B });
  });
  afterAll(() => db.close());

  describe.each<MovementScheme>(['rfm', 'cpm'])('%s', (scheme) => {
    it('conserves customers: rows sum to the sizes at A, columns (new included) to the sizes at B', async () => {
      const r = results[scheme];
      expect(r.segments).toEqual(scheme === 'rfm' ? [...RFM_SEGMENT_IDS] : [...CPM_SEGMENT_IDS]);
      expect(r.matrix).toHaveLength((r.segments.length + 1) * r.segments.length);
      for (const { segment, customers } of r.sizesA)
        expect(sum(r.matrix.filter((c) => c.from === segment).map((c) => c.customers)), `row ${segment}`).toBe(customers);
      for (const { segment, customers } of r.sizesB)
        expect(sum(r.matrix.filter((c) => c.to === segment).map((c) => c.customers)), `column ${segment}`).toBe(customers);
      expect(sum(r.matrix.filter((c) => c.from === NEW_SOURCE).map((c) => c.customers))).toBe(r.newCustomers);
      const totalA = sum(r.sizesA.map((s) => s.customers));
      const totalB = sum(r.sizesB.map((s) => s.customers));
      expect(totalA + r.newCustomers).toBe(totalB);
      expect(sum(r.matrix.map((c) => c.customers))).toBe(totalB);
      // Totals agree with the raw file: buyers by A, buyers by B, and those in between are new.
      expect(totalA).toBe(await buyersBy(A));
      expect(totalB).toBe(await buyersBy(B));
      expect(r.newCustomers).toBeGreaterThan(1000);
      expect(r.unchanged).toBe(sum(r.matrix.filter((c) => c.from === c.to).map((c) => c.customers)));
      expect(r.unchanged).toBeLessThan(totalA);
    });

    it('uses the same segments as the segment page on each date', async () => {
      const r = results[scheme];
      for (const [date, sizes] of [[A, r.sizesA], [B, r.sizesB]] as const) {
        const page = scheme === 'rfm' ? (await runRfm(db, NO_FILTERS, { asOf: date }))! : (await runCpm(db, NO_FILTERS, { asOf: date }))!;
        expect(sizes).toEqual(page.segments.map((s) => ({ segment: s.segment, customers: s.customers })));
      }
    });

    it('counts each customer’s own transition', async () => {
      const t = scheme === 'cpm' ? DEFAULT_CPM_THRESHOLDS : null;
      const at = async (date: string) =>
        new Map(toRows<{ customer_id: string; segment: string }>(await db.query(segmentsAtSql(scheme, NO_FILTERS, date, t))).map((x) => [x.customer_id, x.segment]));
      const [a, b] = [await at(A), await at(B)];
      for (const id of a.keys()) expect(b.has(id), id).toBe(true);
      const counts = new Map<string, number>();
      for (const [id, to] of b) {
        const key = `${a.get(id) ?? NEW_SOURCE}>${to}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const r = results[scheme];
      expect(Object.fromEntries(r.matrix.filter((c) => c.customers! > 0).map((c) => [`${c.from}>${c.to}`, c.customers]))).toEqual(Object.fromEntries(counts));
    });

    it('shapes a Sankey whose flows match the matrix', () => {
      const r = results[scheme];
      const { nodes, links } = movementSankey(r, 'en');
      const ids = new Set(nodes.map((n) => n.id));
      expect(ids.size).toBe(nodes.length);
      expect(nodes.every((n) => n.id === `${n.side}:${n.segment}` && n.customers! > 0 && n.label.length > 0)).toBe(true);
      expect(links.every((l) => ids.has(l.source) && ids.has(l.target) && l.source.startsWith('a:') && l.target.startsWith('b:') && l.value > 0)).toBe(true);
      for (const n of nodes) {
        const flow = sum(links.filter((l) => (n.side === 'a' ? l.source : l.target) === n.id).map((l) => l.value));
        expect(flow, n.id).toBe(n.customers);
      }
      expect(nodes.find((n) => n.id === 'a:new')!.label).toBe('New since A');
      expect(sum(links.map((l) => l.value))).toBe(sum(r.sizesB.map((s) => s.customers)));
    });
  });

  it('CPM on real data: the SQL and the TypeScript twin agree on every customer', async () => {
    for (const t of [DEFAULT_CPM_THRESHOLDS, { ...DEFAULT_CPM_THRESHOLDS, spendThreshold: 1000, lapseDays: 90 }]) {
      const rows = toRows<{ segment: string; purchases: number; span_days: number; revenue: number; recency_days: number }>(
        await db.query(`SELECT segment, purchases, span_days, revenue, recency_days FROM (${cpmClassifiedSql(NO_FILTERS, B, t)})`)
      );
      expect(rows.length).toBeGreaterThan(4_000);
      expect(rows.filter((x) => x.segment !== cpmSegmentOf(x, t))).toEqual([]);
      expect(new Set(rows.map((x) => x.segment)).size).toBeGreaterThan(5);
    }
  });

  it('moves RFM customers in plausible directions', () => {
    const cell = (from: string, to: string) => results.rfm.matrix.find((c) => c.from === from && c.to === to)!.customers!;
    // Customers new after A last bought at most 162 days before B, and R = 1 at B starts at 179
    // days on this dataset: none of them can be Lost (R = 1) at B.
    expect(cell(NEW_SOURCE, 'lost')).toBe(0);
    expect(cell(NEW_SOURCE, 'new_customers')).toBeGreaterThan(0);
    expect(cell('champions', 'champions')).toBeGreaterThan(cell('champions', 'lost'));
  });

  it('refuses dates in the wrong order or shape', async () => {
    await expect(runMovement(db, NO_FILTERS, { scheme: 'rfm', from: B, to: A })).rejects.toThrow(RangeError);
    await expect(runMovement(db, NO_FILTERS, { scheme: 'cpm', from: "2011-06-30' OR 1=1", to: B })).rejects.toThrow(/not a date/);
  });
});
