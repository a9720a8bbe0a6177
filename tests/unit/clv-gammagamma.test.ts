import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGradientMatchesDifferences } from '../helpers/gradient';
import {
  expectedAverageValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaObjective,
  spendFrequencyCorrelation,
  type GammaGammaData,
  type GammaGammaFit,
  type GammaGammaParams
} from '../../src/lib/analyses/clv/gammagamma';

const CDNOW = path.resolve(__dirname, '../../../shared/data/cdnow-lifetimes');

/** `cdnow_customers_summary_with_transactions.csv`: ID,x,t_x,T,zbar; CRLF, no final newline. */
function readWithValues(): number[][] {
  const text = readFileSync(path.join(CDNOW, 'cdnow_customers_summary_with_transactions.csv'), 'utf8');
  const lines = text.split('\r\n');
  expect(lines[0]).toBe('ID,x,t_x,T,zbar');
  return lines.slice(1).map((l) => l.split(',').map(Number));
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('Gamma-Gamma on the 946 CDNOW repeat buyers', () => {
  let rows: number[][];
  let data: GammaGammaData;
  let fit: GammaGammaFit;
  beforeAll(() => {
    rows = readWithValues();
    const repeat = rows.filter((r) => r[1] > 0);
    data = { x: repeat.map((r) => r[1]), m: repeat.map((r) => r[4]) };
    const t0 = performance.now();
    fit = fitGammaGamma(data);
    console.info(`CDNOW Gamma-Gamma fit: ${(performance.now() - t0).toFixed(0)} ms, ${fit.iterations} iterations`, fit.params, fit.logLikelihood);
  });

  it('reads 2,357 customers, 946 of them with repeat purchases (no blank last line)', () => {
    expect(rows.length).toBe(2357);
    expect(rows.every((r) => r.length === 5 && r.every(Number.isFinite))).toBe(true);
    expect(data.x.length).toBe(946);
  });

  it('recovers p = 6.25, q = 3.74, γ = 15.44 within 1 % and LL −4055.92 within 0.1', () => {
    expect(fit.converged).toBe(true);
    expect(fit.status).toBe('ok');
    expect(fit.warnings).toEqual([]);
    const p = fit.params!;
    expect(rel(p.p, 6.25)).toBeLessThan(0.01);
    expect(rel(p.q, 3.74)).toBeLessThan(0.01);
    expect(rel(p.gamma, 15.44)).toBeLessThan(0.01);
    expect(Math.abs(fit.logLikelihood! - -4055.92)).toBeLessThan(0.1);
  });

  it('uses the full density of the mean (note 025 eq. 1a, as lifetimes): −4055.92 at the published values', () => {
    const published: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
    expect(Math.abs(gammaGammaLogLikelihood(published, data) - -4055.92)).toBeLessThan(0.1);
    for (const k of ['p', 'q', 'gamma'] as const)
      for (const f of [0.97, 1.03])
        expect(gammaGammaLogLikelihood({ ...fit.params!, [k]: fit.params![k] * f }, data)).toBeLessThan(fit.logLikelihood!);
  });

  it('E[M | x, m] for the first ten customers matches lifetimes’ documentation', () => {
    // Quickstart output of conditional_expected_average_profit (x = 0 rows get the population mean).
    const documented = [24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981, 27.282408, 35.170981];
    rows.slice(0, 10).forEach((r, i) => expect(Math.abs(expectedAverageValue(fit.params!, r[1], r[4])! - documented[i])).toBeLessThan(0.001));
    // And the documented mean over all 2,357 customers.
    const mean = rows.reduce((s, r) => s + expectedAverageValue(fit.params!, r[1], r[4])!, 0) / rows.length;
    expect(Math.abs(mean - 35.2529588256)).toBeLessThan(0.001);
  });

  it('shrinks towards the population mean, less so with more purchases', () => {
    const p = fit.params!;
    const population = (p.p * p.gamma) / (p.q - 1);
    expect(expectedAverageValue(p, 0, 999)).toBeCloseTo(population, 10);
    const one = expectedAverageValue(p, 1, 100)!;
    const ten = expectedAverageValue(p, 10, 100)!;
    expect(one).toBeGreaterThan(population);
    expect(ten).toBeGreaterThan(one);
    expect(ten).toBeLessThan(100);
  });

  it('spend–frequency correlation is 0.1139 (lifetimes documentation: 0.113884)', () => {
    expect(spendFrequencyCorrelation(data)!).toBeCloseTo(0.113884, 5);
  });

  it('has an analytic gradient that matches central differences', () => {
    const f = gammaGammaObjective(data);
    const theta = Float64Array.from([Math.log(3), Math.log(2), Math.log(30)]);
    expectGradientMatchesDifferences(f, theta);
  });
});

describe('Gamma-Gamma edge cases', () => {
  it('expected value is null where it does not exist (q ≤ 1 and no repeat purchase)', () => {
    const p: GammaGammaParams = { p: 2, q: 0.8, gamma: 10 };
    expect(expectedAverageValue(p, 0, 0)).toBeNull();
    // With a purchase, px + q − 1 > 0 and the expectation exists.
    expect(expectedAverageValue(p, 1, 20)).toBeCloseTo((2 * (10 + 20)) / (2 + 0.8 - 1), 12);
  });

  it('rejects customers without repeat purchases or with non-positive values', () => {
    for (const data of [
      { x: [0, 2], m: [10, 20] },
      { x: [1, 2], m: [0, 20] },
      { x: [1, 2], m: [-5, 20] },
      { x: [1.5, 2], m: [5, 20] },
      { x: [1, 2], m: [5, Infinity] },
      { x: [1], m: [5, 6] }
    ]) {
      const fit = fitGammaGamma(data);
      expect(fit.converged).toBe(false);
      expect(fit.status).toBe('invalid-input');
      expect(fit.params).toBeNull();
    }
    expect(fitGammaGamma({ x: [1, 2], m: [0, 20] }).message).toMatch(/exclude zero\/negative-value customers/);
  });

  it('identical spend everywhere: no within-customer variation, reported as degenerate', () => {
    const fit = fitGammaGamma({ x: [1, 2, 3, 4, 5, 6], m: [10, 10, 10, 10, 10, 10] });
    expect(fit.converged).toBe(false);
    expect(fit.status).toBe('degenerate');
    expect(fit.standardErrors).toBeNull();
  });

  it('one purchase each: between- and within-customer spread cannot be told apart', () => {
    const fit = fitGammaGamma({ x: [1, 1, 1, 1], m: [10, 20, 30, 40] });
    expect(fit.converged).toBe(false);
    expect(['not-identifiable', 'degenerate', 'stalled']).toContain(fit.status);
    expect(fit.standardErrors).toBeNull();
  });

  it('correlation: null without variation, sign follows the data, weights count', () => {
    expect(spendFrequencyCorrelation({ x: [1, 1, 1], m: [1, 2, 3] })).toBeNull();
    expect(spendFrequencyCorrelation({ x: [1, 2], m: [1, 2] })).toBeNull();
    expect(spendFrequencyCorrelation({ x: [1, 2, 3, 4], m: [40, 30, 20, 10] })).toBeCloseTo(-1, 12);
    const weighted = spendFrequencyCorrelation({ x: [1, 2, 3], m: [5, 1, 9], weights: [1, 2, 1] })!;
    const expanded = spendFrequencyCorrelation({ x: [1, 2, 2, 3], m: [5, 1, 1, 9] })!;
    expect(weighted).toBeCloseTo(expanded, 12);
  });
});
