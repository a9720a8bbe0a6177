/**
 * Campaigns and coupons: how campaign files are recognised and loaded (bad rows included), the
 * analysis on hand-made files whose figures are worked out below, on the demo shop (codes on
 * orders, no targeting: redeemers only) against a plain reading of its CSV, and the snapshot
 * withholding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { bytesFile, encodeCp932, textFile } from '../helpers/files';
import { loadFiles } from '../helpers/load';
import { fileKind, proposeRoles } from '../../src/lib/ingest/roles';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset, type LoadReport } from '../../src/lib/ingest/load';
import { issuesSql, type IssueRow } from '../../src/lib/ingest/issues';
import type { FilePlan, Role } from '../../src/lib/ingest/types';
import { toRows } from '../../src/lib/engine/types';
import { ja } from '../../src/lib/i18n/messages/ja';
import { en } from '../../src/lib/i18n/messages/en';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import { runCampaigns } from '../../src/lib/analyses/campaigns/run';
import { withholdCampaigns } from '../../src/lib/analyses/campaigns/withhold';
import type { CampaignGroup, CampaignRow, CampaignsResult, CampaignWindowKey } from '../../src/lib/analyses/campaigns/types';
import { Z95 } from '../../src/lib/analyses/nps/stats';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';

/** Inspect and load files as dropped, with the proposed plans; rejected rows allowed. */
async function load(db: NodeDatabase, files: File[]): Promise<{ plans: FilePlan[]; report: LoadReport }> {
  const plans: FilePlan[] = [];
  for (const [i, f] of files.entries()) {
    const ins = await inspectFile(db, f, i);
    if (!ins.plan) throw new Error(`${f.name}: ${JSON.stringify(ins.problem)}`);
    plans.push(ins.plan);
  }
  return { plans, report: await loadDataset(db, plans, { today: '2026-11-23' }) };
}

/** Mean and 95 % normal interval of per-customer values (null interval for one value). */
function meanWithInterval(values: number[]) {
  const n = values.length;
  if (n === 0) return { value: null, lo: null, hi: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { value: mean, lo: null, hi: null };
  const half = (Z95 * Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1))) / Math.sqrt(n);
  return { value: mean, lo: mean - half, hi: mean + half };
}

/** `want`'s figures, to floating-point accuracy (DuckDB sums and divides in its own order). */
const close = (want: { value: number | null; lo: number | null; hi: number | null }) =>
  Object.fromEntries(Object.entries(want).map(([k, v]) => [k, v === null ? null : expect.closeTo(v, 9)]));

const spendOf = (g: CampaignGroup | undefined) => g && Object.fromEntries(Object.entries(g.spend).map(([w, i]) => [w, i.value]));

describe('recognising campaign files by their columns', () => {
  const roles = (headers: string[], row: string[]) => {
    const p = proposeRoles(headers, [row]);
    return { kind: p.kind, roles: p.columns.map((c) => c.role) };
  };

  it.each<[string[], string[], string, Role[]]>([
    // Japanese exports: a send list, a campaign master, a coupon use log.
    [['キャンペーンID', '会員ID', '配信日'], ['CP1', 'M1', '2024/3/1'], 'campaign_targets', ['campaign', 'customer_id', 'start_date']],
    [['キャンペーンコード', 'キャンペーン種別', '配信開始日', '配信終了日'], ['CP1', 'メール', '2024年3月1日', '2024年3月31日'], 'campaigns', ['campaign', 'campaign_type', 'start_date', 'end_date']],
    [['会員番号', 'クーポンコード', 'クーポン利用日時'], ['M1', 'SPRING10', '2024/3/5 10:00'], 'redemptions', ['customer_id', 'coupon', 'redemption_date']],
    // Dates known only by their values take the kind's dates: a description's start then end…
    [['campaign', 'from', 'to'], ['C1', '2024-03-01', '2024-03-31'], 'campaigns', ['campaign', 'start_date', 'end_date']],
    // …a targeting file's send date, a redemption's day (coupons beside the date say redemptions).
    [['member_id', 'campaign_id', 'when'], ['M1', 'C1', '2024-03-01'], 'campaign_targets', ['customer_id', 'campaign', 'start_date']],
    [['member_id', 'campaign_id', 'coupon', 'when'], ['M1', 'C1', 'X9', '2024-03-01'], 'redemptions', ['customer_id', 'campaign', 'coupon', 'redemption_date']],
    [['email', 'campaign'], ['a@example.com', 'C1'], 'campaign_targets', ['email', 'campaign']]
  ])('%j is %s', (headers, row, kind, expected) => {
    expect(roles(headers, row)).toEqual({ kind, roles: expected });
    expect(fileKind(expected)).toBe(kind);
  });

  it('leaves other files as they were: a campaign column on orders is their code, campaign dates elsewhere are judged by their values', () => {
    expect(roles(['注文番号', '注文日', '会員ID', '金額', 'キャンペーンコード'], ['1', '2024-03-01', 'M1', '100', 'CP1']))
      .toEqual({ kind: 'orders', roles: ['order_id', 'order_date', 'customer_id', 'amount', 'coupon'] });
    // With a coupon column too, the coupon is the order's code and the campaign column is for the user to decide.
    expect(roles(['注文日', '会員ID', '金額', 'クーポンコード', 'キャンペーン'], ['2024-03-01', 'M1', '100', 'X', 'CP1']).roles)
      .toEqual(['order_date', 'customer_id', 'amount', 'coupon', 'ignore']);
    // A customer master's campaign (the one they joined by) and a survey tool's start and end times.
    expect(roles(['会員番号', '会員ランク', 'キャンペーン'], ['M1', 'ゴールド', 'CP1'])).toEqual({ kind: 'customers', roles: ['customer_id', 'tier', 'ignore'] });
    expect(roles(['Respondent ID', 'Start Date', 'End Date', 'How likely are you to recommend us?'], ['1', '2024-03-01 10:00', '2024-03-01 10:05', '9']))
      .toEqual({ kind: 'responses', roles: ['ignore', 'response_date', 'ignore', 'score'] });
    // The 84.51° transactions' coupon discounts are money, not codes.
    expect(roles(['household_id', 'sales_value', 'coupon_disc', 'transaction_timestamp'], ['1', '2.5', '0.5', '2017-01-01 10:00:00']).roles)
      .toEqual(['customer_id', 'amount', 'ignore', 'order_date']);
  });

  it('says what a campaign file still needs', () => {
    const plan = (kind: FilePlan['kind'], rs: Role[]) => planProblems({ kind, identity: 'customer_id', columns: rs.map((role) => ({ role })) } as FilePlan);
    expect(plan('campaigns', ['campaign', 'end_date'])).toEqual(['start_date']);
    expect(plan('campaign_targets', ['customer_id'])).toEqual(['campaign']);
    expect(plan('campaign_targets', ['customer_id', 'coupon'])).toEqual([]);
    expect(plan('redemptions', ['campaign', 'redemption_date'])).toEqual(['customer_id']);
    expect(plan('redemptions', ['customer_id', 'campaign'])).toEqual(['redemption_date']);
  });
});

// ------------------------------------------------------------------ hand-made shop
//
// SPRING runs 2024-02-01 … 02-10 (10 days: before 01-22 … 01-31, after 02-11 … 02-20). It was
// sent to C1–C4 and C9 (who never ordered); C1, C2 (twice) and C8 (not sent it) redeemed it.
// QUIET (03-01 … 03-05) was sent to C5–C7 and never redeemed. WELCOME is only a code on C5's
// first order. LIST names C1 but has no dates and was never used. History: 2024-01-02 … 03-31.

const ORDERS = [
  ['C1', '2024-01-05', '100', ''], ['C1', '2024-01-25', '50', ''], ['C1', '2024-02-03', '80', ''], ['C1', '2024-02-15', '40', ''],
  ['C2', '2024-01-10', '200', ''], ['C2', '2024-02-05', '120', ''], ['C2', '2024-02-05', '-20', ''],
  ['C3', '2024-01-28', '60', ''], ['C3', '2024-02-18', '30', ''],
  ['C4', '2024-02-08', '10', ''],
  ['C5', '2024-01-02', '500', 'WELCOME'], ['C5', '2024-03-02', '70', ''],
  ['C6', '2024-01-15', '20', ''], ['C6', '2024-03-31', '5', ''],
  ['C7', '2024-03-04', '90', ''],
  ['C8', '2024-01-20', '300', ''], ['C8', '2024-02-04', '100', ''],
  ['C10', '2024-01-03', '40', ''], ['C10', '2024-01-30', '10', ''], ['C10', '2024-02-09', '25', ''],
  ['C11', '2024-02-20', '15', '']
];
const TARGETS = [['SPRING', 'C1'], ['SPRING', 'C2'], ['SPRING', 'C3'], ['SPRING', 'C4'], ['SPRING', 'C9'], ['QUIET', 'C5'], ['QUIET', 'C6'], ['QUIET', 'C7'], ['LIST', 'C1']];
const DESCRIPTIONS = [['SPRING', 'mail', '2024-02-01', '2024-02-10'], ['QUIET', 'app', '2024-03-01', '2024-03-05']];
const REDEMPTIONS = [['C1', 'SPRING', 'S-1', '2024-02-03'], ['C2', 'SPRING', 'S-2', '2024-02-05'], ['C2', 'SPRING', 'S-2', '2024-02-06'], ['C8', 'SPRING', 'S-3', '2024-02-04']];

const csv = (header: string, rows: string[][]) => [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';

const englishFiles = () => [
  textFile('orders.csv', csv('customer_id,order_date,amount,coupon', ORDERS)),
  textFile('targets.csv', csv('campaign,customer_id', TARGETS)),
  textFile('campaign_list.csv', csv('campaign_name,campaign_type,from,to', DESCRIPTIONS)),
  textFile('redeemed.csv', csv('customer_id,campaign_id,coupon_code,redeemed_on', REDEMPTIONS))
];

/** The same shop as a Japanese system exports it: Shift_JIS, Japanese headers, Japanese dates and money. */
function japaneseFiles(): File[] {
  const jaDate = (iso: string) => iso.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日');
  const slash = (iso: string) => iso.replaceAll('-', '/');
  const yen = (a: string) => (a.startsWith('-') ? `△${a.slice(1)}` : `\\${a}`);
  const sjis = (name: string, text: string) => bytesFile(name, encodeCp932(text));
  return [
    sjis('注文一覧.csv', csv('会員ID,注文日,金額,クーポンコード', ORDERS.map(([c, d, a, k]) => [c, slash(d), yen(a), k]))),
    sjis('配信リスト.csv', csv('キャンペーンID,会員ID,配信日', TARGETS.map(([k, c]) => [k, c, '']))),
    sjis('キャンペーン.csv', csv('キャンペーンID,キャンペーン種別,開始日,終了日', DESCRIPTIONS.map(([k, t, s, e]) => [k, t, jaDate(s), jaDate(e)]))),
    sjis('クーポン利用履歴.csv', csv('会員ID,キャンペーンID,クーポンコード,利用日', REDEMPTIONS.map(([c, k, x, d]) => [c, k, x, slash(d)])))
  ];
}

describe('a hand-made shop with targeting, redemptions and a code on orders', () => {
  let db: NodeDatabase;
  let plans: FilePlan[];
  let result: CampaignsResult;
  const campaign = (key: string) => result.campaigns.find((c) => c.campaign === key)!;
  const group = (key: string, g: CampaignGroup['group']) => campaign(key).groups.find((x) => x.group === g);

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const loaded = await load(db, englishFiles());
    plans = loaded.plans;
    expect(loaded.report.files.map((f) => [f.kind, f.loaded, f.rejected, f.warnings])).toEqual([
      ['orders', 21, 0, 0], ['campaign_targets', 9, 0, 0], ['campaigns', 2, 0, 0], ['redemptions', 4, 0, 0]
    ]);
    result = (await runCampaigns(db, NO_FILTERS))!;
  });
  afterAll(() => db.close());

  it('reads the headers as campaign files', () => {
    expect(plans.map((p) => p.columns.map((c) => c.role))).toEqual([
      ['customer_id', 'order_date', 'amount', 'coupon'],
      ['campaign', 'customer_id'],
      ['campaign', 'campaign_type', 'start_date', 'end_date'],
      ['customer_id', 'campaign', 'coupon', 'redemption_date']
    ]);
  });

  it('counts the targeted, the redeemers (one not targeted) and the uses; a campaign without dates is set aside', () => {
    expect(result).toMatchObject({ from: '2024-01-02', asOf: '2024-03-31', undated: 1 });
    expect(result.campaigns.map((c) => c.campaign)).toEqual(['WELCOME', 'SPRING', 'QUIET']);
    expect(campaign('SPRING')).toMatchObject({
      type: 'mail', dated: 'described', evidence: 'targeted', days: 10, sideDays: 10,
      customers: 6, targeted: 5, redeemers: 3, redemptions: 4, rate: 2 / 5,
      windows: {
        before: { from: '2024-01-22', to: '2024-01-31', complete: true },
        during: { from: '2024-02-01', to: '2024-02-10', complete: true },
        after: { from: '2024-02-11', to: '2024-02-20', complete: true }
      },
      // C1 80 + C2 (120 − 20) + C8 100 + C4 10 during; C1 40 + C3 30 after.
      revenue: { during: 290, after: 70 }
    });
  });

  it('spend per group: targeted customers who never ordered count as 0; the not targeted are the customers from before it', () => {
    expect(spendOf(group('SPRING', 'redeemers'))).toEqual({ before: 50 / 3, during: 280 / 3, after: 40 / 3 });
    // C3, C4 and C9 (no orders at all).
    expect(group('SPRING', 'targeted_non_redeemers')!.customers).toBe(3);
    expect(spendOf(group('SPRING', 'targeted_non_redeemers'))).toEqual({ before: 20, during: 10 / 3, after: 10 });
    // C5, C6, C10 bought before 02-01; C7 and C11 came later.
    expect(group('SPRING', 'not_targeted')!.customers).toBe(3);
    expect(group('SPRING', 'not_targeted')!.spend).toEqual({
      before: close(meanWithInterval([0, 0, 10])), during: close(meanWithInterval([0, 0, 25])), after: { value: 0, lo: 0, hi: 0 }
    });
    expect(group('SPRING', 'redeemers')!.spend.during).toEqual(close(meanWithInterval([80, 100, 100])));
  });

  it('a campaign nobody redeemed: rate 0, an empty redeemers group', () => {
    expect(campaign('QUIET')).toMatchObject({ targeted: 3, redeemers: 0, redemptions: 0, rate: 0, customers: 3, revenue: { during: 160, after: 0 } });
    expect(group('QUIET', 'redeemers')).toEqual({ group: 'redeemers', customers: 0, spend: { before: meanWithInterval([]), during: meanWithInterval([]), after: meanWithInterval([]) } });
    expect(spendOf(group('QUIET', 'targeted_non_redeemers'))).toEqual({ before: 0, during: 160 / 3, after: 0 });
    expect(group('QUIET', 'not_targeted')!.customers).toBe(7);
  });

  it('a code on orders only: redeemers alone, dated by its use, no rate; a window before the data has no figures', () => {
    expect(campaign('WELCOME')).toMatchObject({
      dated: 'observed', evidence: 'redeemers_only', days: 1, targeted: null, rate: null, redeemers: 1, redemptions: 1, customers: 1,
      windows: { before: { from: '2024-01-01', to: '2024-01-01', complete: false }, during: { from: '2024-01-02', to: '2024-01-02', complete: true } }
    });
    expect(campaign('WELCOME').groups).toEqual([
      { group: 'redeemers', customers: 1, spend: { before: meanWithInterval([]), during: meanWithInterval([500]), after: { value: 0, lo: null, hi: null } } }
    ]);
  });

  it('windows of a fixed length beside the campaign on request', async () => {
    const r = (await runCampaigns(db, NO_FILTERS, { sideDays: 3 }))!;
    const spring = r.campaigns.find((c) => c.campaign === 'SPRING')!;
    expect(spring).toMatchObject({ days: 10, sideDays: 3 });
    expect(spring.windows.before).toEqual({ from: '2024-01-29', to: '2024-01-31', complete: true });
    expect(spring.windows.after).toEqual({ from: '2024-02-11', to: '2024-02-13', complete: true });
    expect(spendOf(spring.groups[0])).toEqual({ before: 0, during: 280 / 3, after: 0 });
    await expect(runCampaigns(db, NO_FILTERS, { sideDays: 0 })).rejects.toThrow(/sideDays/);
  });

  it('the same shop exported as Shift_JIS with Japanese headers, dates and money gives the same result', async () => {
    const jdb = await NodeDatabase.open();
    try {
      const { plans: jp, report } = await load(jdb, japaneseFiles());
      expect(jp.map((p) => [p.encoding, p.kind])).toEqual([
        ['shift_jis', 'orders'], ['shift_jis', 'campaign_targets'], ['shift_jis', 'campaigns'], ['shift_jis', 'redemptions']
      ]);
      expect(jp[3].columns.map((c) => [c.label, c.role])).toEqual([['会員ID', 'customer_id'], ['キャンペーンID', 'campaign'], ['クーポンコード', 'coupon'], ['利用日', 'redemption_date']]);
      expect(report.files.every((f) => f.rejected === 0 && f.warnings === 0)).toBe(true);
      expect(await runCampaigns(jdb, NO_FILTERS)).toEqual(result);
    } finally {
      jdb.close();
    }
  });

  it('snapshots: small groups and campaigns withheld, nothing naming a customer', () => {
    const shown = withholdCampaigns(result)!;
    expect(JSON.stringify(shown)).not.toMatch(/"C\d+"/);
    const spring = shown.campaigns.find((c) => c.campaign === 'SPRING')!;
    // Three redeemers and three non-redeemers: both withheld, and with them the count and the rate.
    expect(spring.groups.map((g) => [g.group, g.customers, g.withheld ?? null])).toEqual([
      ['redeemers', null, 'small'], ['targeted_non_redeemers', null, 'small'], ['not_targeted', null, 'small']
    ]);
    expect(spring).toMatchObject({ customers: 6, targeted: 5, redeemers: null, rate: null, redemptions: null, revenue: { during: 290, after: 70 } });
    expect(spring.groups[0].spend.during).toEqual({ value: null, lo: null, hi: null });
    // Three customers reached, one: left out whole, their names too (a code can be one person's).
    for (const key of ['QUIET', 'WELCOME']) {
      expect(result.campaigns.some((x) => x.campaign === key)).toBe(true);
      expect(shown.campaigns.some((x) => x.campaign === key)).toBe(false);
      expect(JSON.stringify(shown)).not.toContain(`"${key}"`);
    }
  });
});

describe('withholding, by hand', () => {
  const interval = (value: number | null) => ({ value, lo: value, hi: value });
  const grp = (group: CampaignGroup['group'], customers: number): CampaignGroup => ({
    group, customers, spend: { before: interval(1), during: interval(2), after: interval(3) }
  });
  const row = (groups: CampaignGroup[], extra: Partial<CampaignRow> = {}): CampaignRow => ({
    campaign: 'X', type: null, dated: 'described', evidence: 'targeted', days: 7, sideDays: 7,
    windows: Object.fromEntries((['before', 'during', 'after'] as CampaignWindowKey[]).map((w) => [w, { from: '2024-01-01', to: '2024-01-07', complete: true }])) as CampaignRow['windows'],
    customers: 0, targeted: 0, redeemers: 0, redemptions: 0, rate: 0, revenue: { during: 10, after: 20 }, groups, ...extra
  });
  const result = (campaigns: CampaignRow[]): CampaignsResult => ({ from: '2024-01-01', asOf: '2024-12-31', campaigns, undated: 0 });

  it('a lone small group takes the other with it; the redemptions stay when the redeemers are many', () => {
    const few = row([grp('redeemers', 40), grp('targeted_non_redeemers', 2), grp('not_targeted', 500)], { customers: 42, targeted: 42, redeemers: 40, redemptions: 55, rate: 40 / 42 });
    const [c] = withholdCampaigns(result([few]))!.campaigns;
    expect(c.groups.map((g) => g.withheld ?? null)).toEqual(['complement', 'small', null]);
    expect(c).toMatchObject({ customers: 42, targeted: 42, redeemers: null, rate: null, redemptions: 55 });
    expect(c.groups[2]).toEqual(few.groups[2]);
  });

  it('groups of five and more, and empty ones, stay as they are', () => {
    const fine = row([grp('redeemers', 0), grp('targeted_non_redeemers', 5), grp('not_targeted', 5)], { customers: 5, targeted: 5 });
    expect(withholdCampaigns(result([fine]))).toEqual(result([fine]));
    const redeemersOnly = row([grp('redeemers', 5)], { evidence: 'redeemers_only', customers: 5, targeted: null, redeemers: 5, rate: null });
    expect(withholdCampaigns(result([redeemersOnly]))).toEqual(result([redeemersOnly]));
  });

  it('nothing when every campaign is withheld', () => {
    expect(withholdCampaigns(result([row([grp('redeemers', 4)], { evidence: 'redeemers_only', customers: 4, redeemers: 4 })]))).toBeNull();
    expect(withholdCampaigns(result([]))).toBeNull();
  });
});

describe('bad rows in campaign files', () => {
  let db: NodeDatabase;
  let report: LoadReport;
  let issues: IssueRow[];
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const files = [
      textFile('campaigns-bad.csv', [
        'campaign,start_date,end_date',
        'A1,2024-02-01,2024-02-10',
        'A2,2024-13-01,2024-02-10',
        'A3,2024-02-10,2024-02-01',
        'A4,2024-02-01,いつか',
        'A5,,2024-02-10',
        ',2024-02-01,2024-02-03',
        'A6,2024-02-01,',
        'A7,1850-01-01,2024-01-01'
      ].join('\n') + '\n'),
      textFile('sent.csv', 'campaign,customer_id,sent_date\nA1,C1,2024-02-01\nA1,C2,2024-02-31\nA1,,2024-02-01\n'),
      textFile('used.csv', 'customer_id,campaign,redemption_date\nC1,A1,2024-02-03\nC2,A1,昨日\n')
    ];
    ({ report } = await load(db, files));
    issues = toRows<IssueRow>(await db.query(issuesSql(100)));
  });
  afterAll(() => db.close());

  it('refuses each bad row with its file, line, column and reason, and loads the rest', () => {
    expect(report.files.map((f) => [f.fileName, f.kind, f.dataRows, f.loaded, f.rejected, f.warnings])).toEqual([
      ['campaigns-bad.csv', 'campaigns', 8, 2, 6, 0], ['sent.csv', 'campaign_targets', 3, 2, 1, 1], ['used.csv', 'redemptions', 2, 1, 1, 0]
    ]);
    expect(issues.map((i) => [i.file, i.line, i.column, i.reason, i.value, i.severity])).toEqual([
      ['campaigns-bad.csv', 3, 'start_date', 'invalid_date', '2024-13-01', 'rejected'],
      ['campaigns-bad.csv', 4, 'end_date', 'end_before_start', '2024-02-01', 'rejected'],
      ['campaigns-bad.csv', 5, 'end_date', 'invalid_date', 'いつか', 'rejected'],
      ['campaigns-bad.csv', 6, 'start_date', 'empty', null, 'rejected'],
      ['campaigns-bad.csv', 7, 'campaign', 'empty', null, 'rejected'],
      ['campaigns-bad.csv', 9, 'start_date', 'implausible_date', '1850-01-01', 'rejected'],
      ['sent.csv', 4, 'customer_id', 'empty', null, 'rejected'],
      ['used.csv', 3, 'redemption_date', 'invalid_date', '昨日', 'rejected'],
      ['sent.csv', 3, 'sent_date', 'invalid_date', '2024-02-31', 'warning']
    ]);
    // Every reason reads in both languages.
    for (const i of issues) {
      expect(ja).toHaveProperty(`reason.${i.reason}`);
      expect(en).toHaveProperty(`reason.${i.reason}`);
    }
  });

  it('keeps the good rows: an open end, a send date left empty where it was unreadable', async () => {
    expect(toRows(await db.query(`SELECT campaign, strftime(start_date, '%Y-%m-%d') AS s, strftime(end_date, '%Y-%m-%d') AS e FROM campaigns ORDER BY campaign`)))
      .toEqual([{ campaign: 'A1', s: '2024-02-01', e: '2024-02-10' }, { campaign: 'A6', s: '2024-02-01', e: null }]);
    expect(toRows(await db.query(`SELECT customer_id, strftime(d, '%Y-%m-%d') AS d FROM campaign_targets ORDER BY customer_id`)))
      .toEqual([{ customer_id: 'C1', d: '2024-02-01' }, { customer_id: 'C2', d: null }]);
    expect(toRows(await db.query(`SELECT customer_id, campaign, coupon, strftime(d, '%Y-%m-%d') AS d FROM redemptions`)))
      .toEqual([{ customer_id: 'C1', campaign: 'A1', coupon: null, d: '2024-02-03' }]);
  });
});

// ------------------------------------------------------------------ the demo shop

/** The demo's orders as a plain reading of its CSV: cancellations and returns are worth 0 and carry no use. */
interface DemoOrder { customer: string; day: string; amount: number; returned: boolean; channel: string; code: string }

function demoOrders(text: string): DemoOrder[] {
  const [header, ...lines] = text.trim().split('\n');
  const at = Object.fromEntries(header.split(',').map((h, i) => [h, i]));
  return lines.map((l) => {
    const f = l.split(',');
    const returned = /キャンセル|返品/.test(f[at['ステータス']]);
    return {
      customer: f[at['顧客ID']], day: f[at['注文日時']].slice(0, 10), amount: returned ? 0 : Number(f[at['金額']]),
      returned, channel: f[at['チャネル']], code: f[at['クーポンコード']]
    };
  });
}

const addDays = (iso: string, n: number) => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);

/** Per code: redeemers, uses, window and the redeemers' spend per window, as the definitions in sql.ts say, from the CSV alone. */
function demoTruth(orders: DemoOrder[], keep: (o: DemoOrder) => boolean) {
  const kept = orders.filter(keep);
  const [first, last] = [orders.reduce((m, o) => (o.day < m ? o.day : m), '9999'), orders.reduce((m, o) => (o.day > m ? o.day : m), '0000')];
  const codes = new Map<string, DemoOrder[]>();
  for (const o of kept) if (o.code && !o.returned) codes.set(o.code, [...(codes.get(o.code) ?? []), o]);
  return [...codes].map(([code, uses]) => {
    const start = uses.reduce((m, o) => (o.day < m ? o.day : m), '9999');
    const end = uses.reduce((m, o) => (o.day > m ? o.day : m), '0000');
    const days = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
    const windows = { before: [addDays(start, -days), addDays(start, -1)], during: [start, end], after: [addDays(end, 1), addDays(end, days)] };
    const redeemers = [...new Set(uses.map((o) => o.customer))];
    const spend = Object.fromEntries(Object.entries(windows).map(([w, [from, to]]) => {
      if (from < first || to > last) return [w, meanWithInterval([])];
      const sums = new Map<string, number>();
      for (const o of kept) if (o.day >= from && o.day <= to) sums.set(o.customer, (sums.get(o.customer) ?? 0) + o.amount);
      return [w, meanWithInterval(redeemers.map((c) => sums.get(c) ?? 0))];
    }));
    return { code, start, end, days, redeemers: redeemers.length, uses: uses.length, spend };
  }).sort((a, b) => a.start.localeCompare(b.start) || a.code.localeCompare(b.code));
}

describe('the demo shop: coupon codes on orders, no targeting', () => {
  let db: NodeDatabase;
  let orders: DemoOrder[];
  let members: Set<string>;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const files = generateDemo(DEMO_SEED, 0.1);
    await loadFiles(db, files);
    orders = demoOrders(files.find((f) => f.name === 'orders.csv')!.text);
    const customers = files.find((f) => f.name === 'customers.csv')!.text.trim().split('\n').slice(1).map((l) => l.split(','));
    members = new Set(customers.filter((c) => c[2] !== '').map((c) => c[0]));
  });
  afterAll(() => db.close());

  async function expectTruth(filters: Filters, keep: (o: DemoOrder) => boolean) {
    const r = (await runCampaigns(db, filters))!;
    const truth = demoTruth(orders, keep);
    expect(truth.length).toBeGreaterThan(10);
    expect(r.campaigns.map((c) => c.campaign)).toEqual(truth.map((t) => t.code));
    for (const [i, t] of truth.entries()) {
      const c = r.campaigns[i];
      expect(c, t.code).toMatchObject({
        dated: 'observed', evidence: 'redeemers_only', targeted: null, rate: null, days: t.days,
        redeemers: t.redeemers, customers: t.redeemers, redemptions: t.uses
      });
      expect(c.windows.during).toMatchObject({ from: t.start, to: t.end });
      expect(c.groups.map((g) => g.group)).toEqual(['redeemers']);
      for (const w of ['before', 'during', 'after'] as const) {
        const [got, want] = [c.groups[0].spend[w], t.spend[w]];
        for (const k of ['value', 'lo', 'hi'] as const) {
          if (want[k] === null) expect(got[k], `${t.code} ${w} ${k}`).toBeNull();
          else expect(got[k]!, `${t.code} ${w} ${k}`).toBeCloseTo(want[k]!, 6);
        }
      }
    }
    return r;
  }

  it('reports each code’s redeemers alone, flagged as such, with the figures a plain reading of the CSV gives', async () => {
    const r = await expectTruth(NO_FILTERS, () => true);
    // The seasonal codes' windows lie inside the three years; the welcome coupon's spans them all.
    const summer = r.campaigns.find((c) => c.campaign === 'SUMMER24')!;
    expect(Object.values(summer.windows).every((w) => w.complete)).toBe(true);
    const welcome = r.campaigns.find((c) => c.campaign === 'WELCOME10')!;
    expect([welcome.windows.before.complete, welcome.windows.during.complete, welcome.windows.after.complete]).toEqual([false, true, false]);
    expect(welcome.revenue.during!).toBeCloseTo(welcome.groups[0].spend.during.value! * welcome.redeemers!, 6);
    expect(welcome.revenue.after).toBeNull();
  });

  it('applies the channel filter to the orders and the member filter to the customers', async () => {
    await expectTruth({ ...NO_FILTERS, channels: ['アプリ'] }, (o) => o.channel === 'アプリ');
    await expectTruth({ ...NO_FILTERS, member: 'member' }, (o) => members.has(o.customer));
  });
});
