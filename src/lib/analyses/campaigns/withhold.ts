/**
 * Campaigns as a snapshot may show them (rules in ../withhold.ts):
 * - nothing when no campaign reached 5 customers or more;
 * - a campaign that reached 1–4 customers left out whole, its name too (a code is data: it can be
 *   one person's referral code);
 * - of a campaign's redeemers and targeted non-redeemers, which add up to the customers reached,
 *   a group of 1–4 withheld, and the other with it; then the redeemers' count and the rate,
 *   from which either could be worked out, too, and the redemptions when the redeemers are few;
 * - customers not targeted withheld when they are 1–4.
 * Revenue rests on all customers reached, so it stays. Counts that differ by 1–4 but carry no
 * figure of their own (redeemers who were not targeted: reached − targeted) are not withheld.
 */
import { blank, isSmall, withholdGroups, type Withheld } from '../withhold';
import type { Interval } from '../programme/stats';
import type { CampaignGroup, CampaignRow, CampaignsResult } from './types';

const NO_INTERVAL: Interval = { value: null, lo: null, hi: null };

function blankGroup(g: CampaignGroup, withheld: Withheld): CampaignGroup {
  return { ...g, customers: null, spend: { before: NO_INTERVAL, during: NO_INTERVAL, after: NO_INTERVAL }, withheld };
}

function withholdCampaign(c: CampaignRow): CampaignRow {
  if (isSmall(c.customers)) {
    return { ...blank(c, 'small', ['days', 'sideDays']), revenue: { during: null, after: null }, groups: c.groups.map((g) => blankGroup(g, 'complement')) };
  }
  // Groups in CAMPAIGN_GROUPS order: the first two (or the redeemers alone) add up to the customers reached.
  const reached = c.groups.length > 1 ? [0, 1] : [0];
  const out = withholdGroups(c.groups.map((g) => g.customers ?? 0), [reached, ...c.groups.slice(2).map((_, i) => [i + 2])]);
  const groups = c.groups.map((g, i) => (out[i] ? blankGroup(g, out[i]) : g));
  if (!reached.some((i) => out[i])) return { ...c, groups };
  return { ...c, groups, redeemers: null, rate: null, redemptions: out[0] === 'small' ? null : c.redemptions };
}

export function withholdCampaigns(r: CampaignsResult): CampaignsResult | null {
  const campaigns = r.campaigns.map(withholdCampaign).filter((c) => !c.withheld);
  return campaigns.some((c) => (c.customers ?? 0) > 0) ? { ...r, campaigns } : null;
}
