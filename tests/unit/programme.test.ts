import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { runProgramme } from '../../src/lib/analyses/programme/run';
import { mulberry32 } from '../helpers/random';
import { bootstrapGap, normalInterval, smd, type BlockSums } from '../../src/lib/analyses/programme/stats';
import type { ProgrammeResult } from '../../src/lib/analyses/programme/types';

/** A group of n customers, each a block of its own, whose revenue is a + i·step (orders 1 or 2, half repeat, a quarter active). */
function group(n: number, a: number, step: number): BlockSums[] {
  return Array.from({ length: n }, (_, i) => ({ n: 1, revenue: a + (i % 100) * step, orders: 1 + (i % 2), repeat: i % 2, active: i % 4 === 0 ? 1 : 0 }));
}

/** The same customers dealt at random into `k` blocks, summed per block (as memberGapSql deals them by a hash of the id). */
function blocks(g: BlockSums[], k: number): BlockSums[] {
  const u = mulberry32(7);
  const out = Array.from({ length: k }, () => ({ n: 0, revenue: 0, orders: 0, repeat: 0, active: 0 }));
  for (const c of g) {
    const b = out[Math.floor(u() * k)];
    for (const x of ['n', 'revenue', 'orders', 'repeat', 'active'] as const) b[x] += c[x];
  }
  return out;
}

describe('programme statistics, by hand', () => {
  it('bootstraps a difference of means: the point is exact, the interval about ±1.96 standard errors', async () => {
    const [m, o] = [group(2000, 1000, 10), group(3000, 900, 10)];
    const gap = (await bootstrapGap(m, o))!;
    expect(gap.diff.revenue.value).toBeCloseTo(100, 9);
    // Revenue within a group: 100 equally frequent values 0, 10, … 990 above a: variance 10² × (100² − 1) / 12.
    const se = Math.sqrt(((100 * (100 ** 2 - 1)) / 12) * (1 / 2000 + 1 / 3000));
    const width = gap.diff.revenue.hi! - gap.diff.revenue.lo!;
    expect(width / (2 * 1.96 * se)).toBeGreaterThan(0.8);
    expect(width / (2 * 1.96 * se)).toBeLessThan(1.2);
    expect(gap.diff.revenue.lo).toBeLessThan(100);
    expect(gap.diff.revenue.hi).toBeGreaterThan(100);
    // Same data, same seed: the same interval.
    expect(await bootstrapGap(m, o)).toEqual(gap);
    // Average order value is pooled (revenue ÷ orders of the group), not a mean of ratios.
    expect(gap.members.aov).toBeCloseTo(gap.members.revenue / gap.members.orders, 9);
  });

  it('resamples blocks of customers with the spread of resampling the customers', () => {
    const [m, o] = [group(40_000, 1000, 10), group(60_000, 900, 10)];
    const se = Math.sqrt(((100 * (100 ** 2 - 1)) / 12) * (1 / 40_000 + 1 / 60_000));
    const gap = bootstrapGap(blocks(m, 1000), blocks(o, 1000))!;
    expect(gap.n).toEqual({ members: 40_000, others: 60_000 });
    expect(gap.diff.revenue.value).toBeCloseTo(100, 9);
    const width = gap.diff.revenue.hi! - gap.diff.revenue.lo!;
    expect(width / (2 * 1.96 * se)).toBeGreaterThan(0.85);
    expect(width / (2 * 1.96 * se)).toBeLessThan(1.15);
    // A share: repeat is 0.5 in both groups, its interval about ±1.96 × √(0.25 (1/n₁ + 1/n₀)).
    const seRepeat = Math.sqrt(0.25 * (1 / 40_000 + 1 / 60_000));
    const repeat = gap.diff.repeat;
    expect((repeat.hi! - repeat.lo!) / (2 * 1.96 * seRepeat)).toBeGreaterThan(0.85);
    expect((repeat.hi! - repeat.lo!) / (2 * 1.96 * seRepeat)).toBeLessThan(1.15);
  });

  it('needs both groups; a normal interval needs a variance; an SMD needs a spread', async () => {
    expect(await bootstrapGap(group(10, 1, 1), group(0, 1, 1))).toBeNull();
    expect(normalInterval(2, 1)).toEqual({ value: 2, lo: expect.closeTo(2 - 1.96, 2), hi: expect.closeTo(2 + 1.96, 2) });
    expect(normalInterval(2, null)).toEqual({ value: 2, lo: null, hi: null });
    expect(smd(3, 1, 4, 4)).toBe(1);
    expect(smd(1, 1, 0, 0)).toBe(0);
    expect(smd(2, 1, 0, 0)).toBeNull();
  });
});

describe('programme effect on the demo shop (members self-select into the programme)', () => {
  let db: NodeDatabase;
  let r: ProgrammeResult;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, generateDemo(DEMO_SEED, 1));
    r = (await runProgramme(db, NO_FILTERS))!;
  }, 120_000);
  afterAll(() => db?.close());

  it('shows the naive gap as large, with intervals that hold it', () => {
    const d = r.gap!.diff;
    expect(d.revenue.value).toBeGreaterThan(0);
    for (const x of ['revenue', 'orders', 'repeat', 'active'] as const) {
      expect(d[x].lo!).toBeGreaterThan(0);
      expect(d[x].lo!).toBeLessThanOrEqual(d[x].value!);
      expect(d[x].hi!).toBeGreaterThanOrEqual(d[x].value!);
    }
  });

  it('matches members on their behaviour before joining: every feature far apart before, balanced after', () => {
    // Strata are fine (the event month, purchases that month and six coarsened features): about a
    // fifth of the qualifying members find a look-alike on the demo.
    expect(r.counts.matched).toBeGreaterThan(0.2 * r.counts.qualified);
    expect(r.counts.matched).toBeLessThanOrEqual(r.counts.qualified);
    expect(r.counts.qualified).toBeLessThanOrEqual(r.counts.members);
    for (const row of r.balance) expect(Math.abs(row.smdAfter!), row.feature).toBeLessThan(0.1);
    expect(Math.max(...r.balance.map((row) => Math.abs(row.smdBefore!)))).toBeGreaterThan(0.5);
    expect(r.credibility!.balanced).toBe(true);
  });

  it('follows members from 6 months before to 12 after joining, the same members at every month it can', () => {
    expect(r.study.map((m) => m.k)).toEqual(Array.from({ length: 19 }, (_, i) => i - 6));
    const before = r.study.filter((m) => m.k < 0);
    for (const m of before) expect(m.members).toBe(r.did!.members);
    expect(r.study.at(-1)!.members).toBeLessThanOrEqual(r.did!.members);
    for (const m of r.study) expect(m.spend.diff.value).toBeCloseTo(m.spend.members - m.spend.matched, 6);
  });
});
