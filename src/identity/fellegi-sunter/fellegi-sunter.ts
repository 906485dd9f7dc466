/**
 * Fellegi-Sunter over aggregated gamma patterns (a few hundred rows, whatever the data size):
 * u from random record pairs, m and the match share λ by expectation-maximisation over the candidate
 * pairs with u held fixed (as Splink does), no labels. Then the scoring SQL with the weights as literals.
 */
import { quoteIdent } from '../../engine/sql.ts';
import { gammaColumn, rareColumn, tfColumn, tfLevels } from '../compare/compare.ts';
import type { Comparison, MatchModel } from '../model/spec.ts';

export interface Pattern {
  /** One gamma per comparison, in model order; -1 = null level. */
  gammas: number[];
  count: number;
  /** Per comparison: the pair agrees on a value few records hold (see rareValueRecords). */
  rare?: boolean[];
}

export interface LevelParameters {
  label: string;
  /** P(level | match) */
  m: number;
  /** P(level | non-match) */
  u: number;
  /** The key column whose value frequency adjusts this level's weight, if any. */
  termFrequency?: string;
  /** How far that adjustment may raise the weight, when not `tfBoostCap` (a frequency read from parts: `tfCap`). */
  tfBoostCap?: number;
  /** log2(m / u): the level's match weight. */
  weight: number;
}

export interface ComparisonParameters {
  name: string;
  levels: LevelParameters[];
  /** Set when a level has a term-frequency adjustment (the first such level's column; see each level's). */
  termFrequency?: string;
}

export interface WeightCap {
  comparison: string;
  /** Level indexes the cap applies at. */
  levels: number[];
  maxWeight: number;
  /** Comparisons whose first level lifts the cap. */
  unlessExact: string[];
}

export interface TrainedModel {
  /** λ: the probability that two records drawn at random are the same customer (matches / all pairs). */
  prior: number;
  /** log2(λ / (1 − λ)): where every pair's weight starts. */
  priorWeight: number;
  /** Share of the candidate pairs that are matches, by EM. */
  candidateMatchShare: number;
  caps: WeightCap[];
  comparisons: ComparisonParameters[];
  emIterations: number;
  converged: boolean;
  /** Random pairs u was estimated from. */
  uPairs: number;
  /** The EM sessions m was learnt in. */
  sessions: TrainingSession[];
}

const floor = 1e-6;
/** A term-frequency adjustment lowers a weight by at most this many bits (a very common value)… */
export const tfCap = 8;
/** …and raises it by at most this many (a rare value: a surname held by a few records is better evidence than the average agreement). */
export const tfBoostCap = 3;

/**
 * u per level from random pairs' patterns, with `uPriorPairs` pseudo-pairs of a prior (0.001 for every level
 * but `else`), so a few dozen records (where every pair is "random") do not make an exact e-mail look common.
 */
export function estimateU(comparisons: readonly Comparison[], patterns: readonly Pattern[], uPriorPairs = 1000): number[][] {
  return comparisons.map((comparison, c) => {
    const counts = comparison.levels.map(() => 0);
    for (const pattern of patterns) {
      const gamma = pattern.gammas[c]!;
      if (gamma >= 0) counts[gamma]! += pattern.count;
    }
    const others = comparison.levels.filter((level) => level.kind !== 'else').length;
    const prior = comparison.levels.map((level) => (level.kind === 'else' ? Math.max(0, 1 - 0.001 * others) : 0.001));
    const smoothed = counts.map((count, k) => count + uPriorPairs * prior[k]! + 1e-3);
    const total = smoothed.reduce((sum, n) => sum + n, 0);
    return smoothed.map((n) => n / total);
  });
}

/**
 * Prior m per level: a level's own `m`, else better levels more likely for matches (halving down the list)
 * and `else` rare (0.02: a true duplicate seldom disagrees completely).
 */
export function priorM(comparison: Comparison): number[] {
  const levels = comparison.levels;
  const stated = levels.map((level) => level.m);
  const free = levels.map((level, k) => (level.kind === 'else' ? 0.02 : 2 ** -k));
  const statedTotal = stated.reduce<number>((sum, m) => sum + (m ?? 0), 0);
  const freeTotal = free.reduce((sum, m, k) => sum + (stated[k] === undefined ? m : 0), 0);
  const freeShare = Math.max(0, 1 - statedTotal);
  return levels.map((_, k) => stated[k] ?? (freeTotal > 0 ? (free[k]! / freeTotal) * freeShare : 0));
}

interface EmFit {
  m: number[][];
  lambda: number;
  /** Expected matches: Σ p(match) over the pairs. */
  matches: number;
  iterations: number;
  converged: boolean;
}

/**
 * EM with u fixed. `free[c]` says whether comparison c's m is re-estimated (else kept); `held[c]` leaves it
 * out of the likelihood (its value was fixed by how the pairs were chosen). m is pulled towards `prior` by
 * `mPriorPairs` pseudo-pairs.
 */
function expectationMaximisation(
  patterns: readonly Pattern[],
  start: number[][],
  prior: number[][],
  logU: number[][],
  free: readonly boolean[],
  held: readonly boolean[],
  maxIterations: number,
  mPriorPairs: number,
): EmFit {
  let m = start.map((levels) => [...levels]);
  let lambda = 0.1;
  let matches = 0;
  let iterations = 0;
  let converged = false;
  const comparisons = start.length;
  for (; iterations < maxIterations && !converged; iterations++) {
    const logM = m.map((levels) => levels.map((p) => Math.log(Math.max(p, floor))));
    const mSums = m.map((levels) => levels.map(() => 0));
    let matchTotal = 0;
    let total = 0;
    const logPrior = Math.log(lambda) - Math.log(1 - lambda);
    for (const pattern of patterns) {
      let logRatio = logPrior;
      for (let c = 0; c < comparisons; c++) {
        const gamma = pattern.gammas[c]!;
        if (gamma >= 0 && !held[c]) logRatio += logM[c]![gamma]! - logU[c]![gamma]!;
      }
      const p = 1 / (1 + Math.exp(-logRatio));
      matchTotal += p * pattern.count;
      total += pattern.count;
      for (let c = 0; c < comparisons; c++) {
        const gamma = pattern.gammas[c]!;
        if (gamma >= 0 && free[c]) mSums[c]![gamma]! += p * pattern.count;
      }
    }
    const nextLambda = total > 0 ? Math.min(Math.max(matchTotal / total, floor), 1 - floor) : lambda;
    const nextM = mSums.map((sums, c) => {
      if (!free[c]) return m[c]!;
      const sum = sums.reduce((a, b) => a + b, 0);
      return sums.map((value, k) => Math.max((value + mPriorPairs * prior[c]![k]!) / (sum + mPriorPairs), floor));
    });
    const change = Math.max(Math.abs(nextLambda - lambda), ...nextM.flatMap((levels, c) => levels.map((p, k) => Math.abs(p - m[c]![k]!))));
    m = nextM;
    lambda = nextLambda;
    matches = matchTotal;
    converged = change < 1e-6;
  }
  return { m, lambda, matches, iterations, converged };
}

export interface TrainingSession {
  /** The comparison whose first level chose the pairs (held fixed in this session). */
  comparison: string;
  pairs: number;
  /** Expected matches among them. */
  matches: number;
}

/**
 * Training without labels, robust to "colleagues look alike": a single EM over all candidate pairs can split
 * them into same-workplace vs not instead of same-person vs not. So, as Splink does with its training
 * blocking rules, m is estimated in sessions: for each identifying comparison (`trainingSession`: name,
 * e-mail, phone…), EM runs over the pairs that agree on a rare value of it, with that comparison left out
 * (a switchboard number or 佐藤 花子 would bring in colleagues or namesakes); such pairs
 * are mostly matches, so the other comparisons' m are learnt from (nearly) true duplicates (only the other
 * identifiers decide who is a match there; company and address m are learnt from that). Each comparison's
 * m is the session average weighted by expected matches. A last EM over all candidates estimates λ (and the
 * m of comparisons no session trained) with the rest fixed.
 */
export function trainModel(
  comparisons: readonly Comparison[],
  u: number[][],
  patterns: readonly Pattern[],
  maxIterations: number,
  uPairs: number,
  mPriorPairs = 50,
  /** All record pairs the data has (n(n−1)/2, or across sources only for link-only). */
  totalPairs = 0,
  caps: MatchModel['caps'] = [],
): TrainedModel {
  const prior = comparisons.map(priorM);
  const logU = u.map((levels) => levels.map((p) => Math.log(Math.max(p, floor))));
  const sums = comparisons.map((comparison) => comparison.levels.map(() => 0));
  const weights = comparisons.map(() => 0);
  const sessions: TrainingSession[] = [];
  comparisons.forEach((comparison, c) => {
    if (!comparison.trainingSession || comparison.levels.length < 2) return;
    const firstTf = tfLevels(comparison)[0]?.level === 0;
    const chosen = patterns.filter((pattern) => pattern.gammas[c] === 0 && (!firstTf || pattern.rare?.[c] !== false));
    const pairs = chosen.reduce((sum, pattern) => sum + pattern.count, 0);
    if (pairs < 10) return;
    // Only person identifiers vote inside a session: company and address agree for colleagues and family too.
    const held = comparisons.map((other, d) => d === c || !other.trainingSession);
    const free = comparisons.map((_, d) => d !== c);
    const fit = expectationMaximisation(chosen, prior, prior, logU, free, held, maxIterations, mPriorPairs);
    sessions.push({ comparison: comparison.name, pairs, matches: fit.matches });
    comparisons.forEach((_, d) => {
      if (d === c) return;
      fit.m[d]!.forEach((value, k) => (sums[d]![k]! += value * fit.matches));
      weights[d]! += fit.matches;
    });
  });
  const trained = comparisons.map((_, c) => (weights[c]! > 0 ? sums[c]!.map((value) => value / weights[c]!) : prior[c]!));
  const untrained = weights.map((weight) => weight === 0);
  const final = expectationMaximisation(
    patterns,
    trained,
    prior,
    logU,
    untrained,
    comparisons.map(() => false),
    maxIterations,
    mPriorPairs,
  );
  const m = final.m;
  const candidates = patterns.reduce((sum, pattern) => sum + pattern.count, 0);
  // Matches outside the candidates are not counted: blocking is assumed to find (nearly) all of them.
  const lambda = totalPairs > 0 ? Math.min(Math.max((final.lambda * candidates) / totalPairs, floor * floor), 0.5) : final.lambda;
  const iterations = final.iterations;
  const converged = final.converged;
  return {
    prior: lambda,
    priorWeight: Math.log2(lambda / (1 - lambda)),
    candidateMatchShare: final.lambda,
    caps: (caps ?? []).flatMap((cap) => {
      const comparison = comparisons.find((c) => c.name === cap.comparison);
      if (!comparison) return [];
      const levels = comparison.levels.flatMap((level, k) => (cap.levels.includes(level.label) ? [k] : []));
      const unlessExact = (cap.unlessExact ?? []).filter((name) => comparisons.some((c) => c.name === name));
      return levels.length ? [{ comparison: cap.comparison, levels, maxWeight: cap.maxWeight, unlessExact }] : [];
    }),
    comparisons: comparisons.map((comparison, c) => {
      const tf = tfLevels(comparison);
      return {
        name: comparison.name,
        termFrequency: tf[0]?.column,
        levels: comparison.levels.map((level, k) => {
          const tfColumn = tf.find((t) => t.level === k)?.column;
          // A frequency read from parts may raise the weight as far as it may lower it.
          const fromParts =
            tfColumn !== undefined && (k === 0 ? (comparison.termFrequencyParts ?? level.termFrequencyParts) : level.termFrequencyParts);
          return {
            label: level.label,
            m: m[c]![k]!,
            u: u[c]![k]!,
            weight: Math.log2(Math.max(m[c]![k]!, floor) / Math.max(u[c]![k]!, floor)),
            ...(tfColumn !== undefined ? { termFrequency: tfColumn } : {}),
            ...(fromParts ? { tfBoostCap: tfCap } : {}),
          };
        }),
      };
    }),
    emIterations: iterations,
    converged,
    uPairs,
    sessions,
  };
}

/**
 * The tf adjustment of an agreeing pair's level: log2(u / tf), where u is the level's average chance of
 * agreeing at random and tf the share of records holding this value. A common value (佐藤, Smith, gmail.com)
 * is weaker evidence, by at most `tfCap` bits; a rare one stronger, by at most `boostCap` bits. A value held
 * by at most `rareValueRecords` records is never weakened (in small data its share looks large next to u).
 */
export function tfAdjustment(u: number, tf: number, rare = false, boostCap = tfBoostCap): number {
  const adjustment = Math.max(-tfCap, Math.min(boostCap, Math.log2(Math.max(u, floor) / Math.max(tf, floor))));
  return rare ? Math.max(0, adjustment) : adjustment;
}

/** Whether level k of a trained comparison has a term-frequency adjustment (models trained before per-level tf: the first level only). */
export function levelHasTf(comparison: ComparisonParameters, k: number): boolean {
  const level = comparison.levels[k];
  if (!level) return false;
  return (
    level.termFrequency !== undefined ||
    (k === 0 && comparison.termFrequency !== undefined && !comparison.levels.some((l) => l.termFrequency !== undefined))
  );
}

/** SQL for one pair's match weight (prior + level weights + tf adjustments) over a comparisons table `p`. */
export function matchWeightSql(model: TrainedModel): string {
  const terms = model.comparisons.map((comparison) => {
    const gamma = `p.${quoteIdent(gammaColumn(comparison))}`;
    const cases = comparison.levels.map((level, k) => `WHEN ${k} THEN ${literal(level.weight)}`).join(' ');
    const base = `CASE ${gamma} ${cases} ELSE 0 END`;
    const levels = comparison.levels.flatMap((level, k) =>
      levelHasTf(comparison, k) ? [{ k, u: level.u, boost: level.tfBoostCap ?? tfBoostCap }] : [],
    );
    if (levels.length === 0) return base;
    const tf = `p.${quoteIdent(tfColumn(comparison))}`;
    const adjustment = (u: number, boost: number) =>
      `greatest(least(log2(${literal(u)} / greatest(${tf}, ${floor})), ${boost}), -${tfCap})`;
    const rare = `p.${quoteIdent(rareColumn(comparison))}`;
    // A rare value (held by a few records) is never weakened, only strengthened.
    const adjust = (u: number, boost: number) =>
      `CASE WHEN ${rare} THEN greatest(${adjustment(u, boost)}, 0) ELSE ${adjustment(u, boost)} END`;
    return `${base} + CASE WHEN ${tf} IS NULL THEN 0 ${levels.map(({ k, u, boost }) => `WHEN ${gamma} = ${k} THEN ${adjust(u, boost)}`).join(' ')} ELSE 0 END`;
  });
  const sum = [literal(model.priorWeight), ...terms].join('\n + ');
  if (model.caps.length === 0) return sum;
  const ceilings = model.caps.map(
    (cap) =>
      `CASE WHEN p.${quoteIdent(gammaColumn({ name: cap.comparison }))} IN (${cap.levels.join(', ')})${cap.unlessExact
        .map((name) => ` AND p.${quoteIdent(gammaColumn({ name }))} <> 0`)
        .join('')} THEN ${literal(cap.maxWeight)} ELSE 1e9 END`,
  );
  return `least(${sum},\n ${ceilings.join(', ')})`;
}

function literal(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(12) : '0';
}

export const probabilityFromWeight = (weight: number) => 1 / (1 + 2 ** -weight);
export const weightFromProbability = (probability: number) => Math.log2(probability / (1 - probability));
