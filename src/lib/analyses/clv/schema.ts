/**
 * Snapshot schemas of the predicted-CLV result (see ./types.ts, with the fits of ./bgnbd.ts,
 * ./gammagamma.ts and ./mle.ts and the holdout bins of ./clv.ts) and of the page's settings (./view.ts).
 */
import * as v from 'valibot';
import { DateSchema, TextSchema, WithheldSchema, optionalKeysObject, type Equal } from '../schema-common';
import type { BgNbdFit, BgNbdParams } from './bgnbd';
import type { HoldoutBin } from './clv';
import type { GammaGammaFit, GammaGammaParams } from './gammagamma';
import {
  HORIZON_MONTHS, PURCHASE_DAYS, TIME_UNITS,
  type ClvBin, type ClvModelFit, type ClvPredictions, type ClvResult, type HoldoutCheck, type HoldoutTrackingPoint
} from './types';
import type { ClvView } from './view';

// FitStatus, PurchaseProblem, SpendProblem and HoldoutProblem have no exported lists of their members.
const FitStatusSchema = v.picklist(['ok', 'invalid-input', 'not-identifiable', 'non-finite', 'max-iterations', 'stalled', 'degenerate']);
const PurchaseProblemSchema = v.picklist(['single-day', 'too-few-repeat', 'not-converged']);
const SpendProblemSchema = v.picklist(['too-few-spend', 'not-converged', 'no-finite-mean', 'net-value-not-positive']);
const HoldoutProblemSchema = v.picklist(['too-short', 'fit']);

const TimeUnitSchema = v.picklist(TIME_UNITS);

/** `FitResult<P, K>` of ./mle.ts, given the schema of P and an optional number per name in K. */
function fitResultSchema<const P extends v.GenericSchema, const E extends v.ObjectEntries>(params: P, standardErrors: E) {
  return v.pipe(
    v.object({
      params: v.nullable(params),
      logLikelihood: v.nullable(v.number()),
      converged: v.boolean(),
      status: FitStatusSchema,
      iterations: v.number(),
      message: TextSchema,
      standardErrors: v.nullable(optionalKeysObject(standardErrors)),
      warnings: v.array(TextSchema)
    }),
    // Converged exactly when the status is 'ok' (as toFitResult makes them): predictions trust `converged`.
    v.check((f) => f.converged === (f.status === 'ok'))
  );
}

/** a and b are ∞ in the limit models (`p` set): `v.number()` allows Infinity (not NaN). */
export const BgNbdParamsSchema = v.object({
  r: v.number(),
  alpha: v.number(),
  a: v.number(),
  b: v.number(),
  p: v.optional(v.number()),
  timeUnit: TimeUnitSchema
});

export const BgNbdFitSchema = fitResultSchema(BgNbdParamsSchema, {
  r: v.optional(v.number()),
  alpha: v.optional(v.number()),
  a: v.optional(v.number()),
  b: v.optional(v.number()),
  p: v.optional(v.number())
});

export const GammaGammaParamsSchema = v.object({
  p: v.number(),
  q: v.number(),
  gamma: v.number()
});

export const GammaGammaFitSchema = fitResultSchema(GammaGammaParamsSchema, {
  p: v.optional(v.number()),
  q: v.optional(v.number()),
  gamma: v.optional(v.number())
});

export const HoldoutBinSchema = v.object({
  // '0', '1', …, 'N+' (the type says `string`).
  label: v.pipe(v.string(), v.regex(/^\d+\+?$/)),
  minX: v.number(),
  maxX: v.nullable(v.number()),
  customers: v.nullable(v.number()),
  predicted: v.nullable(v.number()),
  actual: v.nullable(v.number()),
  predictedMean: v.nullable(v.number()),
  actualMean: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

export const ClvModelFitSchema = v.object({
  customers: v.number(),
  repeatCustomers: v.number(),
  bgnbd: v.nullable(BgNbdFitSchema),
  purchaseProblem: v.nullable(PurchaseProblemSchema),
  spendCustomers: v.number(),
  gammaGamma: v.nullable(GammaGammaFitSchema),
  spendProblem: v.nullable(SpendProblemSchema),
  netValueFactor: v.nullable(v.number()),
  nonPositiveDays: v.number(),
  spendCorrelation: v.nullable(v.number()),
  meanValue: v.nullable(v.number())
});

export const ClvBinSchema = v.object({
  from: v.number(),
  to: v.nullable(v.number()),
  customers: v.nullable(v.number()),
  clv: v.nullable(v.number()),
  withheld: v.optional(WithheldSchema)
});

export const ClvPredictionsSchema = v.object({
  expectedPurchases: v.number(),
  likelyAlive: v.number(),
  expectedAlive: v.number(),
  totalClv: v.nullable(v.number()),
  meanClv: v.nullable(v.number()),
  top20Share: v.nullable(v.number()),
  distribution: v.nullable(v.array(ClvBinSchema))
});

export const HoldoutTrackingPointSchema = v.object({
  day: v.number(),
  date: DateSchema,
  predicted: v.number(),
  actual: v.number()
});

export const HoldoutCheckSchema = v.object({
  split: v.nullable(DateSchema),
  holdoutDays: v.number(),
  length: v.number(),
  problem: v.nullable(HoldoutProblemSchema),
  fit: v.nullable(ClvModelFitSchema),
  newCustomers: v.number(),
  bins: v.nullable(v.array(HoldoutBinSchema)),
  total: v.nullable(v.object({ customers: v.number(), predicted: v.number(), actual: v.number() })),
  mae: v.nullable(v.number()),
  tracking: v.array(HoldoutTrackingPointSchema),
  purchaseError: v.nullable(v.number()),
  revenue: v.nullable(v.object({ predicted: v.number(), actual: v.number() })),
  revenueError: v.nullable(v.number())
});

export const ClvResultSchema = v.object({
  from: DateSchema,
  asOf: DateSchema,
  timeUnit: TimeUnitSchema,
  horizonMonths: v.number(),
  annualDiscountRate: v.number(),
  purchaseDays: v.number(),
  fit: ClvModelFitSchema,
  predictions: v.nullable(ClvPredictionsSchema),
  holdout: HoldoutCheckSchema,
  table: v.nullable(TextSchema)
});

const oneOf = (allowed: readonly number[]) => (n: number) => allowed.includes(n);

export const ClvViewSchema = v.object({
  split: v.nullable(DateSchema),
  unit: TimeUnitSchema,
  // The choices the page offers, as clvViewFromParams accepts them (the type says `number`).
  horizonMonths: v.pipe(v.number(), v.check(oneOf(HORIZON_MONTHS))),
  discountPercent: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  purchaseDays: v.pipe(v.number(), v.check(oneOf(PURCHASE_DAYS)))
});

const exact: [
  Equal<v.InferOutput<typeof BgNbdParamsSchema>, BgNbdParams>,
  Equal<v.InferOutput<typeof BgNbdFitSchema>, BgNbdFit>,
  Equal<v.InferOutput<typeof GammaGammaParamsSchema>, GammaGammaParams>,
  Equal<v.InferOutput<typeof GammaGammaFitSchema>, GammaGammaFit>,
  Equal<v.InferOutput<typeof HoldoutBinSchema>, HoldoutBin>,
  Equal<v.InferOutput<typeof ClvModelFitSchema>, ClvModelFit>,
  Equal<v.InferOutput<typeof ClvBinSchema>, ClvBin>,
  Equal<v.InferOutput<typeof ClvPredictionsSchema>, ClvPredictions>,
  Equal<v.InferOutput<typeof HoldoutTrackingPointSchema>, HoldoutTrackingPoint>,
  Equal<v.InferOutput<typeof HoldoutCheckSchema>, HoldoutCheck>,
  Equal<v.InferOutput<typeof ClvResultSchema>, ClvResult>,
  Equal<v.InferOutput<typeof ClvViewSchema>, ClvView>
] = [true, true, true, true, true, true, true, true, true, true, true, true];
void exact;
