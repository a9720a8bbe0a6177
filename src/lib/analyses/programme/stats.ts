/**
 * The programme-effect statistics that are not SQL: the bootstrap of the naive member /
 * non-member gaps, intervals from a variance, and standardised mean differences.
 */
import { quantileSorted } from 'd3-array';
import { Z95 } from '../nps/stats';

/** Bootstrap resamples: enough for a 95 % percentile interval to be stable to a few percent. */
export const RESAMPLES = 400;

export interface Interval {
  value: number | null;
  lo: number | null;
  hi: number | null;
}

/** A point estimate with its 95 % normal interval from a variance. */
export function normalInterval(value: number | null, variance: number | null): Interval {
  if (value === null || variance === null || !Number.isFinite(value) || !(variance >= 0)) return { value, lo: null, hi: null };
  const half = Z95 * Math.sqrt(variance);
  return { value, lo: value - half, hi: value + half };
}

/** Standardised mean difference: (mean₁ − mean₀) / √((var₁ + var₀) / 2); null without spread. */
export function smd(m1: number | null, m0: number | null, v1: number | null, v0: number | null): number | null {
  if (m1 === null || m0 === null || v1 === null || v0 === null) return null;
  const sd = Math.sqrt((v1 + v0) / 2);
  return sd > 0 ? (m1 - m0) / sd : m1 === m0 ? 0 : null;
}

/** Per-customer columns of one group, as the naive comparison reads them. */
export interface GroupColumns {
  revenue: Float64Array;
  orders: Float64Array;
  repeat: Float64Array;
  active: Float64Array;
}

export const GAP_MEASURES = ['revenue', 'orders', 'aov', 'repeat', 'active'] as const;
export type GapMeasure = (typeof GAP_MEASURES)[number];
export type GroupFigures = Record<GapMeasure, number>;

/** Per customer: revenue and orders; average order value (revenue ÷ orders, pooled); repeat and active shares. */
function figures(sums: Sums): GroupFigures {
  return {
    revenue: sums.revenue / sums.n,
    orders: sums.orders / sums.n,
    aov: sums.orders > 0 ? sums.revenue / sums.orders : NaN,
    repeat: sums.repeat / sums.n,
    active: sums.active / sums.n
  };
}

type Sums = { n: number; revenue: number; orders: number; repeat: number; active: number };

function sumsOf(g: GroupColumns): Sums {
  const s = { n: g.revenue.length, revenue: 0, orders: 0, repeat: 0, active: 0 };
  for (let i = 0; i < s.n; i++) {
    s.revenue += g.revenue[i];
    s.orders += g.orders[i];
    s.repeat += g.repeat[i];
    s.active += g.active[i];
  }
  return s;
}

/**
 * The sums of one resample of `g` with replacement, drawn from the mulberry32 stream whose state
 * is `state[0]` (advanced in place; a small seeded generator, so the same data gives the same
 * intervals). One tight loop: it runs RESAMPLES × customers times.
 */
function resampledSums(g: GroupColumns, state: Int32Array): Sums {
  const { revenue, orders, repeat, active } = g;
  const n = revenue.length;
  let [a, r, o, p, q] = [state[0], 0, 0, 0, 0];
  for (let k = 0; k < n; k++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const i = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    r += revenue[i];
    o += orders[i];
    p += repeat[i];
    q += active[i];
  }
  state[0] = a;
  return { n, revenue: r, orders: o, repeat: p, active: q };
}

/** Resamples between two yields to the event loop, so that other work (the queries) goes on meanwhile. */
const BATCH = 20;
const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface Gap {
  /** Customers in each group. */
  n: { members: number; others: number };
  members: GroupFigures;
  others: GroupFigures;
  /** members − others, with the 2.5 % and 97.5 % percentiles of RESAMPLES bootstrap resamples. */
  diff: Record<GapMeasure, Interval>;
}

/**
 * Members vs non-members: each group resampled with replacement (customers), RESAMPLES times,
 * and the percentile interval of the difference. Null when either group is empty.
 */
export async function bootstrapGap(members: GroupColumns, others: GroupColumns, seed = 1): Promise<Gap | null> {
  const [nm, no] = [members.revenue.length, others.revenue.length];
  if (nm === 0 || no === 0) return null;
  const [fm, fo] = [figures(sumsOf(members)), figures(sumsOf(others))];
  const state = Int32Array.of(seed);
  const draws: Record<GapMeasure, number[]> = { revenue: [], orders: [], aov: [], repeat: [], active: [] };
  for (let b = 0; b < RESAMPLES; b++) {
    if (b > 0 && b % BATCH === 0) await yieldToEvents();
    const [m, o] = [figures(resampledSums(members, state)), figures(resampledSums(others, state))];
    for (const x of GAP_MEASURES) if (Number.isFinite(m[x] - o[x])) draws[x].push(m[x] - o[x]);
  }
  const diff = {} as Record<GapMeasure, Interval>;
  for (const x of GAP_MEASURES) {
    const d = draws[x].sort((a, b) => a - b);
    const value = fm[x] - fo[x];
    diff[x] = Number.isFinite(value) && d.length ? { value, lo: quantileSorted(d, 0.025)!, hi: quantileSorted(d, 0.975)! } : { value: null, lo: null, hi: null };
  }
  return { n: { members: nm, others: no }, members: fm, others: fo, diff };
}
