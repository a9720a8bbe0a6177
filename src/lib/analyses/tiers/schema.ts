/** Snapshot schema of the tiers analysis' result (see ./types.ts). */
import * as v from 'valibot';
import { DateSchema, TextSchema, WithheldSchema, type Equal } from '../schema-common';
import { TIER_COLUMNS, TIER_ORDERS, type TiersOutcome } from './types';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const num = v.nullable(v.number());
const IntervalSchema = v.object({ value: num, lo: num, hi: num });

const TierGroupSchema = v.object({
  tier: TextSchema,
  kind: v.picklist(['tier', 'none']),
  customers: v.nullable(count),
  revenue: num,
  perCustomer: IntervalSchema,
  median: num,
  withheld: v.optional(WithheldSchema)
});

export const TiersOutcomeSchema = v.variant('available', [
  v.object({
    available: v.literal(true),
    from: DateSchema,
    asOf: DateSchema,
    order: v.picklist(TIER_ORDERS),
    customers: count,
    revenue: v.number(),
    tiers: v.array(TierGroupSchema),
    movement: v.object({ available: v.literal(false), reason: v.literal('current_tier_only') })
  }),
  v.object({ available: v.literal(false), missing: v.array(v.picklist(TIER_COLUMNS)) })
]);

const exact: [Equal<v.InferOutput<typeof TiersOutcomeSchema>, TiersOutcome>] = [true];
void exact;
