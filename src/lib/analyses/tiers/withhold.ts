/**
 * Tiers as a snapshot may show them (rules in ../withhold.ts):
 * - nothing when fewer than MIN_GROUP customers bought in the history;
 * - tiers of 1–4 customers left out by name (a tier's name is data, whatever column was mapped),
 *   the customers without a tier withheld in place; and another group withheld where the rest
 *   would give a lone one away (the groups add up to the customers and revenue shown).
 * - movement: nothing but the count when fewer than MIN_GROUP customers are measured; a tier named
 *   by moves of 1–4 customers in all left out by name, its moves with it; moves of 1–4 customers
 *   withheld, and others with them wherever a lone one could be worked out from what is shown
 *   (all moves up, all staying, all down, and all of them add up to figures shown; no tier's
 *   moves from it or to it are summed anywhere); up / same / down the same way.
 * An unavailable result names columns only and is shown as it is.
 */
import { MIN_GROUP, blank, isSmall, withholdGroups } from '../withhold';
import { TIER_DIRECTIONS, type TierGroup, type TierMovement, type TierMovementUnavailable, type TiersOutcome } from './types';

export function withholdMovement(m: TierMovement | TierMovementUnavailable): TierMovement | TierMovementUnavailable {
  if (!m.available) return m;
  if ((m.customers ?? 0) < MIN_GROUP) return { ...m, customers: null, up: null, same: null, down: null, tiers: [], moves: [], withheld: { all: 'small' } };
  const involved = (t: string) => m.moves.reduce((n, x) => n + (x.from === t || x.to === t ? (x.customers ?? 0) : 0), 0);
  const dropped = new Set(m.tiers.filter((t) => isSmall(involved(t))));
  const gone = (x: TierMovement['moves'][number]) => dropped.has(x.from) || dropped.has(x.to);
  const rank = new Map(m.tiers.map((t, i) => [t, i]));
  const direction = (x: TierMovement['moves'][number]) => Math.sign(rank.get(x.to)! - rank.get(x.from)!);
  const indexes = (keep: (x: TierMovement['moves'][number]) => boolean) => m.moves.flatMap((x, i) => (keep(x) ? [i] : []));
  // The sums shown: all the moves (customers), those up, staying and down.
  const lines = [indexes(() => true), ...[1, 0, -1].map((d) => indexes((x) => direction(x) === d))];
  // A move naming a tier left out counts as small, whatever its size: it goes with the name.
  const out = withholdGroups(m.moves.map((x) => (gone(x) ? 1 : (x.customers ?? 0))), lines);
  const moves = m.moves.flatMap((x, i) => (gone(x) ? [] : out[i] ? [blank(x, out[i]!)] : [x]));
  const totals = withholdGroups(TIER_DIRECTIONS.map((d) => m[d] ?? 0));
  const shown = { ...m, tiers: m.tiers.filter((t) => !dropped.has(t)), moves };
  const withheld: NonNullable<TierMovement['withheld']> = {};
  TIER_DIRECTIONS.forEach((d, i) => {
    const w = totals[i];
    if (!w) return;
    shown[d] = null;
    withheld[d] = w;
  });
  return Object.keys(withheld).length ? { ...shown, withheld } : shown;
}

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
  return { ...r, tiers, movement: withholdMovement(r.movement) };
}
