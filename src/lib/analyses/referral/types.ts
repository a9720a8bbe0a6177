/**
 * Referred customers against the others, and what each referrer brought: plain, serialisable
 * aggregates (no customer or referrer ids), safe for snapshots. Definitions live in `./sql.ts`.
 * Figures typed `number | null` with a `withheld` beside them are null only in a snapshot (see
 * ../withhold.ts) or where nobody is there to measure; live results have them otherwise.
 */
import type { Interval } from '../programme/stats';
import type { Unavailable } from '../unavailable';
import type { Withheld } from '../withhold';

/**
 * The canonical columns that mark a referred customer: either is enough. `referred_by` (who
 * referred them) also gives the referrers' distribution; `acquisition_source` counts only where a
 * value reads as a referral (./words.ts).
 */
export const REFERRAL_COLUMNS = ['referred_by', 'acquisition_source'] as const;
export type ReferralColumn = (typeof REFERRAL_COLUMNS)[number];

/** A customer's first year: days 0 … YEAR_DAYS − 1 from the first purchase day (day 0). */
export const YEAR_DAYS = 365;
/** Retained: a purchase on this day of the first year or later (still buying half a year on). */
export const RETAINED_FROM_DAY = 180;

export interface ReferralGroup {
  /** Customers acquired (first purchase) in the analysed history. */
  acquired: number | null;
  /** Of those, customers whose whole first year lies in the history: the base of every figure below. */
  customers: number | null;
  /** Customers with a second purchase day in their first year, and their share (F2 conversion, 0–1). */
  converted: number | null;
  f2: number | null;
  /** Customers with a purchase from day RETAINED_FROM_DAY of their first year on, and their share (0–1). */
  retained: number | null;
  retention: number | null;
  /** Mean net revenue per customer in the first year (the 12-month value). */
  value: number | null;
  /** In a snapshot: the whole group withheld, or one of its shares (whose group or rest is small). */
  withheld?: { group?: Withheld; f2?: Withheld; retention?: Withheld };
}

/**
 * Referred minus other customers, with 95 % intervals: shares (fractions, Agresti–Caffo as
 * in ../nps/stats.ts) and the 12-month value (difference of means, Welch's normal interval).
 */
export interface ReferralDifference {
  f2: Interval;
  retention: Interval;
  value: Interval;
}

/** Referrers who brought `min` … `max` customers each (max null = open). */
export const REFERRER_BIN_MINS = [1, 2, 3, 6] as const;

export interface ReferrerBin {
  min: number;
  max: number | null;
  referrers: number | null;
  /** The customers they brought, and those customers' net revenue in the history. */
  customers: number | null;
  revenue: number | null;
  withheld?: Withheld;
}

/** What referrers brought: customers acquired in the history whose `referred_by` names them, grouped by referrer. */
export interface ReferrerDistribution {
  referrers: number;
  customers: number;
  revenue: number;
  /** One bin per REFERRER_BIN_MINS entry, in order, empty ones included. */
  bins: ReferrerBin[];
}

export interface ReferralResult {
  available: true;
  /** The analysed history, YYYY-MM-DD. */
  from: string;
  asOf: string;
  /** The columns that mark some customer as referred. */
  signals: ReferralColumn[];
  referred: ReferralGroup;
  others: ReferralGroup;
  difference: ReferralDifference;
  /** Null without `referred_by`. */
  referrers: ReferrerDistribution | null;
}

/** Unavailable when neither column marks anybody as referred. */
export type ReferralOutcome = ReferralResult | Unavailable<ReferralColumn>;
