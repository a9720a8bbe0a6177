/**
 * Predicted CLV maths: BG/NBD purchase counts × Gamma-Gamma spend, discounted. Pure functions with
 * no DOM or DuckDB dependency, so they run as they are in a Web Worker. The per-customer summaries
 * (x, tx, T, mean value) come from SQL (`summary.ts`); `model.ts` and `holdout.ts` turn them into
 * predictions and the holdout check, and `run.ts` wires it all for the worker.
 */
export {
  type BgNbdData,
  type BgNbdFit,
  type BgNbdFitOptions,
  type BgNbdParamName,
  type BgNbdParams,
  type BgNbdPredictor,
  type TimeUnit,
  bgNbdLogLikelihood,
  bgNbdLogLikelihoods,
  bgNbdPredictor,
  convertTimeUnit,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  probabilityAlive,
  validateBgNbdData
} from './bgnbd';
export {
  type GammaGammaData,
  type GammaGammaFit,
  type GammaGammaParamName,
  type GammaGammaParams,
  expectedAverageValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaLogLikelihoods,
  spendFrequencyCorrelation,
  validateGammaGammaData
} from './gammagamma';
export {
  type ClvOptions,
  type HoldoutBin,
  type HoldoutComparison,
  customerLifetimeValue,
  customerLifetimeValues,
  expectedPurchasesByPeriod,
  holdoutBins,
  holdoutComparison,
  monthLength
} from './clv';
export type { FitOptions, FitResult, FitStatus } from './mle';
