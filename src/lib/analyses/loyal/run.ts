import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import { resolveAsOf } from '../customers/asof';
import type { Filters } from '../filters';
import { normalizeLoyal, type LoyalDefinition } from './definition';
import { loyalGroupsSql, rankedSummarySql, topPercentCutoffSql } from './sql';
import { materialize } from '../cache';
import { LOYAL_METRICS, type LoyalComparisonRow, type LoyalMetric, type LoyalResult } from './types';

/** A row of `loyalGroupsSql`. */
interface GroupRow {
  loyal: boolean;
  customers: number;
  revenue: number;
  purchases: number;
  repeaters: number;
  member_known: number;
  responses: number;
  share_of_customers: number | null;
  share_of_revenue: number | null;
  aov: number | null;
  orders_per_customer: number | null;
  days_between_purchases: number | null;
  recency_days_mean: number | null;
  tenure_days_mean: number | null;
  member_share: number | null;
  nps: number | null;
}

/** Where each metric's value and base come from in a group row. */
const METRIC_COLUMNS: Record<LoyalMetric, { value: keyof GroupRow; base: keyof GroupRow }> = {
  aov: { value: 'aov', base: 'purchases' },
  ordersPerCustomer: { value: 'orders_per_customer', base: 'customers' },
  daysBetweenPurchases: { value: 'days_between_purchases', base: 'repeaters' },
  recencyDays: { value: 'recency_days_mean', base: 'customers' },
  tenureDays: { value: 'tenure_days_mean', base: 'customers' },
  memberShare: { value: 'member_share', base: 'member_known' },
  nps: { value: 'nps', base: 'responses' }
};


/**
 * Loyal customers vs everyone else as of `asOf` (default: see `resolveAsOf`); definitions in
 * loyal/sql.ts and loyal/types.ts. Null when no customer has a purchase by then under the filters.
 */
export async function runLoyal(
  db: QueryRunner,
  filters: Filters,
  definition: LoyalDefinition,
  options: { asOf?: string | null } = {}
): Promise<LoyalResult | null> {
  const asOf = await resolveAsOf(db, filters, options.asOf);
  if (!asOf) return null;
  const def = normalizeLoyal(definition);
  // Summarised and ranked once per (filters, date): a change of definition re-reads these rows.
  const ranked = await materialize(db, rankedSummarySql(filters, asOf));
  const [groups, cutoff] = await Promise.all([
    db.query(loyalGroupsSql(filters, def, asOf, ranked)).then((c) => toRows<GroupRow>(c)),
    def.topPercent === null
      ? Promise.resolve(null)
      : db.query(topPercentCutoffSql(filters, def.topPercent, asOf, ranked)).then((c) => firstRow<{ cutoff: number | null }>(c).cutoff)
  ]);
  const loyal = groups.find((g) => g.loyal)!;
  const others = groups.find((g) => !g.loyal)!;
  if (loyal.customers + others.customers === 0) return null;
  const totals = (g: GroupRow) => ({ customers: g.customers, revenue: g.revenue, purchases: g.purchases });
  const comparison: LoyalComparisonRow[] = LOYAL_METRICS.map((metric) => {
    const { value, base } = METRIC_COLUMNS[metric];
    return {
      metric,
      loyal: loyal[value] as number | null,
      others: others[value] as number | null,
      base: { loyal: loyal[base] as number, others: others[base] as number }
    };
  });
  return {
    asOf,
    definition: def,
    total: {
      customers: loyal.customers + others.customers,
      revenue: loyal.revenue + others.revenue,
      purchases: loyal.purchases + others.purchases
    },
    loyal: { ...totals(loyal), shareOfCustomers: loyal.share_of_customers ?? 0, shareOfRevenue: loyal.share_of_revenue },
    others: totals(others),
    topPercentCutoff: cutoff,
    comparison,
    hasMembership: loyal.member_known + others.member_known > 0,
    npsResponses: loyal.responses + others.responses
  };
}
