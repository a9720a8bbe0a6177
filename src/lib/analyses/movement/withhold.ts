/**
 * Segment movement as a snapshot may show it (rules in ../withhold.ts): cells and segment sizes of
 * 1–4 customers withheld, and more of them wherever a row (a segment at A, or the new customers),
 * a column (a segment at B), the diagonal (customers who stayed) or the sizes at A or at B would
 * otherwise give a lone withheld one away.
 */
import { MIN_GROUP, blank, withholdGroups } from '../withhold';
import { NEW_SOURCE, type MovementResult } from './types';

export function withholdMovement(r: MovementResult): MovementResult | null {
  const total = r.sizesB.reduce((n, s) => n + (s.customers ?? 0), 0);
  if (total < MIN_GROUP) return null;
  // One index space: the cells, then the sizes at A, then the sizes at B.
  const cells = r.matrix.length;
  const a = (i: number) => cells + i;
  const b = (i: number) => cells + r.sizesA.length + i;
  const sizes = [...r.matrix, ...r.sizesA, ...r.sizesB].map((g) => g.customers ?? 0);
  const sources = [...r.segments, NEW_SOURCE];
  const cellsWhere = (keep: (from: string, to: string) => boolean) =>
    r.matrix.flatMap((c, i) => (keep(c.from, c.to) ? [i] : []));
  const lines = [
    ...sources.map((s) => cellsWhere((from) => from === s)),
    ...r.segments.map((s) => cellsWhere((_, to) => to === s)),
    cellsWhere((from, to) => from === to),
    r.sizesA.map((_, i) => a(i)),
    r.sizesB.map((_, i) => b(i))
  ];
  const out = withholdGroups(sizes, lines);
  const apply = <T extends { customers: number | null }>(g: T, i: number): T => (out[i] ? blank(g, out[i]) : g);
  return {
    ...r,
    matrix: r.matrix.map((c, i) => apply(c, i)),
    sizesA: r.sizesA.map((s, i) => apply(s, a(i))),
    sizesB: r.sizesB.map((s, i) => apply(s, b(i)))
  };
}
