/** The NPS page's settings in the URL (forgiving: anything unknown falls back to the default). */
import { isReading, isScoreScale, type Reading, type ScoreScale } from './scale';
import { NPS_ATTRIBUTES, NPS_GRAINS, type NpsAttribute, type NpsGrain } from './types';

export interface NpsView {
  grain: NpsGrain;
  /** The scale whose answers are analysed; null = the one with most answers. */
  scale: ScoreScale | null;
  /** How a scale other than 0–10 is read (0–10 is always NPS). */
  reading: Reading;
  /** The attribute whose groups the breakdown chart shows. */
  by: NpsAttribute;
}

/** Keys distinct from other pages' (the URL carries every page's settings across the app). */
const KEYS = { grain: 'ngrain', scale: 'scale', reading: 'read', by: 'nby' } as const;
const DEFAULTS: NpsView = { grain: 'month', scale: null, reading: 'nps', by: 'member' };

export function npsViewFromParams(p: URLSearchParams): NpsView {
  const pick = <T extends string>(key: string, ok: readonly T[], fallback: T): T => ok.find((v) => v === p.get(key)) ?? fallback;
  const scale = p.get(KEYS.scale);
  const reading = p.get(KEYS.reading);
  return {
    grain: pick(KEYS.grain, NPS_GRAINS, DEFAULTS.grain),
    scale: isScoreScale(scale) ? scale : null,
    reading: isReading(reading) ? reading : DEFAULTS.reading,
    by: pick(KEYS.by, NPS_ATTRIBUTES, DEFAULTS.by)
  };
}

/** Write a change into a copy of `params`: defaults and nulls are left out. */
export function npsViewToParams(change: Partial<NpsView>, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const [k, v] of Object.entries(change) as [keyof NpsView, string | null | undefined][]) {
    if (v === undefined) continue;
    if (v === null || v === DEFAULTS[k]) out.delete(KEYS[k]);
    else out.set(KEYS[k], v);
  }
  return out;
}
