/**
 * Plain-data pieces of the match result for the match cell: pair explanations (a waterfall: prior, then one
 * term per comparison), the precision/recall estimate, and re-tuning the threshold from review labels.
 */
import { levelHasTf, probabilityFromWeight, tfAdjustment, type TrainedModel } from '../fellegi-sunter/fellegi-sunter.ts';

export interface ExplanationTerm {
  comparison: string;
  /** The level's label, or 'missing' for the null level. */
  level: string;
  /** Level weight in bits (log2 m/u); 0 for missing. */
  weight: number;
  /** Term-frequency adjustment in bits (0 when none). */
  tfAdjustment: number;
}

export interface RecordSummary {
  source: string;
  row: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  address: string | null;
  postal_code: string | null;
  birth_date: string | null;
}

export interface PairExplanation {
  left: RecordSummary;
  right: RecordSummary;
  /** prior + Σ (weight + tfAdjustment) */
  matchWeight: number;
  probability: number;
  prior: number;
  terms: ExplanationTerm[];
  /** Set when a weight cap applied (e.g. the names differ): the pair's weight is at most this. */
  cappedAt: number | null;
}

/** One pair's waterfall from its gammas (-1 = missing), the agreeing values' term frequencies and whether each value is rare (held by a few records). */
export function explainTerms(
  model: TrainedModel,
  gammas: readonly number[],
  tfs: readonly (number | null)[],
  rare: readonly boolean[] = [],
): ExplanationTerm[] {
  return model.comparisons.map((comparison, c) => {
    const gamma = gammas[c]!;
    if (gamma < 0 || gamma >= comparison.levels.length)
      return { comparison: comparison.name, level: 'missing', weight: 0, tfAdjustment: 0 };
    const level = comparison.levels[gamma]!;
    const tf = tfs[c];
    const adjustment = levelHasTf(comparison, gamma) && tf != null ? tfAdjustment(level.u, tf, rare[c] ?? false, level.tfBoostCap) : 0;
    return { comparison: comparison.name, level: level.label, weight: level.weight, tfAdjustment: adjustment };
  });
}

/** The cap that applies to a pair's terms, if any (the lowest). */
export function capFor(model: TrainedModel, gammas: readonly number[]): number | null {
  let cap: number | null = null;
  for (const rule of model.caps) {
    const c = model.comparisons.findIndex((comparison) => comparison.name === rule.comparison);
    const lifted = rule.unlessExact.some((name) => gammas[model.comparisons.findIndex((comparison) => comparison.name === name)] === 0);
    if (c >= 0 && rule.levels.includes(gammas[c]!) && !lifted) cap = cap === null ? rule.maxWeight : Math.min(cap, rule.maxWeight);
  }
  return cap;
}

export function totalWeight(prior: number, terms: readonly ExplanationTerm[], cappedAt: number | null = null): number {
  const sum = terms.reduce((total, term) => total + term.weight + term.tfAdjustment, prior);
  return cappedAt === null ? sum : Math.min(sum, cappedAt);
}

export interface ThresholdEstimate {
  threshold: number;
  /** Candidate pairs at or above the threshold. */
  pairsAbove: number;
  /** Expected share of true matches among the accepted pairs: mean probability above the threshold. */
  precision: number;
  /** Expected share of the candidates' matches that are accepted: Σp above / Σp over all candidates. */
  recall: number;
  /** Σp over all candidates: the model's expected number of matching pairs. */
  expectedMatches: number;
}

export interface ReviewLabel {
  matchWeight: number;
  /** true = the reviewer says same customer. */
  accepted: boolean;
}

/**
 * The threshold (as a probability) that best separates reviewed pairs: the cut between sorted weights that
 * makes the fewest labelling errors, in the middle of the gap; ties keep the cut nearest the current threshold.
 * With no labels, or only one kind, the current threshold stays unless a label contradicts it.
 */
export function retuneThreshold(labels: readonly ReviewLabel[], currentProbability: number): number {
  if (labels.length === 0) return currentProbability;
  const current = Math.log2(currentProbability / (1 - currentProbability));
  const sorted = [...labels].sort((a, b) => a.matchWeight - b.matchWeight);
  const cuts: number[] = [sorted[0]!.matchWeight - 1];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.matchWeight > sorted[i - 1]!.matchWeight) cuts.push((sorted[i]!.matchWeight + sorted[i - 1]!.matchWeight) / 2);
  }
  cuts.push(sorted.at(-1)!.matchWeight + 1);
  const errors = (cut: number) => sorted.reduce((sum, label) => sum + (label.matchWeight >= cut !== label.accepted ? 1 : 0), 0);
  const currentErrors = errors(current);
  let best = current;
  let bestErrors = currentErrors;
  for (const cut of cuts) {
    const e = errors(cut);
    if (e < bestErrors || (e === bestErrors && Math.abs(cut - current) < Math.abs(best - current))) {
      best = cut;
      bestErrors = e;
    }
  }
  if (bestErrors === currentErrors) return currentProbability;
  return probabilityFromWeight(best);
}
