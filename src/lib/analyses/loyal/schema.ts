/** Snapshot schemas of the loyal-customer comparison (see ./types.ts) and of its definition (./definition.ts). */
import * as v from 'valibot';
import { DateSchema, WithheldSchema, optionalKeysObject, type Equal } from '../schema-common';
import { LOYAL_CRITERIA, TENURE_FROM, normalizeLoyal, type LoyalDefinition } from './definition';
import { LOYAL_METRICS, type LoyalComparisonRow, type LoyalGroupTotals, type LoyalResult } from './types';

export const LoyalDefinitionSchema = v.pipe(
  v.object({
    minPurchases: v.nullable(v.number()),
    minSpend: v.nullable(v.number()),
    minTenureDays: v.nullable(v.number()),
    tenureFrom: v.picklist(TENURE_FROM),
    topPercent: v.nullable(v.number())
  }),
  // Only a definition as `normalizeLoyal` leaves it (whole counts, percent in (0, 100], a criterion set).
  v.check((d) => {
    const n = normalizeLoyal(d);
    return n.tenureFrom === d.tenureFrom && LOYAL_CRITERIA.every((k) => n[k] === d[k]);
  })
);

export const LoyalComparisonRowSchema = v.object({
  metric: v.picklist(LOYAL_METRICS),
  loyal: v.nullable(v.number()),
  others: v.nullable(v.number()),
  base: v.object({ loyal: v.nullable(v.number()), others: v.nullable(v.number()) }),
  withheld: v.optional(optionalKeysObject({ loyal: v.optional(WithheldSchema), others: v.optional(WithheldSchema) }))
});

const groupTotals = {
  customers: v.number(),
  revenue: v.number(),
  purchases: v.number()
};

export const LoyalGroupTotalsSchema = v.object(groupTotals);

export const LoyalResultSchema = v.object({
  asOf: DateSchema,
  definition: LoyalDefinitionSchema,
  total: LoyalGroupTotalsSchema,
  loyal: v.object({ ...groupTotals, shareOfCustomers: v.number(), shareOfRevenue: v.nullable(v.number()) }),
  others: LoyalGroupTotalsSchema,
  topPercentCutoff: v.nullable(v.number()),
  comparison: v.array(LoyalComparisonRowSchema),
  hasMembership: v.boolean(),
  npsResponses: v.number()
});

type Output = v.InferOutput<typeof LoyalResultSchema>;
/** Members of T as one object type: `Equal` tells an intersection from the same members written out. */
type Flat<T> = { [K in keyof T]: T[K] };

const exact: [
  Equal<v.InferOutput<typeof LoyalDefinitionSchema>, LoyalDefinition>,
  Equal<v.InferOutput<typeof LoyalComparisonRowSchema>, LoyalComparisonRow>,
  Equal<v.InferOutput<typeof LoyalGroupTotalsSchema>, LoyalGroupTotals>,
  // `LoyalResult['loyal']` is the intersection `LoyalGroupTotals & {…}`: compared flattened, the rest exactly.
  Equal<Output['loyal'], Flat<LoyalResult['loyal']>>,
  Equal<Omit<Output, 'loyal'>, Omit<LoyalResult, 'loyal'>>
] = [true, true, true, true, true];
void exact;
