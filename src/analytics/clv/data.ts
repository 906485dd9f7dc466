/** Per-customer summary arrays (lifetimes' frequency, recency, T, monetary_value) and what every fit returns. */

export interface CustomerArrays {
  /** Repeat purchase periods (x). */
  frequency: ArrayLike<number>;
  /** Time from first to last purchase (t_x). */
  recency: ArrayLike<number>;
  /** Time from first purchase to the end of calibration. */
  T: ArrayLike<number>;
}

export interface FitOptions {
  /** Starting points as log-parameters in the model's order; defaults suit scaled time. */
  starts?: readonly (readonly number[])[];
}

export interface FitResult<Params> {
  params: Params;
  /** Total log-likelihood at `params`, in the data's own time unit. */
  logLikelihood: number;
  /** Customers the fit used. */
  customers: number;
  converged: boolean;
  evaluations: number;
}

/** Identical (x, t_x, T) histories collapsed to one row with a weight, with time multiplied by `scale`. */
export interface Patterns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
}

export function toPatterns(data: CustomerArrays, scale = 1): Patterns {
  const counts = new Map<string, { x: number; tx: number; T: number; weight: number }>();
  const n = data.frequency.length;
  if (data.recency.length !== n || data.T.length !== n) throw new Error('frequency, recency and T differ in length');
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i]!;
    const tx = data.recency[i]!;
    const T = data.T[i]!;
    if (!(x >= 0) || !(tx >= 0) || !(T >= tx)) throw new Error(`invalid history at row ${i}: x=${x}, t_x=${tx}, T=${T}`);
    const key = `${x}|${tx}|${T}`;
    const row = counts.get(key);
    if (row) row.weight++;
    else counts.set(key, { x, tx, T, weight: 1 });
  }
  const rows = [...counts.values()];
  return {
    x: Float64Array.from(rows, (row) => row.x),
    tx: Float64Array.from(rows, (row) => row.tx * scale),
    T: Float64Array.from(rows, (row) => row.T * scale),
    weight: Float64Array.from(rows, (row) => row.weight),
  };
}

/** Patterns (or customers) beyond this many are searched on a sample of about `COARSE_PATTERNS` first. */
export const COARSE_FROM = 20_000;
export const COARSE_PATTERNS = 5_000;

/** k for a sample of every k-th of `n` rows, about `COARSE_PATTERNS` of them; 0 when `n` is small enough to search whole. */
export function coarseStride(n: number): number {
  return n > COARSE_FROM ? Math.ceil(n / COARSE_PATTERNS) : 0;
}

/**
 * Every k-th pattern (`coarseStride`), with weights scaled so the sample stands for every history (a deterministic
 * sample: the same data gives the same fit); null when there are no more than `COARSE_FROM`.
 */
export function samplePatterns(patterns: Patterns): Patterns | null {
  const n = patterns.x.length;
  const stride = coarseStride(n);
  if (!stride) return null;
  const picked = Array.from({ length: Math.ceil(n / stride) }, (_, i) => i * stride);
  let total = 0;
  let sampled = 0;
  for (let i = 0; i < n; i++) total += patterns.weight[i]!;
  for (const i of picked) sampled += patterns.weight[i]!;
  const pick = (column: Float64Array) => Float64Array.from(picked, (i) => column[i]!);
  return {
    x: pick(patterns.x),
    tx: pick(patterns.tx),
    T: pick(patterns.T),
    weight: Float64Array.from(picked, (i) => (patterns.weight[i]! * total) / sampled),
  };
}

/** 1 / max(T): fitting in time scaled to [0, 1] keeps the log-parameters near 0 whatever the time unit (as lifetimes does). */
export function timeScale(T: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < T.length; i++) max = Math.max(max, T[i]!);
  return max > 0 ? 1 / max : 1;
}

export const DEFAULT_STARTS_4 = [
  [0, 0, 0, 0],
  [-1, -1, 0, 1],
  [1, 1, -1, -1],
  [-0.5, 0.5, 0.5, -0.5],
] as const;
