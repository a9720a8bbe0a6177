/**
 * The NPS page as a snapshot may show it (rules in ../withhold.ts). The unit is an answer (a
 * customer may answer more than once, so answers are never fewer than the people behind them):
 * - nothing when fewer than MIN_GROUP answers count;
 * - periods of 1–4 answers withheld, with another when the rest would give a lone one away
 *   (periods add up to the total shown); the change test only between periods shown;
 * - in each breakdown, groups of 1–4 answers withheld (named values left out by name: a value is
 *   data, a region or whatever column was mapped), with another where the rest would give one
 *   away (groups add up to all answers);
 * - behaviour rows of 1–4 answers withheld likewise (the three groups add up), a retention
 *   resting on 1–4 customers withheld; quadrant cells of 1–4 customers withheld with a second
 *   one in their row or column.
 * - words used by fewer than MIN_GROUP respondents left out of every word list (a rare word can
 *   name a person, a place or an order).
 * No comment text or customer is in any of these results.
 */
import { MIN_GROUP, blank, isSmall, withholdGroups } from '../withhold';
import type { Estimate } from './stats';
import type { CommentWordsResult } from './words';
import type { BehaviourWindow, NpsBehaviourResult, NpsBreakdown, NpsByResult, NpsResult } from './types';

export function withholdNps(r: NpsResult): NpsResult | null {
  if (r.total.n < MIN_GROUP) return null;
  const out = withholdGroups(r.periods.map((p) => p.n ?? 0));
  const periods = r.periods.map((p, i) => (out[i] ? blank(p, out[i]) : p));
  const shown = (period: string) => periods.find((p) => p.period === period && !p.withheld);
  const change = r.change && shown(r.change.from) && shown(r.change.to) ? r.change : null;
  return { ...r, periods, change };
}

function withholdBreakdown(b: NpsBreakdown): NpsBreakdown {
  const out = withholdGroups(b.groups.map((g) => g.n ?? 0));
  const groups = b.groups.flatMap((g, i) => {
    const w = out[i];
    if (!w) return [g];
    return w === 'small' && g.kind === 'value' ? [] : [blank(g, w)];
  });
  return { ...b, groups };
}

export function withholdNpsBy(r: NpsByResult): NpsByResult | null {
  const attributes = r.attributes.map(withholdBreakdown).filter((b) => b.groups.some((g) => !g.withheld));
  return attributes.length ? { attributes } : null;
}

const NO_ESTIMATE: Estimate = { score: null, lo: null, hi: null };
const NO_WINDOW: BehaviourWindow = { orders: null, spend: null, buyers: null };

export function withholdNpsBehaviour(r: NpsBehaviourResult): NpsBehaviourResult | null {
  if (r.matched < MIN_GROUP) return null;
  const rowsOut = withholdGroups(r.rows.map((x) => x.answers ?? 0));
  const rows = r.rows.map((x, i) => {
    const w = rowsOut[i];
    if (w) return { ...x, answers: null, before: NO_WINDOW, after: NO_WINDOW, repurchase: NO_ESTIMATE, retention: NO_ESTIMATE, retentionBase: null, withheld: w };
    return isSmall(x.retentionBase) ? { ...x, retention: NO_ESTIMATE, retentionBase: null } : x;
  });
  // Cells: [low & loyal, high & loyal, low & not loyal, high & not loyal]; rows share `loyal`, columns share `band`.
  const cellsOut = withholdGroups(r.quadrant.map((c) => c.customers ?? 0), [[0, 1], [2, 3], [0, 2], [1, 3]]);
  const quadrant = r.quadrant.map((c, i) => (cellsOut[i] ? blank(c, cellsOut[i]) : c));
  return { ...r, rows, quadrant, middle: isSmall(r.middle) ? null : r.middle };
}

export function withholdNpsWords(r: CommentWordsResult): CommentWordsResult | null {
  if (r.respondents.total < MIN_GROUP) return null;
  const common = <T extends { respondents: number }>(words: T[]) => words.filter((w) => w.respondents >= MIN_GROUP);
  return { ...r, top: common(r.top), typicalOfLow: common(r.typicalOfLow), typicalOfHigh: common(r.typicalOfHigh) };
}
