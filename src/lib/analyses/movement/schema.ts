/** Snapshot schema of the segment movement result (see ./types.ts). */
import * as v from 'valibot';
import { CPM_SEGMENT_IDS } from '../cpm/segments';
import { CpmSegmentIdSchema, CpmThresholdsSchema } from '../cpm/schema';
import { RFM_SEGMENT_IDS } from '../rfm/segments';
import { RfmSegmentIdSchema } from '../rfm/schema';
import { DateSchema, WithheldSchema, type Equal } from '../schema-common';
import { NEW_SOURCE, type MovementCell, type MovementResult, type SegmentSize } from './types';

export const MovementSegmentIdSchema = v.union([RfmSegmentIdSchema, CpmSegmentIdSchema]);

export const MovementCellSchema = v.object({
  from: v.union([MovementSegmentIdSchema, v.literal(NEW_SOURCE)]),
  to: MovementSegmentIdSchema,
  customers: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

export const SegmentSizeSchema = v.object({
  segment: MovementSegmentIdSchema,
  customers: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

const SCHEME_IDS: Record<MovementResult['scheme'], readonly string[]> = { rfm: RFM_SEGMENT_IDS, cpm: CPM_SEGMENT_IDS };

/** Every segment id the result names (the new customers' row aside). */
const idsIn = (r: MovementResult): string[] => [
  ...r.segments,
  ...r.matrix.flatMap((c) => (c.from === NEW_SOURCE ? [c.to] : [c.from, c.to])),
  ...[...r.sizesA, ...r.sizesB].map((s) => s.segment)
];

export const MovementResultSchema = v.pipe(
  v.object({
    // MovementScheme has no exported list of its members.
    scheme: v.picklist(['rfm', 'cpm']),
    dateA: DateSchema,
    dateB: DateSchema,
    thresholds: v.nullable(CpmThresholdsSchema),
    segments: v.array(MovementSegmentIdSchema),
    matrix: v.array(MovementCellSchema),
    sizesA: v.array(SegmentSizeSchema),
    sizesB: v.array(SegmentSizeSchema),
    newCustomers: v.number(),
    unchanged: v.number()
  }),
  // Every id is one of the scheme's, and thresholds are given for CPM only (as runMovement makes them).
  v.check((r) => (r.thresholds === null) === (r.scheme === 'rfm') && idsIn(r).every((id) => SCHEME_IDS[r.scheme].includes(id)))
);

const exact: [
  Equal<v.InferOutput<typeof MovementCellSchema>, MovementCell>,
  Equal<v.InferOutput<typeof SegmentSizeSchema>, SegmentSize>,
  Equal<v.InferOutput<typeof MovementResultSchema>, MovementResult>
] = [true, true, true];
void exact;
