/**
 * The tier analysis (definitions in ./sql.ts, the order in ./order.ts). Null without identified
 * orders; unavailable when no customer has a tier.
 */
import { sum } from 'd3-array';
import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import { resolveHistory } from '../customers/asof';
import type { Filters } from '../filters';
import { normalInterval } from '../programme/stats';
import { orderTiers } from './order';
import { TIERS_PRESENT_SQL, tierGroupsSql } from './sql';
import { INTERVAL_MIN_CUSTOMERS, type TierGroup, type TiersOutcome } from './types';

interface Row {
  tier: string | null;
  customers: number;
  revenue: number;
  mean: number;
  variance: number | null;
  median: number;
}

function groupOf(r: Row): TierGroup {
  const interval = r.customers >= INTERVAL_MIN_CUSTOMERS;
  return {
    tier: r.tier ?? '',
    kind: r.tier === null ? 'none' : 'tier',
    customers: r.customers,
    revenue: r.revenue,
    perCustomer: interval ? normalInterval(r.mean, r.variance === null ? null : r.variance / r.customers) : { value: r.mean, lo: null, hi: null },
    median: r.median
  };
}

export async function runTiers(db: QueryRunner, filters: Filters): Promise<TiersOutcome | null> {
  const history = await resolveHistory(db, filters);
  if (!history) return null;
  if (!firstRow<{ present: boolean }>(await db.query(TIERS_PRESENT_SQL)).present) return { available: false, missing: ['tier'] };
  const groups = toRows<Row>(await db.query(tierGroupsSql(filters, history))).map(groupOf);
  const { order, tiers } = orderTiers(groups.filter((g) => g.kind === 'tier'));
  return {
    available: true,
    from: history.from,
    asOf: history.asOf,
    order,
    customers: sum(groups, (g) => g.customers),
    revenue: sum(groups, (g) => g.revenue),
    tiers: [...tiers, ...groups.filter((g) => g.kind === 'none')],
    movement: { available: false, reason: 'current_tier_only' }
  };
}
