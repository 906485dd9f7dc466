/**
 * BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way"). While alive a customer buys as a
 * Poisson process with rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 * Formulas follow lifetimes' BetaGeoFitter.
 */
import {
  type CustomerArrays,
  DEFAULT_STARTS_4,
  type FitOptions,
  type FitResult,
  type Patterns,
  samplePatterns,
  timeScale,
  toPatterns,
} from './data.ts';
import { minimize } from './optimize.ts';
import { hyp2f1, logAddExp, logGamma } from './special.ts';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

function logLikelihoodOne(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** Each customer's log-likelihood. */
export function bgnbdLogLikelihood(params: BgNbdParams, data: CustomerArrays): Float64Array {
  return Float64Array.from({ length: data.frequency.length }, (_, i) =>
    logLikelihoodOne(params, data.frequency[i]!, data.recency[i]!, data.T[i]!),
  );
}

/**
 * Σ weight × log-likelihood. The Gamma-function terms depend on x alone, so they are computed once per distinct x
 * (a few dozen) rather than once per history (thousands): this is what makes fitting every customer take seconds.
 */
function totalLogLikelihood(params: BgNbdParams, patterns: Patterns): number {
  const { r, alpha, a, b } = params;
  const perX = new Map<number, { shared: number; logA4: number }>();
  const common = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
  let total = 0;
  for (let i = 0; i < patterns.x.length; i++) {
    const x = patterns.x[i]!;
    let terms = perX.get(x);
    if (!terms) {
      terms = {
        shared: common + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x),
        logA4: x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity,
      };
      perX.set(x, terms);
    }
    const a3 = -(r + x) * Math.log(alpha + patterns.T[i]!);
    const a4 = x > 0 ? terms.logA4 - (r + x) * Math.log(alpha + patterns.tx[i]!) : -Infinity;
    total += patterns.weight[i]! * (terms.shared + logAddExp(a3, a4));
  }
  return total;
}

/** Maximum-likelihood BG/NBD fit. */
export function fitBgNbd(data: CustomerArrays, options: FitOptions = {}): FitResult<BgNbdParams> {
  const scale = timeScale(data.T);
  const scaled = toPatterns(data, scale);
  const unpack = (v: readonly number[]): BgNbdParams => ({
    r: Math.exp(v[0]!),
    alpha: Math.exp(v[1]!),
    a: Math.exp(v[2]!),
    b: Math.exp(v[3]!),
  });
  const sample = samplePatterns(scaled);
  const result = minimize((v) => -totalLogLikelihood(unpack(v), scaled), {
    starts: options.starts ?? DEFAULT_STARTS_4,
    ...(sample ? { coarse: (v: readonly number[]) => -totalLogLikelihood(unpack(v), sample) } : {}),
  });
  const fitted = unpack(result.x);
  const params = { ...fitted, alpha: fitted.alpha / scale };
  return {
    params,
    logLikelihood: totalLogLikelihood(params, toPatterns(data)),
    customers: data.frequency.length,
    converged: result.converged,
    evaluations: result.evaluations,
  };
}

/** log 2F1 with Euler's transformation as the fallback where the direct series does not converge (as lifetimes does). */
function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const direct = hyp2f1(a, b, c, z);
  if (Number.isFinite(direct) && direct > 0) return Math.log(direct);
  return Math.log(hyp2f1(c - a, c - b, c, z)) + (c - a - b) * Math.log1p(-z);
}

/** Expected repeat purchases in the next `t` time units, given each customer's history. */
export function bgnbdExpectedPurchases(params: BgNbdParams, t: number, data: CustomerArrays): Float64Array {
  const { r, alpha, a, b } = params;
  return Float64Array.from({ length: data.frequency.length }, (_, i) => {
    const x = data.frequency[i]!;
    const tx = data.recency[i]!;
    const T = data.T[i]!;
    if (t === 0) return 0;
    const logHyp = logHyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
    const first = (a + b + x - 1) / (a - 1);
    const second = -Math.expm1(logHyp + (r + x) * Math.log((alpha + T) / (alpha + t + T)));
    const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 0);
    return (first * second) / denominator;
  });
}

/** Probability each customer is still alive at the end of calibration. */
export function bgnbdProbabilityAlive(params: BgNbdParams, data: CustomerArrays): Float64Array {
  const { r, alpha, a, b } = params;
  return Float64Array.from({ length: data.frequency.length }, (_, i) => {
    const x = data.frequency[i]!;
    if (x === 0) return 1;
    const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + data.T[i]!) / (alpha + data.recency[i]!));
    return 1 / (1 + Math.exp(logOdds));
  });
}

/** Expected repeat purchases by time `t` of a customer who has just made a first purchase (the tracking curve). */
export function bgnbdExpectedPurchasesNew(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  if (t === 0) return 0;
  const logHyp = logHyp2f1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * -Math.expm1(r * Math.log(alpha / (alpha + t)) + logHyp);
}
