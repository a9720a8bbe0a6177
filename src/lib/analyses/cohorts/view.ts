/** The cohort page's settings in the URL (forgiving: anything unknown falls back to the default). */
import { COHORT_ATTRIBUTES, COHORT_GRAINS, type CohortAttribute, type CohortGrain } from './types';

export interface CohortView {
  grain: CohortGrain;
  by: CohortAttribute | null;
  value: string | null;
  measure: 'retention' | 'revenueRetention';
}

export function cohortViewFromParams(p: URLSearchParams): CohortView {
  const grain = p.get('grain');
  const by = p.get('by');
  const validBy = (COHORT_ATTRIBUTES as readonly string[]).includes(by ?? '') ? (by as CohortAttribute) : null;
  return {
    grain: (COHORT_GRAINS as readonly string[]).includes(grain ?? '') ? (grain as CohortGrain) : 'month',
    by: validBy,
    value: validBy ? p.get('value') || null : null,
    measure: p.get('cm') === 'revenueRetention' ? 'revenueRetention' : 'retention'
  };
}

export function cohortViewToParams(v: Partial<CohortView>, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  const set = (k: string, val: string | null | undefined, dflt: string | null) => {
    if (val === undefined) return;
    if (val === null || val === dflt) out.delete(k);
    else out.set(k, val);
  };
  set('grain', v.grain, 'month');
  set('by', v.by, null);
  set('value', v.value, null);
  set('cm', v.measure, 'retention');
  return out;
}
