/** "What this means" on the tiers & points and referral pages: from the figures only, and silent where a figure is not shown. */
import { describe, expect, it } from 'vitest';
import { tiersInsightOf } from '../../src/lib/analyses/tiers/present';
import { pointsInsightOf } from '../../src/lib/analyses/points/present';
import { referralInsightOf } from '../../src/lib/analyses/referral/present';
import { flowRatios } from '../../src/lib/analyses/points/ratios';
import type { TierGroup, TiersResult } from '../../src/lib/analyses/tiers/types';
import type { PointsResult } from '../../src/lib/analyses/points/types';
import type { ReferralGroup, ReferralResult } from '../../src/lib/analyses/referral/types';

const tier = (name: string, customers: number, revenue: number, kind: TierGroup['kind'] = 'tier'): TierGroup => ({
  tier: name, kind, customers, revenue, perCustomer: { value: revenue / customers, lo: null, hi: null }, median: revenue / customers
});
const tiers = (groups: TierGroup[]): TiersResult => ({
  available: true, from: '2024-01-01', asOf: '2024-12-31', order: 'ladder',
  customers: groups.reduce((s, g) => s + (g.customers ?? 0), 0), revenue: groups.reduce((s, g) => s + (g.revenue ?? 0), 0),
  tiers: groups, movement: { available: false, reason: 'current_tier_only' }
});

describe('tiers: what this means', () => {
  it('gives the highest tier’s share of customers and revenue, and its spend per customer over the lowest tier’s', () => {
    const r = tiers([tier('Bronze', 60, 60_000), tier('Gold', 30, 90_000), tier('Platinum', 10, 100_000), tier('', 100, 50_000, 'none')]);
    expect(tiersInsightOf(r)).toEqual({ top: 'Platinum', customerShare: 10 / 200, revenueShare: 100_000 / 300_000, bottom: 'Bronze', ratio: 10_000 / 1000 });
  });

  it('skips a withheld tier, has no ratio with one tier, and says nothing without a tier shown', () => {
    const withheld: TierGroup = { tier: 'Platinum', kind: 'tier', customers: null, revenue: null, perCustomer: { value: null, lo: null, hi: null }, median: null, withheld: 'complement' };
    const r = tiers([tier('Bronze', 60, 60_000), tier('Gold', 30, 90_000), tier('', 100, 50_000, 'none')]);
    expect(tiersInsightOf({ ...r, tiers: [...r.tiers.slice(0, 2), withheld, r.tiers[2]] })?.top).toBe('Gold');
    expect(tiersInsightOf(tiers([tier('Gold', 30, 90_000)]))).toMatchObject({ top: 'Gold', bottom: null, ratio: null });
    expect(tiersInsightOf(tiers([tier('', 100, 50_000, 'none')]))).toBeNull();
  });
});

describe('points: what this means', () => {
  const flow = flowRatios({ earned: 1000, used: 250, earners: 40, redeemers: 10, customers: 50, revenue: 100_000, earningRevenue: 80_000 });
  const result = (balance: number | null, missing: PointsResult['missing'] = []): PointsResult => ({
    available: true, missing, from: '2024-01-01', asOf: '2024-02-29', opening: { balance: 0, customers: 0 }, total: flow,
    months: [{ month: '2024-01', ...flow, balance: 500 }, { month: '2024-02', ...flow, balance }]
  });

  it('gives the closing balance with its month, the redemption rate and points per yen', () => {
    expect(pointsInsightOf(result(750))).toEqual({ month: '2024-02', balance: 750, redemptionRate: 0.25, pointsPerYen: 0.01 });
  });

  it('leaves out a balance that is withheld or cannot be known', () => {
    expect(pointsInsightOf(result(null))).toEqual({ month: null, balance: null, redemptionRate: 0.25, pointsPerYen: 0.01 });
    const none = { ...result(null), total: flowRatios({ ...flow, earned: null, used: null, earningRevenue: null }) };
    expect(pointsInsightOf(none)).toBeNull();
  });
});

describe('referral: what this means', () => {
  const group = (f2: number | null, value: number | null): ReferralGroup => ({
    acquired: 100, customers: 80, converted: f2 === null ? null : f2 * 80, f2, retained: 20, retention: 0.25, value
  });
  const result: ReferralResult = {
    available: true, from: '2023-01-01', asOf: '2024-12-31', signals: ['referred_by'],
    referred: group(0.5, 12_000), others: group(0.3, 9000),
    difference: { f2: { value: 0.2, lo: 0.05, hi: 0.35 }, retention: { value: 0, lo: -0.1, hi: 0.1 }, value: { value: 3000, lo: -500, hi: 6500 } },
    referrers: {
      referrers: 30, customers: 50, revenue: 500_000,
      bins: [
        { min: 1, max: 1, referrers: 20, customers: 20, revenue: 200_000 },
        { min: 2, max: 2, referrers: 5, customers: 10, revenue: 100_000 },
        { min: 3, max: 5, referrers: 5, customers: 20, revenue: 200_000 },
        { min: 6, max: null, referrers: 0, customers: 0, revenue: 0 }
      ]
    }
  };

  it('compares F2 and the 12-month value, says whether chance explains each gap, and how much came from repeat referrers', () => {
    const i = referralInsightOf(result)!;
    expect(i.f2).toEqual({ referred: 0.5, others: 0.3, difference: result.difference.f2, real: true });
    expect(i.value).toMatchObject({ referred: 12_000, others: 9000, real: false });
    expect(i.referrers).toEqual({ referrers: 30, customers: 50, fromRepeat: 30 / 50 });
  });

  it('drops what a snapshot withholds: a group’s share, a bin', () => {
    const bins = result.referrers!.bins.map((b, i) => (i >= 2 ? { ...b, referrers: null, customers: null, revenue: null, withheld: 'small' as const } : b));
    const i = referralInsightOf({ ...result, others: group(null, 9000), referrers: { ...result.referrers!, bins } })!;
    expect(i.f2).toBeNull();
    expect(i.value).not.toBeNull();
    expect(i.referrers).toEqual({ referrers: 30, customers: 50, fromRepeat: null });
    expect(referralInsightOf({ ...result, referred: group(null, null), referrers: null })).toBeNull();
  });
});
