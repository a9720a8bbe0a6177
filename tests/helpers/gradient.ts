import { expect } from 'vitest';

type Objective = (theta: Float64Array, gradient: Float64Array | null) => number;

/** The objective's analytic gradient at `theta` agrees with central differences (relative 1e-7). */
export function expectGradientMatchesDifferences(f: Objective, theta: Float64Array): void {
  const g = new Float64Array(theta.length);
  f(theta, g);
  for (let i = 0; i < theta.length; i++) {
    const h = 1e-6;
    const up = Float64Array.from(theta);
    const down = Float64Array.from(theta);
    up[i] += h;
    down[i] -= h;
    const numeric = (f(up, null) - f(down, null)) / (2 * h);
    expect(Math.abs(g[i] - numeric)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
  }
}
