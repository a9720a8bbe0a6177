/**
 * Points as a snapshot may show them (rules in ../withhold.ts):
 * - nothing when fewer than MIN_GROUP customers ordered in the history;
 * - in each month and in the total, each group's figures withheld when the group has 1–4
 *   customers: points earned (and the revenue of the orders earning them) by the customers who
 *   earned them, points used by those who used them, revenue by those who ordered; in the months
 *   with another month's where the rest would give a lone one away (months add up to the total);
 * - ratios derived again from what is shown (./ratios.ts), so none rests on a withheld figure;
 * - the balance from the first month with earned or used points withheld on (it is a running sum
 *   of them), and every balance when the opening balance rests on 1–4 customers; but the last
 *   month's (the closing balance, the liability) stays when the opening balance and the total
 *   points earned and used are shown: it is their sum, so it tells nothing they do not (the
 *   balances it gives back from the months after the last withheld one span every withheld month,
 *   whose sum the totals give anyway).
 * An unavailable result names columns only and is shown as it is.
 */
import { MIN_GROUP, isSmall, withholdGroups, type Withheld } from '../withhold';
import { flowRatios, type FlowSums } from './ratios';
import type { PointsFlow, PointsOutcome } from './types';

/** The figures of each group that can be withheld, and the customers they describe. */
const GROUPS = {
  earned: { size: 'earners', figures: ['earned', 'earners', 'earningRevenue'] },
  used: { size: 'redeemers', figures: ['used', 'redeemers'] },
  revenue: { size: 'customers', figures: ['customers', 'revenue'] }
} as const satisfies Record<string, { size: keyof FlowSums; figures: readonly (keyof FlowSums)[] }>;
type Group = keyof typeof GROUPS;
const GROUP_NAMES = Object.keys(GROUPS) as Group[];

/** The flow with the withheld groups' figures null and its ratios derived again. */
function withholdFlow<T extends PointsFlow>(x: T, out: (g: Group) => Withheld | null): T {
  const withheld = { ...x.withheld };
  const sums = { ...x };
  for (const g of GROUP_NAMES) {
    const w = out(g);
    if (!w) continue;
    for (const f of GROUPS[g].figures) sums[f] = null;
    withheld[g] = w;
  }
  return Object.keys(withheld).length ? { ...flowRatios(sums), withheld } : x;
}

export function withholdPoints(r: PointsOutcome): PointsOutcome | null {
  if (!r.available) return r;
  if ((r.total.customers ?? 0) < MIN_GROUP) return null;
  const out = Object.fromEntries(GROUP_NAMES.map((g) => [g, withholdGroups(r.months.map((m) => m[GROUPS[g].size] ?? 0))])) as Record<Group, (Withheld | null)[]>;
  const months = r.months.map((m, i) => withholdFlow(m, (g) => out[g][i]));
  const openingSmall = isSmall(r.opening.customers);
  const cut = openingSmall ? 0 : months.findIndex((m) => m.withheld?.earned || m.withheld?.used);
  const total = withholdFlow(r.total, (g) => (isSmall(r.total[GROUPS[g].size]) ? 'small' : null));
  const closingShown = !openingSmall && r.opening.balance !== null && total.earned !== null && total.used !== null;
  const last = months.length - 1;
  return {
    ...r,
    opening: openingSmall ? { balance: null, customers: null, withheld: 'small' } : r.opening,
    total,
    months: months.map((m, i) =>
      cut >= 0 && i >= cut && m.balance !== null && !(i === last && closingShown)
        ? { ...m, balance: null, withheld: { ...m.withheld, balance: 'complement' as const } }
        : m
    )
  };
}
