/**
 * The uncertainty of a score, in points (NPS −100…100, satisfaction 0…100), at 95 %.
 *
 * NPS: adjusted-Wald interval (Rocks 2016, "Interval estimation for the net promoter score",
 * The American Statistician 70(4)): add 3 to n and ¾ to the promoter and detractor counts,
 *   p = (P + ¾)/(n + 3), d = (D + ¾)/(n + 3), NPS* = p − d,
 *   var = p + d − (p − d)²,  NPS* ± z·√(var/(n + 3)).
 * It keeps its 95 % coverage down to small n, where the plain Wald interval collapses (n = 1
 * gives a zero-width interval) or spills past ±100. The point shown is the plain NPS.
 *
 * Satisfaction (top-2-box share): the adjusted-Wald (Agresti–Coull 1998) interval,
 *   ñ = n + z², p̃ = (x + z²/2)/ñ, p̃ ± z·√(p̃(1 − p̃)/ñ).
 *
 * A change between two periods: the difference of the adjusted estimates over the root of the
 * sum of their variances (the same adjustment for NPS; Agresti–Caffo, +1 success and +1 failure
 * per group, for shares), a two-sided z-test. Intervals are clipped to the score's range.
 */

export const Z95 = 1.959963984540054;

export interface Estimate {
  /** The plain score (points); null without answers. */
  score: number | null;
  /** 95 % interval, points. */
  lo: number | null;
  hi: number | null;
}

export interface BandCounts {
  n: number;
  high: number;
  mid: number;
  low: number;
}

export type Measure = 'nps' | 'top2';

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The adjusted estimate (0…1 or −1…1) and its variance per answer, on n' answers. */
function adjusted(c: BandCounts, m: Measure): { est: number; v: number; n: number } {
  if (m === 'nps') {
    const n = c.n + 3;
    const p = (c.high + 0.75) / n;
    const d = (c.low + 0.75) / n;
    return { est: p - d, v: p + d - (p - d) ** 2, n };
  }
  const n = c.n + Z95 ** 2;
  const p = (c.high + Z95 ** 2 / 2) / n;
  return { est: p, v: p * (1 - p), n };
}

export function estimate(c: BandCounts, m: Measure): Estimate {
  if (c.n === 0) return { score: null, lo: null, hi: null };
  const score = m === 'nps' ? (100 * (c.high - c.low)) / c.n : (100 * c.high) / c.n;
  const a = adjusted(c, m);
  const half = Z95 * Math.sqrt(a.v / a.n);
  const [min, max] = m === 'nps' ? [-1, 1] : [0, 1];
  return { score, lo: 100 * clip(a.est - half, min, max), hi: 100 * clip(a.est + half, min, max) };
}

export interface Change {
  /** Plain score of `b` minus that of `a`, points. */
  diff: number;
  /** 95 % interval of the difference, points. */
  lo: number;
  hi: number;
  /** Two-sided p-value of "no change". */
  p: number;
}

/** Is `b` different from `a` by more than chance? Null when either has no answers. */
export function compare(a: BandCounts, b: BandCounts, m: Measure): Change | null {
  if (a.n === 0 || b.n === 0) return null;
  const [x, y] = m === 'nps' ? [adjusted(a, m), adjusted(b, m)] : [caffo(a), caffo(b)];
  const se = Math.sqrt(x.v / x.n + y.v / y.n);
  const d = y.est - x.est;
  const score = (c: BandCounts) => (m === 'nps' ? c.high - c.low : c.high) / c.n;
  return {
    diff: 100 * (score(b) - score(a)),
    lo: 100 * (d - Z95 * se),
    hi: 100 * (d + Z95 * se),
    p: se > 0 ? 2 * normalTail(Math.abs(d) / se) : d === 0 ? 1 : 0
  };
}

function caffo(c: BandCounts): { est: number; v: number; n: number } {
  const n = c.n + 2;
  const p = (c.high + 1) / n;
  return { est: p, v: p * (1 - p), n };
}

/** P(Z > z) for a standard normal Z: erfc(z/√2)/2, erfc by Numerical Recipes' erfcc (relative error < 1.2e-7). */
export function normalTail(z: number): number {
  const x = z / Math.SQRT2;
  const ax = Math.abs(x);
  const t = 1 / (1 + ax / 2);
  const r =
    t *
    Math.exp(
      -ax * ax - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  const erfc = x >= 0 ? r : 2 - r;
  return erfc / 2;
}
