/** The analysis pages that can be shared and reported, in navigation order. */
export const PAGE_IDS = ['overview', 'loyal', 'segments', 'cohorts', 'clv', 'nps', 'programme', 'campaigns', 'tiers', 'referral', 'goals'] as const;
export type PageId = (typeof PAGE_IDS)[number];

export const isPageId = (v: unknown): v is PageId => (PAGE_IDS as readonly unknown[]).includes(v);

/** The analysis page a route shows (`/(app)/overview` → 'overview'), or null. */
export function pageOfRoute(routeId: string | null): PageId | null {
  const id = routeId?.replace(/^\/\(app\)\//, '') ?? null;
  return isPageId(id) ? id : null;
}
