/**
 * Tiers as a snapshot may show them (rules in ../withhold.ts):
 * - nothing when fewer than MIN_GROUP customers bought in the history;
 * - tiers of 1–4 customers left out by name (a tier's name is data, whatever column was mapped),
 *   the customers without a tier withheld in place; and another group withheld where the rest
 *   would give a lone one away (the groups add up to the customers and revenue shown).
 * An unavailable result names columns only and is shown as it is.
 */
import { MIN_GROUP, blank, withholdGroups } from '../withhold';
import type { TierGroup, TiersOutcome } from './types';

const NO_INTERVAL = { value: null, lo: null, hi: null };

export function withholdTiers(r: TiersOutcome): TiersOutcome | null {
  if (!r.available) return r;
  if (r.customers < MIN_GROUP) return null;
  const out = withholdGroups(r.tiers.map((t) => t.customers ?? 0));
  const tiers = r.tiers.flatMap((t, i): TierGroup[] => {
    const w = out[i];
    if (!w) return [t];
    return w === 'small' && t.kind === 'tier' ? [] : [{ ...blank(t, w), perCustomer: NO_INTERVAL }];
  });
  return { ...r, tiers };
}
