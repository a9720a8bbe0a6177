import type { BalanceFeature } from './sql';
import type { Gap, Interval } from './stats';

/** How many customers each step of the matched comparison kept. */
export interface MatchCounts {
  /** Members with a join date. */
  members: number;
  /** Members with a purchase in the months before joining, inside the history's window. */
  qualified: number;
  /** Of those, members with at least one look-alike non-member. */
  matched: number;
  /** Non-members who could stand in (a purchase before some join month). */
  pool: number;
  /** Of those, non-members in a stratum with members. */
  used: number;
}

export interface BalanceRow {
  feature: BalanceFeature;
  members: number | null;
  /** Non-members' mean, all of them / the matched ones weighted. */
  before: number | null;
  after: number | null;
  /** Standardised mean differences, before and after matching. */
  smdBefore: number | null;
  smdAfter: number | null;
}

/** One relative month of the event study: members' mean, matched non-members' mean, their difference. */
export interface StudyMonth {
  k: number;
  members: number;
  spend: { members: number; matched: number; diff: Interval };
  buys: { members: number; matched: number; diff: Interval };
}

/** The difference in differences: change per month, members minus matched non-members. */
export interface Did {
  members: number;
  controls: number;
  /** The matched non-members' share of months after they joined later (the difference is scaled for it). */
  joined: number;
  spend: Interval;
  buys: Interval;
}

/** What makes the matched comparison believable, each said in words on the page. */
export interface Credibility {
  /** Every |SMD| after matching below BALANCED_SMD. */
  balanced: boolean;
  /** The placebo's intervals cover zero (or there is no placebo: false). */
  placebo: boolean | null;
  /** The months before joining differ by no more than chance (every pre-month interval covers 0, tested together: see run.ts). */
  preTrend: boolean;
  /** At least MATCHED_SHARE of the qualifying members found look-alikes. */
  coverage: boolean;
}

export const BALANCED_SMD = 0.1;
export const MATCHED_SHARE = 0.5;

export interface ProgrammeResult {
  asOf: string;
  /** The naive comparison (everyone as they stand). */
  gap: Gap | null;
  counts: MatchCounts;
  balance: BalanceRow[];
  did: Did | null;
  study: StudyMonth[];
  /** The same comparison with every join date a year earlier. */
  placebo: Did | null;
  credibility: Credibility | null;
}
