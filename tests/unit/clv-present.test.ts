import { describe, expect, it } from 'vitest';
import { translate } from '$lib/i18n/index.svelte';
import { formatters } from '$lib/i18n/format';
import { filtersKey, NO_FILTERS } from '$lib/analyses/filters';
import { clvViewFromParams, clvViewToParams } from '$lib/analyses/clv/view';
import {
  accuracyText, clvInsights, fitStatusText, holdoutProblemText, purchaseProblemText, ratePercent, spendProblemText
} from '$lib/analyses/clv/present';
import { CLV_DEFAULTS, type ClvModelFit, type ClvResult, type HoldoutCheck } from '$lib/analyses/clv/types';
import type { BgNbdFit } from '$lib/analyses/clv/bgnbd';
import type { MessageKey } from '$lib/i18n/messages/ja';

const ja = (key: MessageKey, values?: Record<string, string | number>) => translate('ja', key, values);
const en = (key: MessageKey, values?: Record<string, string | number>) => translate('en', key, values);
const fmtJa = formatters('ja');
const fmtEn = formatters('en');

describe('the page’s settings in the URL', () => {
  it('round-trips, leaves defaults out and forgives nonsense', () => {
    const v = clvViewFromParams(new URLSearchParams('split=2025-09-30&unit=days&horizon=24&rate=8.5&days=30'));
    expect(v).toEqual({ split: '2025-09-30', unit: 'days', horizonMonths: 24, discountPercent: 8.5, purchaseDays: 30 });
    expect(clvViewFromParams(clvViewToParams(v, new URLSearchParams()))).toEqual(v);
    const defaults = clvViewFromParams(new URLSearchParams('split=2025-13-45&unit=months&horizon=7&rate=-3&days=abc'));
    expect(defaults).toEqual({
      split: null, unit: CLV_DEFAULTS.timeUnit, horizonMonths: 12, discountPercent: 10, purchaseDays: 90
    });
    expect(clvViewToParams(defaults, new URLSearchParams('channel=web')).toString()).toBe('channel=web');
    expect(clvViewFromParams(new URLSearchParams('rate=0')).discountPercent).toBe(0);
  });
});

describe('filters as a key', () => {
  it('is equal for equal filters, channel order aside', () => {
    expect(filtersKey({ ...NO_FILTERS, channels: ['b', 'a'] })).toBe(filtersKey({ ...NO_FILTERS, channels: ['a', 'b'] }));
    expect(filtersKey({ ...NO_FILTERS, member: 'member' })).not.toBe(filtersKey(NO_FILTERS));
    expect(filtersKey({ ...NO_FILTERS, from: '2024-01-01' })).not.toBe(filtersKey(NO_FILTERS));
  });
});

const failed: BgNbdFit = {
  params: null, logLikelihood: null, converged: false, status: 'degenerate', iterations: 40, message: 'degenerate fit', standardErrors: null, warnings: []
};
const fit = (f: Partial<ClvModelFit>): ClvModelFit => ({
  customers: 1000, repeatCustomers: 400, bgnbd: null, purchaseProblem: null, spendCustomers: 380, gammaGamma: null, spendProblem: null,
  netValueFactor: 1, nonPositiveDays: 0, spendCorrelation: 0.1, meanValue: 5000, ...f
});

describe('why something is not shown', () => {
  it('says why the purchase model gives nothing, in both languages', () => {
    expect(purchaseProblemText(fit({ purchaseProblem: 'single-day' }), ja)).toMatch(/同じ1日/);
    expect(purchaseProblemText(fit({ purchaseProblem: 'too-few-repeat', repeatCustomers: 12 }), en)).toBe(
      'Only 12 customers bought on more than one day (predictions need at least 30). Widen the period or remove filters.'
    );
    expect(purchaseProblemText(fit({ purchaseProblem: 'not-converged', bgnbd: failed }), en)).toMatch(/could not be estimated \(parameters ran off to extreme values\)/);
    expect(purchaseProblemText(fit({}), en)).toBeNull();
    expect(fitStatusText(failed, ja)).toBe('未収束: パラメータが極端な値に向かった');
    expect(fitStatusText(null, en)).toBe('not estimated');
  });

  it('says why there is no money, and why there is no check', () => {
    expect(spendProblemText(fit({ spendProblem: 'too-few-spend', spendCustomers: 7 }), ja)).toMatch(/7 人/);
    expect(spendProblemText(fit({ spendProblem: 'net-value-not-positive' }), en)).toMatch(/Returns and zero-value orders outweigh/);
    const h = { problem: 'too-short', fit: null } as unknown as HoldoutCheck;
    expect(holdoutProblemText(h, en)).toMatch(/at least 28 days to learn from and 7 days/);
    const f = { problem: 'fit', fit: fit({ purchaseProblem: 'too-few-repeat', repeatCustomers: 3 }) } as unknown as HoldoutCheck;
    expect(holdoutProblemText(f, ja)).toMatch(/^区切り日までのデータでは: 2日以上に分けて購入したお客様が 3 人/);
  });
});

const converged: BgNbdFit = {
  params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4, timeUnit: 'weeks' }, logLikelihood: -9582.4, converged: true, status: 'ok', iterations: 20,
  message: 'converged in 20 iterations', standardErrors: { r: 0.01, alpha: 0.4, a: 0.2, b: 0.7 }, warnings: []
};

describe('accuracy and what it means', () => {
  const holdout = {
    split: '2025-09-30', holdoutDays: 182, length: 26, problem: null, fit: fit({}), newCustomers: 100, bins: [],
    total: { customers: 900, predicted: 870, actual: 1000 }, mae: 0.5, tracking: [], purchaseError: -0.13,
    revenue: { predicted: 1_200_000, actual: 1_000_000 }, revenueError: 0.2
  } satisfies HoldoutCheck;
  const result: ClvResult = {
    from: '2023-04-01', asOf: '2026-03-31', ...CLV_DEFAULTS, fit: fit({ netValueFactor: 0.9, spendCorrelation: 0.45 }),
    predictions: { expectedPurchases: 2500, likelyAlive: 300, expectedAlive: 310.5, totalClv: 12_345_678, meanClv: 12_345.678, top20Share: 0.66, distribution: [] },
    holdout, table: 'kizuna_clv_predictions_1'
  };

  it('puts the holdout error next to each figure', () => {
    expect(accuracyText(holdout, 'revenue', en, fmtEn)).toBe('Holdout error (revenue): +20.0%');
    expect(accuracyText(holdout, 'purchases', ja, fmtJa)).toBe('検証誤差(購入回数): -13.0%');
    expect(accuracyText({ ...holdout, revenueError: null }, 'revenue', en, fmtEn)).toBe('Holdout error: not checked');
    expect(ratePercent(0.1, fmtEn)).toBe('10%');
    expect(ratePercent(0.085, fmtEn)).toBe('8.5%');
  });

  it('says what the numbers mean, and only what they say', () => {
    const lines = clvInsights(result, en, fmtEn);
    expect(lines).toEqual([
      'Over the next 12 months, today’s customers are expected to bring ¥12,345,678 in revenue (discounted at 10% a year).',
      '66% of it comes from the top 20% of customers by predicted CLV.',
      'Learnt from the data up to Sep 30, 2025, the model predicted 13% fewer purchases than customers actually made in the 182 days after it (predicted 870, actual 1,000).',
      'For revenue in the same period it predicted 20% more than actual (predicted ¥1,200,000, actual ¥1,000,000).',
      'Returns and zero-value orders are taken off: a purchase is predicted at 90% of the value of a purchase with a positive value.',
      'How often customers buy and how much they spend per purchase are correlated (correlation 0.45). The spend model assumes they are not, so read the money predictions with a margin.'
    ]);
    expect(clvInsights(result, ja, fmtJa)[2]).toBe(
      '2025年9月30日 までのデータで学習したモデルは、その後 182 日間の購入回数を実績より 13% 少なく予測しました(予測 870 回・実績 1,000 回)。'
    );
    // Without money: no money sentences.
    const noMoney = { ...result, predictions: { ...result.predictions!, totalClv: null, meanClv: null, top20Share: null }, holdout: { ...holdout, revenue: null, revenueError: null } };
    expect(clvInsights(noMoney, en, fmtEn)).toHaveLength(1);
  });

  it('says so when the purchase model is one of the BG/NBD’s limits (no dropout differences, or no dropout)', () => {
    const limit = (p: number): ClvResult => ({
      ...result,
      fit: fit({ bgnbd: { ...converged, params: { r: 0.8, alpha: 9.8, a: Infinity, b: Infinity, p, timeUnit: 'weeks' } } })
    });
    expect(clvInsights(limit(0.061), en, fmtEn)[2]).toBe(
      'In these data customers do not differ detectably in how likely they are to stop buying, so the model uses one dropout probability for everyone: 6.1% after each repeat purchase.'
    );
    expect(clvInsights(limit(0), ja, fmtJa)[2]).toMatch(/^このデータではまだ離脱が見えないため.*生存確率は全員100%/);
    // The BG/NBD itself: no such sentence.
    const beta = { ...result, fit: fit({ bgnbd: converged }) };
    expect(clvInsights(beta, en, fmtEn).some((l) => /dropout/.test(l))).toBe(false);
  });
});
