/**
 * BG/NBD ("beta-geometric / negative binomial") model of repeat purchasing: Fader, Hardie & Lee
 * (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2) 275–284 — cited below
 * as FHL with equation numbers — and Fader, Hardie & Lee (2008), "Computing P(alive) Using the
 * BG/NBD Model" (brucehardie.com note 021).
 *
 * Per customer the summary is
 * - x:  number of REPEAT purchases (purchase periods after the first; lifetimes' `frequency`),
 * - tx: time of the last repeat purchase, measured from the first purchase (lifetimes'
 *       `recency`; 0 when x = 0),
 * - T:  age, from the first purchase to the end of the calibration period (lifetimes' `T`),
 * all times in one unit, `days` or `weeks`, that the caller states. α is then in that unit and
 * every horizon t passed to a prediction must be in it too (see `convertTimeUnit`).
 */
import {
  COMPLEMENT_FROM,
  complementPrefactors,
  digamma,
  log1pExp,
  log2F1Complement,
  logAddExp,
  logGamma,
  logistic,
  sumSeries,
  type ComplementPrefactors
} from './special';
import { distinctValues, fitLogSpace, toFitResult, type FitOptions, type FitResult } from './mle';

export type TimeUnit = 'days' | 'weeks';

/** Columns of per-customer summaries (typed arrays or plain arrays). */
export interface BgNbdData {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  /** Customers sharing this row's (x, tx, T); default 1 each. */
  weights?: ArrayLike<number>;
}

export interface BgNbdParams {
  /** Shape of the gamma heterogeneity in purchase rates λ. */
  r: number;
  /** Scale (in `timeUnit`) of that gamma: E[λ] = r / α purchases per unit of time. */
  alpha: number;
  /** Beta heterogeneity of the dropout probability p after each repeat purchase: E[p] = a/(a+b). */
  a: number;
  b: number;
  timeUnit: TimeUnit;
}

export type BgNbdParamName = 'r' | 'alpha' | 'a' | 'b';
export type BgNbdFit = FitResult<BgNbdParams, BgNbdParamName>;

const NAMES: readonly BgNbdParamName[] = ['r', 'alpha', 'a', 'b'];
const DAYS_PER: Record<TimeUnit, number> = { days: 1, weeks: 7 };

/** The same model with times in another unit (α scales with time; r, a, b do not). */
export function convertTimeUnit(p: BgNbdParams, to: TimeUnit): BgNbdParams {
  return { ...p, alpha: (p.alpha * DAYS_PER[p.timeUnit]) / DAYS_PER[to], timeUnit: to };
}

/**
 * Why `data` cannot be fitted, or null. The rules are lifetimes' `_check_inputs`: x a
 * non-negative integer, 0 ≤ tx ≤ T, T > 0, tx = 0 when x = 0, weights ≥ 0 and not all 0.
 */
export function validateBgNbdData(data: BgNbdData): string | null {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weights && data.weights.length !== n))
    return 'x, tx, T (and weights) must have the same length';
  if (n === 0) return 'no customers';
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const tx = data.tx[i];
    const T = data.T[i];
    const w = data.weights ? data.weights[i] : 1;
    if (!(Number.isInteger(x) && x >= 0)) return `row ${i}: x must be a non-negative integer (got ${x})`;
    if (!(Number.isFinite(T) && T > 0)) return `row ${i}: T must be positive and finite (got ${T})`;
    if (!(Number.isFinite(tx) && tx >= 0 && tx <= T)) return `row ${i}: tx must lie in [0, T] (got ${tx}, T ${T})`;
    if (x === 0 && tx !== 0) return `row ${i}: tx must be 0 when x is 0 (got ${tx})`;
    if (!(Number.isFinite(w) && w >= 0)) return `row ${i}: weight must be a non-negative number (got ${w})`;
    total += w;
  }
  return total > 0 ? null : 'all weights are 0';
}

/**
 * log L_i of each customer, FHL eq. (6) written in logs as lifetimes does:
 *   A1 = log Γ(r+x) − log Γ(r) + r log α
 *   A2 = log B(a, b+x) − log B(a, b)            (= log Γ(a+b) + log Γ(b+x) − log Γ(b) − log Γ(a+b+x))
 *   A3 = −(r+x) log(α+T)
 *   A4 = log a − log(b+x−1) − (r+x) log(α+tx)  (x > 0 only)
 *   log L = A1 + A2 + log(e^{A3} + δ_{x>0} e^{A4})
 * No constant is dropped or added: summed over CDNOW at the published estimates this is the
 * published −9582.4 (lifetimes reports the same sum divided by the number of customers).
 */
export function bgNbdLogLikelihoods(p: BgNbdParams, data: BgNbdData): Float64Array {
  const { r, alpha, a, b } = p;
  const n = data.x.length;
  const out = new Float64Array(n);
  const base = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const A12 = base + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
    const A3 = -(r + x) * Math.log(alpha + data.T[i]);
    if (x === 0) {
      out[i] = A12 + A3;
    } else {
      const A4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + data.tx[i]);
      out[i] = A12 + logAddExp(A3, A4);
    }
  }
  return out;
}

/** Σ w_i log L_i (see `bgNbdLogLikelihoods`). */
export function bgNbdLogLikelihood(p: BgNbdParams, data: BgNbdData): number {
  const ll = bgNbdLogLikelihoods(p, data);
  let s = 0;
  for (let i = 0; i < ll.length; i++) s += (data.weights ? data.weights[i] : 1) * ll[i];
  return s;
}

/**
 * The fit's objective: weighted mean −log L over log(r, α, a, b) and its analytic gradient.
 * Everything that depends only on x (the log Γ / ψ terms) is computed once per distinct x per
 * call, so a pass over 100k customers costs a few logs and one exp each. Derivatives of eq. (6):
 *   ∂/∂r = ψ(r+x) − ψ(r) + log α − w3 log(α+T) − w4 log(α+tx)
 *   ∂/∂α = r/α − (r+x) [w3/(α+T) + w4/(α+tx)]
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x) + w4/a
 *   ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − w4/(b+x−1)
 * with w4 = e^{A4}/(e^{A3}+e^{A4}) (0 when x = 0) and w3 = 1 − w4; chain rule ∂/∂log θ = θ ∂/∂θ.
 */
function objective(x: ArrayLike<number>, tx: Float64Array, T: Float64Array, w: Float64Array | null) {
  const n = x.length;
  const { values: distinct, index } = distinctValues(x);
  const nx = distinct.length;
  // Ages and recencies repeat too (whole days or weeks): their logs are taken once per distinct
  // value per call, not once per customer.
  const ages = distinctValues(T);
  const recencies = distinctValues(tx);
  const logAge = new Float64Array(ages.values.length);
  const invAge = new Float64Array(ages.values.length);
  const logRecency = new Float64Array(recencies.values.length);
  const invRecency = new Float64Array(recencies.values.length);
  let totalW = 0;
  for (let i = 0; i < n; i++) totalW += w ? w[i] : 1;
  // Per-x terms, refreshed for each parameter vector.
  const lgX = new Float64Array(nx);
  const dR = new Float64Array(nx);
  const dA = new Float64Array(nx);
  const dB = new Float64Array(nx);
  const logBx1 = new Float64Array(nx);

  const f = (theta: Float64Array, grad: Float64Array | null): number => {
    const r = Math.exp(theta[0]);
    const alpha = Math.exp(theta[1]);
    const a = Math.exp(theta[2]);
    const b = Math.exp(theta[3]);
    const logAlpha = Math.log(alpha);
    const logA = Math.log(a);
    const lgBase = -logGamma(r) + r * logAlpha + logGamma(a + b) - logGamma(b);
    const psiR = grad ? digamma(r) : 0;
    const psiAB = grad ? digamma(a + b) : 0;
    const psiB = grad ? digamma(b) : 0;
    for (let j = 0; j < nx; j++) {
      const k = distinct[j];
      lgX[j] = lgBase + logGamma(r + k) + logGamma(b + k) - logGamma(a + b + k);
      logBx1[j] = k > 0 ? Math.log(b + k - 1) : 0;
      if (grad) {
        const psiABx = digamma(a + b + k);
        dR[j] = digamma(r + k) - psiR + logAlpha;
        dA[j] = psiAB - psiABx;
        dB[j] = psiAB + digamma(b + k) - psiB - psiABx;
      }
    }
    for (let j = 0; j < logAge.length; j++) {
      logAge[j] = Math.log(alpha + ages.values[j]);
      invAge[j] = 1 / (alpha + ages.values[j]);
    }
    for (let j = 0; j < logRecency.length; j++) {
      logRecency[j] = Math.log(alpha + recencies.values[j]);
      invRecency[j] = 1 / (alpha + recencies.values[j]);
    }
    let ll = 0;
    let gR = 0;
    let gAl = 0;
    let gA = 0;
    let gB = 0;
    for (let i = 0; i < n; i++) {
      const k = x[i];
      const j = index[i];
      const wi = w ? w[i] : 1;
      const rx = r + k;
      const lT = logAge[ages.index[i]];
      const A3 = -rx * lT;
      if (k === 0) {
        ll += wi * (lgX[j] + A3);
        if (grad) {
          gR += wi * (dR[j] - lT);
          gAl += wi * (r / alpha - rx * invAge[ages.index[i]]);
          gA += wi * dA[j];
          gB += wi * dB[j];
        }
        continue;
      }
      const lTx = logRecency[recencies.index[i]];
      const A4 = logA - logBx1[j] - rx * lTx;
      // log(e^A3 + e^A4) and w4 = e^A4 / (e^A3 + e^A4) from one exponential.
      const d = A4 - A3;
      const e = Math.exp(-Math.abs(d));
      ll += wi * (lgX[j] + (d > 0 ? A4 : A3) + Math.log1p(e));
      if (grad) {
        const w4 = d > 0 ? 1 / (1 + e) : e / (1 + e);
        const w3 = 1 - w4;
        gR += wi * (dR[j] - w3 * lT - w4 * lTx);
        gAl += wi * (r / alpha - rx * (w3 * invAge[ages.index[i]] + w4 * invRecency[recencies.index[i]]));
        gA += wi * (dA[j] + w4 / a);
        gB += wi * (dB[j] - w4 / (b + k - 1));
      }
    }
    if (grad) {
      grad[0] = (-r * gR) / totalW;
      grad[1] = (-alpha * gAl) / totalW;
      grad[2] = (-a * gA) / totalW;
      grad[3] = (-b * gB) / totalW;
    }
    return -ll / totalW;
  };
  return { f, totalW };
}

/** Exposed for tests: the fit's objective on unscaled data, to check its gradient numerically. */
export function bgNbdObjective(data: BgNbdData) {
  const tx = Float64Array.from(data.tx);
  const T = Float64Array.from(data.T);
  return objective(data.x, tx, T, data.weights ? Float64Array.from(data.weights) : null).f;
}

export interface BgNbdFitOptions extends FitOptions {
  /** The unit of tx and T (required: it is part of the result's meaning). */
  timeUnit: TimeUnit;
}

/**
 * Maximum-likelihood fit of r, α, a, b > 0 (optimised as their logs). Times are first divided by
 * the largest T, as lifetimes does, so every parameter starts near 1 (α is scaled back after).
 * A result with `converged: false` says why (see `FitStatus`); its params must not be used.
 * Customers with no repeat purchase at all leave a and b unidentified: reported as such.
 */
export function fitBgNbd(data: BgNbdData, opts: BgNbdFitOptions): BgNbdFit {
  const invalid = validateBgNbdData(data);
  const fail = (status: 'invalid-input' | 'not-identifiable', message: string): BgNbdFit => ({
    params: null,
    logLikelihood: null,
    converged: false,
    status,
    iterations: 0,
    message,
    standardErrors: null,
    warnings: []
  });
  if (invalid) return fail('invalid-input', invalid);
  const n = data.x.length;
  let maxT = 0;
  let repeaters = 0;
  for (let i = 0; i < n; i++) {
    maxT = Math.max(maxT, data.T[i]);
    if (data.x[i] > 0 && (!data.weights || data.weights[i] > 0)) repeaters++;
  }
  if (repeaters === 0)
    return fail('not-identifiable', 'no customer made a repeat purchase: the dropout parameters a, b cannot be estimated');

  const scale = 1 / maxT;
  const tx = Float64Array.from(data.tx, (v) => v * scale);
  const T = Float64Array.from(data.T, (v) => v * scale);
  const { f, totalW } = objective(data.x, tx, T, data.weights ? Float64Array.from(data.weights) : null);
  const fit = fitLogSpace(NAMES, f, [0, 0, 0, 0], totalW, opts);
  const [r, alphaScaled, a, b] = Array.from(fit.logParams, Math.exp);
  const params: BgNbdParams = { r, alpha: alphaScaled / scale, a, b, timeUnit: opts.timeUnit };
  return toFitResult(fit, NAMES, params, [params.r, params.alpha, params.a, params.b], bgNbdLogLikelihood(params, data));
}

/**
 * log of the odds term in P(alive) and in FHL eq. (10)'s denominator:
 *   log[ a/(b+x−1) · ((α+T)/(α+tx))^{r+x} ]   (x > 0).
 */
function logDeadOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  return Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/**
 * P(alive | x, tx, T) = 1 / (1 + δ_{x>0} a/(b+x−1) ((α+T)/(α+tx))^{r+x})  (note 021, eq. 2),
 * through the logistic function of the log-odds so that x = 1000 gives 0, not NaN. 1 when x = 0:
 * in the BG/NBD a customer can only drop out right after a repeat purchase.
 */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  return logistic(-logDeadOdds(p, x, tx, T));
}

/**
 * E[Y(t) | x, tx, T]: expected repeat purchases in (T, T + t] of a customer with this history,
 * FHL eq. (10):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} 2F1(r+x, b+x; a+b+x−1; z)] / (1 + δ_{x>0} odds),
 *   z = t/(α+T+t).
 * Evaluated without the 2F1's overflow or the a → 1 singularity: Euler's transformation gives
 *   ((α+T)/(α+T+t))^{r+x} 2F1(r+x, b+x; C; z) = (1−z)^{a−1} 2F1(A, a−1; C; z),
 * with C = a+b+x−1, A = a+b−1−r; writing 2F1(A, a−1; C; z) = 1 + (a−1) H/C, where
 *   H = Σ_{j≥1} (A)_j (a)_{j−1} z^j / ((C+1)_{j−1} j!)   (all denominators > 0),
 * the bracket divided by (a−1) becomes [1 − (1−z)^{a−1}]/(a−1) − (1−z)^{a−1} H/C, so
 *   E = { C·[−expm1((a−1) log(1−z))/(a−1)] − (1−z)^{a−1} H } / (1 + δ_{x>0} odds),
 * which has a finite limit at a = 1 and only moderate terms for any x. H is summed in scaled
 * (log) form.
 *
 * H's series converges like z^j: slowly when the horizon t ≫ α + T (z near 1). For z > 0.9 the
 * bracket is instead computed as C [1 − (1−z)^{a−1} 2F1(A, a−1; C; z)] / (a−1) with the 2F1 from
 * its 1 − z transformation (`log2F1Complement`, a few dozen terms; no cancellation in the bracket
 * there unless a ≈ 1). Where that transformation is singular (a within 1e-4 of 1, or
 * x + r − a within 1e-4 of an integer) the numerator is extrapolated from its values at
 * a ± 3e-4 and a ± 6e-4 (Richardson on the symmetric means, error O(h⁴): ~1e-10 relative even at
 * t = 10⁸ (α + T)); only if that fails too is H summed (up to 200,000 terms).
 */
export function expectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return expectedPurchasesWith(p, t, x, tx, T, null);
}

const NUDGE = 3e-4;
/** Offsets of a for the 1 − z route: the point itself, then ±h and ±2h for the Richardson fallback. */
const OFFSETS = [0, -NUDGE, NUDGE, -2 * NUDGE, 2 * NUDGE];

/** Prefactors of the 1 − z transformation per x (and per offset of a), for one parameter set. */
type PrefactorCache = Map<number, (ComplementPrefactors | null)[]>;

function prefactorsFor(p: BgNbdParams, x: number, k: number, cache: PrefactorCache | null): ComplementPrefactors | null {
  const a = p.a + OFFSETS[k];
  const compute = () => complementPrefactors(a + p.b - 1 - p.r, a - 1, a + p.b + x - 1);
  if (!cache) return compute();
  let row = cache.get(x);
  if (!row) cache.set(x, (row = []));
  if (row[k] === undefined) row[k] = compute();
  return row[k];
}

function expectedPurchasesWith(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
  cache: PrefactorCache | null
): number {
  if (!(t > 0)) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const oneMinusZ = (alpha + T) / (alpha + T + t);
  const logOneMinusZ = -Math.log1p(t / (alpha + T));
  let numerator: number | null = null;
  if (z > COMPLEMENT_FROM) {
    const far = (k: number) =>
      farNumerator(r, a + OFFSETS[k], b, x, oneMinusZ, logOneMinusZ, prefactorsFor(p, x, k, cache));
    numerator = far(0);
    if (numerator === null) {
      // Symmetric means at a ± h and a ± 2h, combined by Richardson extrapolation: error O(h⁴).
      const near = [far(1), far(2), far(3), far(4)];
      if (near.every((v) => v !== null)) {
        const [m1, m2] = [(near[0]! + near[1]!) / 2, (near[2]! + near[3]!) / 2];
        numerator = (4 * m1 - m2) / 3;
      }
    }
  }
  if (numerator === null) {
    const B = a - 1;
    const C = a + b + x - 1;
    const A = a + b - 1 - r;
    const e1 = B === 0 ? -logOneMinusZ : -Math.expm1(B * logOneMinusZ) / B;
    let second = 0;
    if (A !== 0) {
      // H = A z · Σ_k u_k, u_0 = 1, u_{k+1}/u_k = (A+k+1)(a+k) z / ((C+k+1)(k+2)).
      const s = sumSeries((k) => ((A + k + 1) * (a + k) * z) / ((C + k + 1) * (k + 2)), z);
      if (s.sign !== 0) second = Math.sign(A) * s.sign * Math.exp(B * logOneMinusZ + Math.log(Math.abs(A) * z) + s.log);
    }
    numerator = C * e1 - second;
  }
  const value = x === 0 ? numerator : numerator * Math.exp(-log1pExp(logDeadOdds(p, x, tx, T)));
  // Rounding can leave a tiny negative where the exact value is a tiny positive.
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** FHL eq. (10)'s numerator for z near 1 via the 1 − z transformation, or null where it is singular. */
function farNumerator(
  r: number,
  a: number,
  b: number,
  x: number,
  w: number,
  logW: number,
  pre: ComplementPrefactors | null
): number | null {
  const B = a - 1;
  const C = a + b + x - 1;
  if (Math.abs(B) < 1e-4 || !(C > 0)) return null;
  const F = log2F1Complement(a + b - 1 - r, B, C, w, pre);
  if (!F) return null;
  // 1 − Q with Q = (1−z)^{a−1} 2F1(A, a−1; C; z), via expm1 when Q > 0.
  const logQ = B * logW + F.log;
  const oneMinusQ = F.sign > 0 ? -Math.expm1(logQ) : F.sign < 0 ? 1 + Math.exp(logQ) : 1;
  const value = (C * oneMinusQ) / B;
  return Number.isFinite(value) ? value : null;
}

/**
 * E[X(t)]: expected repeat purchases in (0, t] of a customer who has just made a first purchase,
 * FHL eq. (9) — the x = 0, T = 0 case of eq. (10), evaluated the same way.
 */
export function expectedPurchasesNewCustomer(p: BgNbdParams, t: number): number {
  return expectedPurchases(p, t, 0, 0, 0);
}

/**
 * Predictions for one parameter set (copied, so later changes to `p` do not leak in), caching
 * per-x constants: the way to evaluate many customers × horizons, as CLV does. Same values as
 * the free functions.
 */
export interface BgNbdPredictor {
  readonly params: Readonly<BgNbdParams>;
  expectedPurchases(t: number, x: number, tx: number, T: number): number;
  probabilityAlive(x: number, tx: number, T: number): number;
}

export function bgNbdPredictor(p: BgNbdParams): BgNbdPredictor {
  const params: Readonly<BgNbdParams> = Object.freeze({ ...p });
  const cache: PrefactorCache = new Map();
  return {
    params,
    expectedPurchases: (t, x, tx, T) => expectedPurchasesWith(params, t, x, tx, T, cache),
    probabilityAlive: (x, tx, T) => probabilityAlive(params, x, tx, T)
  };
}
