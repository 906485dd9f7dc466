/**
 * The engine side of labels that teach: the labelled pairs' comparisons (fellegi-sunter/labels.ts fits the
 * correction), re-scoring `identity_pairs` with the taught model, and the next pairs to offer for teaching.
 *
 * Teaching labels and checking labels are kept apart: the check sample (estimate.ts) is drawn at random and
 * only estimates; the teaching list is chosen for what a label would change and only teaches. A pair labelled to
 * teach is not counted by the check, and check labels do not train.
 */
import type { Engine } from '../../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../../engine/sql.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { comparePairsSql, gammaColumn, rareColumn, tfColumn } from '../compare/compare.ts';
import { matchWeightSql, weightFromProbability, type TrainedModel } from '../fellegi-sunter/fellegi-sunter.ts';
import { learnFromLabels, type LabelledPair, type LabelLearning } from '../fellegi-sunter/labels.ts';
import type { MatchModel } from '../model/spec.ts';

/** A reviewer's answer on a pair offered for teaching: `source:row|source:row` and same customer or not. */
export interface TeachLabel {
  pair: string;
  same: boolean;
}

const labelsTable = 'identity_teach_labels';

function parseRecord(key: string): { source: string; row: number } | null {
  const at = key.lastIndexOf(':');
  const row = Number(key.slice(at + 1));
  return at > 0 && Number.isInteger(row) && row > 0 ? { source: key.slice(0, at), row } : null;
}

/** Writes `identity_teach_labels` (`unique_id_l < unique_id_r`, `same`) for the labels whose records exist. */
async function writeLabels(engine: Engine, input: string, labels: readonly TeachLabel[]): Promise<void> {
  const values = labels.flatMap((label) => {
    const [left, right] = label.pair.split('|').map((key) => parseRecord(key ?? ''));
    if (!left || !right) return [];
    return [`(${quoteLiteral(left.source)}, ${left.row}, ${quoteLiteral(right.source)}, ${right.row}, ${label.same})`];
  });
  const rows = values.length
    ? `VALUES ${values.join(', ')}`
    : `SELECT NULL::VARCHAR, NULL::BIGINT, NULL::VARCHAR, NULL::BIGINT, NULL::BOOLEAN WHERE false`;
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${labelsTable} AS
    SELECT DISTINCT ON (unique_id_l, unique_id_r) least(l.unique_id, r.unique_id) AS unique_id_l, greatest(l.unique_id, r.unique_id) AS unique_id_r, t.same
    FROM (${rows}) t(source_l, row_l, source_r, row_r, same)
    JOIN ${quoteIdent(input)} l ON l.source = t.source_l AND l.row = t.row_l
    JOIN ${quoteIdent(input)} r ON r.source = t.source_r AND r.row = t.row_r
    WHERE l.unique_id <> r.unique_id
    ORDER BY unique_id_l, unique_id_r`);
}

/** The labelled pairs compared as the candidates were (gammas, term frequencies, rare flags), in id order. */
async function labelledPairs(engine: Engine, input: string, model: MatchModel, trained: TrainedModel): Promise<LabelledPair[]> {
  await engine.exec(comparePairsSql(input, labelsTable, 'identity_teach_compared', model.comparisons, ['same']));
  const columns = trained.comparisons.flatMap((c, i) => [
    `${quoteIdent(gammaColumn(c))}::INTEGER AS g${i}`,
    `${c.termFrequency ? quoteIdent(tfColumn(c)) : 'NULL'}::DOUBLE AS t${i}`,
    `${c.termFrequency ? `coalesce(${quoteIdent(rareColumn(c))}, false)` : 'false'} AS r${i}`,
  ]);
  const rows = await queryRows(engine, `SELECT same, ${columns.join(', ')} FROM identity_teach_compared ORDER BY unique_id_l, unique_id_r`);
  await engine.exec('DROP TABLE identity_teach_compared');
  return rows.map((row) => ({
    same: row.same === true,
    gammas: trained.comparisons.map((_, i) => Number(row[`g${i}`])),
    tfs: trained.comparisons.map((_, i) => (row[`t${i}`] == null ? null : Number(row[`t${i}`]))),
    rare: trained.comparisons.map((_, i) => row[`r${i}`] === true),
  }));
}

/** The model taught by the labels (from the model EM trained, never from an already taught one), or null without usable labels. */
export async function teachModel(
  engine: Engine,
  input: string,
  model: MatchModel,
  trained: TrainedModel,
  labels: readonly TeachLabel[],
  priorBits?: number,
): Promise<{ trained: TrainedModel; learning: LabelLearning } | null> {
  await writeLabels(engine, input, labels);
  const labelled = labels.length ? await labelledPairs(engine, input, model, trained) : [];
  if (labelled.length === 0) return null;
  return learnFromLabels(trained, labelled, priorBits);
}

/** Scores every candidate pair again with `trained` (the comparison columns are kept in the pairs table). */
export async function rescorePairs(engine: Engine, pairs: string, trained: TrainedModel): Promise<void> {
  const scored = `${pairs}_rescored`;
  await engine.exec(`CREATE OR REPLACE TABLE ${scored} AS
    SELECT * REPLACE (1 / (1 + pow(2, -match_weight)) AS match_probability)
    FROM (SELECT p.* REPLACE (${matchWeightSql(trained)} AS match_weight) FROM ${quoteIdent(pairs)} p);
    DROP TABLE ${quoteIdent(pairs)}; ALTER TABLE ${scored} RENAME TO ${quoteIdent(pairs)};`);
}

/** Pairs further than this from the threshold are not offered (a decision that far off does not flip; it keeps the ordering cheap on millions of pairs). */
const nearBits = 12;

/** How many bits a repeat of a comparison pattern costs in the teaching order (one label teaches the whole pattern). */
const repeatBits = 2;

/**
 * Writes `identity_teach_next` (`position`, ids): the candidate pairs whose label would change the result most,
 * not yet labelled. A pair's place is its distance to the threshold in bits (a label near it flips a decision)
 * less half the log2 of what the decision moves (records joined × records joined for a pair between two
 * customers, the customer's size for a pair inside one), plus `repeatBits` for every pair of the same comparison
 * pattern ahead of it (a second label on one pattern teaches less than a first on another).
 */
export function teachingOrderSql(
  pairs: string,
  clusters: string,
  comparisons: readonly { name: string }[],
  threshold: number,
  limit: number,
): string {
  const pattern = comparisons.length ? comparisons.map((c) => `coalesce(p.${quoteIdent(gammaColumn(c))}, -1)`).join(` || ',' || `) : `''`;
  return `CREATE OR REPLACE TEMP TABLE identity_teach_next AS
    WITH c AS (SELECT unique_id, cluster_id, count(*) OVER (PARTITION BY cluster_id) AS size FROM ${quoteIdent(clusters)}),
    scored AS (
      SELECT p.unique_id_l, p.unique_id_r, ${pattern} AS pattern,
             abs(p.match_weight - ${weightFromProbability(threshold)}) - 0.5 * log2(CASE WHEN l.cluster_id = r.cluster_id THEN l.size ELSE l.size * r.size END) AS score
      FROM ${quoteIdent(pairs)} p JOIN c l ON l.unique_id = p.unique_id_l JOIN c r ON r.unique_id = p.unique_id_r
      WHERE p.match_weight BETWEEN ${weightFromProbability(threshold) - nearBits} AND ${weightFromProbability(threshold) + nearBits}
        AND NOT EXISTS (SELECT 1 FROM ${labelsTable} t WHERE t.unique_id_l = p.unique_id_l AND t.unique_id_r = p.unique_id_r)),
    ranked AS (
      SELECT *, score + ${repeatBits} * (row_number() OVER (PARTITION BY pattern ORDER BY score, hash(unique_id_l, unique_id_r), unique_id_l, unique_id_r) - 1) AS place
      FROM scored)
    SELECT row_number() OVER (ORDER BY place, unique_id_l, unique_id_r) AS position, unique_id_l, unique_id_r
    FROM ranked ORDER BY place, unique_id_l, unique_id_r LIMIT ${Math.max(0, Math.floor(limit))}`;
}

/** Makes sure the labels table exists (empty) when no labels were given, so the teaching order can read it. */
export async function noLabels(engine: Engine, input: string): Promise<void> {
  await writeLabels(engine, input, []);
}
