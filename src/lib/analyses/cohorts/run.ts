import { toRows, type QueryRunner } from '../../engine/types';
import { resolveHistory } from '../customers/asof';
import type { Filters } from '../filters';
import { assertAttribute } from './attributes';
import { assertGrain } from './grain';
import { cohortSql, secondPurchaseSql } from './sql';
import { cohortAverages, cohortRatios, f2Rates, type F2Counts, type LiveCohort } from './ratios';
import {
  F2_HORIZONS,
  type AttributeRepeat,
  type AttributeValue,
  type CohortOptions,
  type CohortResult,
  type F2AveragePoint,
  type GapBin,
  type RepeatRates,
  type SecondPurchaseOptions,
  type SecondPurchaseResult
} from './types';

interface CellRow {
  part: 'cell';
  cohort: number;
  label: string;
  start: string;
  end: string;
  partialStart: boolean;
  customers: number;
  k: number;
  active: number;
  revenue: number;
  complete: boolean;
}
type ValueRow = AttributeValue & { part: 'value'; rank: number };

/** Cohorts' counts from the matrix rows (ordered by cohort, then k); `cohortRatios` adds the ratios. */
export function buildCohorts(rows: readonly CellRow[]): LiveCohort[] {
  const out: LiveCohort[] = [];
  let current: LiveCohort | null = null;
  let cohortNo: number | null = null;
  for (const r of rows) {
    if (r.cohort !== cohortNo) {
      cohortNo = r.cohort;
      current = { label: r.label, start: r.start, end: r.end, customers: r.customers, partialStart: r.partialStart, cells: [] };
      out.push(current);
    }
    current!.cells.push({ k: r.k, active: r.active, revenue: r.revenue, complete: r.complete });
  }
  return out;
}

/**
 * Acquisition cohorts: retention (customers and revenue) and LTV curves. Null when there are no
 * identified orders at all; with orders but none passing the filters, cohorts are empty.
 */
export async function runCohorts(db: QueryRunner, filters: Filters, opts: CohortOptions = {}): Promise<CohortResult | null> {
  const grain = opts.grain ?? 'month';
  const by = opts.by ?? null;
  const value = by === null ? null : (opts.value ?? null);
  assertGrain(grain);
  if (by !== null) assertAttribute(by);
  const history = await resolveHistory(db, filters);
  if (!history) return null;
  const rows = toRows<CellRow | ValueRow>(await db.query(cohortSql(filters, history, { grain, by, value })));
  const counts = buildCohorts(rows.filter((r): r is CellRow => r.part === 'cell'));
  const values = rows
    .filter((r): r is ValueRow => r.part === 'value')
    .sort((a, b) => a.rank - b.rank)
    .map(({ value, kind, customers }) => ({ value, kind, customers }));
  return {
    grain,
    by,
    value,
    from: history.from,
    asOf: history.asOf,
    customers: counts.reduce((n, c) => n + c.customers, 0),
    cohorts: counts.map(cohortRatios),
    average: cohortAverages(counts),
    values
  };
}

type F2Row = { part: 'f2'; month: string; customers: number } & Record<string, number | boolean | string>;
type GapRow = { part: 'gap'; bin: number; customers: number };
type TotalRow = { part: 'total'; customers: number; withSecond: number };
type Counts = { customers: number; repeaters: number; eligible: number; repeatersInWindow: number };
type OverallRow = { part: 'overall' } & Counts;
type AttrRow = { part: 'attr'; value: string; kind: AttributeValue['kind']; rank: number } & Counts;
type SecondRow = F2Row | GapRow | TotalRow | OverallRow | AttrRow;

function rates(r: Counts): RepeatRates {
  return {
    customers: r.customers,
    repeaters: r.repeaters,
    repeatRate: r.customers > 0 ? r.repeaters / r.customers : 0,
    eligible: r.eligible,
    repeatersInWindow: r.repeatersInWindow,
    repeatRateInWindow: r.eligible > 0 ? r.repeatersInWindow / r.eligible : null
  };
}

/** Every bin, 1–30 … 331–360 and 361+, with zeros where nobody falls. */
function gapBins(rows: readonly GapRow[]): GapBin[] {
  const byBin = new Map(rows.map((r) => [r.bin, r.customers]));
  return [...F2_HORIZONS, null].map((toDay, i) => ({ fromDay: 30 * i + 1, toDay, customers: byBin.get(i + 1) ?? 0 }));
}

type LiveF2Cohort = Omit<F2Counts, 'customers' | 'withheld'> & { customers: number };

/** F2 conversions by acquisition month, with nulls where a horizon is not yet observed for the whole month; `f2Rates` adds the rates. */
export function buildF2(rows: readonly F2Row[]): LiveF2Cohort[] {
  return rows.map((r) => ({
    month: r.month,
    customers: r.customers,
    points: F2_HORIZONS.map((days) => ({ days, converted: r[`o${days}`] === true ? (r[`c${days}`] as number) : null }))
  }));
}

/** All months at each horizon, customer-weighted, over the months observed that long. */
export function f2Averages(months: readonly LiveF2Cohort[]): F2AveragePoint[] {
  return F2_HORIZONS.map((days, i) => {
    const seen = months.filter((m) => m.points[i].converted !== null);
    const customers = seen.reduce((n, m) => n + m.customers, 0);
    const converted = seen.reduce((n, m) => n + m.points[i].converted!, 0);
    return { days, months: seen.length, customers, rate: customers > 0 ? converted / customers : null };
  });
}

/**
 * The road to the second purchase: F2 conversion by acquisition month, days to the second
 * purchase, repeat rates overall and by a first-purchase attribute. Null when there are no
 * identified orders at all.
 */
export async function runSecondPurchase(db: QueryRunner, filters: Filters, opts: SecondPurchaseOptions = {}): Promise<SecondPurchaseResult | null> {
  const by = opts.by ?? null;
  const value = by === null ? null : (opts.value ?? null);
  if (by !== null) assertAttribute(by);
  const history = await resolveHistory(db, filters);
  if (!history) return null;
  const rows = toRows<SecondRow>(await db.query(secondPurchaseSql(filters, history, { by, value })));
  const of = <P extends SecondRow['part']>(part: P) => rows.filter((r): r is Extract<SecondRow, { part: P }> => r.part === part);
  const total = of('total')[0];
  const months = buildF2(of('f2'));
  const byAttribute: AttributeRepeat[] = of('attr')
    .sort((a, b) => a.rank - b.rank)
    .map((r) => ({ value: r.value, kind: r.kind, ...rates(r) }));
  return {
    by,
    value,
    from: history.from,
    asOf: history.asOf,
    customers: total.customers,
    withSecond: total.withSecond,
    months: months.map(f2Rates),
    average: f2Averages(months),
    gaps: gapBins(of('gap')),
    overall: rates(of('overall')[0]),
    byAttribute
  };
}
