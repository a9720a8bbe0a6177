/**
 * Maximum likelihood in log-parameter space, shared by the BG/NBD and Gamma-Gamma fits, with an
 * honest verdict: a fit is `converged` only if the optimiser met its gradient test, no parameter
 * ran off towards 0 or ∞, and the likelihood is curved in every direction (the Hessian is
 * positive definite), i.e. every parameter is pinned down by the data.
 */
import { hessianFromGradient, invertPositiveDefinite, minimizeBfgs, type Objective } from './optimize';

/** Why a fit stopped; `ok` is the only good outcome. Stable codes for the UI to translate. */
export type FitStatus =
  | 'ok'
  | 'invalid-input'
  | 'not-identifiable'
  | 'non-finite'
  | 'max-iterations'
  | 'stalled'
  | 'degenerate';

export interface FitResult<P, K extends string> {
  /** The estimate, or the last point reached when not converged; null when nothing was estimated. */
  params: P | null;
  /** Total (weighted) log-likelihood at `params`; null when `params` is null. */
  logLikelihood: number | null;
  /** True only for `status === 'ok'`. Never use params of a non-converged fit for predictions. */
  converged: boolean;
  status: FitStatus;
  iterations: number;
  /** Human-readable detail (English), e.g. for logs. */
  message: string;
  /**
   * Asymptotic standard errors (delta method from the observed information in log space, as
   * lifetimes computes them) of the parameters the fit estimated; null when the fit did not converge.
   */
  standardErrors: Partial<Record<K, number>> | null;
  /** Caveats of a converged fit (e.g. a population mean that does not exist). */
  warnings: string[];
}

export interface FitOptions {
  /** Default 500. */
  maxIterations?: number;
  /** On the gradient of the mean negative log-likelihood in log space. Default 1e-7. */
  gradientTolerance?: number;
  /** A standard error of a log-parameter above this means "not identified". Default LOG_SD_LIMIT. */
  maxLogSd?: number;
}

export interface LogSpaceFit {
  logParams: Float64Array;
  status: FitStatus;
  iterations: number;
  message: string;
  /** Variances of the log-parameters (diagonal of the inverse observed information). */
  logVariances: Float64Array | null;
}

/** |log θ| above this (θ outside ≈ [2e-9, 5e8] on the fit's internal scale) means θ → 0 or ∞. */
const LOG_PARAM_LIMIT = 20;
/** A standard error of log θ above this (θ uncertain by a factor e^4 ≈ 55 at 1 s.e.) means "not identified". */
const LOG_SD_LIMIT = 4;

/**
 * Minimises `meanNll` (the weighted mean negative log-likelihood as a function of the log
 * parameters, with its gradient) from `start` and judges the result. `totalWeight` turns the
 * mean's curvature into the total's for the standard errors.
 */
export function fitLogSpace(
  names: readonly string[],
  meanNll: Objective,
  start: ArrayLike<number>,
  totalWeight: number,
  opts: FitOptions = {}
): LogSpaceFit {
  const res = minimizeBfgs(meanNll, start, {
    maxIterations: opts.maxIterations ?? 500,
    gradientTolerance: opts.gradientTolerance ?? 1e-7,
    maxAbsX: LOG_PARAM_LIMIT
  });
  const base = { logParams: res.x, iterations: res.iterations, logVariances: null };
  if (res.reason === 'non-finite')
    return { ...base, status: 'non-finite', message: 'the likelihood is not finite at the starting point' };

  // Also after 'gradient' or 'max-iterations': a slow drift can end just past the limit.
  const runaway = names.filter((_, i) => Math.abs(res.x[i]) > LOG_PARAM_LIMIT);
  if (runaway.length > 0) {
    const where = runaway.map((n) => `${n} → ${res.x[names.indexOf(n)] > 0 ? '∞' : '0'}`).join(', ');
    return { ...base, status: 'degenerate', message: `degenerate fit: ${where} (the model does not describe these data)` };
  }
  if (res.reason === 'max-iterations')
    return { ...base, status: 'max-iterations', message: `no convergence within ${res.iterations} iterations` };
  if (res.reason === 'stalled')
    return {
      ...base,
      status: 'stalled',
      message: `stalled before the gradient test was met (max |gradient| ${Math.max(...Array.from(res.gradient, Math.abs)).toExponential(2)})`
    };

  const n = names.length;
  const hessian = hessianFromGradient(meanNll, res.x);
  const inverse = invertPositiveDefinite(hessian, n);
  if (!inverse)
    return {
      ...base,
      status: 'not-identifiable',
      message: 'the likelihood is flat or saddle-shaped at the optimum: some parameters are not identified by these data'
    };
  const logVariances = new Float64Array(n);
  for (let i = 0; i < n; i++) logVariances[i] = inverse[i * n + i] / totalWeight;
  // A ridge towards a boundary (e.g. q, γ → ∞ together) can pass the gradient test with a
  // barely curved likelihood; a log-parameter uncertain by ± LOG_SD_LIMIT is not an estimate.
  const limit = opts.maxLogSd ?? LOG_SD_LIMIT;
  const loose = names.filter((_, i) => !(Math.sqrt(logVariances[i]) <= limit));
  if (loose.length > 0)
    return {
      ...base,
      status: 'not-identifiable',
      message: `not identified by these data: ${loose.join(', ')} (standard error of the log above ${limit})`
    };
  return { ...base, status: 'ok', message: `converged in ${res.iterations} iterations`, logVariances };
}

/**
 * The distinct values of a column and, per row, the position of its value among them:
 * likelihood terms that depend only on x (or only on T) are then computed once per distinct
 * value, in arrays as long as the number of distinct values (not as the largest x, which bad
 * data can make huge).
 */
export function distinctValues(x: ArrayLike<number>): { values: number[]; index: Int32Array } {
  const position = new Map<number, number>();
  const index = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let j = position.get(x[i]);
    if (j === undefined) position.set(x[i], (j = position.size));
    index[i] = j;
  }
  return { values: [...position.keys()], index };
}

/**
 * The FitResult of a log-space fit: converged only when the optimiser said so AND the
 * log-likelihood at the estimate is finite; standard errors by the delta method, se(θ_i) =
 * slopes[i]·se(c_i) with slopes[i] = dθ_i/dc_i for the fit's coordinate c_i (θ_i for c_i = log θ_i).
 */
export function toFitResult<P, K extends string>(
  fit: LogSpaceFit,
  names: readonly K[],
  params: P,
  slopes: readonly number[],
  logLikelihood: number,
  warningsIfOk: string[] = []
): FitResult<P, K> {
  const ok = fit.status === 'ok' && Number.isFinite(logLikelihood);
  return {
    params,
    logLikelihood: Number.isFinite(logLikelihood) ? logLikelihood : null,
    converged: ok,
    status: ok ? 'ok' : fit.status === 'ok' ? 'non-finite' : fit.status,
    iterations: fit.iterations,
    message: ok || fit.status !== 'ok' ? fit.message : 'the log-likelihood is not finite at the estimate',
    standardErrors:
      ok && fit.logVariances
        ? (Object.fromEntries(names.map((k, i) => [k, slopes[i] * Math.sqrt(fit.logVariances![i])])) as Partial<Record<K, number>>)
        : null,
    warnings: ok ? warningsIfOk : []
  };
}
