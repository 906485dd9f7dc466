/**
 * Maximum-likelihood search for the CLV models: Nelder–Mead on log-parameters (so every parameter stays positive),
 * from several fixed starting points, each restarted from its own optimum until a fresh simplex no longer improves
 * it. Deterministic, so the same data always gives the same fit.
 */

export interface MinimizeOptions {
  /** Starting points in the search space (log-parameters). */
  starts: readonly (readonly number[])[];
  /** Edge of the initial simplex. Default 0.5. */
  step?: number;
  /** Stop when the simplex's objective values differ by less than this. Default 1e-10. */
  fTolerance?: number;
  /** ...and its vertices by less than this. Default 1e-9. */
  xTolerance?: number;
  /** Objective evaluations per Nelder–Mead run. Default 4000. */
  maxEvaluations?: number;
  /** Fresh-simplex restarts per start. Default 6. */
  maxRestarts?: number;
  /**
   * The same objective over a sample of the data, scaled to the whole (`samplePatterns`): the starts are screened
   * and the optimum found on it, then only the restarts polishing that optimum (from a `POLISH_STEP` simplex) read
   * every history. The optimum is the objective's own, found with a fraction of the full evaluations.
   */
  coarse?: (x: readonly number[]) => number;
}

export interface MinimizeResult {
  x: number[];
  value: number;
  evaluations: number;
  /** True when the last restart could not improve the optimum. */
  converged: boolean;
}

/** Objective evaluations of each start's screening run. */
const SCREEN_EVALUATIONS = 200;

const finite =
  (objective: (x: readonly number[]) => number) =>
  (x: readonly number[]): number => {
    const value = objective(x);
    return Number.isFinite(value) ? value : Infinity;
  };

/**
 * One short Nelder–Mead run from every start; returns the lowest end point. Polishing only that one, instead of
 * every start to full precision, cuts the evaluations several-fold on the thousands of histories of a full fit.
 */
function screenStarts(
  objective: (x: readonly number[]) => number,
  starts: readonly (readonly number[])[],
  options: Pick<MinimizeOptions, 'step'> = {},
): { x: number[]; value: number; evaluations: number } {
  const f = finite(objective);
  let best: { x: number[]; value: number } | null = null;
  let evaluations = 0;
  for (const start of starts) {
    const run = nelderMead(f, start, { ...options, starts, fTolerance: 1e-6, xTolerance: 1e-4, maxEvaluations: SCREEN_EVALUATIONS });
    evaluations += run.evaluations;
    if (!best || run.value < best.value) best = run;
  }
  if (!best) throw new Error('minimize needs at least one starting point');
  return { ...best, evaluations };
}

/**
 * Edge of the simplex that polishes the optimum of the `coarse` objective on the full one, and how small it must
 * get (log-parameters: a millionth of each parameter, far under its standard error; 1e-9 cost a third more
 * evaluations of every history for the same six digits).
 */
const POLISH_STEP = 0.1;
const POLISH_X_TOLERANCE = 1e-6;

/** The last step of a `coarse` search: `start` (the sample's optimum) polished on the full objective. */
export function polish(
  objective: (x: readonly number[]) => number,
  start: readonly number[],
  options: Omit<MinimizeOptions, 'starts' | 'coarse'> = {},
): MinimizeResult {
  return minimize(objective, { ...options, starts: [start], step: POLISH_STEP, xTolerance: POLISH_X_TOLERANCE });
}

/**
 * Minimises `objective`; non-finite values count as +∞. With several starts, only the best after screening is
 * polished; with a `coarse` objective, the search runs on it and the full objective only polishes its optimum
 * (`evaluations` then counts both).
 */
export function minimize(objective: (x: readonly number[]) => number, options: MinimizeOptions): MinimizeResult {
  if (options.coarse) {
    const { coarse, ...rest } = options;
    const found = minimize(coarse, rest);
    const polished = polish(objective, found.x, rest);
    return { ...polished, evaluations: found.evaluations + polished.evaluations };
  }
  const f = finite(objective);
  let best: MinimizeResult | null = null;
  let evaluations = 0;
  let starts = options.starts;
  if (starts.length > 1) {
    const screened = screenStarts(objective, starts, options);
    evaluations += screened.evaluations;
    starts = [screened.x];
  }
  for (const start of starts) {
    let point = [...start];
    let value = f(point);
    let converged = false;
    for (let restart = 0; restart <= (options.maxRestarts ?? 6); restart++) {
      const run = nelderMead(f, point, options);
      evaluations += run.evaluations;
      const improved = value - run.value;
      if (run.value <= value) {
        point = run.x;
        value = run.value;
      }
      if (restart > 0 && improved < (options.fTolerance ?? 1e-10) * 10) {
        converged = true;
        break;
      }
    }
    if (!best || value < best.value) best = { x: point, value, evaluations: 0, converged };
  }
  if (!best) throw new Error('minimize needs at least one starting point');
  return { ...best, evaluations };
}

/** One Nelder–Mead run with the dimension-adaptive coefficients of Gao and Han (2012). */
function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: MinimizeOptions,
): { x: number[]; value: number; evaluations: number } {
  const n = start.length;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const step = options.step ?? 0.5;
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-9;
  const maxEvaluations = options.maxEvaluations ?? 4000;

  const simplex: number[][] = [[...start]];
  for (let i = 0; i < n; i++) {
    const vertex = [...start];
    vertex[i] = vertex[i]! + step;
    simplex.push(vertex);
  }
  const values = simplex.map(f);
  let evaluations = n + 1;

  const order = (): void => {
    const indices = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    const s = indices.map((i) => simplex[i]!);
    const v = indices.map((i) => values[i]!);
    for (let i = 0; i <= n; i++) {
      simplex[i] = s[i]!;
      values[i] = v[i]!;
    }
  };
  const along = (centroid: number[], from: number[], t: number): number[] => centroid.map((c, i) => c + t * (c - from[i]!));

  while (evaluations < maxEvaluations) {
    order();
    const spread = values[n]! - values[0]!;
    let size = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++) size = Math.max(size, Math.abs(simplex[i]![j]! - simplex[0]![j]!));
    }
    if (spread <= fTol * (1 + Math.abs(values[0]!)) && size <= xTol) break;
    if (spread === 0 && size <= xTol) break;

    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n;
    const worst = simplex[n]!;
    const reflected = along(centroid, worst, alpha);
    const fr = f(reflected);
    evaluations++;
    if (fr < values[0]!) {
      const expanded = along(centroid, worst, alpha * beta);
      const fe = f(expanded);
      evaluations++;
      if (fe < fr) [simplex[n], values[n]] = [expanded, fe];
      else [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    const outside = fr < values[n]!;
    const contracted = along(centroid, worst, outside ? alpha * gamma : -gamma);
    const fc = f(contracted);
    evaluations++;
    if (fc < (outside ? fr : values[n]!)) {
      [simplex[n], values[n]] = [contracted, fc];
      continue;
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = simplex[0]!.map((b, j) => b + delta * (simplex[i]![j]! - b));
      values[i] = f(simplex[i]!);
      evaluations++;
    }
  }
  order();
  return { x: simplex[0]!, value: values[0]!, evaluations };
}
