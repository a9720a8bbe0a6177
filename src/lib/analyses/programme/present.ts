/**
 * The programme page's "what this means", from the figures only: how much more members buy as
 * they stand, and how much of it joining itself explains.
 */
import { POST } from './sql';
import type { Interval } from './stats';
import type { ProgrammeResult } from './types';

export interface ProgrammeInsight {
  /** Members' orders per customer over non-members' (the naive gap); null without it. */
  ratio: number | null;
  /** The effect on purchases per month, when its interval leaves out zero; null otherwise. */
  effect: number | null;
  /** That effect over the matched members' purchases as if they had not joined (months 1 … POST); null without them. */
  share: number | null;
}

/** Whether a 95 % interval leaves out zero (a difference chance does not explain). */
export const excludesZero = (i: Interval) => i.lo !== null && i.hi !== null && (i.lo > 0 || i.hi < 0);

export function insightOf(r: ProgrammeResult): ProgrammeInsight | null {
  if (!r.did) return null;
  const ratio = r.gap && r.gap.others.orders > 0 ? r.gap.members.orders / r.gap.others.orders : null;
  const effect = excludesZero(r.did.buys) ? r.did.buys.value : null;
  const after = r.study.filter((m) => m.k >= 1 && m.k <= POST);
  const baseline = after.length ? after.reduce((s, m) => s + m.buys.matched, 0) / after.length : 0;
  return { ratio, effect, share: effect !== null && baseline > 0 ? effect / baseline : null };
}
