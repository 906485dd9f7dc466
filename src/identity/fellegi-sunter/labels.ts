/**
 * Labels that teach: a reviewer's same / different answers correct the trained model.
 *
 * The pairs a reviewer labels to teach are chosen for being uncertain (near the threshold), so they are not a
 * random sample of matches: m re-estimated from them (P(level | match) among the labelled matches) would learn
 * "near-threshold matches rarely share an e-mail" and weaken every exact e-mail. A discriminative correction is
 * not biased by choosing pairs on their features: P(same | pair) is fitted on top of the model's weight,
 *
 *     logit P(same) = ln 2 · min(w_model + δ₀ + Σ_c δ[c][γ_c], cap)
 *
 * a logistic regression with the model's weight as offset and one term per comparison level (and an intercept),
 * each pulled to 0 by a Gaussian prior of `priorBits` (MAP, Newton's method: ~40 parameters, a few hundred
 * labels). A level no label reaches keeps its weight; a level the labels contradict moves by what they show.
 * The corrections are added to the level weights (m = u · 2^weight), so the scoring SQL, the waterfalls and the
 * estimate read the taught model as they read the trained one. Pure arithmetic in a fixed order: the same on
 * every engine.
 */
import { capFor, explainTerms, totalWeight } from '../result/explain.ts';
import type { TrainedModel } from './fellegi-sunter.ts';

export interface LabelledPair {
  /** One gamma per comparison, in model order; -1 = missing. */
  gammas: number[];
  /** The agreeing values' term frequencies (null when none). */
  tfs: (number | null)[];
  rare: boolean[];
  same: boolean;
}

export interface LevelCorrection {
  comparison: string;
  level: string;
  /** Bits added to the level's weight. */
  bits: number;
  /** Labelled pairs at this level (same / different). */
  same: number;
  different: number;
}

/** What the labels changed, kept with the taught model. */
export interface LabelLearning {
  labels: number;
  same: number;
  different: number;
  /** Bits added to every pair's weight (where the labels say the model is too sure or too unsure overall). */
  intercept: number;
  /** Level corrections of at least 0.05 bits, largest first. */
  corrections: LevelCorrection[];
}

/** Standard deviation (bits) of the prior on each correction: how far a few labels may move a weight (chosen on people seeds 1001–1003: 2, 3, 4 and 6 tried, 6 best at 200 labels). */
export const defaultPriorBits = 6;
const ln2 = Math.LN2;

/** The taught model: `trained` with the corrections the labelled pairs support, and what changed. */
export function learnFromLabels(
  trained: TrainedModel,
  labelled: readonly LabelledPair[],
  priorBits = defaultPriorBits,
): { trained: TrainedModel; learning: LabelLearning } {
  const levelIndex: { c: number; k: number }[] = [];
  const offsets = trained.comparisons.map((comparison, c) => comparison.levels.map((_, k) => levelIndex.push({ c, k })));
  // Parameter 0 is the intercept; parameter offsets[c][k] the correction of level k of comparison c.
  const size = levelIndex.length + 1;
  const base = labelled.map((pair) => {
    const terms = explainTerms(trained, pair.gammas, pair.tfs, pair.rare);
    return { sum: totalWeight(trained.priorWeight, terms), cap: capFor(trained, pair.gammas) };
  });
  const features = labelled.map((pair) => [
    0,
    ...pair.gammas.flatMap((gamma, c) => (gamma >= 0 && gamma < trained.comparisons[c]!.levels.length ? [offsets[c]![gamma]!] : [])),
  ]);
  const precision = 1 / (priorBits * priorBits);
  const weightOf = (i: number, delta: readonly number[]) => {
    const sum = base[i]!.sum + features[i]!.reduce((total, j) => total + delta[j]!, 0);
    const cap = base[i]!.cap;
    return { weight: cap !== null && sum >= cap ? cap : sum, capped: cap !== null && sum >= cap };
  };
  // Negative log posterior (natural log): the labels' log loss plus the Gaussian prior.
  const objective = (delta: readonly number[]) =>
    labelled.reduce((total, pair, i) => {
      const z = ln2 * weightOf(i, delta).weight;
      return total + (pair.same ? softplus(-z) : softplus(z));
    }, 0) + delta.reduce((total, d) => total + (d * d * precision) / 2, 0);
  let delta = new Array<number>(size).fill(0);
  let current = objective(delta);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = delta.map((d) => d * precision);
    const hessian = delta.map((_, i) => delta.map((__, j) => (i === j ? precision : 0)));
    labelled.forEach((pair, i) => {
      const { weight, capped } = weightOf(i, delta);
      // A capped pair's weight does not move with the corrections (the cap is a rule, not a learnt weight).
      if (capped) return;
      const p = 1 / (1 + Math.exp(-ln2 * weight));
      const residual = (p - (pair.same ? 1 : 0)) * ln2;
      const curvature = p * (1 - p) * ln2 * ln2;
      for (const j of features[i]!) {
        gradient[j]! += residual;
        for (const l of features[i]!) hessian[j]![l]! += curvature;
      }
    });
    // Damped Newton: the step is halved until the posterior improves (far-off labels and caps make a full step overshoot).
    const step = solve(hessian, gradient);
    let scale = 1;
    let next = delta;
    let value = current;
    for (let halvings = 0; halvings < 30; halvings++, scale /= 2) {
      next = delta.map((d, j) => d - scale * step[j]!);
      value = objective(next);
      if (value <= current) break;
    }
    if (value > current) break;
    const moved = Math.max(...next.map((d, j) => Math.abs(d - delta[j]!)));
    delta = next;
    current = value;
    if (moved < 1e-9) break;
  }
  const corrections: LevelCorrection[] = levelIndex.map(({ c, k }, index) => {
    const at = labelled.filter((pair) => pair.gammas[c] === k);
    return {
      comparison: trained.comparisons[c]!.name,
      level: trained.comparisons[c]!.levels[k]!.label,
      bits: delta[index + 1]!,
      same: at.filter((pair) => pair.same).length,
      different: at.filter((pair) => !pair.same).length,
    };
  });
  const taught: TrainedModel = {
    ...trained,
    priorWeight: trained.priorWeight + delta[0]!,
    comparisons: trained.comparisons.map((comparison, c) => ({
      ...comparison,
      levels: comparison.levels.map((level, k) => {
        const weight = level.weight + delta[offsets[c]![k]!]!;
        return { ...level, weight, m: Math.min(1, level.u * 2 ** weight) };
      }),
    })),
  };
  const same = labelled.filter((pair) => pair.same).length;
  return {
    trained: taught,
    learning: {
      labels: labelled.length,
      same,
      different: labelled.length - same,
      intercept: delta[0]!,
      corrections: corrections
        .filter((correction) => Math.abs(correction.bits) >= 0.05)
        .sort((a, b) => Math.abs(b.bits) - Math.abs(a.bits) || a.comparison.localeCompare(b.comparison)),
    },
  };
}

/** log(1 + e^x) without overflow. */
const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));

/** Solves A x = b (A symmetric positive definite: the Hessian plus the prior) by Gaussian elimination with pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = col + 1; row < n; row++) {
      const factor = a[row]![col]! / a[col]![col]!;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}
