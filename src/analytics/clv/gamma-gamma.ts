/**
 * Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"; Colombo and Jiang 1999). A customer's
 * transaction values are Gamma(p, ν) around their own mean, with ν ~ Gamma(q, γ) across customers; spend is assumed
 * independent of purchase frequency. Only customers with at least one repeat purchase (x > 0, m > 0) are used.
 * Formulas follow lifetimes' GammaGammaFitter.
 */
import { coarseStride, type FitOptions, type FitResult } from './data.ts';
import { minimize } from './optimize.ts';
import { logGamma } from './special.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendArrays {
  frequency: ArrayLike<number>;
  /** Mean value of the repeat purchases (lifetimes' monetary_value). */
  monetaryValue: ArrayLike<number>;
}

function logLikelihoodOne(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma: v } = params;
  const px = p * x;
  return (
    logGamma(px + q) -
    logGamma(px) -
    logGamma(q) +
    q * Math.log(v) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(x * m + v)
  );
}

/** Each customer's log-likelihood (NaN for customers the model does not cover: x = 0 or m ≤ 0). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendArrays): Float64Array {
  return Float64Array.from({ length: data.frequency.length }, (_, i) => {
    const x = data.frequency[i]!;
    const m = data.monetaryValue[i]!;
    return x > 0 && m > 0 ? logLikelihoodOne(params, x, m) : NaN;
  });
}

/** Maximum-likelihood Gamma-Gamma fit over the customers with x > 0 and m > 0. */
export function fitGammaGamma(data: SpendArrays, options: FitOptions = {}): FitResult<GammaGammaParams> {
  const x: number[] = [];
  const m: number[] = [];
  let spend = 0;
  for (let i = 0; i < data.frequency.length; i++) {
    if (data.frequency[i]! > 0 && data.monetaryValue[i]! > 0) {
      x.push(data.frequency[i]!);
      m.push(data.monetaryValue[i]!);
      spend += data.monetaryValue[i]!;
    }
  }
  if (x.length === 0) throw new Error('Gamma-Gamma needs customers with repeat purchases');
  // Fitting with spend scaled to mean 1 keeps γ's log near 0; only γ carries the unit.
  const scale = x.length / spend;
  // The Gamma-function terms depend on x alone: computed once per distinct x, not once per customer.
  const total = (params: GammaGammaParams, factor: number, xs: readonly number[] = x, ms: readonly number[] = m): number => {
    const { p, q, gamma: v } = params;
    const perX = new Map<number, number>();
    const common = -logGamma(q) + q * Math.log(v);
    let sum = 0;
    for (let i = 0; i < xs.length; i++) {
      const xi = xs[i]!;
      const px = p * xi;
      let shared = perX.get(xi);
      if (shared === undefined) {
        shared = common + logGamma(px + q) - logGamma(px) + px * Math.log(xi);
        perX.set(xi, shared);
      }
      const mi = ms[i]! * factor;
      sum += shared + (px - 1) * Math.log(mi) - (px + q) * Math.log(xi * mi + v);
    }
    return (sum * x.length) / xs.length;
  };
  const unpack = (v: readonly number[]): GammaGammaParams => ({ p: Math.exp(v[0]!), q: Math.exp(v[1]!), gamma: Math.exp(v[2]!) });
  const starts = options.starts ?? [
    [0, 0, 0],
    [1, 1, 1],
    [2, 1, 1],
    [-1, 0.5, 0],
  ];
  // Many customers: searched on every k-th first (as samplePatterns does for histories), polished on all.
  const stride = coarseStride(x.length);
  const sampled = (values: readonly number[]) => values.filter((_, i) => i % stride === 0);
  const [xSample, mSample] = stride ? [sampled(x), sampled(m)] : [x, m];
  const result = minimize((v) => -total(unpack(v), scale), {
    starts,
    ...(stride ? { coarse: (v: readonly number[]) => -total(unpack(v), scale, xSample, mSample) } : {}),
  });
  const fitted = unpack(result.x);
  const params = { ...fitted, gamma: fitted.gamma / scale };
  return { params, logLikelihood: total(params, 1), customers: x.length, converged: result.converged, evaluations: result.evaluations };
}

/** Expected mean transaction value per customer: a weighted average of the population mean and the customer's own. */
export function gammaGammaExpectedAverageProfit(params: GammaGammaParams, data: SpendArrays): Float64Array {
  const { p, q, gamma: v } = params;
  const populationMean = (v * p) / (q - 1);
  return Float64Array.from({ length: data.frequency.length }, (_, i) => {
    const x = data.frequency[i]!;
    const m = data.monetaryValue[i]!;
    const weight = (p * x) / (p * x + q - 1);
    return (1 - weight) * populationMean + weight * m;
  });
}

export interface LifetimeValueOptions {
  /** Months ahead. Default 12. */
  months?: number;
  /** Discount rate per month. Default 0.01. */
  monthlyDiscountRate?: number;
  /** Time unit of the summary the purchase model was fitted on. Default 'day'. */
  timeUnit?: 'day' | 'week';
}

/**
 * Discounted value of each customer's expected purchases, month by month (lifetimes' customer_lifetime_value):
 * Σₘ profit × (E[X(m·f)] − E[X((m−1)·f)]) / (1 + d)^m with f = 30 days or 4.345 weeks per month.
 */
export function customerLifetimeValue(
  expectedPurchases: (t: number) => ArrayLike<number>,
  averageProfit: ArrayLike<number>,
  options: LifetimeValueOptions = {},
): Float64Array {
  const months = options.months ?? 12;
  const rate = options.monthlyDiscountRate ?? 0.01;
  const perMonth = (options.timeUnit ?? 'day') === 'week' ? 4.345 : 30;
  const value = new Float64Array(averageProfit.length);
  let previous: ArrayLike<number> = new Float64Array(averageProfit.length);
  for (let month = 1; month <= months; month++) {
    const current = expectedPurchases(month * perMonth);
    const discount = (1 + rate) ** month;
    for (let i = 0; i < value.length; i++) value[i]! += (averageProfit[i]! * (current[i]! - previous[i]!)) / discount;
    previous = current;
  }
  return value;
}
