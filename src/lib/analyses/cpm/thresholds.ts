/**
 * CPM (customer portfolio management) thresholds: user-editable, with the defaults Japanese
 * EC marketers commonly use. Days are calendar days; spend is net revenue in the data's currency
 * (the ¥70,000 default assumes yen — for other currencies the page should ask for a value).
 */

export interface CpmThresholds {
  /** Lapsed (離脱) when the last purchase is MORE than this many days before the analysis date. */
  lapseDays: number;
  /** よちよち while tenure (在籍日数: days from the first to the last purchase) is LESS than this. */
  yochiyochiTenure: number;
  /** コツコツ when cumulative net spend is AT MOST this; 流行 / 優良 above it. */
  spendThreshold: number;
  /** 優良 from this tenure on; 流行 below it (tenure yochiyochiTenure … yuryoTenure − 1 days). */
  yuryoTenure: number;
}

export const DEFAULT_CPM_THRESHOLDS: Readonly<CpmThresholds> = Object.freeze({
  lapseDays: 240,
  yochiyochiTenure: 90,
  spendThreshold: 70_000,
  yuryoTenure: 210
});

export type CpmThresholdProblem = { field: keyof CpmThresholds; reason: 'not_a_number' | 'negative' | 'order' };

/** What is wrong with a set of thresholds (empty when they are usable); for form messages. */
export function cpmThresholdProblems(t: CpmThresholds): CpmThresholdProblem[] {
  const out: CpmThresholdProblem[] = [];
  for (const field of Object.keys(DEFAULT_CPM_THRESHOLDS) as (keyof CpmThresholds)[]) {
    const v = t[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) out.push({ field, reason: 'not_a_number' });
    else if (v < 0) out.push({ field, reason: 'negative' });
  }
  // 流行 is the tenure band between the two; reversed, the band would silently be empty.
  if (!out.length && t.yochiyochiTenure > t.yuryoTenure) out.push({ field: 'yuryoTenure', reason: 'order' });
  return out;
}

export class CpmThresholdError extends Error {
  constructor(readonly problems: CpmThresholdProblem[]) {
    super('invalid CPM thresholds: ' + problems.map((p) => `${p.field} (${p.reason})`).join(', '));
  }
}

/** The thresholds to use: defaults for what is not given; throws `CpmThresholdError` if unusable. */
export function resolveCpmThresholds(t?: Partial<CpmThresholds> | null): CpmThresholds {
  const full = { ...DEFAULT_CPM_THRESHOLDS, ...(t ?? {}) };
  const problems = cpmThresholdProblems(full);
  if (problems.length) throw new CpmThresholdError(problems);
  return full;
}
