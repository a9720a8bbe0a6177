/**
 * The points part of the tiers page's "what this means", from the figures only: what is still
 * owed (the balance at the last month's end), how much of what was earned was used, and what the
 * programme gives per unit of revenue.
 */
import type { PointsResult } from './types';

export interface PointsInsight {
  /** The last month of the history and the points outstanding at its end; null without both columns or when withheld. */
  month: string | null;
  balance: number | null;
  /** Points used over points earned in the history; null without it. */
  redemptionRate: number | null;
  /** Points earned per unit of all revenue in the history; null without it. */
  pointsPerYen: number | null;
}

export function pointsInsightOf(r: PointsResult): PointsInsight | null {
  const last = r.months.at(-1);
  const out: PointsInsight = {
    month: last && last.balance !== null ? last.month : null,
    balance: last?.balance ?? null,
    redemptionRate: r.total.redemptionRate,
    pointsPerYen: r.total.pointsPerYen
  };
  return out.balance === null && out.redemptionRate === null && out.pointsPerYen === null ? null : out;
}
