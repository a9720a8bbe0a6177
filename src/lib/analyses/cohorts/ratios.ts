/**
 * The ratios of cohorts from their counts: a cell's retention, revenue retention and cumulative
 * LTV, an F2 point's rate. One derivation for live results and for snapshots, which carry the
 * counts only and derive the ratios again (exactly: the same integers, the same arithmetic). A
 * ratio that rests on a withheld count is null, and so is every LTV after a withheld period
 * (a cumulative sum would give the hidden revenue away).
 */
import type { Cohort, CohortAveragePoint, CohortCell, F2Cohort, F2Point } from './types';

export type CellCounts = Omit<CohortCell, 'retention' | 'revenueRetention' | 'ltv'>;
export type CohortCounts = Omit<Cohort, 'cells'> & { cells: CellCounts[] };
export type F2Counts = Omit<F2Cohort, 'points'> & { points: Omit<F2Point, 'rate'>[] };

/** A cohort's counts as the analysis computes them, every one present (snapshots may withhold some). */
export type LiveCohort = Omit<CohortCounts, 'customers' | 'cells' | 'withheld'> & {
  customers: number;
  cells: { k: number; active: number; revenue: number; complete: boolean }[];
};

/** Whether nothing of these cohorts is withheld, so that their average can be derived from them. */
export function allShown(cohorts: readonly CohortCounts[]): cohorts is LiveCohort[] {
  return cohorts.every((c) => !c.withheld && c.customers !== null && c.cells.every((x) => !x.withheld && x.active !== null && x.revenue !== null));
}


/** a / b; null when either is missing (withheld) or b is not positive. */
export const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || !(b > 0) ? null : a / b);

/** With the ratios; a cell whose own counts show but whose LTV or revenue retention rests on a withheld count is marked 'complement'. */
export function cohortRatios(c: CohortCounts): Cohort {
  const revenue0 = c.cells[0]?.revenue ?? null;
  let cumulative: number | null = 0;
  return {
    ...c,
    cells: c.cells.map((cell) => {
      cumulative = cumulative === null || cell.revenue === null ? null : cumulative + cell.revenue;
      const restsOnWithheld = cell.revenue !== null && (cumulative === null || revenue0 === null);
      return {
        ...cell,
        retention: ratio(cell.active, c.customers),
        revenueRetention: ratio(cell.revenue, revenue0),
        ltv: ratio(cumulative, c.customers),
        ...(restsOnWithheld && !cell.withheld && { withheld: 'complement' as const })
      };
    })
  };
}

export function f2Rates(m: F2Counts): F2Cohort {
  return { ...m, points: m.points.map((p) => ({ ...p, rate: ratio(p.converted, m.customers) })) };
}

/** The counts a snapshot keeps of cohorts (the ratios are derived again when it is read). */
export function cohortCounts({ cells, ...c }: Cohort): CohortCounts {
  return { ...c, cells: cells.map(({ retention: _r, revenueRetention: _rr, ltv: _l, ...counts }) => counts) };
}

export function f2Counts({ points, ...m }: F2Cohort): F2Counts {
  return { ...m, points: points.map(({ rate: _rate, ...counts }) => counts) };
}

/** Customer-weighted averages over the cohorts whose period k is complete. */
export function cohortAverages(cohorts: readonly LiveCohort[]): CohortAveragePoint[] {
  const acc: { cohorts: number; customers: number; active: number; revenue: number; revenue0: number; cumulative: number }[] = [];
  for (const c of cohorts) {
    let cumulative = 0; // summed here rather than ltv × size, so equal inputs give equal floats
    for (const cell of c.cells) {
      cumulative += cell.revenue;
      if (!cell.complete) continue;
      const a = (acc[cell.k] ??= { cohorts: 0, customers: 0, active: 0, revenue: 0, revenue0: 0, cumulative: 0 });
      a.cohorts += 1;
      a.customers += c.customers;
      a.active += cell.active;
      a.revenue += cell.revenue;
      a.revenue0 += c.cells[0].revenue;
      a.cumulative += cumulative;
    }
  }
  // Only the period containing the analysis date is incomplete, and a cohort's periods run up to
  // it, so every k below the largest complete one has at least the oldest cohort: no holes.
  return acc.map((a, k) => ({
    k,
    cohorts: a.cohorts,
    customers: a.customers,
    retention: a.active / a.customers,
    revenueRetention: a.revenue0 > 0 ? a.revenue / a.revenue0 : null,
    ltv: a.cumulative / a.customers
  }));
}
