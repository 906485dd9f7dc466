/**
 * How right the clusters are, in two ways.
 *
 * The model's estimate reads the pairs the clusters imply (every two records of one cluster, not only the pairs
 * that were compared, so a chain of namesakes shows) and the candidate pairs left apart: precision is the mean
 * match probability inside clusters, recall the expected matches inside over the expected matches inside and
 * apart. A pair inside counts at the likeliest path between its records through the cluster when that beats its own
 * comparison (one person's work and personal records share little but are joined through a third). It is only as
 * good as the model's probabilities, which go wrong where evidence is correlated (a household shares an address
 * and a phone), so its precision is shown as the model's claim; its recall is not shown, since the pairs blocking
 * never compared are invisible to it.
 *
 * The checked estimate needs no trust in the model: a stratified random sample of those same pairs (strata by
 * inside/apart and match-weight band) is labelled same / different by a person (or by ground truth in the
 * bench), and each stratum's labelled share of matches stands for all its pairs. Precision and recall come with
 * 95% intervals and the number of labels behind them.
 */
import { quoteIdent, sql } from '../../engine/sql.ts';

/** Pairs of records in one cluster: `unique_id_l < unique_id_r`, `cluster_id`, `represents` (implied pairs this one stands for). */
export const impliedPairsTable = 'identity_implied_pairs';
/** The labelling sample: the pairs a reviewer is asked about to check the estimate, with their stratum. */
export const checkSampleTable = 'identity_check_sample';

/** Clusters up to this size contribute every pair; larger ones (chains) `sampledPartners` random partners per record. */
export const allPairsUpTo = 40;
export const sampledPartners = 20;
/** Candidate pairs apart below this weight (model probability < 0.1%) are not counted as possibly missed matches. */
export const apartFloorWeight = -10;
/** Match-weight band edges (bits) of the strata. */
export const bandEdges = [-5, 0, 5, 10, 20] as const;

export type Population = 'inside' | 'apart';

export interface Stratum {
  population: Population;
  /** Index into the bands [-∞, -5), [-5, 0), …, [20, ∞). */
  band: number;
  /** Pairs in the stratum (implied pairs of large clusters counted by what their sample stands for). */
  pairs: number;
  /** Σ model probability over the stratum's pairs. */
  expectedMatches: number;
}

export interface SamplePair {
  /** `source:row|source:row`, as review labels are keyed. */
  pair: string;
  population: Population;
  band: number;
  matchWeight: number;
}

export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface ModelEstimate {
  threshold: number;
  /** Pairs of records the clusters put together (what pairwise precision counts). */
  pairsInside: number;
  precision: number;
  recall: number;
  /** Expected matching pairs among those inside and the plausible candidate pairs apart. */
  expectedMatches: number;
}

export interface CheckedEstimate {
  precision: Interval;
  recall: Interval;
  /** Labels that belong to the current sample (labels on other pairs do not count: they were not drawn at random). */
  labels: number;
  /** Strata without a label: their pairs are counted at the model's probability. */
  unlabelledStrata: number;
}

const bandSql = (weight: string) => `(${bandEdges.map((edge) => `(${weight} >= ${edge})::INTEGER`).join(' + ')})`;

/**
 * Writes `identity_implied_pairs` from a clusters table (`unique_id`, `cluster_id`): every pair of records in
 * clusters of up to `allPairsUpTo`, and in larger ones each record with its next `sampledPartners` records in a
 * hash order (a uniform sample at linear cost), each sampled pair standing for its share of the cluster's pairs.
 */
export function impliedPairsSql(clusters: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${impliedPairsTable} AS
    WITH members AS (
      SELECT unique_id, cluster_id, count(*) OVER (PARTITION BY cluster_id) AS size,
             row_number() OVER (PARTITION BY cluster_id ORDER BY hash(unique_id), unique_id) - 1 AS k
      FROM ${quoteIdent(clusters)}),
    big AS (SELECT *, least(${sampledPartners}, (size - 1) // 2) AS partners FROM members WHERE size > ${allPairsUpTo})
    SELECT least(l.unique_id, r.unique_id) AS unique_id_l, greatest(l.unique_id, r.unique_id) AS unique_id_r, l.cluster_id, 1.0::DOUBLE AS represents
    FROM members l JOIN members r ON r.cluster_id = l.cluster_id AND r.unique_id > l.unique_id
    WHERE l.size BETWEEN 2 AND ${allPairsUpTo}
    UNION ALL
    SELECT least(l.unique_id, r.unique_id), greatest(l.unique_id, r.unique_id), l.cluster_id, (l.size - 1) / (2.0 * l.partners)
    FROM big l, range(1, l.partners + 1) d(step) JOIN big r ON r.cluster_id = l.cluster_id AND r.k = (l.k + d.step) % l.size`;
}

/**
 * Rounds of path evidence: each round lets paths twice as long count, so 3 rounds reach 8 links. At 60,000 people a
 * first round raised 13,877 pairs, a second 1,873, a third 188 and a fourth 19.
 */
export const pathRounds = 3;
/** The weight a pair whose path probability rounds to 1 is given (2^-40: far beyond any band edge). */
const certainWeight = 40;
/** Pairs at this weight or more (probability ≥ 99.9%) are not looked at again: a path could add at most 0.1% to them. */
const settledWeight = 10;
const probabilitySql = (weight: string) => `1 / (1 + pow(2, -(${weight})))`;
const weightOfSql = (probability: string) =>
  `CASE WHEN ${probability} >= 1 THEN ${certainWeight} ELSE least(${certainWeight}, log2(${probability} / (1 - ${probability}))) END`;

/** The table of one round's risen weights (`unique_id_l`, `unique_id_r`, `match_weight`): empty when the paths are all counted. */
export const pathRisenTable = 'identity_path_risen';

/**
 * One round of path evidence over the scored implied pairs (`unique_id_l`, `unique_id_r`, `cluster_id`,
 * `match_weight`): the pairs whose likeliest two-link path through a third record of their cluster (the product
 * of the two links' probabilities) is likelier than their own weight, with the path's weight, into
 * `identity_path_risen`. If A is B and B is C then A is C: a pair the clusters imply through others is as likely as
 * its path, though its own two records may share little (a work and a home record of one person). The caller
 * applies the round (pathApplySql) and repeats it until none rises, at most `pathRounds` times.
 */
export function pathRoundSql(scored: string): string {
  const table = quoteIdent(scored);
  return `CREATE OR REPLACE TEMP TABLE identity_path_links AS
      WITH unsettled AS (SELECT * FROM ${table} WHERE cluster_id IN (SELECT cluster_id FROM ${table} WHERE match_weight < ${settledWeight}))
      SELECT unique_id_l AS a, unique_id_r AS b, cluster_id, ${probabilitySql('match_weight')} AS p FROM unsettled
      UNION ALL SELECT unique_id_r, unique_id_l, cluster_id, ${probabilitySql('match_weight')} FROM unsettled;
    CREATE OR REPLACE TEMP TABLE ${pathRisenTable} AS
      WITH best AS (
        SELECT s.unique_id_l, s.unique_id_r, any_value(s.match_weight) AS match_weight, max(x.p * y.p) AS p
        FROM ${table} s
        JOIN identity_path_links x ON x.a = s.unique_id_l AND x.cluster_id = s.cluster_id
        JOIN identity_path_links y ON y.a = x.b AND y.b = s.unique_id_r AND y.cluster_id = s.cluster_id
        WHERE s.match_weight < ${settledWeight}
        GROUP BY ALL)
      SELECT unique_id_l, unique_id_r, ${weightOfSql('p')} AS match_weight FROM best WHERE ${weightOfSql('p')} > match_weight + 1e-6;
    DROP TABLE identity_path_links;`;
}

/** Applies a round of path evidence to the scored implied pairs and drops the round's table. */
export function pathApplySql(scored: string): string {
  return `UPDATE ${quoteIdent(scored)} s SET match_weight = r.match_weight FROM ${pathRisenTable} r
      WHERE r.unique_id_l = s.unique_id_l AND r.unique_id_r = s.unique_id_r;
    DROP TABLE ${pathRisenTable};`;
}

/**
 * The pairs both estimates read, from the scored implied pairs (`scored`: unique ids, `represents`,
 * `match_weight`) and the candidate pairs apart, with population and band: `identity_estimate_pairs`.
 */
export function estimatePairsSql(scored: string, pairs: string, clusters: string): string {
  return `CREATE OR REPLACE TEMP TABLE identity_estimate_pairs AS
    SELECT unique_id_l, unique_id_r, 'inside' AS population, represents, match_weight FROM ${quoteIdent(scored)}
    UNION ALL
    SELECT p.unique_id_l, p.unique_id_r, 'apart', 1.0, p.match_weight
    FROM ${quoteIdent(pairs)} p JOIN ${quoteIdent(clusters)} l ON l.unique_id = p.unique_id_l JOIN ${quoteIdent(clusters)} r ON r.unique_id = p.unique_id_r
    WHERE l.cluster_id <> r.cluster_id AND p.match_weight >= ${apartFloorWeight}`;
}

export const strataSql = `SELECT population, ${bandSql('match_weight')} AS band, sum(represents) AS pairs,
    sum(represents / (1 + pow(2, -match_weight))) AS expected FROM identity_estimate_pairs GROUP BY ALL ORDER BY population, band`;

/** Labels asked for in all by default: enough for intervals of about ±0.03 when the model is roughly right. */
export const defaultSampleSize = 200;
const minPerStratum = 5;

/**
 * How many pairs of each stratum to ask about: half the labels for the pairs put together (precision), half for
 * those left apart (recall); within each half Neyman allocation (more where there are many pairs and the model
 * is unsure, its share held within [0.1, 0.9] since it is over-confident at the ends), at least
 * `minPerStratum` each and never more than the stratum holds.
 */
export function allocateSample(
  strata: readonly Stratum[],
  size = defaultSampleSize,
): { population: Population; band: number; take: number }[] {
  const spread = strata.map((s) => {
    const share = Math.min(0.9, Math.max(0.1, s.pairs ? s.expectedMatches / s.pairs : 0));
    return s.pairs * Math.sqrt(share * (1 - share));
  });
  const spreadOf = (population: Population) => strata.reduce((sum, s, i) => sum + (s.population === population ? spread[i]! : 0), 0) || 1;
  const populations = new Set(strata.map((s) => s.population)).size || 1;
  return strata.map((s, i) => ({
    population: s.population,
    band: s.band,
    take: Math.min(Math.floor(s.pairs), Math.max(minPerStratum, Math.round(((size / populations) * spread[i]!) / spreadOf(s.population)))),
  }));
}

/**
 * The labelling sample: the first `take` pairs of each stratum in a hash order of their ids (the same on every
 * engine, and the same next run when the pairs have not changed), with the records' source and row, ordered so
 * that any first part of it spreads over the strata as the whole does (label the first 30 and every stratum
 * has its share).
 */
export function checkSampleSql(input: string, allocation: readonly { population: Population; band: number; take: number }[]): string {
  const takes = allocation.map((a) => sql`(${a.population}, ${a.band}, ${a.take})`).join(', ') || `('inside', 0, 0)`;
  return `CREATE OR REPLACE TABLE ${checkSampleTable} AS
    WITH e AS (
      SELECT *, ${bandSql('match_weight')} AS band FROM identity_estimate_pairs),
    ranked AS (
      SELECT e.*, row_number() OVER (PARTITION BY e.population, e.band ORDER BY hash(e.unique_id_l, e.unique_id_r), e.unique_id_l, e.unique_id_r) AS k, t.take
      FROM e JOIN (VALUES ${takes}) t(population, band, take) ON t.population = e.population AND t.band = e.band)
    SELECT row_number() OVER (ORDER BY (x.k - 0.5) / x.take, x.population, x.band) AS position,
           l.source || ':' || l.row || '|' || r.source || ':' || r.row AS pair, x.unique_id_l, x.unique_id_r, x.population, x.band, x.match_weight
    FROM ranked x JOIN ${quoteIdent(input)} l ON l.unique_id = x.unique_id_l JOIN ${quoteIdent(input)} r ON r.unique_id = x.unique_id_r
    WHERE x.k <= x.take ORDER BY position`;
}

/** The model's own precision and recall from the strata. */
export function modelEstimate(threshold: number, strata: readonly Stratum[]): ModelEstimate {
  const inside = strata.filter((s) => s.population === 'inside');
  const pairsInside = inside.reduce((sum, s) => sum + s.pairs, 0);
  const expectedInside = inside.reduce((sum, s) => sum + s.expectedMatches, 0);
  const expectedMatches = strata.reduce((sum, s) => sum + s.expectedMatches, 0);
  return {
    threshold,
    pairsInside: Math.round(pairsInside),
    precision: pairsInside ? expectedInside / pairsInside : 1,
    recall: expectedMatches ? expectedInside / expectedMatches : 1,
    expectedMatches,
  };
}

const z = 1.96;

/**
 * Precision and recall from labelled sample pairs, as a stratified sample is read: each stratum's share of
 * "same" labels stands for all its pairs; the 95% intervals are normal intervals of the stratified totals, each
 * stratum's variance taken at (same + ½) / (labels + 1) so a stratum labelled all-same or all-different still
 * counts as uncertain; recall's by the delta method. Strata without labels count at the model's probability
 * (without variance) and are reported.
 */
export function checkedEstimate(
  strata: readonly Stratum[],
  sample: readonly SamplePair[],
  labels: ReadonlyMap<string, boolean>,
): CheckedEstimate | null {
  let used = 0;
  let unlabelledStrata = 0;
  const totals = { inside: { matches: 0, variance: 0, pairs: 0 }, apart: { matches: 0, variance: 0, pairs: 0 } };
  for (const stratum of strata) {
    const drawn = sample.filter((p) => p.population === stratum.population && p.band === stratum.band && labels.has(p.pair));
    const n = drawn.length;
    const total = totals[stratum.population];
    total.pairs += stratum.pairs;
    used += n;
    if (n === 0) {
      unlabelledStrata++;
      total.matches += stratum.expectedMatches;
      continue;
    }
    const same = drawn.filter((p) => labels.get(p.pair)).length;
    const adjusted = (same + 0.5) / (n + 1);
    const finite = stratum.pairs > 1 ? Math.max(0, (stratum.pairs - n) / (stratum.pairs - 1)) : 0;
    total.matches += stratum.pairs * (same / n);
    total.variance += (stratum.pairs * stratum.pairs * adjusted * (1 - adjusted) * finite) / n;
  }
  if (used === 0) return null;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const interval = (value: number, sd: number): Interval => ({ value, low: clamp(value - z * sd), high: clamp(value + z * sd) });
  const { inside, apart } = totals;
  const precision = inside.pairs ? interval(inside.matches / inside.pairs, Math.sqrt(inside.variance) / inside.pairs) : interval(1, 0);
  const found = inside.matches + apart.matches;
  const recall = found
    ? interval(inside.matches / found, Math.sqrt(apart.matches ** 2 * inside.variance + inside.matches ** 2 * apart.variance) / found ** 2)
    : interval(1, 0);
  return { precision, recall, labels: used, unlabelledStrata };
}
