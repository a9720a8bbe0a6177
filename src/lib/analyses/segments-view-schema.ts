/** Snapshot schema of the segments page's view state (see ./segments-view.ts). */
import * as v from 'valibot';
import { isCpmSegmentId } from './cpm/segments';
import { isRfmSegmentId } from './rfm/segments';
import { DateSchema, type Equal } from './schema-common';
import type { SegmentsView } from './segments-view';

export const SegmentsViewSchema = v.pipe(
  v.object({
    // Scheme, Measure and BoxDim have no exported lists of their members.
    scheme: v.picklist(['rfm', 'cpm']),
    segment: v.nullable(v.string()),
    asOf: v.nullable(DateSchema),
    measure: v.picklist(['customers', 'revenue']),
    box: v.picklist(['recencyDays', 'purchases', 'revenue']),
    moveFrom: v.nullable(DateSchema),
    moveTo: v.nullable(DateSchema)
  }),
  // The selected segment is one of the scheme's, as segmentsViewFromParams accepts it (the type says `string`).
  v.check((s) => s.segment === null || (s.scheme === 'rfm' ? isRfmSegmentId(s.segment) : isCpmSegmentId(s.segment)))
);

const exact: Equal<v.InferOutput<typeof SegmentsViewSchema>, SegmentsView> = true;
void exact;
