/**
 * The programme-effect statistics that are not SQL: the bootstrap of the naive member /
 * non-member gaps, intervals from a variance, and standardised mean differences.
 */
import { quantileSorted } from 'd3-array';
import { Z95 } from '../nps/stats';

/**
 * Bootstrap resamples: enough for the 2.5 % and 97.5 % percentiles to be stable to about a
 * percent of the interval's width (resampling blocks makes them cheap: bootstrapGap).
 */
export const RESAMPLES = 2000;

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

export const GAP_MEASURES = ['revenue', 'orders', 'aov', 'repeat', 'active'] as const;
export type GapMeasure = (typeof GAP_MEASURES)[number];
export type GroupFigures = Record<GapMeasure, number>;

/**
 * One block of a group's customers (memberGapSql): how many, and their revenue, orders, repeat
 * buyers and active customers summed. A block of one customer is that customer.
 */
export type BlockSums = { n: number; revenue: number; orders: number; repeat: number; active: number };

function add(s: BlockSums, b: BlockSums) {
  s.n += b.n;
  s.revenue += b.revenue;
  s.orders += b.orders;
  s.repeat += b.repeat;
  s.active += b.active;
}

const empty = (): BlockSums => ({ n: 0, revenue: 0, orders: 0, repeat: 0, active: 0 });

/** Per customer: revenue and orders; average order value (revenue ÷ orders, pooled); repeat and active shares. */
function figures(sums: BlockSums): GroupFigures {
  return {
    revenue: sums.revenue / sums.n,
    orders: sums.orders / sums.n,
    aov: sums.orders > 0 ? sums.revenue / sums.orders : NaN,
    repeat: sums.repeat / sums.n,
    active: sums.active / sums.n
  };
}

/** mulberry32: a small seeded generator (the same data gives the same intervals); `state[0]` advances in place. */
function uniform(state: Int32Array): number {
  const a = (state[0] = (state[0] + 0x6d2b79f5) | 0);
  let t = Math.imul(a ^ (a >>> 15), 1 | a);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The sums of `blocks` drawn with replacement, as many as there are. */
function resampled(blocks: BlockSums[], state: Int32Array): BlockSums {
  const s = empty();
  for (let i = 0; i < blocks.length; i++) add(s, blocks[Math.floor(uniform(state) * blocks.length)]);
  return s;
}

function total(blocks: BlockSums[]): BlockSums {
  const s = empty();
  for (const b of blocks) add(s, b);
  return s;
}

export interface Gap {
  /** Customers in each group. */
  n: { members: number; others: number };
  members: GroupFigures;
  others: GroupFigures;
  /** members − others, with the 2.5 % and 97.5 % percentiles of RESAMPLES bootstrap resamples. */
  diff: Record<GapMeasure, Interval>;
}

/**
 * Members vs non-members: each group's blocks resampled with replacement, RESAMPLES times, and
 * the percentile interval of the difference. Customers are independent and a block is a random
 * set of them (memberGapSql), so blocks are independent too, and resampling them is the
 * bootstrap of the group's sums, with the variance of resampling customers; a resample costs a
 * draw per block instead of one per customer. Null when either group is empty.
 */
export function bootstrapGap(members: BlockSums[], others: BlockSums[], seed = 1): Gap | null {
  if (members.length === 0 || others.length === 0) return null;
  const [tm, to] = [total(members), total(others)];
  const [fm, fo] = [figures(tm), figures(to)];
  const state = Int32Array.of(seed);
  const draws: Record<GapMeasure, number[]> = { revenue: [], orders: [], aov: [], repeat: [], active: [] };
  for (let b = 0; b < RESAMPLES; b++) {
    const [m, o] = [figures(resampled(members, state)), figures(resampled(others, state))];
    for (const x of GAP_MEASURES) if (Number.isFinite(m[x] - o[x])) draws[x].push(m[x] - o[x]);
  }
  const diff = {} as Record<GapMeasure, Interval>;
  for (const x of GAP_MEASURES) {
    const d = draws[x].sort((a, b) => a - b);
    const value = fm[x] - fo[x];
    diff[x] = Number.isFinite(value) && d.length ? { value, lo: quantileSorted(d, 0.025)!, hi: quantileSorted(d, 0.975)! } : { value: null, lo: null, hi: null };
  }
  return { n: { members: tm.n, others: to.n }, members: fm, others: fo, diff };
}
