import { describe, expect, it } from 'vitest';
import {
  hessianFromGradient,
  invertPositiveDefinite,
  minimizeBfgs,
  withNumericGradient,
  type Objective
} from '../../src/lib/analyses/clv/optimize';
import { fitLogSpace } from '../../src/lib/analyses/clv/mle';

const rosenbrock: Objective = (x, g) => {
  const [a, b] = [x[0], x[1]];
  if (g) {
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
  }
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimizeBfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) with analytic gradients', () => {
    const res = minimizeBfgs(rosenbrock, [-1.2, 1], { gradientTolerance: 1e-10 });
    expect(res.converged).toBe(true);
    expect(res.reason).toBe('gradient');
    expect(res.x[0]).toBeCloseTo(1, 8);
    expect(res.x[1]).toBeCloseTo(1, 8);
    expect(res.iterations).toBeLessThan(100);
  });

  it('finds it with central-difference gradients too', () => {
    const f = withNumericGradient((x) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2);
    const res = minimizeBfgs(f, [-1.2, 1], { gradientTolerance: 1e-6 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 5);
    expect(res.x[1]).toBeCloseTo(1, 5);
  });

  it('handles an ill-conditioned quadratic (condition number 1e6)', () => {
    const f: Objective = (x, g) => {
      if (g) {
        g[0] = 2 * (x[0] - 3);
        g[1] = 2e6 * (x[1] + 2);
        g[2] = 10 * (x[2] - 1);
      }
      return (x[0] - 3) ** 2 + 1e6 * (x[1] + 2) ** 2 + 5 * (x[2] - 1) ** 2;
    };
    const res = minimizeBfgs(f, [0, 0, 0], { gradientTolerance: 1e-9 });
    expect(res.converged).toBe(true);
    expect([...res.x].map((v) => Number(v.toFixed(6)))).toEqual([3, -2, 1]);
  });

  it('steps back from regions where the function is not finite', () => {
    // log barrier: undefined for x ≤ 0; minimum of x − log x at x = 1.
    const f: Objective = (x, g) => {
      if (!(x[0] > 0)) return NaN;
      if (g) g[0] = 1 - 1 / x[0];
      return x[0] - Math.log(x[0]);
    };
    const res = minimizeBfgs(f, [8], { maxStep: 20 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 7);
  });

  it('reports a non-finite start, exhausted iterations and a runaway parameter', () => {
    expect(minimizeBfgs(() => NaN, [0]).reason).toBe('non-finite');
    expect(minimizeBfgs(() => NaN, [0]).converged).toBe(false);
    const short = minimizeBfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(short.converged).toBe(false);
    expect(short.reason).toBe('max-iterations');
    // Unbounded below: e^{−x} decreases forever.
    const away = minimizeBfgs(
      (x, g) => {
        if (g) g[0] = -Math.exp(-x[0]);
        return Math.exp(-x[0]);
      },
      [0],
      { maxAbsX: 20, gradientTolerance: 1e-30 }
    );
    expect(away.converged).toBe(false);
    expect(away.reason).toBe('runaway');
  });

  it('reports a stall when no step decreases f (here: a gradient that lies)', () => {
    const res = minimizeBfgs(
      (x, g) => {
        if (g) g[0] = -1;
        return x[0] * x[0];
      },
      [0.5]
    );
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('stalled');
  });
});

describe('hessianFromGradient / invertPositiveDefinite', () => {
  it('recovers a quadratic form and inverts it', () => {
    // f = ½ xᵀ A x with A = [[4, 1], [1, 3]]
    const f: Objective = (x, g) => {
      if (g) {
        g[0] = 4 * x[0] + x[1];
        g[1] = x[0] + 3 * x[1];
      }
      return 0.5 * (4 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]);
    };
    const H = hessianFromGradient(f, [0.3, -0.7]);
    expect([...H].map((v) => Number(v.toFixed(8)))).toEqual([4, 1, 1, 3]);
    const inv = invertPositiveDefinite(H, 2)!;
    // A⁻¹ = [[3, −1], [−1, 4]] / 11
    expect(inv[0]).toBeCloseTo(3 / 11, 10);
    expect(inv[1]).toBeCloseTo(-1 / 11, 10);
    expect(inv[3]).toBeCloseTo(4 / 11, 10);
  });

  it('returns null for singular, indefinite or non-finite matrices', () => {
    expect(invertPositiveDefinite(Float64Array.from([1, 1, 1, 1]), 2)).toBeNull();
    expect(invertPositiveDefinite(Float64Array.from([1, 0, 0, -1]), 2)).toBeNull();
    expect(invertPositiveDefinite(Float64Array.from([1, 0, 0, 0]), 2)).toBeNull();
    expect(invertPositiveDefinite(Float64Array.from([NaN, 0, 0, 1]), 2)).toBeNull();
  });
});

describe('fitLogSpace verdicts', () => {
  it('ok, with variances from the inverse curvature divided by the total weight', () => {
    // f = (θ0 − 1)² + 2 (θ1 + 1)²: Hessian diag(2, 4).
    const fit = fitLogSpace(
      ['u', 'v'],
      (x, g) => {
        if (g) {
          g[0] = 2 * (x[0] - 1);
          g[1] = 4 * (x[1] + 1);
        }
        return (x[0] - 1) ** 2 + 2 * (x[1] + 1) ** 2;
      },
      [0, 0],
      100
    );
    expect(fit.status).toBe('ok');
    expect(fit.logParams[0]).toBeCloseTo(1, 6);
    expect(fit.logVariances![0]).toBeCloseTo(1 / 2 / 100, 8);
    expect(fit.logVariances![1]).toBeCloseTo(1 / 4 / 100, 8);
  });

  it('a direction the objective ignores is not identifiable', () => {
    const fit = fitLogSpace(
      ['u', 'v'],
      (x, g) => {
        if (g) {
          g[0] = 2 * (x[0] - 1);
          g[1] = 0;
        }
        return (x[0] - 1) ** 2;
      },
      [0, 0],
      100
    );
    expect(fit.status).toBe('not-identifiable');
    expect(fit.logVariances).toBeNull();
  });

  it('a barely curved direction (s.e. of the log above 4) is not identifiable either', () => {
    const fit = fitLogSpace(
      ['u', 'v'],
      (x, g) => {
        if (g) {
          g[0] = 2 * (x[0] - 1);
          g[1] = 2e-4 * x[1];
        }
        return (x[0] - 1) ** 2 + 1e-4 * x[1] ** 2;
      },
      [0, 0],
      10
    );
    expect(fit.status).toBe('not-identifiable');
    expect(fit.message).toMatch(/\bv\b/);
  });

  it('a parameter running off to infinity is degenerate; a non-finite start is reported', () => {
    const away = fitLogSpace(
      ['u'],
      (x, g) => {
        if (g) g[0] = -Math.exp(-x[0]);
        return Math.exp(-x[0]);
      },
      [0],
      1,
      { gradientTolerance: 1e-30 }
    );
    expect(away.status).toBe('degenerate');
    expect(away.message).toMatch(/u → ∞/);
    expect(fitLogSpace(['u'], () => Infinity, [0], 1).status).toBe('non-finite');
  });
});
