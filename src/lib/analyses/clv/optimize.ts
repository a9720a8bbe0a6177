/**
 * A small unconstrained minimiser: BFGS on the inverse Hessian with a backtracking (Armijo) line
 * search (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 6.1 and 3.1). The models fit
 * 3–4 parameters in log space, where BFGS needs a few dozen gradient evaluations; Nelder–Mead
 * would need hundreds of likelihood passes over every customer. Written here rather than taken
 * from a package because it is ~150 lines, has no dependencies and runs unchanged in a Worker.
 */

/**
 * The function to minimise. When `grad` is given, write ∂f/∂x_i into it. Returning a non-finite
 * value means "outside the usable region": the line search steps back.
 */
export type Objective = (x: Float64Array, grad: Float64Array | null) => number;

export interface MinimizeOptions {
  /** Stop when max_i |∂f/∂x_i| ≤ this. Default 1e-8 (objectives here are per-customer means). */
  gradientTolerance?: number;
  /** Default 200. */
  maxIterations?: number;
  /** Largest move of any coordinate in one step (log-space units: e^3 ≈ 20×). Default 3. */
  maxStep?: number;
  /** Stop (reason 'runaway') once any |x_i| exceeds this: a parameter heading to 0 or ∞. */
  maxAbsX?: number;
}

/**
 * 'stalled': no step decreases f any more (the line search failed, or ten steps in a row gained
 * less than 1e-14 relative) although the gradient test is not met — typically a ridge or the
 * limit of floating-point precision.
 */
export type StopReason = 'gradient' | 'max-iterations' | 'stalled' | 'non-finite' | 'runaway';

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  /** True only when the gradient test passed (see `reason`). */
  converged: boolean;
  reason: StopReason;
}

/** Wraps a value-only function with central-difference gradients (step 1e-5 · max(1, |x_i|)). */
export function withNumericGradient(f: (x: Float64Array) => number): Objective {
  return (x, grad) => {
    const fx = f(x);
    if (grad) {
      const probe = Float64Array.from(x);
      for (let i = 0; i < x.length; i++) {
        const h = 1e-5 * Math.max(1, Math.abs(x[i]));
        probe[i] = x[i] + h;
        const up = f(probe);
        probe[i] = x[i] - h;
        const down = f(probe);
        probe[i] = x[i];
        grad[i] = (up - down) / (2 * h);
      }
    }
    return fx;
  };
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

export function minimizeBfgs(f: Objective, x0: ArrayLike<number>, opts: MinimizeOptions = {}): MinimizeResult {
  const gtol = opts.gradientTolerance ?? 1e-8;
  const maxIterations = opts.maxIterations ?? 200;
  const maxStep = opts.maxStep ?? 3;
  const maxAbsX = opts.maxAbsX ?? Infinity;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  const done = (iterations: number, reason: StopReason): MinimizeResult => ({
    x,
    value: fx,
    gradient: g,
    iterations,
    evaluations,
    converged: reason === 'gradient',
    reason
  });
  if (!Number.isFinite(fx) || !allFinite(g)) return done(0, 'non-finite');

  // Inverse-Hessian approximation, row-major; starts as the identity.
  const H = new Float64Array(n * n);
  const resetH = () => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
  };
  resetH();
  let fresh = true;
  const d = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let flat = 0;

  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(g) <= gtol) return done(iter, 'gradient');

    // Search direction d = −H g; fall back to steepest descent if it is not downhill.
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j] * g[j];
      d[i] = v;
      slope += v * g[i];
    }
    if (!(slope < 0)) {
      resetH();
      fresh = true;
      slope = 0;
      for (let i = 0; i < n; i++) {
        d[i] = -g[i];
        slope -= g[i] * g[i];
      }
    }
    const big = maxAbs(d);
    if (big > maxStep) {
      const k = maxStep / big;
      for (let i = 0; i < n; i++) d[i] *= k;
      slope *= k;
    }

    // Backtracking line search with the Armijo condition; non-finite values count as failures.
    let step = 1;
    let fNew = NaN;
    let accepted = false;
    for (let trial = 0; trial < 60; trial++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = f(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && allFinite(gNew) && fNew <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      // Quadratic interpolation of the step where it is informative, halving otherwise.
      const q = Number.isFinite(fNew) ? (-slope * step * step) / (2 * (fNew - fx - slope * step)) : NaN;
      step = q > 0.1 * step && q < 0.5 * step ? q : 0.5 * step;
    }
    if (!accepted) {
      if (!fresh) {
        // A stale curvature model can point nowhere useful: retry once from steepest descent.
        resetH();
        fresh = true;
        continue;
      }
      return done(iter, 'stalled');
    }

    let sy = 0;
    let ss = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      ss += s[i] * s[i];
      yy += y[i] * y[i];
    }
    flat = fx - fNew <= 1e-14 * Math.max(1, Math.abs(fx)) ? flat + 1 : 0;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (maxAbs(x) > maxAbsX) return done(iter + 1, 'runaway');
    if (flat >= 10) return done(iter + 1, maxAbs(g) <= gtol ? 'gradient' : 'stalled');

    // Skip the update when curvature is not positive (Armijo alone does not guarantee it).
    if (sy > 1e-12 * Math.sqrt(ss * yy)) {
      if (fresh) {
        // Scale the identity to the observed curvature before the first update (N&W eq. 6.20).
        const k = sy / yy;
        for (let i = 0; i < n; i++) H[i * n + i] = k;
        fresh = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded (N&W eq. 6.17).
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j] * y[j];
        Hy[i] = v;
        yHy += y[i] * v;
      }
      const c = (1 + rho * yHy) * rho;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          H[i * n + j] += c * s[i] * s[j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]);
    }
  }
  return maxAbs(g) <= gtol ? done(maxIterations, 'gradient') : done(maxIterations, 'max-iterations');
}

/**
 * Hessian by central differences of the gradient (step h), symmetrised. Used once at the
 * optimum, for the identifiability check and standard errors.
 */
export function hessianFromGradient(f: Objective, x: ArrayLike<number>, h = 1e-4): Float64Array {
  const n = x.length;
  const out = new Float64Array(n * n);
  const probe = Float64Array.from(x);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    probe[j] = x[j] + h;
    f(probe, up);
    probe[j] = x[j] - h;
    f(probe, down);
    probe[j] = x[j];
    for (let i = 0; i < n; i++) out[i * n + j] = (up[i] - down[i]) / (2 * h);
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const m = (out[i * n + j] + out[j * n + i]) / 2;
      out[i * n + j] = m;
      out[j * n + i] = m;
    }
  return out;
}

/**
 * Inverse of a symmetric matrix via Cholesky, or null when it is not clearly positive definite
 * (a pivot ≤ relTol × the largest diagonal entry, or non-finite entries): a flat or saddle
 * direction of the likelihood, i.e. a parameter the data cannot pin down.
 */
export function invertPositiveDefinite(m: Float64Array, n: number, relTol = 1e-9): Float64Array | null {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(m[i * n + i])) return null;
    maxDiag = Math.max(maxDiag, m[i * n + i]);
  }
  if (!(maxDiag > 0)) return null;
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let v = m[i * n + j];
      for (let k = 0; k < j; k++) v -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(v > relTol * maxDiag)) return null;
        L[i * n + i] = Math.sqrt(v);
      } else {
        L[i * n + j] = v / L[j * n + j];
      }
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let v = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) v -= L[i * n + k] * col[k];
      col[i] = v / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let v = col[i];
      for (let k = i + 1; k < n; k++) v -= L[k * n + i] * col[k];
      col[i] = v / L[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + c] = col[i];
  }
  return inv;
}
