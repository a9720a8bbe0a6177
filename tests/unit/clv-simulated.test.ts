import { describe, expect, it } from 'vitest';
import { dropoutModel, fitBgNbd, type BgNbdParams } from '../../src/lib/analyses/clv/bgnbd';
import { customerLifetimeValues } from '../../src/lib/analyses/clv/clv';
import { gammaSampler, mulberry32 } from '../helpers/random';

/**
 * Customers from the BG/NBD story (FHL 2005 §3): λ ~ Gamma(r, α), p ~ Beta(a, b); after the
 * first purchase at 0, purchases arrive at rate λ, and after each one the customer drops out
 * with probability p. Ages T are spread over 26–78 weeks, as for cohorts joining over a year.
 * With `p.p` set, every customer has that dropout probability (the limit models).
 */
function simulate(p: BgNbdParams, n: number, seed: number) {
  const u = mulberry32(seed);
  const gamma = gammaSampler(u);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = gamma(p.r) / p.alpha;
    const ga = p.p ?? gamma(p.a);
    const dropout = p.p ?? ga / (ga + gamma(p.b));
    T[i] = 26 + 52 * u();
    let t = 0;
    for (;;) {
      t += -Math.log(u()) / lambda;
      if (t > T[i]) break;
      x[i]++;
      tx[i] = t;
      if (u() < dropout) break;
    }
  }
  return { x, tx, T };
}

describe('BG/NBD on 100,000 simulated customers', () => {
  // Timings are logged for information only: speed targets live in the benchmark, not in tests.
  it('recovers the parameters from 100,000 simulated customers', () => {
    const truth: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, timeUnit: 'weeks' };
    const data = simulate(truth, 100_000, 20240628);
    const repeaters = data.x.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
    const t0 = performance.now();
    const fit = fitBgNbd(data, { timeUnit: 'weeks' });
    const ms = performance.now() - t0;
    console.info(`100k BG/NBD fit: ${ms.toFixed(0)} ms, ${fit.iterations} iterations, ${repeaters} repeat buyers`, fit.params, fit.standardErrors);
    expect(fit.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      const estimate = fit.params![k];
      expect(Math.abs(estimate / truth[k] - 1)).toBeLessThan(0.1);
      // And the reported standard errors are honest: the truth is within 4 of them.
      expect(Math.abs(estimate - truth[k])).toBeLessThan(4 * fit.standardErrors![k]!);
    }

    // 12-month CLV for all of them with the fitted model (value 1 per purchase: CLV is then the
    // discounted expected purchases, at most the undiscounted E[Y(12 months)]).
    const t1 = performance.now();
    const clv = customerLifetimeValues(fit.params!, data, new Float64Array(data.x.length).fill(1), { periods: 12, discountRate: 0.01 });
    const clvMs = performance.now() - t1;
    console.info(`100k × 12-month CLV: ${clvMs.toFixed(0)} ms`);
    expect(clv.every((v) => Number.isFinite(v) && v > 0 && v < 200)).toBe(true);
  });
});

describe('BG/NBD where dropout does not vary between customers (the fit falls back to a limit model)', () => {
  const fixed: BgNbdParams = { r: 0.5, alpha: 6, a: Infinity, b: Infinity, p: 0.08, timeUnit: 'weeks' };

  it('one dropout probability for everyone: the full model cannot converge, the limit model recovers r, α, p', () => {
    const data = simulate(fixed, 20_000, 7);
    const fit = fitBgNbd(data, { timeUnit: 'weeks' });
    expect(fit.converged).toBe(true);
    expect(dropoutModel(fit.params!)).toBe('fixed');
    expect(fit.warnings.join(' ')).toMatch(/one dropout probability/);
    expect([fit.params!.a, fit.params!.b]).toEqual([Infinity, Infinity]);
    for (const k of ['r', 'alpha', 'p'] as const) {
      const estimate = fit.params![k]!;
      expect(Math.abs(estimate / fixed[k]! - 1)).toBeLessThan(0.1);
      expect(Math.abs(estimate - fixed[k]!)).toBeLessThan(4 * fit.standardErrors![k]!);
    }
  });

  it('nobody drops out: the NBD, with P(alive) = 1 and a linear forecast', () => {
    const none: BgNbdParams = { ...fixed, p: 0 };
    const data = simulate(none, 20_000, 8);
    const fit = fitBgNbd(data, { timeUnit: 'weeks' });
    expect(fit.converged).toBe(true);
    expect(dropoutModel(fit.params!)).toBe('none');
    expect(fit.params!.p).toBe(0);
    for (const k of ['r', 'alpha'] as const) expect(Math.abs(fit.params![k] / none[k] - 1)).toBeLessThan(0.1);
    expect(fit.standardErrors).toEqual({ r: expect.any(Number), alpha: expect.any(Number) });
  });

  it('keeps the full model when its dropout does vary: BG/NBD data are not fitted by a limit model', () => {
    const data = simulate({ r: 0.5, alpha: 6, a: 0.8, b: 2.5, timeUnit: 'weeks' }, 20_000, 9);
    const fit = fitBgNbd(data, { timeUnit: 'weeks' });
    expect(fit.converged).toBe(true);
    expect(dropoutModel(fit.params!)).toBe('beta');
  });
});
