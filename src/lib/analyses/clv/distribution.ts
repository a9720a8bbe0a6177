/** How predicted CLV is spread over customers: the histogram and the share of the top customers. */
import type { ClvBin } from './types';

/** Share of Σ values held by the top `fraction` of rows (ceil), or null when Σ ≤ 0. */
export function topShare(values: Float64Array, fraction: number): number | null {
  const sorted = Float64Array.from(values).sort().reverse();
  const k = Math.ceil(fraction * sorted.length);
  let top = 0;
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    total += sorted[i];
    if (i < k) top += sorted[i];
  }
  return total > 0 ? top / total : null;
}

/** 1, 2, 2.5 or 5 × 10^k, the smallest at least `raw`. */
function niceStep(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/**
 * CLV histogram: equal "nice" bins from 0 covering the 99th percentile in at most `bins` bins,
 * and an open last bin for the long tail above them (so one extreme customer does not squash
 * the chart). All customers are counted, zeros in the first bin.
 */
export function clvDistribution(values: Float64Array, bins = 20): ClvBin[] {
  const n = values.length;
  if (n === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const max = sorted[n - 1];
  const p99 = sorted[Math.floor(0.99 * (n - 1))];
  const top = p99 > 0 ? p99 : max;
  if (!(top > 0)) return [{ from: 0, to: null, customers: n, clv: 0 }];
  const step = niceStep(top / bins);
  const closed = Math.max(1, Math.ceil(top / step - 1e-9));
  const open = max >= closed * step;
  const out: (ClvBin & { customers: number; clv: number })[] = Array.from({ length: closed + (open ? 1 : 0) }, (_, k) => ({
    from: k * step,
    to: k < closed ? (k + 1) * step : null,
    customers: 0,
    clv: 0
  }));
  for (let i = 0; i < n; i++) {
    const b = out[Math.min(Math.floor(sorted[i] / step), out.length - 1)];
    b.customers++;
    b.clv += sorted[i];
  }
  return out;
}
