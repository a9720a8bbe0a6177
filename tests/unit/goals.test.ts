/**
 * Goals vs actuals: the goals' URL text (forgiving parsing, round trip), the trend maths by hand,
 * and each metric's monthly series on the demo shop and a hand-made one against the analysis
 * that defines the metric (the overview for a period of one month, the cohorts page's F2 and
 * LTV, the NPS page's trend), and the snapshot withholding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import { runOverview } from '../../src/lib/analyses/overview/run';
import type { KpiKey } from '../../src/lib/analyses/overview/types';
import { runCohorts, runSecondPurchase } from '../../src/lib/analyses/cohorts/run';
import { runNps } from '../../src/lib/analyses/nps/run';
import { runGoals } from '../../src/lib/analyses/goals/run';
import { addMonths, monthEnd } from '../../src/lib/analyses/goals/months';
import { withholdGoals } from '../../src/lib/analyses/goals/withhold';
import { GOAL_F2_DAYS, type GoalMetric, type GoalPoint, type GoalsResult } from '../../src/lib/analyses/goals/types';
import { goalsViewFromParams, goalsViewToParams, parseGoals, putGoal, removeGoal, serializeGoals } from '../../src/lib/analyses/goals/view';
import { dayIndex, fitTrend, goalProgress, leastSquares, monthIndex, TREND_MONTHS } from '../../src/lib/analyses/goals/trend';
import { addDays } from '../../src/lib/analyses/period';
import { firstRow } from '../../src/lib/engine/types';

describe('goals in the URL', () => {
  it('reads the documented form and writes it back', () => {
    const text = 'repeat:0.35:2027-03-31,active:12000:2027-06-30';
    const goals = parseGoals(text);
    expect(goals).toEqual([
      { metric: 'repeat', target: 0.35, date: '2027-03-31' },
      { metric: 'active', target: 12000, date: '2027-06-30' }
    ]);
    expect(serializeGoals(goals)).toBe(text);
    expect(parseGoals(serializeGoals(goals))).toEqual(goals);
    const params = goalsViewToParams({ goals }, new URLSearchParams('channel=EC'));
    expect(params.get('channel')).toBe('EC');
    expect(goalsViewFromParams(params).goals).toEqual(goals);
    expect(goalsViewToParams({ goals: [] }, params).has('goals')).toBe(false);
  });

  it('ignores bad entries and keeps the rest', () => {
    const text = [
      'repeat:0.35:2027-03-31',
      'nosuch:1:2027-01-01', // unknown metric
      'active:lots:2027-01-01', // not a number
      'active:1e400:2027-01-01', // not finite
      'f2:0.3:2027-02-30', // not a calendar day
      'f2:0.3:2027-2-01', // not YYYY-MM-DD
      'nps:10', // no date
      'members:0.5:2027-01-01:x', // too many parts
      'repeat:0.5:2028-01-01', // a second goal on the same metric: the first wins
      '',
      ' value12:30000:2027-12-31 ',
      'nps:-5:2027-06-30'
    ].join(',');
    expect(parseGoals(text)).toEqual([
      { metric: 'repeat', target: 0.35, date: '2027-03-31' },
      { metric: 'nps', target: -5, date: '2027-06-30' },
      { metric: 'value12', target: 30000, date: '2027-12-31' }
    ]);
    for (const bad of [null, '', ',,,', ':::', 'x'.repeat(3000)]) expect(parseGoals(bad)).toEqual([]);
  });

  it('adds, replaces and removes one goal per metric', () => {
    let goals = putGoal([], { metric: 'active', target: 100, date: '2027-01-31' });
    goals = putGoal(goals, { metric: 'repeat', target: 0.3, date: '2027-01-31' });
    goals = putGoal(goals, { metric: 'active', target: 200, date: '2027-02-28' });
    expect(goals).toEqual([
      { metric: 'repeat', target: 0.3, date: '2027-01-31' },
      { metric: 'active', target: 200, date: '2027-02-28' }
    ]);
    expect(removeGoal(goals, 'repeat')).toEqual([{ metric: 'active', target: 200, date: '2027-02-28' }]);
  });
});

const pts = (values: (number | null)[], first = '2026-01'): GoalPoint[] =>
  values.map((value, i) => ({ month: addMonths(first, i), value, base: 100, count: null }));

describe('the trend', () => {
  it('fits a straight line by least squares', () => {
    expect(leastSquares([1, 2, 3], [2, 4, 6])).toEqual({ slope: 2, intercept: 0 });
    // y = 1, 2, 2, 3 on x = 0..3: slope 0.6, intercept 1.1 (worked by hand)
    const fit = leastSquares([0, 1, 2, 3], [1, 2, 2, 3])!;
    expect(fit.slope).toBeCloseTo(0.6, 12);
    expect(fit.intercept).toBeCloseTo(1.1, 12);
    expect(leastSquares([1], [1])).toBeNull();
    expect(leastSquares([2, 2], [1, 3])).toBeNull();
  });

  it('places months at their last day and dates within their month', () => {
    expect(monthIndex('2026-03') - monthIndex('2026-02')).toBe(1);
    expect(dayIndex('2026-03-31')).toBe(monthIndex('2026-03'));
    expect(dayIndex('2026-02-14')).toBeCloseTo(monthIndex('2026-01') + 0.5, 12);
  });

  it('projects the line to the target date: on track, off track, reached, passed, too few', () => {
    // 0.20, 0.21, … 0.25 in 2026-01 … 2026-06: +0.01 a month, 0.31 at the end of 2026-12.
    const rising = pts([0.2, 0.21, 0.22, 0.23, 0.24, 0.25]);
    const onTrack = goalProgress(rising, { metric: 'repeat', target: 0.3, date: '2026-12-31' }, '2026-06-30');
    expect(onTrack.status).toBe('on_track');
    expect(onTrack.projected).toBeCloseTo(0.31, 10);
    expect(onTrack.gap).toBeCloseTo(0.05, 10);
    expect(onTrack.current).toEqual({ month: '2026-06', value: 0.25 });
    expect(onTrack.fit?.months).toBe(6);
    expect(onTrack.trendMonths).toBe(6);
    const offTrack = goalProgress(rising, { metric: 'repeat', target: 0.35, date: '2026-12-31' }, '2026-06-30');
    expect(offTrack.status).toBe('off_track');
    expect(goalProgress(rising, { metric: 'repeat', target: 0.25, date: '2026-12-31' }, '2026-06-30').status).toBe('reached');
    expect(goalProgress(rising, { metric: 'repeat', target: 0.3, date: '2026-05-31' }, '2026-06-30').status).toBe('passed');
    const few = goalProgress(pts([0.2, 0.3]), { metric: 'repeat', target: 0.5, date: '2026-12-31' }, '2026-02-28');
    expect(few.status).toBe('too_few');
    expect(few.fit).toBeNull();
    expect(few.trendMonths).toBe(2);
    // Three figures, but only two of them in the last 12 months: still too few.
    const apart = pts([0.1, ...Array(11).fill(null), 0.2, 0.3]);
    expect(goalProgress(apart, { metric: 'repeat', target: 0.5, date: '2027-12-31' }, '2027-02-28')).toMatchObject({ status: 'too_few', trendMonths: 2 });
    expect(few.current?.value).toBe(0.3);
    expect(goalProgress([], { metric: 'repeat', target: 0.5, date: '2026-12-31' }, '2026-02-28').status).toBe('no_data');
  });

  it('fits the last 12 months only, skipping months without a figure', () => {
    // A fall over the first year, then a steady rise: only the rise counts.
    const values = [...Array.from({ length: 12 }, (_, i) => 100 - i * 5), ...Array.from({ length: 12 }, (_, i) => 10 + i)];
    const fit = fitTrend(pts(values, '2024-01'))!;
    expect(fit.months).toBe(TREND_MONTHS);
    expect(fit.first).toBe('2025-01');
    expect(fit.slope).toBeCloseTo(1, 10);
    const gappy = fitTrend(pts([1, null, 3, null, 5]))!;
    expect(gappy.months).toBe(3);
    expect(gappy.slope).toBeCloseTo(1, 10);
  });
});

describe('goal series on the demo shop', () => {
  let db: NodeDatabase;
  let result: GoalsResult;
  const series = (m: GoalMetric) => result.series.find((s) => s.metric === m)!.points;

  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, generateDemo(DEMO_SEED, 0.05));
    result = (await runGoals(db, NO_FILTERS))!;
  }, 120_000);
  afterAll(() => db.close());

  it('has every metric, monthly, up to the analysis date', () => {
    expect(result.series.map((s) => s.metric)).toEqual(['repeat', 'f2', 'nps', 'members', 'memberRevenue', 'value12', 'active']);
    for (const s of result.series) {
      expect(s.points.length, s.metric).toBeGreaterThan(6);
      const months = s.points.map((p) => p.month);
      expect([...months].sort(), s.metric).toEqual(months);
      expect(new Set(months).size, s.metric).toBe(months.length);
      expect(months.at(-1)! <= result.asOf.slice(0, 7), s.metric).toBe(true);
    }
    expect(series('repeat').at(-1)!.month).toBe(result.asOf.slice(0, 7));
  });

  /** The overview's KPI for a period. */
  async function kpi(key: KpiKey, from: string, to: string, f: Partial<Filters> = {}) {
    const o = await runOverview(db, { ...NO_FILTERS, ...f, from, to });
    return o!.kpis.find((k) => k.key === key)!.value;
  }

  it('repeat rate and active customers: the overview of each month as its period', async () => {
    const last = series('repeat').at(-1)!;
    const start = `${last.month}-01`;
    expect(last.value).toBeCloseTo((await kpi('repeatRate', start, result.asOf))!, 12);
    expect(series('active').at(-1)!.value).toBe(await kpi('active90', start, result.asOf));
    // An earlier, whole month too.
    const earlier = series('repeat').at(-5)!;
    expect(earlier.value).toBeCloseTo((await kpi('repeatRate', `${earlier.month}-01`, monthEnd(earlier.month)))!, 12);
    const active = series('active').find((p) => p.month === earlier.month)!;
    expect(active.value).toBe(await kpi('active90', `${earlier.month}-01`, monthEnd(earlier.month)));
    expect(earlier.base).toBe(await kpi('customers', `${earlier.month}-01`, monthEnd(earlier.month)));
  });

  it('F2 conversion and the 12-month value: the cohorts page\'s, at the month their window closes', async () => {
    const second = (await runSecondPurchase(db, NO_FILTERS))!;
    const last = series('f2').at(-1)!;
    const month = second.months.find((m) => m.month === last.cohort)!;
    const at = month.points.find((p) => p.days === GOAL_F2_DAYS)!;
    expect(last.value).toBe(at.rate);
    expect(last.month).toBe(addMonths(last.cohort!, 3));
    expect(addDays(monthEnd(last.cohort!), GOAL_F2_DAYS) <= result.asOf).toBe(true);
    // The latest acquisition month observed for 90 days is the series' last.
    const observed = second.months.filter((m) => m.points.find((p) => p.days === GOAL_F2_DAYS)!.rate !== null);
    expect(observed.at(-1)!.month).toBe(last.cohort);
    expect(series('f2').some((p) => p.cohort === result.from.slice(0, 7))).toBe(false);

    const cohorts = (await runCohorts(db, NO_FILTERS, { grain: 'month' }))!;
    const v = series('value12').at(-1)!;
    const cohort = cohorts.cohorts.find((c) => c.label === v.cohort)!;
    expect(v.value).toBe(cohort.cells[11].ltv);
    expect(cohort.cells[11].complete).toBe(true);
    expect(v.month).toBe(addMonths(v.cohort!, 11));
    const next = cohorts.cohorts.find((c) => c.label === addMonths(v.cohort!, 1));
    expect(next?.cells[11]?.complete ?? false).toBe(false);
  });

  it('NPS: the NPS page\'s monthly score', async () => {
    const nps = (await runNps(db, NO_FILTERS, { grain: 'month', scale: null, reading: 'nps', by: 'member' }))!;
    const last = series('nps').at(-1)!;
    const answered = nps.periods.filter((p) => (p.n ?? 0) > 0);
    expect(last.month).toBe(answered.at(-1)!.period);
    expect(last.value).toBe(answered.at(-1)!.score);
    expect(last.base).toBe(answered.at(-1)!.n);
  });

  it('member share and revenue from members: the overview split by the member filter, less those who joined later', async () => {
    // The overview's member filter is today's membership; a goal's month counts a member from
    // their member_since on. So the month's members are the filter's buyers less later joiners.
    for (const p of [series('members').at(-1)!, series('members').at(-7)!]) {
      const from = `${p.month}-01`;
      const to = p.month === result.asOf.slice(0, 7) ? result.asOf : monthEnd(p.month);
      const later = firstRow<{ revenue: number }>(
        await db.query(`SELECT coalesce(sum(f.amount) FILTER (WHERE f.d < c.member_since), 0) AS revenue
          FROM order_facts f JOIN customers c USING (customer_id)
          WHERE c.is_member AND f.d BETWEEN DATE '${from}' AND DATE '${to}' AND (c.member_since > DATE '${to}' OR f.d < c.member_since)`)
      );
      const laterBuyers = firstRow<{ n: number }>(
        await db.query(`SELECT count(DISTINCT f.customer_id) AS n FROM order_facts f JOIN customers c USING (customer_id)
          WHERE c.is_member AND NOT f.is_return AND c.member_since > DATE '${to}' AND f.d BETWEEN DATE '${from}' AND DATE '${to}'`)
      ).n;
      const members = (await kpi('customers', from, to, { member: 'member' }))!;
      const all = (await kpi('customers', from, to))!;
      expect(p.base).toBe(all);
      expect(p.count).toBe(members - laterBuyers);
      expect(p.value).toBeCloseTo((members - laterBuyers) / all, 12);
      // Revenue: the member filter's, less members' orders from before they joined.
      const rev = series('memberRevenue').find((x) => x.month === p.month)!;
      const memberRevenue = (await kpi('revenue', from, to, { member: 'member' }))! - later.revenue;
      expect(rev.value).toBeCloseTo(memberRevenue / (await kpi('revenue', from, to))!, 9);
    }
  });

  it('withholds months of fewer than 5 customers in a snapshot, and nothing else on the whole shop', () => {
    const w = withholdGoals(result)!;
    for (const [i, s] of w.series.entries()) {
      for (const [j, p] of s.points.entries()) {
        const live = result.series[i].points[j];
        if (p.withheld) expect(p.value).toBeNull();
        else expect(p).toEqual(live);
      }
    }
    const small: GoalsResult = {
      ...result,
      series: [
        { metric: 'repeat', points: [{ month: '2026-01', value: 0.5, base: 8, count: 4 }, { month: '2026-02', value: 0.5, base: 20, count: 10 }] },
        { metric: 'active', points: [{ month: '2026-01', value: 3, base: null, count: null }] },
        { metric: 'value12', points: [{ month: '2026-01', cohort: '2025-02', value: 12000, base: 2, count: null }] }
      ]
    };
    const ws = withholdGoals(small)!;
    expect(ws.series[0].points.map((p) => p.value)).toEqual([null, 0.5]);
    expect(ws.series[0].points[0]).toEqual({ month: '2026-01', value: null, base: null, count: null, withheld: 'small' });
    expect(ws.series[1].points[0].withheld).toBe('small');
    expect(ws.series[2].points[0].withheld).toBe('small');
    expect(withholdGoals({ ...small, series: [small.series[1], small.series[2]] })).toBeNull();
    expect(withholdGoals({ ...small, series: [] })).toEqual({ ...small, series: [] });
    // Months of 0 active customers alone are nothing to share.
    const zeros = { metric: 'active' as const, points: [{ month: '2026-01', value: 0, base: null, count: null }] };
    expect(withholdGoals({ ...small, series: [zeros, small.series[2]] })).toBeNull();
  });
});

describe('goal series on a hand-made shop', () => {
  it('counts repeaters with earlier history, active customers over 90 days and members by their join date', async () => {
    const db = await NodeDatabase.open();
    try {
      // a: bought 2026-01-10 and 2026-03-05 (member since 2026-02-01); b: 2026-03-20 only;
      // c: 2025-12-20 and 2026-03-01 (a return on 2026-03-02); d: 2026-01-15 only (member since 2025-06-01).
      const orders = [
        'order_id,customer_id,order_date,amount',
        '1,a,2026-01-10,1000', '2,a,2026-03-05,3000', '3,b,2026-03-20,500', '4,c,2025-12-20,800',
        '5,c,2026-03-01,700', '6,c,2026-03-02,-700', '7,d,2026-01-15,2000'
      ].join('\n');
      const customers = ['customer_id,member_since', 'a,2026-02-01', 'b,', 'c,', 'd,2025-06-01'].join('\n');
      await loadFiles(db, [{ name: 'orders.csv', text: orders }, { name: 'customers.csv', text: customers }]);
      const r = (await runGoals(db, NO_FILTERS))!;
      const at = (m: GoalMetric, month: string) => r.series.find((s) => s.metric === m)!.points.find((p) => p.month === month);
      // March: buyers a, b, c; repeaters a and c (c's December purchase counts); members: a.
      expect(at('repeat', '2026-03')).toMatchObject({ base: 3, count: 2 });
      expect(at('repeat', '2026-03')!.value).toBeCloseTo(2 / 3, 12);
      expect(at('members', '2026-03')).toMatchObject({ base: 3, count: 1 });
      // March's net revenue 3000 + 500 + 700 − 700 = 3500, of which a's 3000 as a member.
      expect(at('memberRevenue', '2026-03')!.value).toBeCloseTo(3000 / 3500, 12);
      // January: a (not yet a member) and d (a member): member revenue 2000 of 3000.
      expect(at('memberRevenue', '2026-01')!.value).toBeCloseTo(2000 / 3000, 12);
      expect(at('members', '2026-01')).toMatchObject({ base: 2, count: 1 });
      // Active at 2026-03-20 (the analysis date): a, b, c (d's last purchase is 64 days before: active too).
      expect(at('active', '2026-03')!.value).toBe(4);
      // At 2026-02-28: a, c (2025-12-20 is 70 days before) and d.
      expect(at('active', '2026-02')!.value).toBe(3);
      expect(at('repeat', '2026-02')).toBeUndefined(); // nobody bought in February
      expect(r.series.some((s) => s.metric === 'nps')).toBe(false);
    } finally {
      db.close();
    }
  });
});
