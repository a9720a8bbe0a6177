/**
 * Goals vs actuals: every goal metric as a monthly series, each read where its page defines it:
 * repeat rate, active customers, member share and revenue from members from ./sql.ts (the
 * overview's definitions per month); F2 conversion from the cohorts page's road to the second
 * purchase (second purchase day within GOAL_F2_DAYS days, by acquisition month); the 12-month
 * value from the cohorts page's LTV curve (net revenue per new customer in the month of the
 * first purchase and the 11 after it); NPS from the NPS page's monthly trend.
 *
 * The cohort figures are placed at the month their window closes, so that "by the target date"
 * means what is known by then; the history's first month is left out of them, since its "new"
 * customers include every earlier customer the export cut off.
 */
import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import { resolveHistory, type History } from '../customers/asof';
import type { Filters } from '../filters';
import { addMonths } from './months';
import { runCohorts, runSecondPurchase } from '../cohorts/run';
import type { CohortResult, SecondPurchaseResult } from '../cohorts/types';
import { runNps } from '../nps/run';
import type { NpsResult } from '../nps/types';
import { HAS_JOINED_SQL, goalsMonthlySql } from './sql';
import { GOAL_F2_DAYS, GOAL_METRICS, GOAL_VALUE_MONTHS, type GoalMetric, type GoalPoint, type GoalSeries, type GoalsResult } from './types';

export interface MonthRow {
  month: string;
  buyers: number;
  repeaters: number;
  members: number;
  memberBuyers: number;
  revenue: number;
  memberRevenue: number;
  active: number;
}

const share = (count: number, base: number) => (base > 0 ? count / base : null);

/** The four series of ./sql.ts from its rows (months without buyers have no share). */
export function monthlySeries(rows: readonly MonthRow[], members: boolean): Partial<Record<GoalMetric, GoalPoint[]>> {
  const points = (f: (r: MonthRow) => Omit<GoalPoint, 'month'>) => rows.map((r) => ({ month: r.month, ...f(r) })).filter((p) => p.value !== null);
  return {
    repeat: points((r) => ({ value: share(r.repeaters, r.buyers), base: r.buyers, count: r.repeaters })),
    active: points((r) => ({ value: r.active, base: null, count: null })),
    ...(members && {
      members: points((r) => ({ value: share(r.members, r.buyers), base: r.buyers, count: r.members })),
      memberRevenue: points((r) => ({ value: r.revenue > 0 ? r.memberRevenue / r.revenue : null, base: r.buyers, count: r.memberBuyers }))
    })
  };
}

/**
 * F2 conversion within GOAL_F2_DAYS days by acquisition month, placed GOAL_F2_DAYS / 30 months
 * after it (when its window closes, give or take a day of the month lengths; a month appears once
 * the window has closed for all its customers).
 */
export function f2Series(s: SecondPurchaseResult, h: History): GoalPoint[] {
  const at = s.months[0]?.points.findIndex((p) => p.days === GOAL_F2_DAYS) ?? -1;
  if (at < 0) return [];
  const first = h.from.slice(0, 7);
  return s.months.flatMap((m) => {
    const p = m.points[at];
    if (m.month === first || p.rate === null || m.customers === null) return [];
    return [{ month: addMonths(m.month, GOAL_F2_DAYS / 30), cohort: m.month, value: p.rate, base: m.customers, count: p.converted }];
  });
}

/** Net revenue per new customer over their first GOAL_VALUE_MONTHS months, at the last of them. */
export function valueSeries(c: CohortResult, h: History): GoalPoint[] {
  const first = h.from.slice(0, 7);
  return c.cohorts.flatMap((cohort) => {
    const cell = cohort.cells.find((x) => x.k === GOAL_VALUE_MONTHS - 1);
    if (cohort.label === first || !cell?.complete || cell.ltv === null || cohort.customers === null) return [];
    return [{ month: addMonths(cohort.label, GOAL_VALUE_MONTHS - 1), cohort: cohort.label, value: cell.ltv, base: cohort.customers, count: null }];
  });
}

/** The NPS page's monthly scores (months with answers). */
export function npsSeries(r: NpsResult): GoalPoint[] {
  return r.periods.flatMap((p) => (p.score === null || p.n === null || p.n === 0 ? [] : [{ month: p.period, value: p.score, base: p.n, count: null }]));
}

/** Null when there are no identified orders at all. */
export async function runGoals(db: QueryRunner, filters: Filters): Promise<GoalsResult | null> {
  const history = await resolveHistory(db, filters);
  if (!history) return null;
  const { members } = firstRow<{ members: number }>(await db.query(HAS_JOINED_SQL));
  const rows = toRows<MonthRow>(await db.query(goalsMonthlySql(filters, history)));
  const second = await runSecondPurchase(db, filters);
  const cohorts = await runCohorts(db, filters, { grain: 'month' });
  const nps = await runNps(db, filters, { grain: 'month', scale: null, reading: 'nps', by: 'member' });
  const all: Partial<Record<GoalMetric, GoalPoint[]>> = {
    ...monthlySeries(rows, members > 0),
    f2: second ? f2Series(second, history) : [],
    value12: cohorts ? valueSeries(cohorts, history) : [],
    ...(nps && { nps: npsSeries(nps) })
  };
  const series: GoalSeries[] = GOAL_METRICS.flatMap((metric) => (all[metric] ? [{ metric, points: all[metric] }] : []));
  return { from: history.from, asOf: history.asOf, series };
}
