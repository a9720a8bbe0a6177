/**
 * Referral figures as a snapshot may show them (rules in ../withhold.ts):
 * - nothing when fewer than MIN_GROUP customers were acquired in the history;
 * - a group (referred or other) withheld when 1–4 of its customers were acquired, and then the
 *   other one too: together they are every acquired customer, a total the cohort page shows;
 *   a group measured on 1–4 customers (with a whole first year) withheld but for the number acquired;
 * - a share withheld when the customers it counts, or the rest, are 1–4;
 * - a difference withheld when a figure it rests on is;
 * - the referrers' distribution: nothing when fewer than MIN_GROUP referrers; bins of 1–4
 *   referrers withheld, with another where the rest would give a lone one away (bins add up to
 *   the totals shown).
 * An unavailable result names columns only and is shown as it is.
 */
import { MIN_GROUP, blank, isSmall, withholdGroups, type Withheld } from '../withhold';
import type { Interval } from '../programme/stats';
import type { ReferralDifference, ReferralGroup, ReferralOutcome, ReferrerDistribution } from './types';

const NO_INTERVAL: Interval = { value: null, lo: null, hi: null };

/** A share withheld when the group it counts, or the rest, is small. */
function withholdShares(g: ReferralGroup): ReferralGroup {
  const small = (n: number | null) => n !== null && g.customers !== null && (isSmall(n) || isSmall(g.customers - n));
  const f2 = small(g.converted);
  const retention = small(g.retained);
  if (!f2 && !retention) return g;
  return {
    ...g,
    ...(f2 && { converted: null, f2: null }),
    ...(retention && { retained: null, retention: null }),
    withheld: { ...(f2 && { f2: 'small' as const }), ...(retention && { retention: 'small' as const }) }
  };
}

/** `byAcquired`: whether the group is withheld by the number acquired (with its complement); if not, it still is when measured on 1–4 customers. */
function withholdGroup(g: ReferralGroup, byAcquired: Withheld | null): ReferralGroup {
  if (byAcquired) return { ...blank(g, byAcquired), withheld: { group: byAcquired } };
  if (isSmall(g.customers)) return { ...blank(g, 'small', ['acquired']), withheld: { group: 'small' } };
  return withholdShares(g);
}

function withholdReferrers(d: ReferrerDistribution | null): ReferrerDistribution | null {
  if (!d || d.referrers < MIN_GROUP) return null;
  const out = withholdGroups(d.bins.map((b) => b.referrers ?? 0));
  return { ...d, bins: d.bins.map((b, i) => (out[i] ? blank(b, out[i], ['min', 'max']) : b)) };
}

export function withholdReferral(r: ReferralOutcome): ReferralOutcome | null {
  if (!r.available) return r;
  const acquired = [r.referred.acquired ?? 0, r.others.acquired ?? 0];
  if (acquired[0] + acquired[1] < MIN_GROUP) return null;
  const [byReferred, byOthers] = withholdGroups(acquired);
  const referred = withholdGroup(r.referred, byReferred);
  const others = withholdGroup(r.others, byOthers);
  const rests = (x: keyof ReferralDifference) => (referred[x] === null || others[x] === null ? NO_INTERVAL : r.difference[x]);
  return {
    ...r,
    referred,
    others,
    difference: { f2: rests('f2'), retention: rests('retention'), value: rests('value') },
    referrers: withholdReferrers(r.referrers)
  };
}
