/**
 * The campaigns and coupons analysis (definitions in ./sql.ts): per campaign or code, who was
 * reached and who redeemed, revenue during and after, and each group's spend before, during and
 * after with 95 % normal intervals. Null when there are no identified orders or no campaign is
 * known at all (no campaign files, no codes on orders).
 */
import { toRows, type QueryRunner } from '../../engine/types';
import { resolveHistory } from '../customers/asof';
import type { Filters } from '../filters';
import { normalInterval } from '../programme/stats';
import { campaignSpendSql, campaignsSql } from './sql';
import {
  CAMPAIGN_GROUPS, CAMPAIGN_WINDOWS,
  type CampaignGroup, type CampaignGroupKey, type CampaignOptions, type CampaignRow, type CampaignWindowKey, type CampaignsResult
} from './types';

type CampaignSqlRow = {
  campaign: string;
  type: string | null;
  dated: CampaignRow['dated'];
  targeting: boolean;
  start_date: string | null;
  days: number;
  side: number;
  targeted: number;
  redeemers: number;
  targeted_redeemers: number;
  redemptions: number;
} & Record<`${CampaignWindowKey}_${'from' | 'to'}`, string> & Record<`${CampaignWindowKey}_complete`, boolean>;

interface SpendRow {
  campaign: string;
  grp: CampaignGroupKey;
  customers: number;
  w: CampaignWindowKey | null;
  mean: number | null;
  var: number | null;
  total: number | null;
}

const windowsOf = (r: CampaignSqlRow): CampaignRow['windows'] =>
  Object.fromEntries(CAMPAIGN_WINDOWS.map((w) => [w, { from: r[`${w}_from`], to: r[`${w}_to`], complete: r[`${w}_complete`] }])) as CampaignRow['windows'];

/** A group's spend per window from its rows (windows without a row: not complete, all null). */
function groupOf(group: CampaignGroupKey, rows: readonly SpendRow[]): CampaignGroup {
  const at = (w: CampaignWindowKey) => rows.find((r) => r.w === w);
  return {
    group,
    customers: rows[0]?.customers ?? 0,
    spend: Object.fromEntries(CAMPAIGN_WINDOWS.map((w) => [w, normalInterval(at(w)?.mean ?? null, at(w)?.var ?? null)])) as CampaignGroup['spend']
  };
}

export async function runCampaigns(db: QueryRunner, filters: Filters, options: CampaignOptions = {}): Promise<CampaignsResult | null> {
  const history = await resolveHistory(db, filters);
  if (!history) return null;
  const o = { sideDays: options.sideDays ?? null };
  const [units, spend] = await Promise.all([
    db.query(campaignsSql(filters, history, o)).then((c) => toRows<CampaignSqlRow>(c)),
    db.query(campaignSpendSql(filters, history, o)).then((c) => toRows<SpendRow>(c))
  ]);
  if (units.length === 0) return null;
  const campaigns = units.filter((u) => u.start_date !== null).map((u): CampaignRow => {
    const mine = spend.filter((s) => s.campaign === u.campaign);
    const groupKeys = u.targeting ? CAMPAIGN_GROUPS : (['redeemers'] as const);
    const groups = groupKeys.map((g) => groupOf(g, mine.filter((s) => s.grp === g)));
    // The customers reached are the redeemers and the targeted who did not redeem.
    const reached = mine.filter((s) => s.grp !== 'not_targeted');
    const revenue = (w: CampaignWindowKey) => (u[`${w}_complete`] ? reached.filter((s) => s.w === w).reduce((sum, s) => sum + s.total!, 0) : null);
    return {
      campaign: u.campaign,
      type: u.type,
      dated: u.dated,
      evidence: u.targeting ? 'targeted' : 'redeemers_only',
      days: u.days,
      sideDays: u.side,
      windows: windowsOf(u),
      customers: u.targeted + u.redeemers - u.targeted_redeemers,
      targeted: u.targeting ? u.targeted : null,
      redeemers: u.redeemers,
      redemptions: u.redemptions,
      rate: u.targeting && u.targeted > 0 ? u.targeted_redeemers / u.targeted : null,
      revenue: { during: revenue('during'), after: revenue('after') },
      groups
    };
  });
  return { from: history.from, asOf: history.asOf, campaigns, undated: units.length - campaigns.length };
}
