/** The campaigns page's settings in the URL: which campaign's groups the chart shows (null: the first). */
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
