/**
 * The points analysis (definitions in ./sql.ts). Null without identified orders; unavailable
 * when no order has points earned or used; with one of the two columns, the figures resting on
 * the other are null and `missing` names it.
 */
import { cumsum } from 'd3-array';
import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import { resolveHistory } from '../customers/asof';
import type { Filters } from '../filters';
import { flowRatios, type FlowSums } from './ratios';
import { FLOW_SUMS, POINTS_PRESENT_SQL, pointsSql } from './sql';
import type { PointColumn, PointsOutcome } from './types';

type Sums = Record<(typeof FLOW_SUMS)[number], number>;
type Row = ({ part: 'month'; month: string } & Sums) | ({ part: 'total' } & Sums) | { part: 'opening'; balance: number; customers: number };

/** The sums as the result holds them: null where they rest on a missing column. */
function sumsOf(r: Sums, present: { earned: boolean; used: boolean }): FlowSums {
  const earned = (x: number) => (present.earned ? x : null);
  const used = (x: number) => (present.used ? x : null);
  return {
    earned: earned(r.earned),
    used: used(r.used),
    earners: earned(r.earners),
    redeemers: used(r.redeemers),
    customers: r.customers,
    revenue: r.revenue,
    earningRevenue: earned(r.earningRevenue)
  };
}

export async function runPoints(db: QueryRunner, filters: Filters): Promise<PointsOutcome | null> {
  const history = await resolveHistory(db, filters);
  if (!history) return null;
  const present = firstRow<{ earned: boolean; used: boolean }>(await db.query(POINTS_PRESENT_SQL));
  const missing: PointColumn[] = [...(present.earned ? [] : ['points_earned' as const]), ...(present.used ? [] : ['points_used' as const])];
  if (missing.length === 2) return { available: false, missing };
  const rows = toRows<Row>(await db.query(pointsSql(filters, history)));
  const of = <P extends Row['part']>(part: P) => rows.filter((r): r is Extract<Row, { part: P }> => r.part === part);
  const opening = of('opening')[0];
  const months = of('month').map((m) => ({ month: m.month, ...flowRatios(sumsOf(m, present)) }));
  const both = missing.length === 0;
  const running = cumsum(months, (m) => (m.earned ?? 0) - (m.used ?? 0));
  return {
    available: true,
    missing,
    from: history.from,
    asOf: history.asOf,
    opening: { balance: both ? opening.balance : null, customers: opening.customers },
    total: flowRatios(sumsOf(of('total')[0], present)),
    months: months.map((m, i) => ({ ...m, balance: both ? opening.balance + running[i] : null }))
  };
}
