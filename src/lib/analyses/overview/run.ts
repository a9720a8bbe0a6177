import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import type { Filters } from '../filters';
import { resolvePeriod } from '../period';
import { anonymousSql, boundsSql, overviewSql } from './sql';
import { KPI_KEYS, type Kpi, type KpiKey, type MonthlyPoint, type OverviewResult, type ParetoPoint } from './types';

/** A month as the SQL returns it: every figure present. */
type MonthRow = { [K in Exclude<keyof MonthlyPoint, 'withheld'>]: NonNullable<MonthlyPoint[K]> };
type Row = Record<KpiKey, number | null> & MonthRow & ParetoPoint & { part: 'kpi' | 'pareto' | 'month'; period: 'current' | 'previous' };

/** Run the overview; null when no identified order passes the filters. */
export async function runOverview(db: QueryRunner, filters: Filters): Promise<OverviewResult | null> {
  const bounds = firstRow<{ first: string | null; last: string | null }>(await db.query(boundsSql(filters)));
  if (!bounds.first || !bounds.last) return null;
  const period = resolvePeriod(filters.from, filters.to, bounds.first, bounds.last);
  const rows = toRows<Row>(await db.query(overviewSql(filters, period)));
  const anonymous = firstRow<{ orders: number; revenue: number }>(await db.query(anonymousSql(filters, period)));
  const of = (part: Row['part']) => rows.filter((r) => r.part === part);
  const current = of('kpi').find((r) => r.period === 'current')!;
  const previous = of('kpi').find((r) => r.period === 'previous')!;
  const hasPrevious = (previous.orders ?? 0) > 0 || (previous.revenue ?? 0) !== 0;
  const kpis: Kpi[] = KPI_KEYS.map((key) => ({ key, value: current[key], previous: hasPrevious ? previous[key] : null }));
  const monthly = of('month').map(({ month, newRevenue, returningRevenue, newCustomers, returningCustomers, activeCustomers }) => ({
    month, newRevenue, returningRevenue, newCustomers, returningCustomers, activeCustomers
  }));
  const pareto = of('pareto').map(({ customerShare, revenueShare }) => ({ customerShare, revenueShare }));
  const total = monthly.reduce((s, m) => s + m.newRevenue + m.returningRevenue, 0);
  const newRevenueShare = total > 0 ? monthly.reduce((s, m) => s + m.newRevenue, 0) / total : null;
  return { period, hasPrevious, kpis, monthly, pareto: pareto.length > 1 ? pareto : [], newRevenueShare, anonymous };
}
