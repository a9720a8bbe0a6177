import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { toRows } from '../../src/lib/engine/types';
import {
  RFM_RULES,
  RFM_SEGMENTS,
  RFM_SEGMENT_IDS,
  rfmSegmentCase,
  segmentOf,
  type RfmSegmentId
} from '../../src/lib/analyses/rfm/segments';

const S = [1, 2, 3, 4, 5];
const ALL = S.flatMap((r) => S.flatMap((f) => S.map((m) => [r, f, m] as const)));

describe('RFM rule table', () => {
  it('has the 11 standard segments, each with ja/en names and a one-line action', () => {
    expect(RFM_SEGMENT_IDS).toEqual([
      'champions', 'loyal', 'potential_loyalist', 'new_customers', 'promising', 'need_attention',
      'about_to_sleep', 'at_risk', 'cant_lose_them', 'hibernating', 'lost'
    ]);
    expect(RFM_SEGMENTS.map((s) => s.order)).toEqual(RFM_SEGMENT_IDS.map((_, i) => i));
    expect(RFM_SEGMENTS.map((s) => s.name.en)).toEqual([
      'Champions', 'Loyal', 'Potential loyalist', 'New', 'Promising', 'Need attention', 'About to sleep',
      'At risk', "Can't lose them", 'Hibernating', 'Lost'
    ]);
    for (const s of RFM_SEGMENTS) {
      for (const text of [s.name.ja, s.name.en, s.action.ja, s.action.en, s.meaning.ja, s.meaning.en]) {
        expect(text.trim().length, s.id).toBeGreaterThan(0);
        expect(text, s.id).not.toMatch(/\n/);
      }
      expect(s.name.ja, s.id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // really Japanese
      expect(s.action.ja, s.id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(new Set(RFM_SEGMENTS.map((s) => s.name.ja)).size).toBe(11);
  });

  it('rules name known segments and use ranges within 1–5', () => {
    for (const rule of RFM_RULES) {
      expect(RFM_SEGMENT_IDS).toContain(rule.segment);
      for (const [lo, hi] of [rule.r, rule.f, rule.m]) {
        expect(Number.isInteger(lo) && Number.isInteger(hi)).toBe(true);
        expect(1 <= lo && lo <= hi && hi <= 5).toBe(true);
      }
    }
  });

  it('maps each of the 125 combinations to exactly one segment, and every segment is reachable', () => {
    const counts = new Map<RfmSegmentId, number>();
    for (const [r, f, m] of ALL) {
      const matching = RFM_RULES.filter((x) => x.r[0] <= r && r <= x.r[1] && x.f[0] <= f && f <= x.f[1] && x.m[0] <= m && m <= x.m[1]);
      expect(matching.length, `(${r},${f},${m}) matches no rule`).toBeGreaterThan(0);
      const s = segmentOf(r, f, m);
      expect(s).toBe(matching[0].segment); // first match wins
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(125);
    expect([...counts.keys()].sort()).toEqual([...RFM_SEGMENT_IDS].sort());
    // The sizes of the segments in score space, as documented in segments.ts's grid.
    expect(Object.fromEntries(counts)).toEqual({
      champions: 8, loyal: 22, potential_loyalist: 20, new_customers: 5, promising: 5, need_attention: 5,
      about_to_sleep: 10, cant_lose_them: 8, at_risk: 22, lost: 4, hibernating: 16
    });
  });

  it.each<[number, number, number, RfmSegmentId]>([
    [5, 5, 5, 'champions'], [4, 4, 4, 'champions'], [5, 4, 5, 'champions'],
    [5, 5, 1, 'loyal'], [4, 5, 3, 'loyal'], [3, 5, 5, 'loyal'], [3, 4, 1, 'loyal'],
    [5, 2, 5, 'potential_loyalist'], [4, 3, 1, 'potential_loyalist'], [5, 3, 3, 'potential_loyalist'],
    [5, 1, 1, 'new_customers'], [5, 1, 5, 'new_customers'],
    [4, 1, 1, 'promising'], [4, 1, 5, 'promising'],
    [3, 3, 3, 'need_attention'], [3, 3, 5, 'need_attention'],
    [3, 2, 2, 'about_to_sleep'], [3, 1, 5, 'about_to_sleep'],
    [2, 3, 3, 'at_risk'], [1, 3, 5, 'at_risk'], [2, 4, 3, 'at_risk'], [1, 5, 1, 'at_risk'],
    [1, 5, 5, 'cant_lose_them'], [2, 4, 4, 'cant_lose_them'], [1, 4, 5, 'cant_lose_them'],
    [2, 1, 1, 'hibernating'], [2, 2, 5, 'hibernating'], [1, 2, 3, 'hibernating'], [1, 1, 5, 'hibernating'],
    [1, 1, 1, 'lost'], [1, 2, 2, 'lost'], [1, 1, 2, 'lost']
  ])('(%i, %i, %i) → %s', (r, f, m, expected) => {
    expect(segmentOf(r, f, m)).toBe(expected);
  });

  it('refuses scores outside 1–5', () => {
    expect(() => segmentOf(0, 3, 3)).toThrow(RangeError);
    expect(() => segmentOf(3, 6, 3)).toThrow(RangeError);
    expect(() => segmentOf(3, 3, 2.5)).toThrow(RangeError);
  });
});

describe('RFM rule table in SQL', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  it('the generated CASE agrees with segmentOf on all 125 combinations', async () => {
    const rows = toRows<{ r: number; f: number; m: number; segment: string | null }>(
      await db.query(`SELECT r, f, m, ${rfmSegmentCase()} AS segment
        FROM range(1, 6) a(r), range(1, 6) b(f), range(1, 6) c(m) ORDER BY r, f, m`)
    );
    expect(rows).toHaveLength(125);
    for (const row of rows) expect(row.segment, `(${row.r},${row.f},${row.m})`).toBe(segmentOf(row.r, row.f, row.m));
  });

  it('reads the column expressions it is given', async () => {
    const rows = toRows<{ s: string }>(await db.query(`SELECT ${rfmSegmentCase({ r: 'x', f: 'y', m: 'z' })} AS s FROM (SELECT 1 AS x, 5 AS y, 5 AS z)`));
    expect(rows).toEqual([{ s: 'cant_lose_them' }]);
  });
});
