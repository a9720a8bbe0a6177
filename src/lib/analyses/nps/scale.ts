/**
 * How a survey score is read: its scale (as the importer detected it, or the user chose) and
 * the reading the user picked on the NPS page. Every answer falls in one of three groups:
 *
 * - reading 'nps' (net score = % high − % low, −100…100):
 *     0–10 and 1–10: promoters 9–10, passives 7–8, detractors 0–6 (1–6);
 *     1–7: promoters 7, passives 6, detractors 1–5;
 *     1–5: promoters 5, passives 4, detractors 1–3.
 *   The short scales keep the 0–10 shape: only the top answer recommends, the one below is
 *   neutral, everything else is critical. The page shows the mapping, never hides it.
 * - reading 'top2' (satisfaction: % in the top two answers, 0…100):
 *     satisfied = the top two answers, dissatisfied = the bottom two, neutral = the rest.
 *
 * 0–10 is always read as NPS: it is what the question asks.
 */
import { SCORE_SCALES, type ScoreScale } from '../../ingest/types';

export { SCORE_SCALES, type ScoreScale };

export const READINGS = ['nps', 'top2'] as const;
export type Reading = (typeof READINGS)[number];

/** The three groups, from best to worst: promoter/passive/detractor or satisfied/neutral/dissatisfied. */
export const BANDS = ['high', 'mid', 'low'] as const;
export type Band = (typeof BANDS)[number];

/** Inclusive score ranges of each group. */
export type BandRanges = Record<Band, [number, number]>;

export function scaleBounds(scale: ScoreScale): readonly [number, number] {
  const [lo, hi] = scale.split('-').map(Number);
  return [lo, hi];
}

/** The reading that applies: 0–10 is NPS whatever was asked. */
export function effectiveReading(scale: ScoreScale, reading: Reading): Reading {
  return scale === '0-10' ? 'nps' : reading;
}

export function bandRanges(scale: ScoreScale, reading: Reading): BandRanges {
  const [lo, hi] = scaleBounds(scale);
  if (effectiveReading(scale, reading) === 'top2') return { high: [hi - 1, hi], mid: [lo + 2, hi - 2], low: [lo, lo + 1] };
  const top = hi === 10 ? 2 : 1;
  return { high: [hi - top + 1, hi], mid: [hi - 2 * top + 1, hi - top], low: [lo, hi - 2 * top] };
}

/** SQL: the group ('high' | 'mid' | 'low') of score column `col`, NULL outside the scale. */
export function bandSql(scale: ScoreScale, reading: Reading, col = 'score'): string {
  const r = bandRanges(scale, reading);
  return `CASE ${BANDS.map((b) => `WHEN ${col} BETWEEN ${r[b][0]} AND ${r[b][1]} THEN '${b}'`).join(' ')} END`;
}

export const isScoreScale = (v: unknown): v is ScoreScale => (SCORE_SCALES as readonly unknown[]).includes(v);
export const isReading = (v: unknown): v is Reading => (READINGS as readonly unknown[]).includes(v);
