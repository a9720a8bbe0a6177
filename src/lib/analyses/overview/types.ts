import type { Period } from '../period';
import type { Withheld } from '../withhold';

export const KPI_KEYS = [
  'customers', 'orders', 'revenue', 'aov', 'ordersPerCustomer', 'repeatRate', 'top20Share', 'active90'
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export interface Kpi {
  key: KpiKey;
  value: number | null;
  /** The same figure for the previous period of equal length; null when there is no data then. */
  previous: number | null;
  /** In a snapshot: why `value` (and `previous`) are null (see ../withhold.ts). */
  withheld?: Withheld;
}

/**
 * A month of the period. Its groups are its new customers, its returning customers and all its
 * active customers (new + returning); in a snapshot a withheld group's figures are null and
 * `withheld` says which and why (see ../withhold.ts). Live results have every figure.
 */
export interface MonthlyPoint {
  month: string; // 'YYYY-MM'
  newRevenue: number | null;
  returningRevenue: number | null;
  newCustomers: number | null;
  returningCustomers: number | null;
  activeCustomers: number | null;
  withheld?: Partial<Record<MonthlyGroup, Withheld>>;
}

export type MonthlyGroup = 'new' | 'returning' | 'active';

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
  /** Revenue from customers in the month of their first purchase / all revenue of the period; null when that is not positive. */
  newRevenueShare: number | null;
  /** Orders without a customer id in the period: counted nowhere above, said so on the page. */
  anonymous: { orders: number; revenue: number };
}
