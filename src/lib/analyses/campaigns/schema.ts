/** Snapshot schema of the campaigns page's result (see ./types.ts). */
import * as v from 'valibot';
import { DateSchema, TextSchema, WithheldSchema, type Equal } from '../schema-common';
import { CAMPAIGN_GROUPS, CAMPAIGN_WINDOWS, type CampaignWindowKey, type CampaignsResult } from './types';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const num = v.nullable(v.number());
const IntervalSchema = v.object({ value: num, lo: num, hi: num });
const perWindow = <S extends v.GenericSchema>(s: S) =>
  v.object(Object.fromEntries(CAMPAIGN_WINDOWS.map((w) => [w, s])) as Record<CampaignWindowKey, S>);
const WindowSchema = v.object({ from: DateSchema, to: DateSchema, complete: v.boolean() });

export const CampaignsResultSchema = v.object({
  from: DateSchema,
  asOf: DateSchema,
  campaigns: v.array(
    v.object({
      campaign: TextSchema,
      type: v.nullable(TextSchema),
      dated: v.picklist(['described', 'observed']),
      evidence: v.picklist(['targeted', 'redeemers_only']),
      days: count,
      sideDays: count,
      windows: perWindow(WindowSchema),
      customers: v.nullable(count),
      targeted: v.nullable(count),
      redeemers: v.nullable(count),
      redemptions: v.nullable(count),
      rate: num,
      revenue: v.object({ during: num, after: num }),
      groups: v.array(
        v.object({ group: v.picklist(CAMPAIGN_GROUPS), customers: v.nullable(count), spend: perWindow(IntervalSchema), withheld: v.optional(WithheldSchema) })
      ),
      withheld: v.optional(WithheldSchema)
    })
  ),
  undated: count
});

const exact: [Equal<v.InferOutput<typeof CampaignsResultSchema>, CampaignsResult>] = [true];
void exact;
