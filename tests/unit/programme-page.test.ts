/** The programme-effect page's pieces that are not SQL: withholding, "what this means", the charts. */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { renderSvg } from '../helpers/charts';
import { balanceOption, balanceTable, eventStudyOption, eventStudyTable, type ProgrammeChartText } from '$lib/charts/programme';
import { withholdProgramme } from '$lib/analyses/programme/withhold';
import { excludesZero, insightOf } from '$lib/analyses/programme/present';
import { ProgrammeResultSchema } from '$lib/analyses/programme/schema';
import type { Did, ProgrammeResult, StudyMonth } from '$lib/analyses/programme/types';

const iv = (value: number, half: number) => ({ value, lo: value - half, hi: value + half });
const did = (members: number, controls: number): Did => ({ members, controls, joined: 0.1, spend: iv(500, 200), buys: iv(0.2, 0.05) });
const month = (k: number, members: number): StudyMonth => ({
  k,
  members,
  spend: { members: 4000, matched: 4000 - (k > 0 ? 500 : 0), diff: iv(k > 0 ? 500 : 0, 300) },
  buys: { members: 0.8, matched: 0.8 - (k > 0 ? 0.2 : 0), diff: iv(k > 0 ? 0.2 : 0, 0.06) }
});

function result(over: Partial<ProgrammeResult> = {}): ProgrammeResult {
  const figures = { revenue: 60000, orders: 12, aov: 5000, repeat: 0.8, active: 0.8 };
  return {
    asOf: '2026-03-31',
    gap: {
      n: { members: 900, others: 2000 },
      members: figures,
      others: { revenue: 20000, orders: 4, aov: 5000, repeat: 0.4, active: 0.4 },
      diff: { revenue: iv(40000, 1000), orders: iv(8, 0.2), aov: iv(0, 50), repeat: iv(0.4, 0.02), active: iv(0.4, 0.02) }
    },
    counts: { members: 1000, qualified: 400, matched: 300, pool: 1500, used: 350 },
    balance: [{ feature: 'buys', members: 3, before: 2, after: 3.02, smdBefore: 0.5, smdAfter: 0.01 }],
    did: did(300, 350),
    study: [-2, -1, 0, 1, 2].map((k) => month(k, k === 2 ? 4 : 300)),
    placebo: did(120, 110),
    credibility: { balanced: true, placebo: true, preTrend: true, coverage: false },
    ...over
  };
}

describe('what a snapshot of the programme page may show', () => {
  it('keeps what rests on 5 or more customers on each side, and drops study months under 5 members', () => {
    const w = withholdProgramme(result())!;
    expect(w.gap).not.toBeNull();
    expect(w.did).not.toBeNull();
    expect(w.study.map((m) => m.k)).toEqual([-2, -1, 0, 1]);
    expect(w.balance[0].after).toBe(3.02);
    expect(v.safeParse(ProgrammeResultSchema, w).success).toBe(true);
  });

  it('withholds the difference in differences with fewer than 5 matched non-members, and with it the study', () => {
    const w = withholdProgramme(result({ did: did(300, 4), placebo: did(3, 50) }))!;
    expect(w.did).toBeNull();
    expect(w.study).toEqual([]);
    expect(w.placebo).toBeNull();
    expect(w.credibility).toBeNull();
    expect(w.gap).not.toBeNull();
  });

  it('shows nothing when neither the gap nor the effect can be shown; balance after matching only with 5 matched', () => {
    const tiny = result({ gap: { ...result().gap!, n: { members: 3, others: 100 } }, did: did(4, 40) });
    expect(withholdProgramme(tiny)).toBeNull();
    const few = withholdProgramme(result({ counts: { members: 50, qualified: 20, matched: 4, pool: 30, used: 4 } }))!;
    expect(few.balance[0]).toMatchObject({ before: 2, after: null, smdAfter: null });
    expect(withholdProgramme(result({ counts: { members: 5, qualified: 3, matched: 2, pool: 30, used: 2 } }))!.balance).toEqual([]);
  });
});

describe('what the programme page says it means', () => {
  it('puts the naive ratio next to the effect and its share of what members would have bought', () => {
    const i = insightOf(result())!;
    expect(i.ratio).toBe(3);
    expect(i.effect).toBeCloseTo(0.2, 9);
    // Months 1 … POST shown: only +1 and +2 here, whose look-alike level is 0.6.
    expect(i.share).toBeCloseTo(0.2 / 0.6, 9);
  });

  it('claims no effect when its interval covers zero', () => {
    const none = result({ did: { ...did(300, 350), buys: iv(0.02, 0.05) } });
    expect(excludesZero(none.did!.buys)).toBe(false);
    expect(insightOf(none)).toMatchObject({ effect: null, share: null });
    expect(insightOf(result({ did: null }))).toBeNull();
  });
});

const text: ProgrammeChartText = {
  month: (k) => (k === 0 ? '入会月' : `${k > 0 ? '+' : ''}${k}か月`),
  monthAxis: '入会からの月',
  members: '会員',
  matched: '比較相手',
  difference: '差',
  interval: '95%区間',
  measure: { spend: '購入額', buys: '購入回数' },
  value: { spend: (x) => `¥${Math.round(x)}`, buys: (x) => x.toFixed(2) },
  featureName: '特徴',
  feature: { buys: '購入回数', spend: '購入額', recency: '最終購入', tenure: '初回から', rate: '頻度', buys_at_j: '入会月の購入' },
  featureValue: (_, x) => String(x),
  before: '前',
  after: '後',
  smd: '標準化差',
  count: (n) => `${n}人`,
  dark: false
};

describe('programme charts', () => {
  it('draws the event study as the difference with its band, a zero line and the join month marked', () => {
    const study = result().study;
    const o = eventStudyOption(study, 'buys', text);
    const series = o.series as { id: string; data: unknown[]; markLine?: { data: unknown[] } }[];
    const line = series.find((s) => s.id === 'difference')!;
    expect(line.data).toEqual(study.map((m) => m.buys.diff.value));
    expect(line.markLine!.data).toEqual([{ yAxis: 0 }, { xAxis: 2 }]);
    const width = series.find((s) => s.id === 'interval-width')!;
    expect(width.data[3]).toBeCloseTo(0.12, 9);
    expect(renderSvg(o)).toContain('入会月');
    const t = eventStudyTable(study, 'spend', text);
    expect(t.rows[3]).toMatchObject({ month: '+1か月', n: 300, members: 4000, matched: 3500, diff: 500 });
  });

  it('draws the balance as two points per feature, before and after matching', () => {
    const rows = result().balance;
    const o = balanceOption(rows, text);
    const series = o.series as { id: string; data: unknown[] }[];
    expect(series.map((s) => [s.id, s.data])).toEqual([['before', [[0.5, 0]]], ['after', [[0.01, 0]]]]);
    expect(renderSvg(o)).toContain('購入回数');
    expect(balanceTable(rows, text).rows[0]).toMatchObject({ feature: '購入回数', smdBefore: 0.5, smdAfter: 0.01 });
  });
});
