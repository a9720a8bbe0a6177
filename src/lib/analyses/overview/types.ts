import type { Period } from '../period';

export const KPI_KEYS = [
  'customers', 'orders', 'revenue', 'aov', 'ordersPerCustomer', 'repeatRate', 'top20Share', 'active90'
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export interface Kpi {
  key: KpiKey;
  value: number | null;
  /** The same figure for the previous period of equal length; null when there is no data then. */
  previous: number | null;
}

export interface MonthlyPoint {
  month: string; // 'YYYY-MM'
  newRevenue: number;
  returningRevenue: number;
  newCustomers: number;
  returningCustomers: number;
  activeCustomers: number;
}

export interface ParetoPoint {
  customerShare: number;
  revenueShare: number;
}

export interface OverviewResult {
  period: Period;
  /** Whether any order falls in the previous period (else changes are not shown). */
  hasPrevious: boolean;
  kpis: Kpi[];
  monthly: MonthlyPoint[];
  pareto: ParetoPoint[];
  /** Orders without a customer id in the period: counted nowhere above, said so on the page. */
  anonymous: { orders: number; revenue: number };
}
