/**
 * The campaigns analysis on the 84.51° Complete Journey files (../shared/data, see its README),
 * dropped as a user would drop them, against what a plain reading of the raw CSVs says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeDatabase } from '../helpers/duckdb';
import { SHARED_DATA, sharedFile } from '../helpers/files';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import type { FilePlan } from '../../src/lib/ingest/types';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { runCampaigns } from '../../src/lib/analyses/campaigns/run';
import { defaultCampaign } from '../../src/lib/analyses/campaigns/view';
import type { CampaignRow, CampaignsResult } from '../../src/lib/analyses/campaigns/types';
import { Z95 } from '../../src/lib/analyses/nps/stats';

const DIR = 'completejourney-8451';
const FILES = ['transactions_sample.csv', 'campaigns.csv', 'campaign_descriptions.csv', 'coupon_redemptions.csv'];

/** The raw file as records of named fields (these files quote plain values and hold no commas inside fields). */
function records(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path.join(SHARED_DATA, DIR, name), 'utf8').trim().split(/\r?\n/);
  const unquote = (f: string) => f.replace(/^"|"$/g, '');
  const names = header.split(',').map(unquote);
  return lines.map((l) => Object.fromEntries(l.split(',').map((f, i) => [names[i], unquote(f)])));
}

const addDays = (iso: string, n: number) => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);

/** Mean and 95 % normal interval of per-customer values, as a plain computation. */
function meanWithInterval(values: number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { value: mean, lo: mean - (Z95 * sd) / Math.sqrt(n), hi: mean + (Z95 * sd) / Math.sqrt(n) };
}

describe('84.51° campaigns, targeting and coupon redemptions', () => {
  let db: NodeDatabase;
  let plans: FilePlan[];
  let result: CampaignsResult;
  const targets = records('campaigns.csv');
  const redemptions = records('coupon_redemptions.csv');
  const descriptions = records('campaign_descriptions.csv');
  const lines = records('transactions_sample.csv');
  const byCampaign = (id: string): CampaignRow => result.campaigns.find((c) => c.campaign === id)!;

  beforeAll(async () => {
    db = await NodeDatabase.open();
    plans = [];
    for (const [i, name] of FILES.entries()) plans.push((await inspectFile(db, sharedFile(`${DIR}/${name}`), i)).plan!);
    const report = await loadDataset(db, plans, { today: '2026-11-23' });
    expect(report.files.map((f) => [f.fileName, f.loaded, f.rejected])).toEqual([
      ['transactions_sample.csv', 75_000, 0], ['campaigns.csv', 6_589, 0], ['campaign_descriptions.csv', 27, 0], ['coupon_redemptions.csv', 2_102, 0]
    ]);
    result = (await runCampaigns(db, NO_FILTERS))!;
  });
  afterAll(() => db.close());

  it('recognises each file by its headers: transactions, targeting, descriptions, redemptions', () => {
    expect(plans.map((p) => p.kind)).toEqual(['orders', 'campaign_targets', 'campaigns', 'redemptions']);
    const roles = (p: FilePlan) => Object.fromEntries(p.columns.map((c) => [c.label, c.role]));
    expect(roles(plans[0])).toMatchObject({ household_id: 'customer_id', transaction_timestamp: 'order_date', sales_value: 'amount', coupon_disc: 'ignore' });
    expect(roles(plans[1])).toEqual({ campaign_id: 'campaign', household_id: 'customer_id' });
    expect(roles(plans[2])).toEqual({ campaign_id: 'campaign', campaign_type: 'campaign_type', start_date: 'start_date', end_date: 'end_date' });
    expect(roles(plans[3])).toEqual({ household_id: 'customer_id', coupon_upc: 'coupon', campaign_id: 'campaign', redemption_date: 'redemption_date' });
    expect(plans.map(planProblems)).toEqual([[], [], [], []]);
  });

  it('counts targeted households, redeemers and redemptions per campaign as the raw files do', () => {
    expect(result.campaigns).toHaveLength(27);
    expect(result.undated).toBe(0);
    for (const d of descriptions) {
      const c = byCampaign(d.campaign_id);
      const targeted = new Set(targets.filter((t) => t.campaign_id === d.campaign_id).map((t) => t.household_id));
      const used = redemptions.filter((r) => r.campaign_id === d.campaign_id);
      const redeemers = new Set(used.map((r) => r.household_id));
      const targetedRedeemers = [...redeemers].filter((h) => targeted.has(h)).length;
      expect(c, d.campaign_id).toMatchObject({
        type: d.campaign_type,
        dated: 'described',
        evidence: 'targeted',
        targeted: targeted.size,
        redeemers: redeemers.size,
        redemptions: used.length,
        rate: targetedRedeemers / targeted.size,
        customers: new Set([...targeted, ...redeemers]).size
      });
      expect(c.windows.during).toMatchObject({ from: d.start_date, to: d.end_date });
      expect(c.groups.map((g) => g.group)).toEqual(['redeemers', 'targeted_non_redeemers', 'not_targeted']);
      expect(c.groups[0].customers! + c.groups[1].customers!).toBe(c.customers);
    }
    // Campaign 24 was sent to 12 households and never redeemed.
    expect(byCampaign('24')).toMatchObject({ targeted: 12, redeemers: 0, redemptions: 0, rate: 0 });
    expect(byCampaign('24').groups[0]).toMatchObject({ customers: 0, spend: { after: { value: null } } });
  });

  it('gives mean spend per group and window, with the interval, as a plain computation over the transaction lines', () => {
    // Campaign 8 (Type A, 2017-05-08 … 2017-06-25, 49 days): all three windows lie in 2017.
    const c = byCampaign('8');
    expect(c).toMatchObject({ days: 49, sideDays: 49 });
    expect(c.windows).toEqual({
      before: { from: '2017-03-20', to: '2017-05-07', complete: true },
      during: { from: '2017-05-08', to: '2017-06-25', complete: true },
      after: { from: '2017-06-26', to: '2017-08-13', complete: true }
    });
    const start = '2017-05-08';
    const targeted = new Set(targets.filter((t) => t.campaign_id === '8').map((t) => t.household_id));
    const redeemers = new Set(redemptions.filter((r) => r.campaign_id === '8').map((r) => r.household_id));
    const first = new Map<string, string>();
    for (const l of lines) {
      const day = l.transaction_timestamp.slice(0, 10);
      if (!first.has(l.household_id) || day < first.get(l.household_id)!) first.set(l.household_id, day);
    }
    const groups = {
      redeemers: [...redeemers],
      targeted_non_redeemers: [...targeted].filter((h) => !redeemers.has(h)),
      not_targeted: [...first].filter(([h, day]) => day < start && !targeted.has(h) && !redeemers.has(h)).map(([h]) => h)
    };
    const spendIn = (from: string, to: string) => {
      const sums = new Map<string, number>();
      for (const l of lines) {
        const day = l.transaction_timestamp.slice(0, 10);
        if (day >= from && day <= to) sums.set(l.household_id, (sums.get(l.household_id) ?? 0) + Number(l.sales_value));
      }
      return sums;
    };
    for (const [w, win] of Object.entries(c.windows) as [keyof CampaignRow['windows'], CampaignRow['windows']['before']][]) {
      const sums = spendIn(win.from, win.to);
      for (const g of c.groups) {
        const members = groups[g.group];
        expect(g.customers, g.group).toBe(members.length);
        const want = meanWithInterval(members.map((h) => sums.get(h) ?? 0));
        expect(g.spend[w].value!, `${g.group} ${w}`).toBeCloseTo(want.value, 9);
        expect(g.spend[w].lo!, `${g.group} ${w}`).toBeCloseTo(want.lo, 9);
        expect(g.spend[w].hi!, `${g.group} ${w}`).toBeCloseTo(want.hi, 9);
      }
      if (w !== 'before') {
        const reached = [...new Set([...targeted, ...redeemers])];
        expect(c.revenue[w]!).toBeCloseTo(reached.reduce((s, h) => s + (sums.get(h) ?? 0), 0), 6);
      }
    }
    // Redeemers were already the bigger spenders before: the reason redeemers alone show no lift.
    expect(c.groups[0].spend.before.value!).toBeGreaterThan(c.groups[1].spend.before.value!);
  });

  it('gives no figures for windows the export does not cover', () => {
    // Campaign 18 (2017-10-30 … 2017-12-24, 56 days): the window after it ends in 2018.
    const late = byCampaign('18');
    expect(late.windows.after).toEqual({ from: '2017-12-25', to: addDays('2017-12-24', 56), complete: false });
    expect(late.revenue.after).toBeNull();
    expect(late.groups.every((g) => g.spend.after.value === null && g.spend.during.value !== null)).toBe(true);
    // Campaign 24 began in 2016, before the first transaction: nobody was a customer before it.
    const early = byCampaign('24');
    expect(early.windows.before.complete).toBe(false);
    expect(early.windows.during.complete).toBe(false);
    expect(early.groups[2]).toMatchObject({ group: 'not_targeted', customers: 0 });
  });

  it('charts, until one is picked, the campaign with the most redeemers among those the export covers', () => {
    const covered = result.campaigns.filter((c) => c.windows.before.complete && c.windows.during.complete && c.windows.after.complete);
    const most = Math.max(...covered.map((c) => c.redeemers ?? 0));
    const shown = defaultCampaign(result.campaigns)!;
    expect(covered).toContain(shown);
    expect(shown.redeemers).toBe(most);
    // Not the first row (campaign 24 began before the first transaction).
    expect(shown.campaign).not.toBe(result.campaigns[0].campaign);
  });

  it('with a date filter lists only the campaigns that meet it', async () => {
    const r = (await runCampaigns(db, { ...NO_FILTERS, from: '2017-06-01', to: '2017-06-30' }))!;
    const want = descriptions.filter((d) => d.start_date <= '2017-06-30' && d.end_date >= '2017-06-01').map((d) => d.campaign_id);
    expect(r.campaigns.map((c) => c.campaign).sort()).toEqual(want.sort());
    expect(r).toMatchObject({ from: '2017-06-01', asOf: '2017-06-30' });
    // A 49-day campaign's windows do not fit in 30 days.
    expect(r.campaigns.find((c) => c.campaign === '8')!.windows.during.complete).toBe(false);
  });
});
