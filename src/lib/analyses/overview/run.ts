import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import type { Filters } from '../filters';
import { resolvePeriod } from '../period';
import { anonymousSql, boundsSql, kpiSql, monthlySql, paretoSql } from './sql';
import { KPI_KEYS, type Kpi, type KpiKey, type MonthlyPoint, type OverviewResult, type ParetoPoint } from './types';

type KpiRow = Record<KpiKey, number | null> & { period: 'current' | 'previous' };

/** Run the overview; null when no identified order passes the filters. */
export async function runOverview(db: QueryRunner, filters: Filters): Promise<OverviewResult | null> {
  const bounds = firstRow<{ first: string | null; last: string | null }>(await db.query(boundsSql(filters)));
  if (!bounds.first || !bounds.last) return null;
  const period = resolvePeriod(filters.from, filters.to, bounds.first, bounds.last);
  const [kpiRows, monthly, pareto, anonymous] = await Promise.all([
    db.query(kpiSql(filters, period)).then((c) => toRows<KpiRow>(c)),
    db.query(monthlySql(filters, period)).then((c) => toRows<MonthlyPoint>(c)),
    db.query(paretoSql(filters, period)).then((c) => toRows<ParetoPoint>(c)),
    db.query(anonymousSql(filters, period)).then((c) => firstRow<{ orders: number; revenue: number }>(c))
  ]);
  const current = kpiRows.find((r) => r.period === 'current')!;
  const previous = kpiRows.find((r) => r.period === 'previous')!;
  const hasPrevious = (previous.orders ?? 0) > 0 || (previous.revenue ?? 0) !== 0;
  const kpis: Kpi[] = KPI_KEYS.map((key) => ({
    key,
    value: current[key],
    previous: hasPrevious ? previous[key] : null
  }));
  return { period, hasPrevious, kpis, monthly, pareto: pareto.length > 1 ? pareto : [], anonymous };
}
