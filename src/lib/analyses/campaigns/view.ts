import { CAMPAIGN_WINDOWS, type CampaignRow } from './types';

/** The campaigns page's settings in the URL: which campaign's groups the chart shows (null: `defaultCampaign`). */
export interface CampaignsView {
  campaign: string | null;
}

const KEY = 'camp';

export const campaignsViewFromParams = (p: URLSearchParams): CampaignsView => ({ campaign: p.get(KEY) || null });

export function campaignsViewToParams(change: Partial<CampaignsView>, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  if (change.campaign === null) out.delete(KEY);
  else if (change.campaign !== undefined) out.set(KEY, change.campaign);
  return out;
}

/**
 * The campaign the chart shows until one is picked: the one with the most redeemers among those
 * whose windows before, during and after all lie inside the data (a chart with figures in every
 * window), else the one with the most redeemers; never a withheld one.
 */
export function defaultCampaign(rows: CampaignRow[]): CampaignRow | null {
  const shown = rows.filter((c) => !c.withheld);
  const complete = shown.filter((c) => CAMPAIGN_WINDOWS.every((w) => c.windows[w].complete));
  const most = (list: CampaignRow[]) => list.reduce<CampaignRow | null>((a, c) => (!a || (c.redeemers ?? 0) > (a.redeemers ?? 0) ? c : a), null);
  return most(complete) ?? most(shown);
}
