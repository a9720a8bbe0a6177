/** Snapshot schema of the tiers analysis' result (see ./types.ts). */
import * as v from 'valibot';
import { DateSchema, TextSchema, WithheldSchema, type Equal } from '../schema-common';
import { TIER_COLUMNS, TIER_ORDERS, type TiersOutcome } from './types';
import { optionalKeysObject } from '../schema-common';

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
    movement: v.variant('available', [
      v.object({
        available: v.literal(true),
        customers: v.nullable(count),
        up: v.nullable(count),
        same: v.nullable(count),
        down: v.nullable(count),
        tiers: v.array(TextSchema),
        moves: v.array(v.object({ from: TextSchema, to: TextSchema, customers: v.nullable(count), withheld: v.optional(WithheldSchema) })),
        withheld: v.optional(
          optionalKeysObject({ all: v.optional(WithheldSchema), up: v.optional(WithheldSchema), same: v.optional(WithheldSchema), down: v.optional(WithheldSchema) })
        )
      }),
      v.object({ available: v.literal(false), reason: v.literal('current_tier_only') })
    ])
  }),
  v.object({ available: v.literal(false), missing: v.array(v.picklist(TIER_COLUMNS)) })
]);

const exact: [Equal<v.InferOutput<typeof TiersOutcomeSchema>, TiersOutcome>] = [true];
void exact;
