/**
 * The programme-effect page as a snapshot may show it (rules in ../withhold.ts):
 * - the naive gap only when both groups have MIN_GROUP customers or more;
 * - the difference in differences and the placebo only when both their members and their
 *   matched non-members are MIN_GROUP or more;
 * - event-study months resting on fewer than MIN_GROUP members left out (the last months, where
 *   the history ends for later joiners);
 * - the balance table only when MIN_GROUP members and non-members qualify, its "after" columns
 *   only when MIN_GROUP members were matched.
 * Nothing at all when neither the gap nor the difference in differences can be shown. Counts of
 * customers are shown as they are: they describe nobody. No customer is in the result.
 */
import { MIN_GROUP } from '../withhold';
import type { Did, ProgrammeResult } from './types';

const enough = (n: number) => n >= MIN_GROUP;
const didShown = (d: Did | null) => (d && enough(d.members) && enough(d.controls) ? d : null);

export function withholdProgramme(r: ProgrammeResult): ProgrammeResult | null {
  const gap = r.gap && enough(r.gap.n.members) && enough(r.gap.n.others) ? r.gap : null;
  const did = didShown(r.did);
  if (!gap && !did) return null;
  const matched = enough(r.counts.matched) && enough(r.counts.used);
  const balance = !enough(r.counts.qualified) || !enough(r.counts.pool)
    ? []
    : matched ? r.balance : r.balance.map((b) => ({ ...b, after: null, smdAfter: null }));
  return {
    ...r,
    gap,
    did,
    balance,
    study: did ? r.study.filter((m) => enough(m.members)) : [],
    placebo: didShown(r.placebo),
    credibility: did && r.credibility
  };
}
