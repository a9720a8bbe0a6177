/**
 * RFM as a snapshot may show it (rules in ../withhold.ts): nothing when fewer than MIN_GROUP
 * customers are scored; segments and R × F cells of 1–4 customers withheld, with a second one
 * wherever the rest would give them away (segments add up to all customers, the cells of an R
 * row or an F column to the customers of that score); distributions and score ranges of small
 * groups left out (their minimum and maximum are one customer's values); when the selected
 * segment is small, nothing narrowed to it.
 */
import { MIN_GROUP, isSmall, withholdRecords } from '../withhold';
import { RFM_SCORES } from './types';
import type { RfmResult } from './types';

/** Lines of the 5 × 5 grid (cells in `allCells` order: r descending, f ascending): each R row, each F column, all cells. */
const GRID_LINES: number[][] = [
  ...RFM_SCORES.map((_, row) => RFM_SCORES.map((_, col) => 5 * row + col)),
  ...RFM_SCORES.map((_, col) => RFM_SCORES.map((_, row) => 5 * row + col)),
  RFM_SCORES.flatMap((_, row) => RFM_SCORES.map((_, col) => 5 * row + col))
];

export function withholdRfm(r: RfmResult): RfmResult | null {
  if (r.customers < MIN_GROUP) return null;
  const selected = r.selectedSegment === null ? null : r.segments.find((s) => s.segment === r.selectedSegment);
  const narrowedAway = selected !== null && selected !== undefined && (selected.customers ?? 0) < MIN_GROUP;
  const segments = withholdRecords(r.segments);
  const hidden = new Set(segments.filter((s) => s.withheld).map((s) => s.segment));
  return {
    ...r,
    segments,
    heatmap: narrowedAway ? [] : withholdRecords(r.heatmap, GRID_LINES, ['r', 'f']),
    // A segment's box shows its size and one customer's values at its ends: only for groups shown.
    distributions: narrowedAway ? [] : r.distributions.filter((d) => !hidden.has(d.segment)),
    scoreRanges: r.scoreRanges.filter((s) => !isSmall(s.customers))
  };
}
