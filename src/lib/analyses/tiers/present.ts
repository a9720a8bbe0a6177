/**
 * The tiers page's "what this means", from the figures only: where the revenue sits among the
 * tiers (the highest tier shown against the lowest).
 */
import type { TierGroup, TiersResult } from './types';

export interface TiersInsight {
  /** The highest tier whose figures are shown, its share of the customers and of the revenue (0–1). */
  top: string;
  customerShare: number;
  revenueShare: number;
  /** The lowest tier shown, and the top tier's revenue per customer over its; null with one tier or without a positive base. */
  bottom: string | null;
  ratio: number | null;
}

const shown = (g: TierGroup): g is TierGroup & { customers: number; revenue: number } => g.kind === 'tier' && g.customers !== null && g.revenue !== null;

export function tiersInsightOf(r: TiersResult): TiersInsight | null {
  const tiers = r.tiers.filter(shown);
  const top = tiers.at(-1);
  if (!top || r.customers <= 0 || r.revenue <= 0) return null;
  const bottom = tiers.length >= 2 ? tiers[0] : null;
  const per = (g: TierGroup) => g.perCustomer.value;
  const base = bottom ? per(bottom) : null;
  const high = per(top);
  return {
    top: top.tier,
    customerShare: top.customers / r.customers,
    revenueShare: top.revenue / r.revenue,
    bottom: bottom?.tier ?? null,
    ratio: base !== null && base > 0 && high !== null ? high / base : null
  };
}
