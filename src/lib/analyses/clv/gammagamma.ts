/**
 * Gamma-Gamma model of spend per transaction: Fader, Hardie & Lee (2005), "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", J. Marketing Research 42(4) 415–430, in the form
 * of Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (brucehardie.com note 025;
 * Colombo & Jiang 1999 for the original). Cited below as note 025 with its equation numbers.
 *
 * Each transaction value z ~ Gamma(p, ν) with ν ~ Gamma(q, γ) across customers; per customer we
 * see x transactions and their mean m_x. The caller must:
 * - pass only customers with x ≥ 1 repeat transactions (m_x is their mean; first purchases are
 *   conventionally left out, as in the CDNOW data where x is the repeat count),
 * - exclude customers whose mean value is ≤ 0 (refund-only, free orders): the gamma density has
 *   no mass there, and `fitGammaGamma` rejects such rows rather than guess,
 * - check that spend is roughly independent of frequency, which the model assumes
 *   (`spendFrequencyCorrelation`; Fader & Hardie report ρ = 0.11 for CDNOW and treat it as fine).
 */
import { digamma, logGamma } from './special';
import { distinctValues, fitLogSpace, toFitResult, type FitOptions, type FitResult } from './mle';

export interface GammaGammaData {
  /** Number of transactions behind m (integer ≥ 1). */
  x: ArrayLike<number>;
  /** Mean value of those transactions (> 0). */
  m: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

export interface GammaGammaParams {
  /** Shape of the per-transaction gamma (its CV is 1/√p). */
  p: number;
  /** Shape and scale of the gamma over customers' ν; the population mean spend is pγ/(q−1). */
  q: number;
  gamma: number;
}

export type GammaGammaParamName = 'p' | 'q' | 'gamma';
export type GammaGammaFit = FitResult<GammaGammaParams, GammaGammaParamName>;

const NAMES: readonly GammaGammaParamName[] = ['p', 'q', 'gamma'];

export function validateGammaGammaData(data: GammaGammaData): string | null {
  const n = data.x.length;
  if (data.m.length !== n || (data.weights && data.weights.length !== n))
    return 'x, m (and weights) must have the same length';
  if (n === 0) return 'no customers';
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const m = data.m[i];
    const w = data.weights ? data.weights[i] : 1;
    if (!(Number.isInteger(x) && x >= 1))
      return `row ${i}: x must be an integer ≥ 1 (customers without repeat purchases must be excluded; got ${x})`;
    if (!(Number.isFinite(m) && m > 0))
      return `row ${i}: mean value must be positive and finite (exclude zero/negative-value customers; got ${m})`;
    if (!(Number.isFinite(w) && w >= 0)) return `row ${i}: weight must be a non-negative number (got ${w})`;
    total += w;
  }
  return total > 0 ? null : 'all weights are 0';
}

/**
 * log f(m_x | x) per customer, note 025 eq. (1a) — the density of the MEAN m_x, with the
 * Jacobian terms (px−1) log m + px log x that lifetimes also keeps (so the CDNOW total at the
 * published estimates is the published −4055.9):
 *   log Γ(px+q) − log Γ(px) − log Γ(q) + q log γ + (px−1) log m + px log x − (px+q) log(γ + x m)
 */
export function gammaGammaLogLikelihoods(params: GammaGammaParams, data: GammaGammaData): Float64Array {
  const { p, q, gamma } = params;
  const n = data.x.length;
  const out = new Float64Array(n);
  const base = -logGamma(q) + q * Math.log(gamma);
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const m = data.m[i];
    const px = p * x;
    out[i] =
      base + logGamma(px + q) - logGamma(px) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + x * m);
  }
  return out;
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, data: GammaGammaData): number {
  const ll = gammaGammaLogLikelihoods(params, data);
  let s = 0;
  for (let i = 0; i < ll.length; i++) s += (data.weights ? data.weights[i] : 1) * ll[i];
  return s;
}

/**
 * Weighted mean −log f over log(p, q, γ) with its gradient; log Γ / ψ terms cached per distinct x.
 *   ∂/∂p = x [ψ(px+q) − ψ(px) + log m + log x − log(γ+xm)]
 *   ∂/∂q = ψ(px+q) − ψ(q) + log γ − log(γ+xm)
 *   ∂/∂γ = q/γ − (px+q)/(γ+xm)
 */
function objective(x: ArrayLike<number>, m: Float64Array, w: Float64Array | null) {
  const n = x.length;
  const { values: distinct, index } = distinctValues(x);
  const nx = distinct.length;
  const logX = Float64Array.from(distinct, Math.log);
  const logM = Float64Array.from(m, Math.log);
  let totalW = 0;
  for (let i = 0; i < n; i++) totalW += w ? w[i] : 1;
  const lg = new Float64Array(nx);
  const psiSum = new Float64Array(nx);
  const psiPx = new Float64Array(nx);

  const f = (theta: Float64Array, grad: Float64Array | null): number => {
    const p = Math.exp(theta[0]);
    const q = Math.exp(theta[1]);
    const gamma = Math.exp(theta[2]);
    const logGammaParam = Math.log(gamma);
    const base = -logGamma(q) + q * logGammaParam;
    const psiQ = grad ? digamma(q) : 0;
    for (let j = 0; j < nx; j++) {
      const k = distinct[j];
      lg[j] = base + logGamma(p * k + q) - logGamma(p * k);
      if (grad) {
        psiSum[j] = digamma(p * k + q);
        psiPx[j] = digamma(p * k);
      }
    }
    let ll = 0;
    let gP = 0;
    let gQ = 0;
    let gG = 0;
    for (let i = 0; i < n; i++) {
      const k = x[i];
      const j = index[i];
      const wi = w ? w[i] : 1;
      const px = p * k;
      const denom = gamma + k * m[i];
      const lDen = Math.log(denom);
      ll += wi * (lg[j] + (px - 1) * logM[i] + px * logX[j] - (px + q) * lDen);
      if (grad) {
        gP += wi * k * (psiSum[j] - psiPx[j] + logM[i] + logX[j] - lDen);
        gQ += wi * (psiSum[j] - psiQ + logGammaParam - lDen);
        gG += wi * (q / gamma - (px + q) / denom);
      }
    }
    if (grad) {
      grad[0] = (-p * gP) / totalW;
      grad[1] = (-q * gQ) / totalW;
      grad[2] = (-gamma * gG) / totalW;
    }
    return -ll / totalW;
  };
  return { f, totalW };
}

/** Exposed for tests: the fit's objective on unscaled data. */
export function gammaGammaObjective(data: GammaGammaData) {
  return objective(data.x, Float64Array.from(data.m), data.weights ? Float64Array.from(data.weights) : null).f;
}

/**
 * Maximum-likelihood fit of p, q, γ > 0 (as logs). Values are first divided by their mean, so
 * all three start near 1 (γ is scaled back; the log-likelihood is reported on the caller's
 * values). A fit with q ≤ 1 can converge, but the population mean spend pγ/(q−1) then does not
 * exist: it comes with a warning, and `expectedAverageValue` returns null where it would need it.
 */
export function fitGammaGamma(data: GammaGammaData, opts: FitOptions = {}): GammaGammaFit {
  const invalid = validateGammaGammaData(data);
  if (invalid)
    return {
      params: null,
      logLikelihood: null,
      converged: false,
      status: 'invalid-input',
      iterations: 0,
      message: invalid,
      standardErrors: null,
      warnings: []
    };
  const n = data.m.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data.m[i];
  const scale = n / sum;
  const m = Float64Array.from(data.m, (v) => v * scale);
  const { f, totalW } = objective(data.x, m, data.weights ? Float64Array.from(data.weights) : null);
  const fit = fitLogSpace(NAMES, f, [0, 0, 0], totalW, opts);
  const [p, q, gammaScaled] = Array.from(fit.logParams, Math.exp);
  const params: GammaGammaParams = { p, q, gamma: gammaScaled / scale };
  const warnings = q <= 1 ? ['q ≤ 1: the population mean spend is infinite; customers without repeat purchases get no expected value'] : [];
  return toFitResult(fit, NAMES, params, [params.p, params.q, params.gamma], gammaGammaLogLikelihood(params, data), warnings);
}

/**
 * E[M | x, m_x], note 025 eq. (5): a weighted average of the population mean pγ/(q−1) and the
 * customer's own mean, the weight on the latter px/(px+q−1) growing with x. Simplified:
 *   E = p (γ + x m_x) / (px + q − 1).
 * x = 0 (no repeat purchase; m is ignored) gives the population mean. Null when the expectation
 * does not exist (px + q ≤ 1, e.g. q ≤ 1 with x = 0).
 */
export function expectedAverageValue(params: GammaGammaParams, x: number, m: number): number | null {
  const { p, q, gamma } = params;
  const denom = p * x + q - 1;
  if (!(denom > 0)) return null;
  return (p * (gamma + (x > 0 ? x * m : 0))) / denom;
}

/**
 * Pearson correlation between number of transactions and mean value over the customers (weighted
 * when `weights` is given); null with fewer than 3 rows or no variation in either. The
 * Gamma-Gamma model assumes the two are independent; lifetimes' documentation suggests checking
 * that this is near 0 (CDNOW: 0.11). A UI might warn above |ρ| ≈ 0.3.
 */
export function spendFrequencyCorrelation(data: GammaGammaData): number | null {
  const n = data.x.length;
  if (n < 3 || data.m.length !== n) return null;
  const weight = (i: number) => (data.weights ? data.weights[i] : 1);
  let sw = 0;
  let sx = 0;
  let sm = 0;
  for (let i = 0; i < n; i++) {
    const w = weight(i);
    sw += w;
    sx += w * data.x[i];
    sm += w * data.m[i];
  }
  if (!(sw > 0)) return null;
  const mx = sx / sw;
  const mm = sm / sw;
  let cxx = 0;
  let cmm = 0;
  let cxm = 0;
  for (let i = 0; i < n; i++) {
    const w = weight(i);
    const dx = data.x[i] - mx;
    const dm = data.m[i] - mm;
    cxx += w * dx * dx;
    cmm += w * dm * dm;
    cxm += w * dx * dm;
  }
  if (!(cxx > 0 && cmm > 0)) return null;
  const rho = cxm / Math.sqrt(cxx * cmm);
  return Number.isFinite(rho) ? Math.max(-1, Math.min(1, rho)) : null;
}
