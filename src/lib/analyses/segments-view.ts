/**
 * The segments page's view state in the URL: which scheme, the selected segment, the analysis
 * date, the chart measures and the two movement dates. Forgiving: anything malformed is ignored.
 */
import { isCpmSegmentId } from './cpm/segments';
import { isRfmSegmentId } from './rfm/segments';
import { addDays } from './period';

export type Scheme = 'rfm' | 'cpm';
export type Measure = 'customers' | 'revenue';
export type BoxDim = 'recencyDays' | 'purchases' | 'revenue';

export interface SegmentsView {
  scheme: Scheme;
  segment: string | null;
  asOf: string | null;
  measure: Measure;
  box: BoxDim;
  moveFrom: string | null;
  moveTo: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const date = (v: string | null) => (v && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : null);

export function segmentsViewFromParams(p: URLSearchParams): SegmentsView {
  const scheme: Scheme = p.get('scheme') === 'cpm' ? 'cpm' : 'rfm';
  const seg = p.get('seg');
  const valid = seg !== null && (scheme === 'rfm' ? isRfmSegmentId(seg) : isCpmSegmentId(seg));
  const box = p.get('box');
  return {
    scheme,
    segment: valid ? seg : null,
    asOf: date(p.get('asof')),
    measure: p.get('measure') === 'revenue' ? 'revenue' : 'customers',
    box: box === 'purchases' || box === 'revenue' ? box : 'recencyDays',
    moveFrom: date(p.get('ma')),
    moveTo: date(p.get('mb'))
  };
}

const KEYS: Record<keyof SegmentsView, string> = {
  scheme: 'scheme', segment: 'seg', asOf: 'asof', measure: 'measure', box: 'box', moveFrom: 'ma', moveTo: 'mb'
};
const DEFAULTS: Partial<Record<keyof SegmentsView, string>> = { scheme: 'rfm', measure: 'customers', box: 'recencyDays' };

/** Write a change into a copy of `params`: defaults and nulls are left out. */
export function segmentsViewToParams(change: Partial<SegmentsView>, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const [k, v] of Object.entries(change) as [keyof SegmentsView, string | null][]) {
    if (v === null || v === undefined || v === DEFAULTS[k]) out.delete(KEYS[k]);
    else out.set(KEYS[k], v);
  }
  return out;
}

/** Days before date B that date A of the movement defaults to. */
export const DEFAULT_MOVEMENT_DAYS = 180;

/** The movement's two dates: the chosen ones, else B = the analysis date and A = B − 180 days. */
export function movementDates(v: Pick<SegmentsView, 'moveFrom' | 'moveTo'>, asOf: string | null): { from: string; to: string } | null {
  const to = v.moveTo ?? asOf;
  if (!to) return null;
  return { from: v.moveFrom ?? addDays(to, -DEFAULT_MOVEMENT_DAYS), to };
}
