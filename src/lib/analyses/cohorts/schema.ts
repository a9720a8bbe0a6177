/** Snapshot schemas of the cohort and second-purchase results (see ./types.ts) and of the page's settings (./view.ts). */
import * as v from 'valibot';
import { DateSchema, MonthSchema, TextSchema, WithheldSchema, optionalKeysObject, type Equal } from '../schema-common';
import {
  COHORT_ATTRIBUTES, COHORT_GRAINS,
  type AttributeRepeat, type AttributeValue, type Cohort, type CohortAveragePoint, type CohortCell, type CohortResult,
  type F2AveragePoint, type F2Cohort, type F2Point, type GapBin, type RepeatRates, type SecondPurchaseResult
} from './types';
import type { CohortView } from './view';

const CohortAttributeSchema = v.picklist(COHORT_ATTRIBUTES);
// AttributeValue['kind'] has no exported list of its members.
const AttributeKindSchema = v.picklist(['value', 'other', 'unknown']);

export const AttributeValueSchema = v.object({
  value: TextSchema,
  kind: AttributeKindSchema,
  customers: v.number()
});

export const CohortCellSchema = v.object({
  k: v.number(),
  active: v.nullable(v.number()),
  retention: v.nullable(v.number()),
  revenue: v.nullable(v.number()),
  revenueRetention: v.nullable(v.number()),
  ltv: v.nullable(v.number()),
  complete: v.boolean(),
  withheld: v.optional(WithheldSchema)
});

export const CohortSchema = v.object({
  // A period label: 'YYYY-MM', 'YYYY-Www' or 'YYYY-Qn' (the type says `string`).
  label: v.pipe(v.string(), v.regex(/^\d{4}-((0[1-9]|1[0-2])|W(0[1-9]|[1-4]\d|5[0-3])|Q[1-4])$/)),
  start: DateSchema,
  end: DateSchema,
  customers: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema),
  partialStart: v.boolean(),
  cells: v.array(CohortCellSchema)
});

export const CohortAveragePointSchema = v.object({
  k: v.number(),
  cohorts: v.number(),
  customers: v.number(),
  retention: v.number(),
  revenueRetention: v.nullable(v.number()),
  ltv: v.number()
});

export const CohortResultSchema = v.object({
  grain: v.picklist(COHORT_GRAINS),
  by: v.nullable(CohortAttributeSchema),
  value: v.nullable(TextSchema),
  from: DateSchema,
  asOf: DateSchema,
  customers: v.number(),
  cohorts: v.array(CohortSchema),
  average: v.array(CohortAveragePointSchema),
  values: v.array(AttributeValueSchema)
});

export const F2PointSchema = v.object({
  days: v.number(),
  converted: v.nullable(v.number()),
  rate: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

export const F2CohortSchema = v.object({
  month: MonthSchema,
  customers: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema),
  points: v.array(F2PointSchema)
});

export const F2AveragePointSchema = v.object({
  days: v.number(),
  months: v.number(),
  customers: v.number(),
  rate: v.nullable(v.number())
});

export const GapBinSchema = v.object({
  fromDay: v.number(),
  toDay: v.nullable(v.number()),
  customers: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

const repeatRates = {
  customers: v.number(),
  repeaters: v.nullable(v.number()),
  repeatRate: v.nullable(v.number()),
  eligible: v.nullable(v.number()),
  repeatersInWindow: v.nullable(v.number()),
  repeatRateInWindow: v.nullable(v.number()),
  withheld: v.optional(optionalKeysObject({ all: v.optional(WithheldSchema), window: v.optional(WithheldSchema) }))
};

export const RepeatRatesSchema = v.object(repeatRates);

export const AttributeRepeatSchema = v.object({
  ...repeatRates,
  value: TextSchema,
  kind: AttributeKindSchema
});

export const SecondPurchaseResultSchema = v.object({
  by: v.nullable(CohortAttributeSchema),
  value: v.nullable(TextSchema),
  from: DateSchema,
  asOf: DateSchema,
  customers: v.number(),
  withSecond: v.number(),
  months: v.array(F2CohortSchema),
  average: v.array(F2AveragePointSchema),
  gaps: v.array(GapBinSchema),
  overall: RepeatRatesSchema,
  byAttribute: v.array(AttributeRepeatSchema)
});

export const CohortViewSchema = v.object({
  grain: v.picklist(COHORT_GRAINS),
  by: v.nullable(CohortAttributeSchema),
  value: v.nullable(TextSchema),
  // CohortView['measure'] has no exported list of its members.
  measure: v.picklist(['retention', 'revenueRetention'])
});

const exact: [
  Equal<v.InferOutput<typeof AttributeValueSchema>, AttributeValue>,
  Equal<v.InferOutput<typeof CohortCellSchema>, CohortCell>,
  Equal<v.InferOutput<typeof CohortSchema>, Cohort>,
  Equal<v.InferOutput<typeof CohortAveragePointSchema>, CohortAveragePoint>,
  Equal<v.InferOutput<typeof CohortResultSchema>, CohortResult>,
  Equal<v.InferOutput<typeof F2PointSchema>, F2Point>,
  Equal<v.InferOutput<typeof F2CohortSchema>, F2Cohort>,
  Equal<v.InferOutput<typeof F2AveragePointSchema>, F2AveragePoint>,
  Equal<v.InferOutput<typeof GapBinSchema>, GapBin>,
  Equal<v.InferOutput<typeof RepeatRatesSchema>, RepeatRates>,
  Equal<v.InferOutput<typeof AttributeRepeatSchema>, AttributeRepeat>,
  Equal<v.InferOutput<typeof SecondPurchaseResultSchema>, SecondPurchaseResult>,
  Equal<v.InferOutput<typeof CohortViewSchema>, CohortView>
] = [true, true, true, true, true, true, true, true, true, true, true, true, true];
void exact;
