/**
 * Campaigns and coupons: plain, serialisable aggregates (no customer ids), safe for snapshots
 * and links. Definitions live in `./sql.ts`. Figures typed `number | null` with a `withheld`
 * beside them are null in a snapshot where the group is withheld (see ./withhold.ts); live, they
 * are null only where the text says so (a window outside the data, a rate without targeting).
 */
import type { Interval } from '../programme/stats';
import type { Withheld } from '../withhold';

/**
 * Whom a campaign's customers are split into: those who redeemed it, those it was sent to who
 * did not, and the shop's other customers (who bought before it started and were not sent it).
 */
export const CAMPAIGN_GROUPS = ['redeemers', 'targeted_non_redeemers', 'not_targeted'] as const;
export type CampaignGroupKey = (typeof CAMPAIGN_GROUPS)[number];

/** The campaign's own days and the days of equal length (or `sideDays`) before and after it. */
export const CAMPAIGN_WINDOWS = ['before', 'during', 'after'] as const;
export type CampaignWindowKey = (typeof CAMPAIGN_WINDOWS)[number];

export interface CampaignOptions {
  /**
   * Days of the windows before and after a campaign; absent or null: as many as the campaign
   * lasts. A fixed length suits codes used all year round (a welcome coupon), whose
   * equal-length windows would lie outside any export.
   */
  sideDays?: number | null;
}

export interface CampaignWindow {
  /** YYYY-MM-DD, both included. */
  from: string;
  to: string;
  /**
   * Wholly inside the analysed history. Only complete windows have figures: a window cut short
   * by the end of the export (or the date filter) would read as customers spending less.
   */
  complete: boolean;
}

export interface CampaignGroup {
  group: CampaignGroupKey;
  customers: number | null;
  /**
   * Mean net spend per customer of the group in each window (customers who bought nothing
   * count as 0), with its 95 % normal interval; all null where the window is not complete or
   * the group is empty, the interval null for a group of one.
   */
  spend: Record<CampaignWindowKey, Interval>;
  withheld?: Withheld;
}

/**
 * 'targeted': a targeting file says whom the campaign was sent to, so redeemers can be set
 * against the targeted who did not redeem and against customers not targeted.
 * 'redeemers_only': only who redeemed it is known (a code on orders, a redemption file without
 * targeting): the redeemers' behaviour is reported alone, which cannot show the campaign's lift
 * (redeemers are self-selected).
 */
export type CampaignEvidence = 'targeted' | 'redeemers_only';

export interface CampaignRow {
  /** The campaign's id, or the coupon code where nothing groups coupons into campaigns. */
  campaign: string;
  /** The campaign file's type, if any. */
  type: string | null;
  /** 'described': the window is a campaign file's dates; 'observed': the first to last day it was sent or used. */
  dated: 'described' | 'observed';
  evidence: CampaignEvidence;
  /** Days of the campaign (both ends included) and of each window beside it. */
  days: number;
  sideDays: number;
  windows: Record<CampaignWindowKey, CampaignWindow>;
  /** Customers reached: targeted or redeeming. */
  customers: number | null;
  /** Null when targeting is not known. */
  targeted: number | null;
  redeemers: number | null;
  /** Uses: redemption rows plus purchases carrying the code. */
  redemptions: number | null;
  /** Targeted customers who redeemed ÷ targeted customers, 0–1; null without targeting or targeted customers. */
  rate: number | null;
  /** Net revenue of the customers reached, in the campaign and in the window after it (null where not complete). */
  revenue: { during: number | null; after: number | null };
  /** CAMPAIGN_GROUPS in order when targeted; only the redeemers otherwise. */
  groups: CampaignGroup[];
  withheld?: Withheld;
}

export interface CampaignsResult {
  /** The analysed history, YYYY-MM-DD (see ../customers/asof.ts). */
  from: string;
  asOf: string;
  /** Campaigns whose window meets the analysed history, by start date. */
  campaigns: CampaignRow[];
  /** Campaigns known but never dated (a targeting file without dates, never used): not analysed. */
  undated: number;
}
