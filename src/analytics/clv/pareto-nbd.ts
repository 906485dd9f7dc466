/**
 * Pareto/NBD (Schmittlein, Morrison and Colombo 1987). While alive a customer buys as a Poisson process with
 * rate λ ~ Gamma(r, α); lifetimes are exponential with rate μ ~ Gamma(s, β), so dropout can happen at any time.
 * The likelihood follows Fader and Hardie's derivation note (equations 18–20) as lifetimes' ParetoNBDFitter does.
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
import { minimize, polish } from './optimize.ts';
import { gaussLegendre, hyp2f1, logAddExp, logGamma, logSubExp } from './special.ts';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** Above this 2F1 argument the power series converges too slowly and A₀ is integrated instead. */
const SERIES_LIMIT = 0.9;

/**
 * log A₀ (equations 19 and 20): A₀ = 2F1(r+s+x, b; r+s+x+1; z₁)/q₁^(r+s+x) − 2F1(…; z₂)/q₂^(r+s+x) with
 * z = |α−β|/(max(α,β)+t) in [0, 1). Far from the optimum z can come close to 1, where the series would need
 * millions of terms; there the same quantity is computed from its integral form.
 */
function logA0(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const [low, high, b] = alpha < beta ? [alpha, beta, r + x] : [beta, alpha, s + 1];
  const diff = high - low;
  const rsx = r + s + x;
  const q1 = high + tx;
  const q2 = high + T;
  if (diff / q1 > SERIES_LIMIT) return logA0Integral(p, x, tx, T);
  const logTerm1 = Math.log(hyp2f1(rsx, b, rsx + 1, diff / q1)) - rsx * Math.log(q1);
  const logTerm2 = Math.log(hyp2f1(rsx, b, rsx + 1, diff / q2)) - rsx * Math.log(q2);
  return logSubExp(logTerm1, logTerm2);
}

const QUADRATURE = (() => {
  const rule = gaussLegendre(20);
  return { ...rule, logWeights: Float64Array.from(rule.weights, Math.log) };
})();

/**
 * log A₀ from A₀ = (r+s+x) ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, by Gauss–Legendre in w = log(min(α,β)+τ),
 * where the integrand is a smooth blend of power laws; one panel per unit of w, at least two.
 */
function logA0Integral(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  if (T <= tx) return -Infinity;
  const shift = Math.min(alpha, beta);
  const w0 = Math.log(shift + tx);
  const w1 = Math.log(shift + T);
  const panels = Math.min(64, Math.max(2, Math.ceil(w1 - w0)));
  const width = (w1 - w0) / panels;
  const nodes = QUADRATURE.nodes.length;
  const logTerms = new Float64Array(panels * nodes);
  // With min(α, β) + τ = e^w, that factor's log is w itself; only the other needs a log.
  const [nearPower, farPower, far] = alpha <= beta ? [r + x, s + 1, beta] : [s + 1, r + x, alpha];
  let largest = -Infinity;
  for (let panel = 0; panel < panels; panel++) {
    const middle = w0 + (panel + 0.5) * width;
    for (let i = 0; i < nodes; i++) {
      const w = middle + 0.5 * width * QUADRATURE.nodes[i]!;
      const tau = Math.exp(w) - shift;
      // dτ = e^w dw
      const logTerm = QUADRATURE.logWeights[i]! - nearPower * w - farPower * Math.log(far + tau) + w;
      logTerms[panel * nodes + i] = logTerm;
      if (logTerm > largest) largest = logTerm;
    }
  }
  if (largest === -Infinity) return -Infinity;
  let sum = 0;
  for (const logTerm of logTerms) sum += Math.exp(logTerm - largest);
  return Math.log(r + s + x) + Math.log(0.5 * width) + largest + Math.log(sum);
}

/** Exposed for tests: both routes to log A₀. */
export const logA0Routes = { series: logA0, integral: logA0Integral };

function logLikelihoodOne(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const a2 = logAddExp(-(r + x) * Math.log(alpha + T) - s * Math.log(beta + T), Math.log(s) + logA0(p, x, tx, T) - Math.log(r + s + x));
  return a1 + a2;
}

/** Each customer's log-likelihood. */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, data: CustomerArrays): Float64Array {
  return Float64Array.from({ length: data.frequency.length }, (_, i) =>
    logLikelihoodOne(params, data.frequency[i]!, data.recency[i]!, data.T[i]!),
  );
}

/** Σ weight × log-likelihood, with log Γ(r + x) computed once per distinct x. */
function totalLogLikelihood(params: ParetoNbdParams, patterns: Patterns): number {
  const { r, alpha, s, beta } = params;
  const common = -logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const logGammaRX = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < patterns.x.length; i++) {
    const x = patterns.x[i]!;
    const T = patterns.T[i]!;
    let shared = logGammaRX.get(x);
    if (shared === undefined) {
      shared = logGamma(r + x);
      logGammaRX.set(x, shared);
    }
    const a2 = logAddExp(
      -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T),
      Math.log(s) + logA0(params, x, patterns.tx[i]!, T) - Math.log(r + s + x),
    );
    total += patterns.weight[i]! * (common + shared + a2);
  }
  return total;
}

/**
 * Above this s the dropout rates Gamma(s, β) have a coefficient of variation below 1%: every customer drops out at
 * the same rate s/β. When the likelihood keeps rising towards that edge (s → ∞ with s/β fixed), the data show no
 * spread in dropout rates and the maximum does not exist; the fit stops there and says so.
 */
export const PARETO_NBD_S_LIMIT = 1e4;
const LOG_S_LIMIT = Math.log(PARETO_NBD_S_LIMIT);

/** Pareto/NBD fit: converged is false, and atDropoutEdge true, when the likelihood runs to s → ∞ (a common dropout rate). */
export interface ParetoNbdFit extends FitResult<ParetoNbdParams> {
  atDropoutEdge: boolean;
}

/**
 * Maximum-likelihood Pareto/NBD fit. The search runs on (log r, log α, log s, log β/s): along the ridge s → ∞ with a
 * fixed mean dropout rate s/β only log s moves, so a wall at s = PARETO_NBD_S_LIMIT stops it at once instead of
 * letting Nelder–Mead crawl up the ridge for minutes. Starts are given as (log r, log α, log s, log β) like the other fits.
 */
export function fitParetoNbd(data: CustomerArrays, options: FitOptions = {}): ParetoNbdFit {
  const scale = timeScale(data.T);
  const scaled = toPatterns(data, scale);
  const unpack = (v: readonly number[]): ParetoNbdParams => ({
    r: Math.exp(v[0]!),
    alpha: Math.exp(v[1]!),
    s: Math.exp(v[2]!),
    beta: Math.exp(v[2]! + v[3]!),
  });
  const likelihood = (patterns: Patterns) => (v: readonly number[]) =>
    v[2]! > LOG_S_LIMIT ? Infinity : -totalLogLikelihood(unpack(v), patterns);
  const objective = likelihood(scaled);
  // Many histories: both searches below run on a sample (see samplePatterns), and only their best is polished on all.
  const sample = samplePatterns(scaled);
  const search = sample ? likelihood(sample) : objective;
  const atEdge = (v: readonly number[]) => v[2]! > LOG_S_LIMIT - 0.5;
  const starts = (options.starts ?? DEFAULT_STARTS_4).map((start) => [start[0]!, start[1]!, start[2]!, start[3]! - start[2]!]);
  // fTolerance 1e-9 finds the same CDNOW optimum as the default 1e-10 with ~30% fewer evaluations at the dropout edge.
  const first = minimize(search, { starts: starts.slice(0, 1), fTolerance: 1e-9 });
  // At the edge the other starts would each crawl the same ridge for seconds; elsewhere they are screened, the best polished.
  const rest = atEdge(first.x) || starts.length === 1 ? null : minimize(search, { starts: starts.slice(1), fTolerance: 1e-9 });
  const found = rest && rest.value < first.value ? rest : first;
  const best = sample ? polish(objective, found.x, { fTolerance: 1e-9 }) : found;
  const evaluations = first.evaluations + (rest?.evaluations ?? 0) + (sample ? best.evaluations : 0);
  const fitted = unpack(best.x);
  const params = { ...fitted, alpha: fitted.alpha / scale, beta: fitted.beta / scale };
  const atDropoutEdge = atEdge(best.x);
  return {
    params,
    logLikelihood: totalLogLikelihood(params, toPatterns(data)),
    customers: data.frequency.length,
    converged: best.converged && !atDropoutEdge,
    atDropoutEdge,
    evaluations,
  };
}

/** Probability each customer is still alive at the end of calibration (equations 36–37). */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, data: CustomerArrays): Float64Array {
  const { r, alpha, s, beta } = params;
  return Float64Array.from({ length: data.frequency.length }, (_, i) => {
    const x = data.frequency[i]!;
    const T = data.T[i]!;
    const logOdds =
      Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + logA0(params, x, data.recency[i]!, T);
    return 1 / (1 + Math.exp(logOdds));
  });
}

/** Expected repeat purchases in the next `t` time units, given each customer's history (equation 41). */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number, data: CustomerArrays): Float64Array {
  const { r, alpha, s, beta } = params;
  return Float64Array.from({ length: data.frequency.length }, (_, i) => {
    if (t === 0) return 0;
    const x = data.frequency[i]!;
    const T = data.T[i]!;
    const likelihood = logLikelihoodOne(params, x, data.recency[i]!, T);
    const first =
      logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) - (r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const second = Math.log(r + x) + Math.log(beta + T) - Math.log(alpha + T);
    const third = Math.log(horizonFactor(s, beta + T, t));
    return Math.exp(first + second + third - likelihood);
  });
}

/** (1 − (B/(B+t))^(s−1)) / (s−1), whose limit at s = 1 is log((B+t)/B). */
function horizonFactor(s: number, B: number, t: number): number {
  const logRatio = Math.log(B / (B + t));
  if (Math.abs(s - 1) < 1e-9) return -logRatio;
  return -Math.expm1((s - 1) * logRatio) / (s - 1);
}

/** Expected repeat purchases by time `t` of a customer who has just made a first purchase (equation 27). */
export function paretoNbdExpectedPurchasesNew(params: ParetoNbdParams, t: number): number {
  const { r, alpha, s, beta } = params;
  return ((r * beta) / alpha) * horizonFactor(s, beta, t);
}
