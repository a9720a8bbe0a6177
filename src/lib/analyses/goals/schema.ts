/** Snapshot schema of the goals page's result (see ./types.ts) and of its view (./view.ts). */
import * as v from 'valibot';
import { DateSchema, MonthSchema, WithheldSchema, type Equal } from '../schema-common';
import { GOAL_METRICS, type GoalsResult } from './types';
import type { GoalsView } from './view';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const finite = v.pipe(v.number(), v.finite());

export const GoalsResultSchema = v.object({
  from: DateSchema,
  asOf: DateSchema,
  series: v.array(
    v.object({
      metric: v.picklist(GOAL_METRICS),
      points: v.array(
        v.object({
          month: MonthSchema,
          cohort: v.optional(MonthSchema),
          value: v.nullable(finite),
          base: v.nullable(count),
          count: v.nullable(count),
          withheld: v.optional(WithheldSchema)
        })
      )
    })
  )
});

export const GoalsViewSchema = v.object({
  goals: v.pipe(v.array(v.object({ metric: v.picklist(GOAL_METRICS), target: finite, date: DateSchema })), v.maxLength(GOAL_METRICS.length))
});

const exact: [Equal<v.InferOutput<typeof GoalsResultSchema>, GoalsResult>, Equal<v.InferOutput<typeof GoalsViewSchema>, GoalsView>] = [true, true];
void exact;
