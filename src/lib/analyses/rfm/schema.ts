/** Snapshot schema of the RFM result (see ./types.ts). */
import * as v from 'valibot';
import { BoxStatsSchema, DateSchema, WithheldSchema, type Equal } from '../schema-common';
import { RFM_SEGMENT_IDS } from './segments';
import {
  RFM_SCORES, type RfmDistribution, type RfmHeatmapCell, type RfmResult, type RfmScoreRange, type RfmSegmentRow
} from './types';

export const RfmSegmentIdSchema = v.picklist(RFM_SEGMENT_IDS);
export const RfmScoreSchema = v.picklist(RFM_SCORES);

export const RfmSegmentRowSchema = v.object({
  segment: RfmSegmentIdSchema,
  customers: v.nullable(v.number()),
  share: v.nullable(v.number()),
  revenue: v.nullable(v.number()),
  revenueShare: v.nullable(v.number()),
  avgRecencyDays: v.nullable(v.number()),
  avgPurchases: v.nullable(v.number()),
  avgRevenue: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

export const RfmHeatmapCellSchema = v.object({
  r: RfmScoreSchema,
  f: RfmScoreSchema,
  customers: v.nullable(v.number()),
  revenue: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

export const RfmDistributionSchema = v.object({
  segment: RfmSegmentIdSchema,
  customers: v.number(),
  recencyDays: BoxStatsSchema,
  purchases: BoxStatsSchema,
  revenue: BoxStatsSchema
});

export const RfmScoreRangeSchema = v.object({
  // RfmDimension has no exported list of its members.
  dimension: v.picklist(['recency', 'frequency', 'monetary']),
  score: RfmScoreSchema,
  customers: v.number(),
  min: v.number(),
  max: v.number()
});

export const RfmResultSchema = v.object({
  asOf: DateSchema,
  customers: v.number(),
  revenue: v.number(),
  selectedSegment: v.nullable(RfmSegmentIdSchema),
  segments: v.array(RfmSegmentRowSchema),
  heatmap: v.array(RfmHeatmapCellSchema),
  distributions: v.array(RfmDistributionSchema),
  scoreRanges: v.array(RfmScoreRangeSchema)
});

const exact: [
  Equal<v.InferOutput<typeof RfmSegmentRowSchema>, RfmSegmentRow>,
  Equal<v.InferOutput<typeof RfmHeatmapCellSchema>, RfmHeatmapCell>,
  Equal<v.InferOutput<typeof RfmDistributionSchema>, RfmDistribution>,
  Equal<v.InferOutput<typeof RfmScoreRangeSchema>, RfmScoreRange>,
  Equal<v.InferOutput<typeof RfmResultSchema>, RfmResult>
] = [true, true, true, true, true];
void exact;
