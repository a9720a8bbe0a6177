import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGradientMatchesDifferences } from '../helpers/gradient';
import {
  bgNbdLogLikelihood,
  bgNbdPredictor,
  bgNbdLogLikelihoods,
  bgNbdObjective,
  convertTimeUnit,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  probabilityAlive,
  type BgNbdData,
  type BgNbdFit,
  type BgNbdParams
} from '../../src/lib/analyses/clv/bgnbd';

const CDNOW = path.resolve(__dirname, '../../../shared/data/cdnow-lifetimes');

/** `cdnow_customers_summary.csv`: ID,frequency,recency,T with times in weeks, LF. */
function readSummary(): BgNbdData {
  const lines = readFileSync(path.join(CDNOW, 'cdnow_customers_summary.csv'), 'utf8').split(/\r?\n/);
  expect(lines[0]).toBe('ID,frequency,recency,T');
  const rows = lines.slice(1).filter((l) => l !== '').map((l) => l.split(',').map(Number));
  return { x: rows.map((r) => r[1]), tx: rows.map((r) => r[2]), T: rows.map((r) => r[3]) };
}

/** The published estimates (FHL 2005, Table/§5; lifetimes' test suite). */
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, timeUnit: 'weeks' };

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/**
 * P(alive) and E[Y(t)] by numerical integration over the dropout probability p, with λ
 * integrated analytically — an independent route to FHL eq. (10) and note 021 that uses neither
 * the hypergeometric function nor the closed forms. Given (λ, p): alive-and-seen-x has likelihood
 * (1−p)^x λ^x e^{−λT}, dropped-after-last-purchase p(1−p)^{x−1} λ^x e^{−λ tx}, and an alive
 * customer makes (1 − e^{−λpt})/p purchases in t on average (FHL eq. 7). The gamma integrals over
 * λ leave powers of (α+T), (α+tx), (α+T+pt); p ~ Beta(a, b) is integrated with p = s^{1/a}
 * (which absorbs p^{a−1}) by the midpoint rule.
 */
function byQuadrature(p: BgNbdParams, x: number, tx: number, T: number, t: number, n = 100_000) {
  const { r, alpha, a, b } = p;
  const deadOdds = Math.pow((alpha + T) / (alpha + tx), r + x);
  let alive = 0;
  let dead = 0;
  let future = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.pow((i + 0.5) / n, 1 / a);
    const w = Math.pow(1 - q, b - 1);
    const survive = Math.pow(1 - q, x);
    alive += w * survive;
    if (x > 0) dead += w * q * Math.pow(1 - q, x - 1) * deadOdds;
    future += (w * survive * -Math.expm1(-(r + x) * Math.log1p((q * t) / (alpha + T)))) / q;
  }
  return { pAlive: alive / (alive + dead), expected: future / (alive + dead) };
}

describe('BG/NBD on the CDNOW calibration summary (2,357 customers, weeks)', () => {
  let data: BgNbdData;
  let fit: BgNbdFit;
  let ms: number;
  beforeAll(() => {
    data = readSummary();
    const t0 = performance.now();
    fit = fitBgNbd(data, { timeUnit: 'weeks' });
    ms = performance.now() - t0;
  });

  it('reads all customers', () => {
    expect(data.x.length).toBe(2357);
  });

  it('recovers the published estimates within 1 % and LL −9582.43 within 0.1', () => {
    console.info(`CDNOW BG/NBD fit: ${ms.toFixed(0)} ms, ${fit.iterations} iterations`, fit.params, fit.logLikelihood);
    expect(fit.converged).toBe(true);
    expect(fit.status).toBe('ok');
    const p = fit.params!;
    expect(p.timeUnit).toBe('weeks');
    expect(rel(p.r, 0.243)).toBeLessThan(0.01);
    expect(rel(p.alpha, 4.414)).toBeLessThan(0.01);
    expect(rel(p.a, 0.793)).toBeLessThan(0.01);
    expect(rel(p.b, 2.426)).toBeLessThan(0.01);
    expect(Math.abs(fit.logLikelihood! - -9582.43)).toBeLessThan(0.1);
  });

  it('uses lifetimes’ log-likelihood (no constants dropped): −9582.43 at the published estimates', () => {
    expect(Math.abs(bgNbdLogLikelihood(PUBLISHED, data) - -9582.43)).toBeLessThan(0.1);
    // The maximum is a maximum: moving any parameter by ±3 % lowers the likelihood.
    const best = fit.logLikelihood!;
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      for (const f of [0.97, 1.03]) expect(bgNbdLogLikelihood({ ...fit.params!, [k]: fit.params![k] * f }, data)).toBeLessThan(best);
  });

  it('gives the standard errors lifetimes’ documentation prints for this fit', () => {
    // Quickstart: se(coef) r 0.012557, alpha 0.378221, a 0.185719, b 0.705345.
    const se = fit.standardErrors!;
    expect(rel(se.r!, 0.012557)).toBeLessThan(0.01);
    expect(rel(se.alpha!, 0.378221)).toBeLessThan(0.01);
    expect(rel(se.a!, 0.185719)).toBeLessThan(0.01);
    expect(rel(se.b!, 0.705345)).toBeLessThan(0.01);
  });

  it('E[Y(39) | x=2, tx=30.43, T=38.86] = 1.226 (FHL 2005 §5, lifetimes’ test)', () => {
    expect(Math.abs(expectedPurchases(fit.params!, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
  });

  it('E[X(t)] matches Hardie’s spreadsheet values', () => {
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const sheet = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(Math.abs(expectedPurchasesNewCustomer(fit.params!, t) - sheet[i])).toBeLessThan(5e-4));
  });

  it('fits the same model from rows aggregated into weights', () => {
    const groups = new Map<string, { x: number; tx: number; T: number; w: number }>();
    for (let i = 0; i < data.x.length; i++) {
      const key = `${data.x[i]}|${data.tx[i]}|${data.T[i]}`;
      const g = groups.get(key) ?? { x: data.x[i], tx: data.tx[i], T: data.T[i], w: 0 };
      g.w++;
      groups.set(key, g);
    }
    const rows = [...groups.values()];
    expect(rows.length).toBeLessThan(data.x.length);
    const weighted = fitBgNbd(
      { x: rows.map((g) => g.x), tx: rows.map((g) => g.tx), T: rows.map((g) => g.T), weights: rows.map((g) => g.w) },
      { timeUnit: 'weeks' }
    );
    expect(weighted.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(rel(weighted.params![k], fit.params![k])).toBeLessThan(1e-5);
    expect(weighted.logLikelihood!).toBeCloseTo(fit.logLikelihood!, 6);
  });

  it('fits the same model in days (α × 7, r, a, b unchanged)', () => {
    const days = fitBgNbd(
      { x: data.x, tx: Array.from(data.tx, (v) => v * 7), T: Array.from(data.T, (v) => v * 7) },
      { timeUnit: 'days' }
    );
    expect(days.converged).toBe(true);
    expect(rel(days.params!.alpha, 7 * fit.params!.alpha)).toBeLessThan(1e-5);
    const back = convertTimeUnit(days.params!, 'weeks');
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(rel(back[k], fit.params![k])).toBeLessThan(1e-5);
    // Predictions agree once the horizon is in the right unit.
    expect(expectedPurchases(days.params!, 39 * 7, 2, 30.43 * 7, 38.86 * 7)).toBeCloseTo(
      expectedPurchases(fit.params!, 39, 2, 30.43, 38.86),
      5
    );
  });
});

describe('BG/NBD predictions against an independent numerical integration', () => {
  const customers: [number, number, number][] = [
    [0, 0, 38.86],
    [1, 1.71, 38.86],
    [2, 30.43, 38.86],
    [7, 29.43, 38.86],
    [20, 10, 38.86],
    [0, 0, 0]
  ];
  for (const [x, tx, T] of customers)
    for (const t of [1, 39, 78]) {
      it(`x=${x}, tx=${tx}, T=${T}, t=${t}`, () => {
        const q = byQuadrature(PUBLISHED, x, tx, T, t);
        expect(rel(probabilityAlive(PUBLISHED, x, tx, T), q.pAlive)).toBeLessThan(1e-6);
        expect(rel(expectedPurchases(PUBLISHED, t, x, tx, T), q.expected)).toBeLessThan(1e-6);
      });
    }

  it('matches arbitrary-precision evaluations of FHL eq. (10) (mpmath, 40 digits) for extreme customers', () => {
    const cases: [number, number, number, number, number][] = [
      // t, x, tx, T, E[Y(t)]
      [39, 1000, 99, 100, 25.250977476983171],
      [52, 1000, 100, 100, 421.4159254108669],
      [39, 5000, 3000, 3000, 64.566044452297058],
      [1e-6, 3, 10, 20, 6.6765741923942638e-8],
      [5000, 2, 30, 38.86, 19.292642365451565]
    ];
    for (const [t, x, tx, T, expected] of cases) expect(rel(expectedPurchases(PUBLISHED, t, x, tx, T), expected)).toBeLessThan(1e-9);
  });
});

describe('BG/NBD long horizons (z = t/(α+T+t) near 1)', () => {
  // mpmath (80 digits) evaluations of FHL eq. (10) with r, α, b as published, tx = 20 (x > 0),
  // T = 38.86 and the a given: the 1 − z route, its Richardson fallback at a = 1 and at
  // x + r − a integer (a = 2.243 or 1.243), and a customer with many purchases.
  const cases: [number, number, number, number, number][] = [
    // a, x, t, tx, E[Y(t)]
    [0.793, 0, 1e10, 0, 257.35155761558107],
    [0.793, 3, 1e6, 20, 72.597808066923965],
    [0.99995, 1, 1e7, 20, 20.558819867467938],
    [1, 2, 1e5, 20, 14.965817146787144],
    [2.243, 5, 1e4, 20, 0.86767966229746158],
    [1.24305, 0, 1e10, 0, 10.272732936969385],
    [3.2, 30, 1e8, 20, 4.6888756874529654e-6]
  ];
  it('matches arbitrary precision to 1e-9, with or without the predictor’s cache', () => {
    for (const [a, x, t, tx, expected] of cases) {
      const p = { ...PUBLISHED, a };
      expect(rel(expectedPurchases(p, t, x, tx, 38.86), expected)).toBeLessThan(1e-9);
      const predictor = bgNbdPredictor(p);
      // Twice: the second call reads the cache the first one filled.
      expect(rel(predictor.expectedPurchases(t, x, tx, 38.86), expected)).toBeLessThan(1e-9);
      expect(rel(predictor.expectedPurchases(t, x, tx, 38.86), expected)).toBeLessThan(1e-9);
    }
  });

  it('the predictor agrees with the free functions and keeps its own copy of the parameters', () => {
    const p = { ...PUBLISHED };
    const predictor = bgNbdPredictor(p);
    for (const x of [0, 1, 4, 60])
      for (const t of [0.5, 39, 400, 5000]) {
        const tx = x === 0 ? 0 : 25;
        expect(predictor.expectedPurchases(t, x, tx, 38.86)).toBe(expectedPurchases(PUBLISHED, t, x, tx, 38.86));
        expect(predictor.probabilityAlive(x, tx, 38.86)).toBe(probabilityAlive(PUBLISHED, x, tx, 38.86));
      }
    p.r = 5;
    expect(predictor.params.r).toBe(0.243);
    expect(predictor.expectedPurchases(39, 2, 30.43, 38.86)).toBe(expectedPurchases(PUBLISHED, 39, 2, 30.43, 38.86));
  });
});

describe('BG/NBD properties and extreme inputs', () => {
  it('P(alive) = 1 without repeat purchases, rises with recency tx, falls with age T', () => {
    expect(probabilityAlive(PUBLISHED, 0, 0, 38.86)).toBe(1);
    expect(probabilityAlive(PUBLISHED, 0, 0, 1e6)).toBe(1);
    let previous = 0;
    for (let tx = 0; tx <= 38.86; tx += 38.86 / 20) {
      const pa = probabilityAlive(PUBLISHED, 5, tx, 38.86);
      expect(pa).toBeGreaterThan(previous);
      previous = pa;
    }
    expect(probabilityAlive(PUBLISHED, 5, 20, 60)).toBeLessThan(probabilityAlive(PUBLISHED, 5, 20, 40));
    // Bought at the very end of the period: just the chance of not having dropped at that purchase.
    expect(probabilityAlive(PUBLISHED, 5, 38.86, 38.86)).toBeCloseTo(1 / (1 + 0.793 / (2.426 + 4)), 12);
  });

  it('E[Y(t)] is 0 at t = 0 and increases with t', () => {
    for (const [x, tx, T] of [
      [0, 0, 38.86],
      [3, 20, 38.86],
      [50, 38, 38.86]
    ]) {
      expect(expectedPurchases(PUBLISHED, 0, x, tx, T)).toBe(0);
      let previous = 0;
      for (const t of [0.01, 0.1, 1, 5, 13, 26, 52, 104, 520, 2000]) {
        const e = expectedPurchases(PUBLISHED, t, x, tx, T);
        expect(e).toBeGreaterThan(previous);
        previous = e;
      }
    }
  });

  it('is continuous through a = 1, where eq. (10) has 0/0', () => {
    const at = (a: number) => expectedPurchases({ ...PUBLISHED, a }, 39, 2, 30.43, 38.86);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(Math.abs(at(1) - at(1 - 1e-7))).toBeLessThan(1e-6);
    expect(Math.abs(at(1) - at(1 + 1e-7))).toBeLessThan(1e-6);
  });

  it('never returns NaN or Infinity for extreme customers and parameters', () => {
    const params: BgNbdParams[] = [
      PUBLISHED,
      { r: 50, alpha: 0.01, a: 1e-3, b: 1e3, timeUnit: 'days' },
      { r: 1e-3, alpha: 1e3, a: 200, b: 0.05, timeUnit: 'days' },
      { r: 1, alpha: 1, a: 1, b: 1, timeUnit: 'weeks' }
    ];
    for (const p of params)
      for (const x of [0, 1, 10, 1000, 20000])
        for (const T of [1e-3, 1, 100, 1e5])
          for (const tx of x === 0 ? [0] : [0, T / 2, T])
            for (const t of [1e-9, 1, 52, 1e4]) {
              const e = expectedPurchases(p, t, x, tx, T);
              const pa = probabilityAlive(p, x, tx, T);
              expect(Number.isFinite(e) && e >= 0).toBe(true);
              expect(pa >= 0 && pa <= 1).toBe(true);
              const ll = bgNbdLogLikelihoods(p, { x: [x], tx: [tx], T: [T] })[0];
              expect(Number.isFinite(ll)).toBe(true);
            }
    // A customer with 1000 purchases who then went silent for 100 weeks is gone.
    expect(probabilityAlive(PUBLISHED, 1000, 0, 100)).toBe(0);
    expect(expectedPurchases(PUBLISHED, 52, 1000, 0, 100)).toBe(0);
  });

  it('copes with an absurd frequency in the data (x = 10⁹) without allocating per possible x', () => {
    const data = readSummary();
    const fit = fitBgNbd(
      { x: [...Array.from(data.x), 1e9], tx: [...Array.from(data.tx), 38], T: [...Array.from(data.T), 38.86] },
      { timeUnit: 'weeks' }
    );
    // One such customer drags α towards 0, and the fit says so instead of returning it as good.
    expect(fit.converged).toBe(false);
    expect(fit.status).toBe('degenerate');
    expect(fit.message).toMatch(/alpha → 0/);
    expect(Number.isFinite(fit.logLikelihood!)).toBe(true);
  });

  it('has an analytic gradient that matches central differences', () => {
    const data = readSummary();
    const f = bgNbdObjective(data);
    const theta = Float64Array.from([Math.log(0.3), Math.log(5), Math.log(0.6), Math.log(3)]);
    expectGradientMatchesDifferences(f, theta);
  });
});

describe('the limit models (one dropout probability for everyone; no dropout) are the BG/NBD’s limits', () => {
  const fixed: BgNbdParams = { ...PUBLISHED, a: Infinity, b: Infinity, p: 0.06 };
  const none: BgNbdParams = { ...PUBLISHED, a: Infinity, b: Infinity, p: 0 };
  /** The full model approaching each limit: a, b → ∞ with a/(a+b) = p; a → 0. */
  const nearFixed = (k: number): BgNbdParams => ({ ...PUBLISHED, a: 0.06 * k, b: 0.94 * k });
  const nearNone: BgNbdParams = { ...PUBLISHED, a: 1e-200, b: 2 };
  const customers: [number, number, number][] = [[0, 0, 30], [1, 5, 30], [4, 28, 30], [4, 3, 38], [25, 37, 38]];

  it('log-likelihood', () => {
    const data = readSummary();
    expect(Math.abs(bgNbdLogLikelihood(fixed, data) - bgNbdLogLikelihood(nearFixed(1e7), data))).toBeLessThan(1e-3);
    expect(Math.abs(bgNbdLogLikelihood(none, data) - bgNbdLogLikelihood(nearNone, data))).toBeLessThan(1e-6);
  });

  it('P(alive) and E[Y(t)], for short and long horizons', () => {
    for (const [x, tx, T] of customers) {
      expect(Math.abs(probabilityAlive(fixed, x, tx, T) - probabilityAlive(nearFixed(1e7), x, tx, T))).toBeLessThan(1e-6);
      expect(probabilityAlive(none, x, tx, T)).toBe(1);
      for (const t of [1, 39, 520]) {
        expect(rel(expectedPurchases(nearFixed(1e5), t, x, tx, T), expectedPurchases(fixed, t, x, tx, T))).toBeLessThan(1e-3);
        expect(rel(expectedPurchases(nearNone, t, x, tx, T), expectedPurchases(none, t, x, tx, T))).toBeLessThan(1e-6);
        // Without dropout the forecast is the posterior mean rate × t.
        expect(expectedPurchases(none, t, x, tx, T)).toBeCloseTo(((PUBLISHED.r + x) / (PUBLISHED.alpha + T)) * t, 10);
      }
    }
  });

  it('have analytic gradients that match central differences', () => {
    const data = readSummary();
    expectGradientMatchesDifferences(bgNbdObjective(data, 'fixed'), Float64Array.from([Math.log(0.3), Math.log(5), -2]));
    expectGradientMatchesDifferences(bgNbdObjective(data, 'none'), Float64Array.from([Math.log(0.3), Math.log(5)]));
  });
});

describe('fitBgNbd reports failure honestly', () => {
  it('no repeat purchases at all: a, b not identifiable', () => {
    const fit = fitBgNbd({ x: [0, 0, 0, 0], tx: [0, 0, 0, 0], T: [10, 20, 30, 40] }, { timeUnit: 'weeks' });
    expect(fit.converged).toBe(false);
    expect(fit.status).toBe('not-identifiable');
    expect(fit.params).toBeNull();
    expect(fit.message).toMatch(/repeat purchase/);
  });

  it('customers who never drop out: a → 0 is reported as degenerate', () => {
    const n = 200;
    const T = Array.from({ length: n }, (_, i) => 10 + (i % 30));
    const fit = fitBgNbd({ x: T, tx: T, T }, { timeUnit: 'weeks' });
    expect(fit.converged).toBe(false);
    expect(fit.status).toBe('degenerate');
    expect(fit.standardErrors).toBeNull();
  });

  it('too few iterations: not converged, with the reason', () => {
    const fit = fitBgNbd(readSummary(), { timeUnit: 'weeks', maxIterations: 3 });
    expect(fit.converged).toBe(false);
    expect(fit.status).toBe('max-iterations');
    expect(fit.message).toMatch(/3 iterations/);
  });

  it('invalid summaries are rejected, not fitted', () => {
    const bad: BgNbdData[] = [
      { x: [1, 2], tx: [5, 12], T: [10, 11] }, // tx > T
      { x: [1.5], tx: [1], T: [2] }, // non-integer x
      { x: [0], tx: [1], T: [2] }, // tx without a repeat purchase
      { x: [1], tx: [0], T: [0] }, // T = 0
      { x: [1], tx: [NaN], T: [2] },
      { x: [1, 1], tx: [1], T: [2, 2] }, // ragged
      { x: [], tx: [], T: [] },
      { x: [1], tx: [1], T: [2], weights: [-1] }
    ];
    for (const data of bad) {
      const fit = fitBgNbd(data, { timeUnit: 'weeks' });
      expect(fit.converged).toBe(false);
      expect(fit.status).toBe('invalid-input');
      expect(fit.params).toBeNull();
    }
  });
});
