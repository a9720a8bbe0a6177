import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { runRfm, rfmCustomersSql } from '../../src/lib/analyses/rfm/run';
import { RFM_SEGMENT_IDS, type RfmSegmentId } from '../../src/lib/analyses/rfm/segments';
import type { BoxStats, RfmResult } from '../../src/lib/analyses/rfm/types';

/**
 * The segment grid of segments.ts, written out again by hand (not read from the rule table), so
 * that the app's SQL CASE is checked against the documented table rather than against itself.
 */
function documentedSegment(r: number, f: number, m: number): RfmSegmentId {
  if (r >= 4) {
    if (f >= 4) return m >= 4 ? 'champions' : 'loyal';
    if (f >= 2) return 'potential_loyalist';
    return r === 5 ? 'new_customers' : 'promising';
  }
  if (r === 3) return f >= 4 ? 'loyal' : f === 3 ? 'need_attention' : 'about_to_sleep';
  if (f >= 4) return m >= 4 ? 'cant_lose_them' : 'at_risk';
  if (f === 3) return 'at_risk';
  return r === 1 && m <= 2 ? 'lost' : 'hibernating';
}

interface Truth {
  c: string;
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
}

/**
 * RFM computed here directly on the CSV with DuckDB's own type detection (none of the app's
 * parsing or SQL): a purchase line has Quantity × UnitPrice ≥ 0, recency counts days from the
 * last purchase day, monetary is the net sum, and the scores are rank-quintiles.
 */
function truthSql(asOf: string): string {
  return `WITH l AS (
      SELECT CAST(CustomerID AS VARCHAR) AS c, InvoiceNo AS inv, CAST(InvoiceDate AS DATE) AS d, Quantity * UnitPrice AS v
      FROM read_csv('file0.csv') WHERE CustomerID IS NOT NULL AND CAST(InvoiceDate AS DATE) <= DATE '${asOf}'),
    c AS (
      SELECT c, DATE '${asOf}' - max(d) FILTER (WHERE v >= 0) AS recency,
        count(DISTINCT inv) FILTER (WHERE v >= 0) AS frequency, sum(v) AS monetary
      FROM l GROUP BY c HAVING count(*) FILTER (WHERE v >= 0) > 0),
    k AS (
      SELECT *, count(*) OVER () AS n,
        rank() OVER (ORDER BY recency DESC) AS rr,
        rank() OVER (ORDER BY frequency) AS fr,
        rank() OVER (ORDER BY round(monetary, 6)) AS mr
      FROM c)
    SELECT c, recency, frequency, monetary,
      1 + floor(5.0 * (rr - 1) / n) AS r, 1 + floor(5.0 * (fr - 1) / n) AS f, 1 + floor(5.0 * (mr - 1) / n) AS m
    FROM k`;
}

/** quantile_cont's definition: linear interpolation between order statistics at (n − 1)q. */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}
function boxOf(values: number[]): BoxStats {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], q1: quantile(s, 0.25), median: quantile(s, 0.5), q3: quantile(s, 0.75), max: s[s.length - 1] };
}

function expectBoxClose(actual: BoxStats, expected: BoxStats, digits: number) {
  for (const k of ['min', 'q1', 'median', 'q3', 'max'] as const) expect(actual[k], k).toBeCloseTo(expected[k], digits);
}

describe('RFM on UCI Online Retail I', () => {
  let db: NodeDatabase;
  let truth: Truth[];
  let bySegment: Map<RfmSegmentId, Truth[]>;
  let result: RfmResult;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const ins = await inspectFile(db, sharedFile('online-retail/online_retail_I_2010-2011.csv.gz'), 0);
    await loadDataset(db, [ins.plan!], { today: '2026-11-23' });
    truth = toRows<Truth>(await db.query(truthSql('2011-12-09')));
    bySegment = new Map();
    for (const t of truth) {
      const s = documentedSegment(t.r, t.f, t.m);
      bySegment.set(s, [...(bySegment.get(s) ?? []), t]);
    }
    result = (await runRfm(db, NO_FILTERS))!;
  });
  afterAll(() => db.close());

  it('scores every customer and segments them as an independent computation does', async () => {
    expect(result.asOf).toBe('2011-12-09'); // the last order date
    const rows = toRows<{ customer_id: string; r: number; f: number; m: number; segment: string; recency_days: number; purchases: number; revenue: number; last_date: string }>(
      await db.query(rfmCustomersSql(NO_FILTERS, { asOf: result.asOf }))
    );
    expect(truth.length).toBeGreaterThan(4_300);
    expect(rows.length).toBe(truth.length);
    const app = new Map(rows.map((r) => [r.customer_id, r]));
    const mismatches: unknown[] = [];
    for (const t of truth) {
      const a = app.get(t.c);
      const want = { c: t.c, r: t.r, f: t.f, m: t.m, segment: documentedSegment(t.r, t.f, t.m), recency_days: t.recency, purchases: t.frequency };
      const got = a && { c: a.customer_id, r: a.r, f: a.f, m: a.m, segment: a.segment, recency_days: a.recency_days, purchases: a.purchases };
      if (JSON.stringify(got) !== JSON.stringify(want) || Math.abs(a!.revenue - t.monetary) > 1e-6) mismatches.push({ want, got, revenue: a?.revenue, monetary: t.monetary });
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(mismatches.length).toBe(0);
    // The list is ordered by spend and carries calendar dates.
    expect(rows[0].revenue).toBeGreaterThanOrEqual(rows[1].revenue);
    expect(rows[0].last_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('gives tied values one score and scores customers with no net spend', () => {
    const scoreOf = new Map<string, Set<number>>();
    for (const t of truth) scoreOf.set(`f${t.frequency}`, (scoreOf.get(`f${t.frequency}`) ?? new Set()).add(t.f));
    expect([...scoreOf.values()].every((s) => s.size === 1)).toBe(true);
    // About a third of customers bought once: all of them have F = 1, so F = 1 is far above 20 %.
    const f1 = result.scoreRanges.find((x) => x.dimension === 'frequency' && x.score === 1)!;
    expect(f1).toMatchObject({ min: 1, max: 1, customers: truth.filter((t) => t.frequency === 1).length });
    expect(f1.customers / result.customers).toBeGreaterThan(0.3);
    const nonPositive = truth.filter((t) => t.monetary <= 0);
    expect(nonPositive.length).toBeGreaterThan(0);
    expect(nonPositive.every((t) => t.m === 1)).toBe(true);
  });

  it('summarises segment sizes, revenue and averages', () => {
    expect(result.segments.map((s) => s.segment)).toEqual(RFM_SEGMENT_IDS);
    expect(result.customers).toBe(truth.length);
    const total = truth.reduce((s, t) => s + t.monetary, 0);
    expect(result.revenue).toBeCloseTo(total, 4);
    for (const s of result.segments) {
      const members = bySegment.get(s.segment) ?? [];
      expect(s.customers, s.segment).toBe(members.length);
      expect(s.share, s.segment).toBeCloseTo(members.length / truth.length, 12);
      const revenue = members.reduce((x, t) => x + t.monetary, 0);
      expect(s.revenue, s.segment).toBeCloseTo(revenue, 4);
      expect(s.revenueShare!, s.segment).toBeCloseTo(revenue / total, 10);
      if (members.length) {
        expect(s.avgRecencyDays!, s.segment).toBeCloseTo(members.reduce((x, t) => x + t.recency, 0) / members.length, 8);
        expect(s.avgPurchases!, s.segment).toBeCloseTo(members.reduce((x, t) => x + t.frequency, 0) / members.length, 8);
      }
    }
    // Every segment is populated on this dataset, and champions are the most valuable per head.
    expect(result.segments.every((s) => s.customers! > 0)).toBe(true);
    const perHead = (id: RfmSegmentId) => { const s = result.segments.find((x) => x.segment === id)!; return s.revenue! / s.customers!; };
    expect(perHead('champions')).toBeGreaterThan(perHead('loyal'));
    expect(perHead('champions')).toBeGreaterThan(perHead('lost'));
  });

  it('fills the R × F heatmap with customers and revenue', () => {
    expect(result.heatmap).toHaveLength(25);
    expect(result.heatmap.slice(0, 5).map((c) => [c.r, c.f])).toEqual([[5, 1], [5, 2], [5, 3], [5, 4], [5, 5]]);
    for (const cell of result.heatmap) {
      const members = truth.filter((t) => t.r === cell.r && t.f === cell.f);
      expect(cell.customers, `${cell.r}${cell.f}`).toBe(members.length);
      expect(cell.revenue, `${cell.r}${cell.f}`).toBeCloseTo(members.reduce((s, t) => s + t.monetary, 0), 4);
    }
  });

  it('describes the distributions within each segment', () => {
    expect(result.distributions.map((d) => d.segment)).toEqual(RFM_SEGMENT_IDS);
    for (const d of result.distributions) {
      const members = bySegment.get(d.segment)!;
      expect(d.customers).toBe(members.length);
      expectBoxClose(d.recencyDays, boxOf(members.map((t) => t.recency)), 8);
      expectBoxClose(d.purchases, boxOf(members.map((t) => t.frequency)), 8);
      expectBoxClose(d.revenue, boxOf(members.map((t) => t.monetary)), 4);
    }
  });

  it('shows what each score means in raw values', () => {
    expect(result.scoreRanges.map((x) => x.dimension)).toEqual(
      [...result.scoreRanges.map((x) => x.dimension)].sort((a, b) => ['recency', 'frequency', 'monetary'].indexOf(a) - ['recency', 'frequency', 'monetary'].indexOf(b))
    );
    for (const x of result.scoreRanges) {
      const key = x.dimension === 'recency' ? 'r' : x.dimension === 'frequency' ? 'f' : 'm';
      const value = x.dimension === 'recency' ? 'recency' : x.dimension === 'frequency' ? 'frequency' : 'monetary';
      const members = truth.filter((t) => t[key] === x.score).map((t) => t[value]);
      expect(x.customers).toBe(members.length);
      expect(x.min).toBeCloseTo(Math.min(...members), 6);
      expect(x.max).toBeCloseTo(Math.max(...members), 6);
    }
    // Recency 5 = the most recent buyers.
    const r5 = result.scoreRanges.find((x) => x.dimension === 'recency' && x.score === 5)!;
    expect(r5.min).toBe(0);
  });

  it('narrows the heatmap and distributions to a clicked segment, not the segment sizes', async () => {
    const picked = (await runRfm(db, NO_FILTERS, { segment: 'cant_lose_them' }))!;
    expect(picked.selectedSegment).toBe('cant_lose_them');
    expect(picked.segments).toEqual(result.segments);
    const members = bySegment.get('cant_lose_them')!;
    expect(picked.heatmap.reduce((s, c) => s + c.customers!, 0)).toBe(members.length);
    expect(picked.heatmap.filter((c) => c.customers! > 0).every((c) => c.r <= 2 && c.f >= 4)).toBe(true);
    expect(picked.distributions.map((d) => d.segment)).toEqual(['cant_lose_them']);
    const list = toRows<{ segment: string }>(await db.query(rfmCustomersSql(NO_FILTERS, { asOf: picked.asOf, segment: 'cant_lose_them' })));
    expect(list.length).toBe(members.length);
    expect(list.every((r) => r.segment === 'cant_lose_them')).toBe(true);
    await expect(runRfm(db, NO_FILTERS, { segment: "x' OR 1=1 --" })).rejects.toThrow(/unknown RFM segment/);
  });

  it('recomputes everything as of another analysis date, capped by the date filter', async () => {
    const asOf = '2011-06-30';
    const earlier = toRows<Truth>(await db.query(truthSql(asOf)));
    const explicit = (await runRfm(db, NO_FILTERS, { asOf }))!;
    const capped = (await runRfm(db, { ...NO_FILTERS, to: asOf }))!;
    const cappedExplicit = (await runRfm(db, { ...NO_FILTERS, to: asOf }, { asOf: '2011-12-09' }))!;
    for (const r of [explicit, capped, cappedExplicit]) {
      expect(r.asOf).toBe(asOf);
      expect(r.customers).toBe(earlier.length);
    }
    const counts = new Map<string, number>();
    for (const t of earlier) {
      const s = documentedSegment(t.r, t.f, t.m);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(Object.fromEntries(explicit.segments.map((s) => [s.segment, s.customers]))).toEqual(
      Object.fromEntries(RFM_SEGMENT_IDS.map((id) => [id, counts.get(id) ?? 0]))
    );
    expect(earlier.length).toBeLessThan(truth.length);
  });
});
