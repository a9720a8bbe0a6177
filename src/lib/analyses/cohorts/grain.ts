/**
 * Cohort periods as integers, so that "period k after the cohort" is a subtraction and the
 * grid of observed periods is a range. Calendar DATE arithmetic only (no time zones, no ICU).
 *   month:   year × 12 + month − 1
 *   quarter: year × 4 + quarter − 1
 *   week:    ISO weeks (Monday to Sunday), counted from Monday 1970-01-05
 */
import { COHORT_GRAINS, type CohortGrain } from './types';

/** A Monday: week 0. Any Monday works; differences of Mondays are whole weeks. */
const WEEK_ZERO = `DATE '1970-01-05'`;

export function assertGrain(g: string): asserts g is CohortGrain {
  if (!(COHORT_GRAINS as readonly string[]).includes(g)) throw new Error(`unknown cohort grain: ${g}`);
}

/** The period number of a DATE expression. */
export function periodIndexSql(g: CohortGrain, date: string): string {
  if (g === 'month') return `(year(${date}) * 12 + month(${date}) - 1)`;
  if (g === 'quarter') return `(year(${date}) * 4 + quarter(${date}) - 1)`;
  // date_trunc('week') is the ISO Monday, so the difference is an exact multiple of 7.
  return `((date_trunc('week', ${date}) - ${WEEK_ZERO}) // 7)`;
}

/** The first day (DATE) of the period numbered by an integer expression. */
export function periodStartSql(g: CohortGrain, index: string): string {
  if (g === 'month') return `make_date(CAST((${index}) // 12 AS INTEGER), CAST((${index}) % 12 + 1 AS INTEGER), 1)`;
  if (g === 'quarter') return `make_date(CAST((${index}) // 4 AS INTEGER), CAST(((${index}) % 4) * 3 + 1 AS INTEGER), 1)`;
  return `(${WEEK_ZERO} + CAST((${index}) * 7 AS INTEGER))`;
}

/** The display label of the period that starts on a DATE expression. */
export function periodLabelSql(g: CohortGrain, start: string): string {
  if (g === 'month') return `strftime(${start}, '%Y-%m')`;
  if (g === 'quarter') return `(CAST(year(${start}) AS VARCHAR) || '-Q' || CAST(quarter(${start}) AS VARCHAR))`;
  // ISO week-year: the week of Monday 2024-12-30 is 2025-W01.
  return `strftime(${start}, '%G-W%V')`;
}
