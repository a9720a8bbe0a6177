/** Snapshot schema of the referral analysis' result (see ./types.ts). No referrer is named in it: only bins of how many each brought. */
import * as v from 'valibot';
import { DateSchema, WithheldSchema, optionalKeysObject, type Equal } from '../schema-common';
import { REFERRAL_COLUMNS, type ReferralOutcome } from './types';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const share = v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1)));
const num = v.nullable(v.number());
const IntervalSchema = v.object({ value: num, lo: num, hi: num });

const GroupSchema = v.object({
  acquired: v.nullable(count),
  customers: v.nullable(count),
  converted: v.nullable(count),
  f2: share,
  retained: v.nullable(count),
  retention: share,
  value: num,
  withheld: v.optional(optionalKeysObject({ group: v.optional(WithheldSchema), f2: v.optional(WithheldSchema), retention: v.optional(WithheldSchema) }))
});

const BinSchema = v.object({
  min: v.pipe(v.number(), v.integer(), v.minValue(1)),
  max: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  referrers: v.nullable(count),
  customers: v.nullable(count),
  revenue: num,
  withheld: v.optional(WithheldSchema)
});

export const ReferralOutcomeSchema = v.variant('available', [
  v.object({
    available: v.literal(true),
    from: DateSchema,
    asOf: DateSchema,
    signals: v.array(v.picklist(REFERRAL_COLUMNS)),
    referred: GroupSchema,
    others: GroupSchema,
    difference: v.object({ f2: IntervalSchema, retention: IntervalSchema, value: IntervalSchema }),
    referrers: v.nullable(v.object({ referrers: count, customers: count, revenue: v.number(), bins: v.array(BinSchema) }))
  }),
  v.object({ available: v.literal(false), missing: v.array(v.picklist(REFERRAL_COLUMNS)) })
]);

const exact: [Equal<v.InferOutput<typeof ReferralOutcomeSchema>, ReferralOutcome>] = [true];
void exact;
