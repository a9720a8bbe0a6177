/**
 * The segments page's engine work, remembered per dataset and inputs (analyses/cache.ts): a page
 * coming back to filters it showed before has its figures at once, and while the user reads the
 * page, the same work runs in the background for the filters one change away (`computeAhead`).
 */
import { filtersKey, type Filters } from '../analyses/filters';
import { remember } from '../analyses/cache';
import { runRfmBase, runRfmMembers, type RfmBase } from '../analyses/rfm/run';
import { runMovement, type MovementOptions } from '../analyses/movement/run';
import type { MovementResult } from '../analyses/movement/types';
import { movementDates, type SegmentsView } from '../analyses/segments-view';
import type { QueryRunner } from '../engine/types';

/** The scored customers and what a click reads, for these filters and analysis date. */
export function rfmBaseOf(db: QueryRunner, dataset: number, f: Filters, asOf: string | null): Promise<RfmBase | null> {
  return remember(`rfmBase ${dataset} ${filtersKey(f)} ${asOf}`, () => runRfmBase(db, f, { asOf }), (b) => (b ? [b.scored] : []));
}

/** The segment movement between the two dates (default thresholds). */
export function movementOf(db: QueryRunner, dataset: number, f: Filters, o: MovementOptions): Promise<MovementResult> {
  return remember(`movement ${dataset} ${filtersKey(f)} ${o.scheme} ${o.from} ${o.to}`, () => runMovement(db, f, o));
}

/** Everything the RFM view of the page needs for `f`: scores, movement and the member table. */
export async function prepareRfmView(db: QueryRunner, dataset: number, f: Filters, view: Pick<SegmentsView, 'asOf' | 'moveFrom' | 'moveTo'>): Promise<void> {
  const base = await rfmBaseOf(db, dataset, f, view.asOf);
  if (!base) return;
  const dates = movementDates(view, base.asOf);
  if (dates) await movementOf(db, dataset, f, { scheme: 'rfm', ...dates });
  await runRfmMembers(db, base);
}
