/**
 * The tier analysis (definitions in ./sql.ts, the order in ./order.ts). Null without identified
 * orders; unavailable when no customer has a tier. Movement between tiers needs the tier on orders.
 */
import { sum } from 'd3-array';
import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import { resolveHistory, type History } from '../customers/asof';
import type { Filters } from '../filters';
import { normalInterval } from '../programme/stats';
import { orderTiers } from './order';
import { TIERS_ON_ORDERS_SQL, TIERS_PRESENT_SQL, tierGroupsSql, tierMovesSql } from './sql';
import { INTERVAL_MIN_CUSTOMERS, type TierGroup, type TierMovement, type TierMovementUnavailable, type TiersOutcome } from './types';

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

interface MoveRow {
  from_tier: string;
  to_tier: string;
  customers: number;
}

/**
 * Movement from the tiers on orders, the tiers ordered as the current ones are (names the current
 * tiers lack are placed among them by name where the names say an order, else last).
 */
async function movementOf(db: QueryRunner, filters: Filters, history: History, current: readonly TierGroup[]): Promise<TierMovement | TierMovementUnavailable> {
  if (!firstRow<{ present: boolean }>(await db.query(TIERS_ON_ORDERS_SQL)).present) return { available: false, reason: 'current_tier_only' };
  const rows = toRows<MoveRow>(await db.query(tierMovesSql(filters, history)));
  const names = [...new Set([...current.map((g) => g.tier), ...rows.flatMap((r) => [r.from_tier, r.to_tier])])];
  const median = new Map(current.map((g) => [g.tier, g.median]));
  const ordered = orderTiers(names.map((tier) => ({ tier, median: median.get(tier) ?? null }))).tiers.map((t) => t.tier);
  const used = new Set(rows.flatMap((r) => [r.from_tier, r.to_tier]));
  const tiers = ordered.filter((t) => used.has(t));
  const rank = new Map(tiers.map((t, i) => [t, i]));
  const moves = rows
    .map((r) => ({ from: r.from_tier, to: r.to_tier, customers: r.customers }))
    .sort((a, b) => rank.get(a.from)! - rank.get(b.from)! || rank.get(a.to)! - rank.get(b.to)!);
  const count = (keep: (d: number) => boolean) => sum(moves.filter((m) => keep(rank.get(m.to)! - rank.get(m.from)!)), (m) => m.customers);
  return { available: true, customers: sum(moves, (m) => m.customers), up: count((d) => d > 0), same: count((d) => d === 0), down: count((d) => d < 0), tiers, moves };
}

export async function runTiers(db: QueryRunner, filters: Filters): Promise<TiersOutcome | null> {
  const history = await resolveHistory(db, filters);
  if (!history) return null;
  if (!firstRow<{ present: boolean }>(await db.query(TIERS_PRESENT_SQL)).present) return { available: false, missing: ['tier'] };
  const groups = toRows<Row>(await db.query(tierGroupsSql(filters, history))).map(groupOf);
  const { order, tiers } = orderTiers(groups.filter((g) => g.kind === 'tier'));
  const movement = await movementOf(db, filters, history, tiers);
  return {
    available: true,
    from: history.from,
    asOf: history.asOf,
    order,
    customers: sum(groups, (g) => g.customers),
    revenue: sum(groups, (g) => g.revenue),
    tiers: [...tiers, ...groups.filter((g) => g.kind === 'none')],
    movement
  };
}
