/**
 * Special functions for the BTYD models, all in log space so that customers with a thousand
 * purchases or a long history neither overflow nor cancel.
 *
 * References: Lanczos (1964) with the g = 7, n = 9 coefficients (Numerical Recipes 3rd ed. §6.1);
 * Abramowitz & Stegun 6.3.18 (digamma asymptotics), 15.1.1 (the 2F1 series) and 15.3.3
 * (Euler's transformation).
 */

/** A real number stored as sign × exp(log), so that its size never overflows. */
export interface SignedLog {
  /** log |value|; −Infinity when the value is 0. */
  log: number;
  sign: 1 | -1 | 0;
}

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7
];
const HALF_LOG_2PI = 0.91893853320467274178;

/**
 * log |Γ(x)|. Lanczos for x ≥ 0.5 (relative error ≈ 1e-15), the reflection formula below that.
 * +Infinity at the poles (0, −1, −2, …).
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 0.5) {
    if (Number.isInteger(x)) return Infinity;
    // Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), for a, b > 0. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * ψ(x) = d/dx log Γ(x), for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x lifts x to 10 or more, where
 * the asymptotic series (A&S 6.3.18) is accurate to ≈ 1e-15. Needed for analytic gradients.
 */
export function digamma(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const tail =
    f * (-1 / 12 + f * (1 / 120 + f * (-1 / 252 + f * (1 / 240 + f * (-1 / 132 + f * (691 / 32760))))));
  return acc + Math.log(x) - 0.5 / x + tail;
}

/** log Σ exp(v_i) without overflow; −Infinity for an empty list. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity || max === Infinity || Number.isNaN(max)) return max;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - max);
  return max + Math.log(s);
}

/** log(e^a + e^b), the two-term case of logSumExp without an array. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log(1 + e^x) (softplus), exact in both tails. */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** 1 / (1 + e^{−x}) without overflow. */
export function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x - log1pExp(x));
}

export interface SeriesResult extends SignedLog {
  /** Terms summed (after the first). */
  terms: number;
  /** False when maxTerms ran out before the tail bound fell below the tolerance. */
  converged: boolean;
}

const RESCALE_AT = 1e150;
const LOG_RESCALE = Math.log(RESCALE_AT);

/**
 * Σ_{k≥0} u_k with u_0 = 1 and u_{k+1} = u_k · ratio(k), accumulated with a moving scale so that
 * terms that first grow to 1e300 and beyond (a 2F1 with large parameters) stay representable.
 * `limit` bounds |ratio(k)| for large k (z for a 2F1); the sum stops once the geometric tail
 * bound |u_k|·ρ/(1−ρ), ρ = max(|ratio|, limit), is below `tol`·|sum|.
 */
export function sumSeries(
  ratio: (k: number) => number,
  limit: number,
  maxTerms = 200_000,
  tol = 1e-15
): SeriesResult {
  let scaleLog = 0;
  let sum = 1;
  let term = 1;
  for (let k = 0; k < maxTerms; k++) {
    const q = ratio(k);
    term *= q;
    if (term === 0) return finishSeries(sum, scaleLog, k + 1, true);
    sum += term;
    const abs = Math.abs(term);
    if (abs > RESCALE_AT || Math.abs(sum) > RESCALE_AT) {
      term /= RESCALE_AT;
      sum /= RESCALE_AT;
      scaleLog += LOG_RESCALE;
    }
    const rho = Math.max(Math.abs(q), limit);
    if (rho < 1 && Math.abs(term) * (rho / (1 - rho)) <= tol * Math.abs(sum)) {
      return finishSeries(sum, scaleLog, k + 1, true);
    }
  }
  return finishSeries(sum, scaleLog, maxTerms, false);
}

function finishSeries(sum: number, scaleLog: number, terms: number, converged: boolean): SeriesResult {
  const sign = sum > 0 ? 1 : sum < 0 ? -1 : 0;
  return { log: sign === 0 ? -Infinity : Math.log(Math.abs(sum)) + scaleLog, sign, terms, converged };
}

/** The sign of Γ(x) (x not a pole): positive for x > 0, alternating between the poles below 0. */
export function gammaSign(x: number): 1 | -1 {
  return x > 0 || Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** u + v for signed logs. */
export function signedLogAdd(u: SignedLog, v: SignedLog): SignedLog {
  if (u.sign === 0) return v;
  if (v.sign === 0) return u;
  const top = Math.max(u.log, v.log);
  const sum = u.sign * Math.exp(u.log - top) + v.sign * Math.exp(v.log - top);
  const sign = sum > 0 ? 1 : sum < 0 ? -1 : 0;
  return { log: sign === 0 ? -Infinity : top + Math.log(Math.abs(sum)), sign };
}

/**
 * Above this z the 1 − z transformation is tried first (see `log2F1`). Below it the z-series
 * needs at most ~250 terms and, measured on BG/NBD horizons, is the cheaper of the two.
 */
export const COMPLEMENT_FROM = 0.9;

/**
 * log 2F1(a, b; c; z) for 0 ≤ z < 1 (the BTYD range: z = t / (α + T + t)). Pass `oneMinusZ`
 * when it is known more accurately than 1 − z (z close to 1).
 *
 * Three routes, each a power series summed in scaled form:
 * - z ≤ 0.9: the plain series (A&S 15.1.1) or, when that has the larger numerator parameters,
 *   Euler's transformation (A&S 15.3.3) 2F1(a,b;c;z) = (1−z)^{c−a−b} 2F1(c−a, c−b; c; z).
 *   In the BG/NBD conditional expectation a = r + x and b = b + x grow with the customer's
 *   frequency x and the plain series' terms explode; Euler's keeps them small. lifetimes uses the
 *   same identity as its fallback when scipy's hyp2f1 overflows.
 * - z > 0.9: both of those converge like z^k, i.e. slowly (thousands of terms at z = 0.999, for
 *   a long horizon t ≫ α + T). There the 1 − z transformation (A&S 15.3.6) is used,
 *     2F1(a,b;c;z) = Γ(c)Γ(m)/(Γ(c−a)Γ(c−b)) 2F1(a, b; 1−m; 1−z)
 *                  + (1−z)^m Γ(c)Γ(−m)/(Γ(a)Γ(b)) 2F1(c−a, c−b; 1+m; 1−z),   m = c − a − b,
 *   unless m is within 1e-4 of an integer (Γ(±m) poles: the two terms would cancel), a
 *   parameter makes a series terminate anyway, the parameters are so large that the new series'
 *   terms blow up, or the two terms cancel to fewer than 8 significant digits; then the slow
 *   series it is (up to 200,000 terms; `converged` says whether that sufficed).
 * c must not be 0, −1, −2, … .
 */
export function log2F1(a: number, b: number, c: number, z: number, oneMinusZ = 1 - z): SeriesResult {
  if (!(z >= 0 && z < 1)) throw new RangeError(`log2F1: z must be in [0, 1), got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`log2F1: c must not be a non-positive integer, got ${c}`);
  if (z > COMPLEMENT_FROM) {
    const viaComplement = log2F1Complement(a, b, c, oneMinusZ);
    if (viaComplement) return viaComplement;
  }
  const useEuler = Math.abs(c - a) * Math.abs(c - b) < Math.abs(a) * Math.abs(b);
  if (!useEuler) return hyp2f1Series(a, b, c, z);
  const s = hyp2f1Series(c - a, c - b, c, z);
  // z = 0 makes log(1−z) = 0; the prefactor is exactly 1.
  return { ...s, log: s.log + (z === 0 ? 0 : (c - a - b) * Math.log(oneMinusZ)) };
}

const nonPositiveInteger = (v: number) => v <= 0 && Number.isInteger(v);

/** The w-independent part of the 1 − z transformation of 2F1(a, b; c; 1 − w). */
export interface ComplementPrefactors {
  a: number;
  b: number;
  c: number;
  m: number;
  first: SignedLog;
  second: SignedLog;
}

/**
 * The two gamma-function prefactors of the 1 − z transformation, as signed logs; worth caching
 * when many w share (a, b, c). Null where the transformation is singular (m = c − a − b within
 * 1e-4 of an integer: Γ(±m) poles, the two terms would cancel) or pointless (a parameter makes
 * a series terminate).
 */
export function complementPrefactors(a: number, b: number, c: number): ComplementPrefactors | null {
  const m = c - a - b;
  if (Math.abs(m - Math.round(m)) < 1e-4) return null;
  if ([a, b, c - a, c - b].some(nonPositiveInteger)) return null;
  const lgC = logGamma(c);
  const sc = gammaSign(c);
  return {
    a,
    b,
    c,
    m,
    first: {
      log: lgC + logGamma(m) - logGamma(c - a) - logGamma(c - b),
      sign: (sc * gammaSign(m) * gammaSign(c - a) * gammaSign(c - b)) as 1 | -1
    },
    second: {
      log: lgC + logGamma(-m) - logGamma(a) - logGamma(b),
      sign: (sc * gammaSign(-m) * gammaSign(a) * gammaSign(b)) as 1 | -1
    }
  };
}

/**
 * log 2F1(a, b; c; 1 − w) by the 1 − z transformation alone (see `log2F1`), or null where it is
 * unusable: singular prefactors (see `complementPrefactors`), parameters × w above 8 (the new
 * series' terms would blow up), or fewer than 8 significant digits left after the two terms
 * cancel. Pass `pre` to reuse prefactors computed for the same (a, b, c).
 */
export function log2F1Complement(
  a: number,
  b: number,
  c: number,
  w: number,
  pre: ComplementPrefactors | null = complementPrefactors(a, b, c)
): SeriesResult | null {
  if (!pre) return null;
  if (Math.max(Math.abs(a), Math.abs(b), Math.abs(c - a), Math.abs(c - b)) * w > 8) return null;
  const { m } = pre;
  const s1 = hyp2f1Series(a, b, 1 - m, w);
  const s2 = hyp2f1Series(c - a, c - b, 1 + m, w);
  const first: SignedLog = { log: pre.first.log + s1.log, sign: (pre.first.sign * s1.sign) as SignedLog['sign'] };
  const second: SignedLog = {
    log: m * Math.log(w) + pre.second.log + s2.log,
    sign: (pre.second.sign * s2.sign) as SignedLog['sign']
  };
  const sum = signedLogAdd(first, second);
  // Cancellation check: keep the result only if it retains ~8 digits of the larger term.
  if (sum.sign === 0 || !Number.isFinite(sum.log) || sum.log < Math.max(first.log, second.log) - 8 * Math.LN10)
    return null;
  return { ...sum, terms: s1.terms + s2.terms, converged: s1.converged && s2.converged };
}

/** 2F1(a, b; c; z) itself, for tests and small arguments; may overflow where log2F1 does not. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const s = log2F1(a, b, c, z);
  return s.sign * Math.exp(s.log);
}

function hyp2f1Series(a: number, b: number, c: number, z: number): SeriesResult {
  if (z === 0) return { log: 0, sign: 1, terms: 0, converged: true };
  return sumSeries((k) => (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z, z);
}
