/**
 * The order of tiers, lowest first. Tier names are the shop's own, so the order is read from
 * them where they say it, and from the customers' spend where they do not:
 *   ladder — every name contains a word of one rung of LADDER (case and width aside: 'GOLD会員',
 *            'ゴールドランク', 'Gold member'), no two names the same rung; a name with words of
 *            several rungs takes the highest ('Classic Gold' is gold);
 *   number — every name carries exactly one number, no two the same ('Rank 2', 'ランク３');
 *   spend  — otherwise: by the tier's median revenue per customer, ascending, equal medians by name.
 * Pure, so the order can be checked without a database.
 */
import type { TierOrder } from './types';

/** Rungs from lowest to highest; words are lowercase, NFKC-normal. */
const LADDER: readonly (readonly string[])[] = [
  ['regular', 'standard', 'basic', 'general', 'normal', 'classic', 'entry', 'レギュラー', 'スタンダード', 'ベーシック', 'ノーマル', 'クラシック', 'エントリー', '一般', '通常'],
  ['bronze', 'ブロンズ'],
  ['silver', 'シルバー'],
  ['gold', 'ゴールド'],
  // プラチナ also covers プラチナム, ダイヤ ダイヤモンド.
  ['platinum', 'プラチナ'],
  ['diamond', 'ダイヤ'],
  ['black', 'ブラック']
];

const normal = (name: string) => name.normalize('NFKC').toLowerCase();

/** The highest rung whose word the name contains, or null. */
function rungOf(name: string): number | null {
  const n = normal(name);
  for (let r = LADDER.length - 1; r >= 0; r--) if (LADDER[r].some((w) => n.includes(w))) return r;
  return null;
}

/** The name's one number, or null when it has none or several. */
function numberOf(name: string): number | null {
  const found = normal(name).match(/\d+(?:\.\d+)?/g);
  return found?.length === 1 ? Number(found[0]) : null;
}

/** Keys for every name, when each has one and no two share it. */
function distinctKeys(names: readonly string[], key: (name: string) => number | null): number[] | null {
  const keys = names.map(key);
  if (keys.some((k) => k === null) || new Set(keys).size !== keys.length) return null;
  return keys as number[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The tiers lowest first, and what the order rests on. */
export function orderTiers<T extends { tier: string; median: number | null }>(tiers: readonly T[]): { order: TierOrder; tiers: T[] } {
  const names = tiers.map((t) => t.tier);
  for (const [order, key] of [['ladder', rungOf], ['number', numberOf]] as const) {
    const keys = distinctKeys(names, key);
    if (keys) return { order, tiers: tiers.map((t, i) => ({ t, k: keys[i] })).sort((a, b) => a.k - b.k).map(({ t }) => t) };
  }
  const median = (t: T) => t.median ?? Infinity;
  return { order: 'spend', tiers: [...tiers].sort((a, b) => median(a) - median(b) || byName(a.tier, b.tier)) };
}
