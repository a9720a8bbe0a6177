/**
 * The referral page's "what this means", from the figures only: how referred customers' first
 * year compares with the others' (and whether chance explains the gap), and how concentrated the
 * referrals are among the referrers.
 */
import { excludesZero } from '../programme/present';
import type { Interval } from '../programme/stats';
import type { ReferralResult } from './types';

export interface ReferralComparison {
  referred: number;
  others: number;
  difference: Interval;
  /** Whether the 95 % interval of the difference leaves out zero. */
  real: boolean;
}

export interface ReferralInsight {
  /** F2 conversion (0–1) and 12-month value of each group; null where either group's figure is not shown. */
  f2: ReferralComparison | null;
  value: ReferralComparison | null;
  /** Referrers, the customers they brought, and the share of those brought by referrers who brought 2 or more; null without the distribution or when a bin is withheld. */
  referrers: { referrers: number; customers: number; fromRepeat: number | null } | null;
}

function comparison(a: number | null, b: number | null, d: Interval): ReferralComparison | null {
  return a === null || b === null ? null : { referred: a, others: b, difference: d, real: excludesZero(d) };
}

export function referralInsightOf(r: ReferralResult): ReferralInsight | null {
  const f2 = comparison(r.referred.f2, r.others.f2, r.difference.f2);
  const value = comparison(r.referred.value, r.others.value, r.difference.value);
  const d = r.referrers;
  const whole = d && d.bins.every((b) => b.customers !== null);
  const repeat = whole ? d.bins.filter((b) => b.min >= 2).reduce((s, b) => s + (b.customers ?? 0), 0) : null;
  const referrers = d && d.customers > 0 ? { referrers: d.referrers, customers: d.customers, fromRepeat: repeat === null ? null : repeat / d.customers } : null;
  return f2 || value || referrers ? { f2, value, referrers } : null;
}
