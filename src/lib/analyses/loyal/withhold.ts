/**
 * Loyal customers vs everyone else as a snapshot may show them (rules in ../withhold.ts): nothing
 * when either group has fewer than MIN_GROUP customers (the page is the comparison of the two,
 * and the total would give the small one away); a metric's value withheld for a group when what
 * it rests on is a small group (a few repeat customers, a few survey answers, a few members or
 * non-members).
 */
import { MIN_GROUP, isSmall } from '../withhold';
import type { LoyalComparisonRow, LoyalResult } from './types';

function restsOnSmallGroup(row: LoyalComparisonRow, side: 'loyal' | 'others'): boolean {
  const value = row[side];
  const base = row.base[side];
  if (value === null || base === null) return false;
  if (row.metric === 'memberShare') {
    const members = Math.round(value * base);
    return isSmall(members) || isSmall(base - members);
  }
  return isSmall(base);
}

export function withholdLoyal(r: LoyalResult): LoyalResult | null {
  if (r.loyal.customers < MIN_GROUP || r.others.customers < MIN_GROUP) return null;
  const comparison = r.comparison.map((row) => {
    const small = { loyal: restsOnSmallGroup(row, 'loyal'), others: restsOnSmallGroup(row, 'others') };
    if (!small.loyal && !small.others) return row;
    return {
      ...row,
      loyal: small.loyal ? null : row.loyal,
      others: small.others ? null : row.others,
      base: { loyal: small.loyal ? null : row.base.loyal, others: small.others ? null : row.base.others },
      withheld: { ...(small.loyal && { loyal: 'small' as const }), ...(small.others && { others: 'small' as const }) }
    };
  });
  return { ...r, comparison };
}
