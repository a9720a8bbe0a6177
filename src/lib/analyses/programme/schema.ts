/** Snapshot schema of the programme-effect page's result (see ./types.ts). */
import * as v from 'valibot';
import { DateSchema, type Equal } from '../schema-common';
import { BALANCE_FEATURES } from './sql';
import { GAP_MEASURES } from './stats';
import type { ProgrammeResult } from './types';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const num = v.nullable(v.number());
const IntervalSchema = v.object({ value: num, lo: num, hi: num });
const figures = v.object(Object.fromEntries(GAP_MEASURES.map((x) => [x, v.number()])) as Record<(typeof GAP_MEASURES)[number], v.NumberSchema<undefined>>);
const DidSchema = v.object({
  members: count,
  controls: count,
  joined: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  spend: IntervalSchema,
  buys: IntervalSchema
});
const compared = v.object({ members: v.number(), matched: v.number(), diff: IntervalSchema });

export const ProgrammeResultSchema = v.object({
  asOf: DateSchema,
  gap: v.nullable(
    v.object({
      n: v.object({ members: count, others: count }),
      members: figures,
      others: figures,
      diff: v.object(Object.fromEntries(GAP_MEASURES.map((x) => [x, IntervalSchema])) as Record<(typeof GAP_MEASURES)[number], typeof IntervalSchema>)
    })
  ),
  counts: v.object({ members: count, qualified: count, matched: count, pool: count, used: count }),
  balance: v.array(
    v.object({ feature: v.picklist(BALANCE_FEATURES), members: num, before: num, after: num, smdBefore: num, smdAfter: num })
  ),
  did: v.nullable(DidSchema),
  study: v.array(v.object({ k: v.pipe(v.number(), v.integer()), members: count, spend: compared, buys: compared })),
  placebo: v.nullable(DidSchema),
  credibility: v.nullable(
    v.object({ balanced: v.boolean(), placebo: v.nullable(v.boolean()), preTrend: v.boolean(), coverage: v.boolean() })
  )
});

const exact: [Equal<v.InferOutput<typeof ProgrammeResultSchema>, ProgrammeResult>] = [true];
void exact;
