/** Snapshot schema of the points analysis' result (see ./types.ts). */
import * as v from 'valibot';
import { DateSchema, MonthSchema, WithheldSchema, optionalKeysObject, type Equal } from '../schema-common';
import { POINT_COLUMNS, type PointsOutcome } from './types';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const num = v.nullable(v.number());

const flowEntries = {
  earned: num,
  used: num,
  earners: v.nullable(count),
  redeemers: v.nullable(count),
  customers: v.nullable(count),
  revenue: num,
  earningRevenue: num,
  redemptionRate: num,
  earnRate: num,
  pointsPerYen: num
};
const flowWithheld = { earned: v.optional(WithheldSchema), used: v.optional(WithheldSchema), revenue: v.optional(WithheldSchema) };

const FlowSchema = v.object({ ...flowEntries, withheld: v.optional(optionalKeysObject(flowWithheld)) });
const MonthFlowSchema = v.object({
  month: MonthSchema,
  ...flowEntries,
  balance: num,
  withheld: v.optional(optionalKeysObject({ ...flowWithheld, balance: v.optional(WithheldSchema) }))
});

export const PointsOutcomeSchema = v.variant('available', [
  v.object({
    available: v.literal(true),
    missing: v.array(v.picklist(POINT_COLUMNS)),
    from: DateSchema,
    asOf: DateSchema,
    opening: v.object({ balance: num, customers: v.nullable(count), withheld: v.optional(WithheldSchema) }),
    total: FlowSchema,
    months: v.array(MonthFlowSchema)
  }),
  v.object({ available: v.literal(false), missing: v.array(v.picklist(POINT_COLUMNS)) })
]);

const exact: [Equal<v.InferOutput<typeof PointsOutcomeSchema>, PointsOutcome>] = [true];
void exact;
