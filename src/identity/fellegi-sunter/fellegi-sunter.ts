/**
 * Fellegi-Sunter over aggregated gamma patterns (a few hundred rows, whatever the data size):
 * u from random record pairs, m and the match share λ by expectation-maximisation over the candidate
 * pairs with u held fixed (as Splink does), no labels. Then the scoring SQL with the weights as literals.
 */
import { quoteIdent } from '../../engine/sql.ts';
import { gammaColumn, tfColumn } from '../compare/compare.ts';
import type { Comparison } from '../model/spec.ts';

export interface Pattern {
  /** One gamma per comparison, in model order; -1 = null level. */
  gammas: number[];
  count: number;
}

export interface LevelParameters {
  label: string;
  /** P(level | match) */
  m: number;
  /** P(level | non-match) */
  u: number;
  /** log2(m / u): the level's match weight. */
  weight: number;
}

export interface ComparisonParameters {
  name: string;
  levels: LevelParameters[];
  /** The key column whose value frequency adjusts the first level, if any. */
  termFrequency?: string;
}

export interface TrainedModel {
  /** λ: share of candidate pairs that are matches. */
  prior: number;
  /** log2(λ / (1 − λ)): where every pair's weight starts. */
  priorWeight: number;
  comparisons: ComparisonParameters[];
  emIterations: number;
  converged: boolean;
  /** Random pairs u was estimated from. */
  uPairs: number;
}

const floor = 1e-6;
/** A term-frequency adjustment moves a weight by at most this many bits. */
export const tfCap = 8;

/** u per level from random pairs' patterns; a level never seen gets half a pair, so it is rare but not impossible. */
export function estimateU(comparisons: readonly Comparison[], patterns: readonly Pattern[]): number[][] {
  return comparisons.map((comparison, c) => {
    const counts = comparison.levels.map(() => 0);
    for (const pattern of patterns) {
      const gamma = pattern.gammas[c]!;
      if (gamma >= 0) counts[gamma]! += pattern.count;
    }
    const smoothed = counts.map((count) => Math.max(count, 0.5));
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

/** EM for m and λ with u fixed; m is pulled towards the levels' prior m by `mPriorPairs` pseudo-pairs. */
export function trainModel(
  comparisons: readonly Comparison[],
  u: number[][],
  patterns: readonly Pattern[],
  maxIterations: number,
  uPairs: number,
  mPriorPairs = 50,
): TrainedModel {
  const prior = comparisons.map(priorM);
  let m = prior.map((levels) => [...levels]);
  let lambda = 0.1;
  let iterations = 0;
  let converged = false;
  const logU = u.map((levels) => levels.map((p) => Math.log(Math.max(p, floor))));
  for (; iterations < maxIterations && !converged; iterations++) {
    const logM = m.map((levels) => levels.map((p) => Math.log(Math.max(p, floor))));
    const mSums = comparisons.map((comparison) => comparison.levels.map(() => 0));
    let matchTotal = 0;
    let total = 0;
    const logPrior = Math.log(lambda) - Math.log(1 - lambda);
    for (const pattern of patterns) {
      let logRatio = logPrior;
      for (let c = 0; c < comparisons.length; c++) {
        const gamma = pattern.gammas[c]!;
        if (gamma >= 0) logRatio += logM[c]![gamma]! - logU[c]![gamma]!;
      }
      const p = 1 / (1 + Math.exp(-logRatio));
      matchTotal += p * pattern.count;
      total += pattern.count;
      for (let c = 0; c < comparisons.length; c++) {
        const gamma = pattern.gammas[c]!;
        if (gamma >= 0) mSums[c]![gamma]! += p * pattern.count;
      }
    }
    const nextLambda = total > 0 ? Math.min(Math.max(matchTotal / total, floor), 1 - floor) : lambda;
    const nextM = mSums.map((sums, c) => {
      const sum = sums.reduce((a, b) => a + b, 0);
      return sums.map((s, k) => Math.max((s + mPriorPairs * prior[c]![k]!) / (sum + mPriorPairs), floor));
    });
    const change = Math.max(Math.abs(nextLambda - lambda), ...nextM.flatMap((levels, c) => levels.map((p, k) => Math.abs(p - m[c]![k]!))));
    m = nextM;
    lambda = nextLambda;
    converged = change < 1e-6;
  }
  return {
    prior: lambda,
    priorWeight: Math.log2(lambda / (1 - lambda)),
    comparisons: comparisons.map((comparison, c) => ({
      name: comparison.name,
      termFrequency: comparison.termFrequency,
      levels: comparison.levels.map((level, k) => ({
        label: level.label,
        m: m[c]![k]!,
        u: u[c]![k]!,
        weight: Math.log2(Math.max(m[c]![k]!, floor) / Math.max(u[c]![k]!, floor)),
      })),
    })),
    emIterations: iterations,
    converged,
    uPairs,
  };
}

/** The tf adjustment of an agreeing pair's first level: log2(u / tf), capped. */
export function tfAdjustment(u: number, tf: number): number {
  return Math.max(-tfCap, Math.min(tfCap, Math.log2(Math.max(u, floor) / Math.max(tf, floor))));
}

/** SQL for one pair's match weight (prior + level weights + tf adjustments) over a comparisons table `p`. */
export function matchWeightSql(model: TrainedModel): string {
  const terms = model.comparisons.map((comparison) => {
    const gamma = `p.${quoteIdent(gammaColumn(comparison))}`;
    const cases = comparison.levels.map((level, k) => `WHEN ${k} THEN ${literal(level.weight)}`).join(' ');
    const base = `CASE ${gamma} ${cases} ELSE 0 END`;
    if (!comparison.termFrequency) return base;
    const tf = `p.${quoteIdent(tfColumn(comparison))}`;
    const u0 = literal(comparison.levels[0]!.u);
    return `${base} + CASE WHEN ${gamma} = 0 AND ${tf} IS NOT NULL THEN greatest(least(log2(${u0} / greatest(${tf}, ${floor})), ${tfCap}), -${tfCap}) ELSE 0 END`;
  });
  return [literal(model.priorWeight), ...terms].join('\n + ');
}

function literal(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(12) : '0';
}

export const probabilityFromWeight = (weight: number) => 1 / (1 + 2 ** -weight);
export const weightFromProbability = (probability: number) => Math.log2(probability / (1 - probability));
