/** Churn and CLV models: the summary SQL, BG/NBD, Pareto/NBD, Gamma-Gamma and discounted lifetime value. */
export { customerSummarySql, readCustomerSummary, type CustomerSummary, type CustomerSummarySpec } from './summary.ts';
export type { CustomerArrays, FitOptions, FitResult } from './data.ts';
export {
  fitBgNbd,
  bgnbdLogLikelihood,
  bgnbdExpectedPurchases,
  bgnbdExpectedPurchasesNew,
  bgnbdProbabilityAlive,
  type BgNbdParams,
} from './bgnbd.ts';
export {
  fitParetoNbd,
  paretoNbdLogLikelihood,
  paretoNbdExpectedPurchases,
  paretoNbdExpectedPurchasesNew,
  paretoNbdProbabilityAlive,
  type ParetoNbdParams,
} from './pareto-nbd.ts';
export {
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaExpectedAverageProfit,
  customerLifetimeValue,
  type GammaGammaParams,
  type LifetimeValueOptions,
  type SpendArrays,
} from './gamma-gamma.ts';
