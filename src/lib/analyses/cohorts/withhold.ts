/**
 * Cohorts and the road to the second purchase as a snapshot may show them (rules in
 * ../withhold.ts):
 * - nothing when fewer than MIN_GROUP customers are analysed (a value selected in the selector
 *   that few customers have included);
 * - attribute values of fewer than MIN_GROUP customers left out by name (a value is data: a
 *   channel, a category, or whatever column was mapped there);
 * - cohorts (and F2 months) of 1–4 customers withheld, with a second one when the rest would give
 *   a lone one away (cohorts add up to all customers);
 * - a period's cell withheld when it has 1–4 active customers, with another cohort's cell of the
 *   same period when the all-cohort average would give a lone one away; from the first withheld
 *   cell on, a cohort's LTV (cumulative) is withheld too, since it contains that cell's revenue;
 * - F2 points, day gaps and repeat rates that rest on a small group withheld.
 */
import { MIN_GROUP, blank, isSmall, withholdGroups, withholdRecords, type Withheld } from '../withhold';
import { cohortCounts, cohortRatios, f2Counts, f2Rates, type CohortCounts, type F2Counts } from './ratios';
import type { CohortResult, RepeatRates, SecondPurchaseResult } from './types';

const shownValues = <T extends { customers: number }>(values: readonly T[]): T[] => values.filter((v) => v.customers >= MIN_GROUP);

/** Cells of 1–4 active customers, and another cohort's cell of the same period where the average would give a lone one away. */
function withholdCells(cohorts: CohortCounts[]): CohortCounts[] {
  const at: { c: number; j: number }[] = [];
  cohorts.forEach((c, ci) => c.cells.forEach((_, j) => at.push({ c: ci, j })));
  const periods = new Map<number, number[]>();
  at.forEach(({ c, j }, i) => {
    if (cohorts[c].withheld) return;
    const k = cohorts[c].cells[j].k;
    periods.set(k, [...(periods.get(k) ?? []), i]);
  });
  const out = withholdGroups(at.map(({ c, j }) => (cohorts[c].withheld ? 0 : (cohorts[c].cells[j].active ?? 0))), [...periods.values()]);
  let i = 0;
  return cohorts.map((c) => ({
    ...c,
    cells: c.cells.map((cell) => {
      const w = out[i++];
      return w ? blank(cell, w, ['k']) : cell;
    })
  }));
}

export function withholdCohorts(r: CohortResult): CohortResult | null {
  if (r.customers < MIN_GROUP) return null;
  const sized = withholdRecords(r.cohorts.map(cohortCounts)).map((c) =>
    c.withheld ? { ...c, cells: c.cells.map((cell) => blank(cell, 'complement', ['k'])) } : c
  );
  return {
    ...r,
    // The ratios are derived from what is shown, so none rests on a withheld count (see ./ratios.ts).
    cohorts: withholdCells(sized).map(cohortRatios),
    average: r.average.filter((a) => a.customers >= MIN_GROUP),
    values: shownValues(r.values)
  };
}

function withholdF2Month(m: F2Counts): F2Counts {
  if (m.withheld) return { ...m, points: m.points.map((p) => ({ ...p, converted: null, withheld: 'complement' as const })) };
  const customers = m.customers ?? 0;
  return {
    ...m,
    points: m.points.map((p) =>
      p.converted !== null && (isSmall(p.converted) || isSmall(customers - p.converted)) ? { ...p, converted: null, withheld: 'small' as const } : p
    )
  };
}

/** A rate withheld when the group it counts, or the rest, is small. */
function withholdRates<T extends RepeatRates>(r: T): T {
  const part = (n: number | null, of: number | null): Withheld | null => (n !== null && of !== null && (isSmall(n) || isSmall(of - n)) ? 'small' : null);
  const all = part(r.repeaters, r.customers);
  const window = isSmall(r.eligible) ? 'small' : part(r.repeatersInWindow, r.eligible);
  if (!all && !window) return r;
  return {
    ...r,
    ...(all && { repeaters: null, repeatRate: null }),
    ...(window && { eligible: isSmall(r.eligible) ? null : r.eligible, repeatersInWindow: null, repeatRateInWindow: null }),
    withheld: { ...(all && { all }), ...(window && { window }) }
  };
}

export function withholdSecondPurchase(r: SecondPurchaseResult): SecondPurchaseResult | null {
  if (r.customers < MIN_GROUP) return null;
  return {
    ...r,
    months: withholdRecords(r.months.map(f2Counts)).map(withholdF2Month).map(f2Rates),
    average: r.average.filter((a) => a.customers >= MIN_GROUP),
    // The days to a second purchase add up to the customers who made one.
    gaps: withholdRecords(r.gaps, undefined, ['fromDay', 'toDay']),
    overall: withholdRates(r.overall),
    byAttribute: shownValues(r.byAttribute).map(withholdRates)
  };
}
