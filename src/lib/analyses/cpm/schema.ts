/** Snapshot schema of the CPM result (see ./types.ts) and of its thresholds (./thresholds.ts). */
import * as v from 'valibot';
import { DateSchema, WithheldSchema, type Equal } from '../schema-common';
import { CPM_SEGMENT_IDS, CPM_STAGES, CPM_STATES } from './segments';
import type { CpmThresholds } from './thresholds';
import type { CpmResult, CpmSegmentRow } from './types';

export const CpmSegmentIdSchema = v.picklist(CPM_SEGMENT_IDS);

export const CpmThresholdsSchema = v.object({
  lapseDays: v.number(),
  yochiyochiTenure: v.number(),
  spendThreshold: v.number(),
  yuryoTenure: v.number()
});

export const CpmSegmentRowSchema = v.pipe(
  v.object({
    segment: CpmSegmentIdSchema,
    stage: v.picklist(CPM_STAGES),
    state: v.picklist(CPM_STATES),
    customers: v.nullable(v.number()),
    share: v.nullable(v.number()),
    revenue: v.nullable(v.number()),
    revenueShare: v.nullable(v.number()),
    avgRecencyDays: v.nullable(v.number()),
    avgSpanDays: v.nullable(v.number()),
    avgPurchases: v.nullable(v.number()),
    avgRevenue: v.nullable(v.number()),
    withheld: v.optional(WithheldSchema)
  }),
  // The stage and state are the segment's own (the page draws the grid from them).
  v.check((row) => row.segment === `${row.stage}_${row.state}`)
);

export const CpmResultSchema = v.object({
  asOf: DateSchema,
  thresholds: CpmThresholdsSchema,
  customers: v.number(),
  revenue: v.number(),
  segments: v.array(CpmSegmentRowSchema)
});

const exact: [
  Equal<v.InferOutput<typeof CpmThresholdsSchema>, CpmThresholds>,
  Equal<v.InferOutput<typeof CpmSegmentRowSchema>, CpmSegmentRow>,
  Equal<v.InferOutput<typeof CpmResultSchema>, CpmResult>
] = [true, true, true];
void exact;
