/** Snapshot schema of the overview's result (see ./types.ts). */
import * as v from 'valibot';
import { MonthSchema, PeriodSchema, WithheldSchema, optionalKeysObject, type Equal } from '../schema-common';
import { KPI_KEYS, type Kpi, type MonthlyPoint, type OverviewResult, type ParetoPoint } from './types';

export const KpiSchema = v.object({
  key: v.picklist(KPI_KEYS),
  value: v.nullable(v.number()),
  previous: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

export const MonthlyPointSchema = v.object({
  month: MonthSchema,
  newRevenue: v.nullable(v.number()),
  returningRevenue: v.nullable(v.number()),
  newCustomers: v.nullable(v.number()),
  returningCustomers: v.nullable(v.number()),
  activeCustomers: v.nullable(v.number()),
  // MonthlyGroup has no exported list of its members.
  withheld: v.optional(
    optionalKeysObject({ new: v.optional(WithheldSchema), returning: v.optional(WithheldSchema), active: v.optional(WithheldSchema) })
  )
});

export const ParetoPointSchema = v.object({
  customerShare: v.number(),
  revenueShare: v.number()
});

export const OverviewResultSchema = v.object({
  period: PeriodSchema,
  hasPrevious: v.boolean(),
  kpis: v.array(KpiSchema),
  monthly: v.array(MonthlyPointSchema),
  pareto: v.array(ParetoPointSchema),
  newRevenueShare: v.nullable(v.number()),
  anonymous: v.object({ orders: v.number(), revenue: v.number() })
});

const exact: [
  Equal<v.InferOutput<typeof KpiSchema>, Kpi>,
  Equal<v.InferOutput<typeof MonthlyPointSchema>, MonthlyPoint>,
  Equal<v.InferOutput<typeof ParetoPointSchema>, ParetoPoint>,
  Equal<v.InferOutput<typeof OverviewResultSchema>, OverviewResult>
] = [true, true, true, true];
void exact;
