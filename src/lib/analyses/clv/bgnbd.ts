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
  /**
   * Beta heterogeneity of the dropout probability p after each repeat purchase: E[p] = a/(a+b).
   * Both ∞ when `p` is set.
   */
  a: number;
  b: number;
  /**
   * Set only for the limit models `fitBgNbd` falls back to (see there): every customer drops out
   * after a repeat purchase with this one probability (a, b → ∞ with a/(a+b) = p); 0 when nobody
   * drops out (the NBD model).
   */
  p?: number;
  timeUnit: TimeUnit;
}

export type BgNbdParamName = 'r' | 'alpha' | 'a' | 'b' | 'p';
export type BgNbdFit = FitResult<BgNbdParams, BgNbdParamName>;

/** The mean dropout probability after a repeat purchase, a/(a+b) or p. */
export function meanDropout(p: BgNbdParams): number {
  return p.p ?? p.a / (p.a + p.b);
}
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
 * With one dropout probability p for everyone (`p` set), A2 = x log(1−p) and A4 starts with
 * log p − log(1−p) instead (the limits of both as a, b → ∞ with a/(a+b) = p).
 */
export function bgNbdLogLikelihoods(p: BgNbdParams, data: BgNbdData): Float64Array {
  const { r, alpha } = p;
  const n = data.x.length;
  const out = new Float64Array(n);
  const base = -logGamma(r) + r * Math.log(alpha);
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const A12 = base + logGamma(r + x) + logSurvival(p, x);
    const A3 = -(r + x) * Math.log(alpha + data.T[i]);
    out[i] = x === 0 ? A12 + A3 : A12 + logAddExp(A3, logDropoutOdds(p, x) - (r + x) * Math.log(alpha + data.tx[i]));
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

/** log of the chance to survive x purchases' dropout coin flips: log B(a, b+x) − log B(a, b), or x log(1−p). */
function logSurvival(p: BgNbdParams, x: number): number {
  if (p.p !== undefined) return x === 0 ? 0 : x * Math.log1p(-p.p);
  return logGamma(p.a + p.b) - logGamma(p.b) + logGamma(p.b + x) - logGamma(p.a + p.b + x);
}

/** log a − log(b+x−1), or log p − log(1−p) (−∞ when nobody drops out); x > 0. */
function logDropoutOdds(p: BgNbdParams, x: number): number {
  return p.p !== undefined ? Math.log(p.p) - Math.log1p(-p.p) : Math.log(p.a) - Math.log(p.b + x - 1);
}

/**
 * The three ways dropout can vary between customers that the fit knows:
 * - 'beta': the BG/NBD's p ~ Beta(a, b), coordinates log a, log b;
 * - 'fixed': one p for everyone (a, b → ∞ with a/(a+b) = p), coordinate logit p;
 * - 'none': nobody drops out (p = 0, the NBD), no coordinate.
 */
export type Dropout = 'beta' | 'fixed' | 'none';

/** Which of the three models `p` is. */
export function dropoutModel(p: BgNbdParams): Dropout {
  return p.p === undefined ? 'beta' : p.p > 0 ? 'fixed' : 'none';
}

const COORDINATES: Record<Dropout, readonly BgNbdParamName[]> = {
  beta: ['r', 'alpha', 'a', 'b'],
  fixed: ['r', 'alpha', 'p'],
  none: ['r', 'alpha']
};

/**
 * The dropout model's terms per distinct x = k, for the dropout coordinates c (`theta` from
 * index 2): logSurvival[j] and logOdds[j] as in `logSurvival` / `logDropoutOdds`, and their
 * derivatives in each coordinate m, dSurvival[m][j] and dOdds[m][j].
 *   beta:  ∂/∂log a: a (ψ(a+b) − ψ(a+b+k)),              1
 *          ∂/∂log b: b (ψ(a+b) + ψ(b+k) − ψ(b) − ψ(a+b+k)), −b/(b+k−1)
 *   fixed: ∂/∂logit p: −k p,                              1
 */
interface DropoutTerms {
  logSurvival: Float64Array;
  logOdds: Float64Array;
  dSurvival: Float64Array[];
  dOdds: Float64Array[];
}

function dropoutTerms(kind: Dropout, xs: readonly number[]): DropoutTerms & { update(theta: Float64Array, grad: boolean): void } {
  const nx = xs.length;
  const m = COORDINATES[kind].length - 2;
  const t: DropoutTerms = {
    logSurvival: new Float64Array(nx),
    logOdds: new Float64Array(nx).fill(-Infinity),
    dSurvival: Array.from({ length: m }, () => new Float64Array(nx)),
    dOdds: Array.from({ length: m }, () => new Float64Array(nx))
  };
  const update = (theta: Float64Array, grad: boolean) => {
    if (kind === 'beta') {
      const a = Math.exp(theta[2]);
      const b = Math.exp(theta[3]);
      const logA = theta[2];
      const lgBase = logGamma(a + b) - logGamma(b);
      const psiAB = grad ? digamma(a + b) : 0;
      const psiB = grad ? digamma(b) : 0;
      for (let j = 0; j < nx; j++) {
        const k = xs[j];
        t.logSurvival[j] = lgBase + logGamma(b + k) - logGamma(a + b + k);
        if (k > 0) t.logOdds[j] = logA - Math.log(b + k - 1);
        if (grad) {
          const psiABx = digamma(a + b + k);
          t.dSurvival[0][j] = a * (psiAB - psiABx);
          t.dSurvival[1][j] = b * (psiAB + digamma(b + k) - psiB - psiABx);
          t.dOdds[0][j] = k > 0 ? 1 : 0;
          t.dOdds[1][j] = k > 0 ? -b / (b + k - 1) : 0;
        }
      }
    } else if (kind === 'fixed') {
      const logOneMinusP = -log1pExp(theta[2]);
      const p = logistic(theta[2]);
      for (let j = 0; j < nx; j++) {
        const k = xs[j];
        t.logSurvival[j] = k * logOneMinusP;
        if (k > 0) t.logOdds[j] = theta[2];
        if (grad) {
          t.dSurvival[0][j] = -k * p;
          t.dOdds[0][j] = k > 0 ? 1 : 0;
        }
      }
    }
  };
  return { ...t, update };
}

/**
 * The fit's objective: weighted mean −log L over (log r, log α, dropout coordinates) and its
 * analytic gradient. Everything that depends only on x (the log Γ / ψ terms) is computed once per
 * distinct x per call, so a pass over 100k customers costs a few logs and one exp each; sums
 * over customers of terms that depend only on x are taken as sums over distinct x. Derivatives
 * of eq. (6), with w4 = e^{A4}/(e^{A3}+e^{A4}) (0 when x = 0) and w3 = 1 − w4:
 *   ∂/∂r = ψ(r+x) − ψ(r) + log α − w3 log(α+T) − w4 log(α+tx)
 *   ∂/∂α = r/α − (r+x) [w3/(α+T) + w4/(α+tx)]
 *   ∂/∂c = ∂logSurvival/∂c + w4 ∂logOdds/∂c     (each dropout coordinate c, see `dropoutTerms`)
 * and the chain rule ∂/∂log θ = θ ∂/∂θ for r and α.
 */
function objective(kind: Dropout, x: ArrayLike<number>, tx: Float64Array, T: Float64Array, w: Float64Array | null) {
  const n = x.length;
  const { values: distinct, index } = distinctValues(x);
  const nx = distinct.length;
  const drop = dropoutTerms(kind, distinct);
  const m = drop.dSurvival.length;
  // Ages and recencies repeat too (whole days or weeks): their logs are taken once per distinct
  // value per call, not once per customer.
  const ages = distinctValues(T);
  const recencies = distinctValues(tx);
  const logAge = new Float64Array(ages.values.length);
  const invAge = new Float64Array(ages.values.length);
  const logRecency = new Float64Array(recencies.values.length);
  const invRecency = new Float64Array(recencies.values.length);
  // Total weight per distinct x, and per call the weighted sum of w4 per distinct x.
  const weightX = new Float64Array(nx);
  for (let i = 0; i < n; i++) weightX[index[i]] += w ? w[i] : 1;
  const totalW = weightX.reduce((s, v) => s + v, 0);
  const w4X = new Float64Array(nx);
  const lgX = new Float64Array(nx);

  const f = (theta: Float64Array, grad: Float64Array | null): number => {
    const r = Math.exp(theta[0]);
    const alpha = Math.exp(theta[1]);
    const logAlpha = theta[1];
    drop.update(theta, grad !== null);
    const lgBase = -logGamma(r) + r * logAlpha;
    const psiR = grad ? digamma(r) : 0;
    let ll = 0;
    let gR = 0;
    let gAl = 0;
    for (let j = 0; j < nx; j++) {
      lgX[j] = lgBase + logGamma(r + distinct[j]) + drop.logSurvival[j];
      ll += weightX[j] * lgX[j];
      if (grad) gR += weightX[j] * (digamma(r + distinct[j]) - psiR + logAlpha);
    }
    for (let j = 0; j < logAge.length; j++) {
      logAge[j] = Math.log(alpha + ages.values[j]);
      invAge[j] = 1 / (alpha + ages.values[j]);
    }
    for (let j = 0; j < logRecency.length; j++) {
      logRecency[j] = Math.log(alpha + recencies.values[j]);
      invRecency[j] = 1 / (alpha + recencies.values[j]);
    }
    w4X.fill(0);
    for (let i = 0; i < n; i++) {
      const j = index[i];
      const wi = w ? w[i] : 1;
      const rx = r + x[i];
      const lT = logAge[ages.index[i]];
      const A3 = -rx * lT;
      const A4 = drop.logOdds[j] - rx * logRecency[recencies.index[i]];
      if (A4 === -Infinity) {
        // x = 0, or nobody drops out.
        ll += wi * A3;
        if (grad) {
          gR -= wi * lT;
          gAl -= wi * rx * invAge[ages.index[i]];
        }
        continue;
      }
      // log(e^A3 + e^A4) and w4 = e^A4 / (e^A3 + e^A4) from one exponential.
      const d = A4 - A3;
      const e = Math.exp(-Math.abs(d));
      ll += wi * ((d > 0 ? A4 : A3) + Math.log1p(e));
      if (grad) {
        const w4 = d > 0 ? 1 / (1 + e) : e / (1 + e);
        const w3 = 1 - w4;
        gR -= wi * (w3 * lT + w4 * logRecency[recencies.index[i]]);
        gAl -= wi * rx * (w3 * invAge[ages.index[i]] + w4 * invRecency[recencies.index[i]]);
        w4X[j] += wi * w4;
      }
    }
    if (grad) {
      grad[0] = (-r * gR) / totalW;
      grad[1] = (-alpha * (gAl + (r / alpha) * totalW)) / totalW;
      for (let c = 0; c < m; c++) {
        let g = 0;
        for (let j = 0; j < nx; j++) g += weightX[j] * drop.dSurvival[c][j] + w4X[j] * drop.dOdds[c][j];
        grad[2 + c] = -g / totalW;
      }
    }
    return -ll / totalW;
  };
  return { f, totalW };
}

/** Exposed for tests: the fit's objective on unscaled data, to check its gradient numerically. */
export function bgNbdObjective(data: BgNbdData, dropout: Dropout = 'beta') {
  const tx = Float64Array.from(data.tx);
  const T = Float64Array.from(data.T);
  return objective(dropout, data.x, tx, T, data.weights ? Float64Array.from(data.weights) : null).f;
}

export interface BgNbdFitOptions extends FitOptions {
  /** The unit of tx and T (required: it is part of the result's meaning). */
  timeUnit: TimeUnit;
}

/**
 * 5 % critical values of χ² with 1 and 2 degrees of freedom: a simpler dropout model whose
 * log-likelihood is within half of these of a richer one's describes the data as well
 * (likelihood-ratio test), so the richer model's extra parameters are not needed.
 */
const CHI2_95 = [0, 3.841, 5.991];

/**
 * Maximum-likelihood fit of r, α, a, b > 0 (optimised as their logs). Times are first divided by
 * the largest T, as lifetimes does, so every parameter starts near 1 (α is scaled back after).
 * A result with `converged: false` says why (see `FitStatus`); its params must not be used.
 * Customers with no repeat purchase at all leave a and b unidentified: reported as such.
 *
 * When the data show no difference in dropout between customers, the likelihood's maximum is on
 * the edge of the BG/NBD: a, b → ∞ with a/(a+b) fixed (one dropout probability for everyone),
 * or a/(a+b) → 0 (nobody drops out). The full fit then cannot converge (a, b run off, the
 * Hessian is flat) or converges to barely determined a, b, although the data are well described;
 * on short histories this is common (UCI Online Retail up to September 2011). So unless the full
 * fit converges with every parameter pinned down (`PINNED_LOG_SD`), the limit models are fitted
 * too (one p for everyone; no dropout, the NBD), and the simplest one that converges, pins its own
 * parameters down and is not significantly worse than the richer ones (likelihood-ratio test at
 * 5 %) is the result. Its params have `p` set and a, b = ∞, and a warning says which model it is.
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
  const weights = data.weights ? Float64Array.from(data.weights) : null;
  const fitModel = (kind: Dropout): BgNbdFit => {
    const names = COORDINATES[kind];
    const { f, totalW } = objective(kind, data.x, tx, T, weights);
    const fit = fitLogSpace(names, f, new Float64Array(names.length), totalW, kind === 'beta' ? opts : { ...opts, maxLogSd: PINNED_LOG_SD });
    const [r, alphaScaled, c1, c2] = fit.logParams;
    const base = { r: Math.exp(r), alpha: Math.exp(alphaScaled) / scale, timeUnit: opts.timeUnit };
    const params: BgNbdParams =
      kind === 'beta' ? { ...base, a: Math.exp(c1), b: Math.exp(c2) } : { ...base, a: Infinity, b: Infinity, p: kind === 'fixed' ? logistic(c1) : 0 };
    // Standard errors by the delta method: dθ/d log θ = θ, dp/d logit p = p (1 − p).
    const slopes = [params.r, params.alpha, ...(kind === 'beta' ? [params.a, params.b] : kind === 'fixed' ? [params.p! * (1 - params.p!)] : [])];
    return toFitResult(fit, names, params, slopes, bgNbdLogLikelihood(params, data), LIMIT_WARNINGS[kind]);
  };
  const full = fitModel('beta');
  if (full.logLikelihood === null || (full.converged && pinned(full))) return full;
  const fixed = fitModel('fixed');
  const none = fitModel('none');
  // A richer fit's log-likelihood, converged or not, is a lower bound of its maximum.
  const asGood = (simple: BgNbdFit, rich: BgNbdFit, df: 1 | 2) =>
    rich.logLikelihood === null || 2 * (rich.logLikelihood - simple.logLikelihood!) <= CHI2_95[df];
  if (none.converged && asGood(none, full, 2) && asGood(none, fixed, 1)) return none;
  if (fixed.converged && asGood(fixed, full, 1)) return fixed;
  return full;
}

/** Every estimate's standard error is at most PINNED_LOG_SD times the estimate (the s.e. of its log). */
function pinned(fit: BgNbdFit): boolean {
  return Object.entries(fit.standardErrors ?? {}).every(([k, se]) => se! <= PINNED_LOG_SD * (fit.params![k as BgNbdParamName] as number));
}

/**
 * "Pinned down": the standard error of the log of every estimate is at most this (each known to
 * within a factor e at 1 s.e.). A full fit that is not is checked against the limit models; a
 * limit model that is not is never used (data without any variation left, everyone buying
 * exactly weekly, would otherwise get r, α → ∞ together).
 */
const PINNED_LOG_SD = 1;

const LIMIT_WARNINGS: Record<Dropout, string[]> = {
  beta: [],
  fixed: ['dropout does not vary detectably between customers: one dropout probability p for all (the BG/NBD limit a, b → ∞)'],
  none: ['no detectable dropout: the NBD model, in which every customer stays (the BG/NBD limit a/(a+b) → 0)']
};

/**
 * log of the odds term in P(alive) and in FHL eq. (10)'s denominator:
 *   log[ a/(b+x−1) · ((α+T)/(α+tx))^{r+x} ]   (x > 0),
 * with p/(1−p) for a/(b+x−1) under one dropout probability (−∞ when nobody drops out).
 */
function logDeadOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  return logDropoutOdds(p, x) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
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
  if (p.p !== undefined) return expectedPurchasesFixedDropout(p, p.p, t, x, tx, T);
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

/**
 * E[Y(t) | x, tx, T] with one dropout probability p for everyone, eq. (10)'s limit as a, b → ∞:
 * alive at T, λ ~ Gamma(r+x, α+T), and E[purchases in t | λ, p, alive] = (1 − e^{−λpt})/p (FHL
 * eq. 8's limit), so
 *   E = P(alive) · [1 − ((α+T)/(α+T+pt))^{r+x}] / p,   and (r+x) t/(α+T) when p = 0 (the NBD).
 */
function expectedPurchasesFixedDropout(p: BgNbdParams, dropout: number, t: number, x: number, tx: number, T: number): number {
  const rx = p.r + x;
  const purchases = dropout > 0 ? -Math.expm1(-rx * Math.log1p((dropout * t) / (p.alpha + T))) / dropout : (rx * t) / (p.alpha + T);
  return x === 0 ? purchases : purchases * Math.exp(-log1pExp(logDeadOdds(p, x, tx, T)));
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
