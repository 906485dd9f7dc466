/**
 * The identity-resolution jobs (run in the warehouse worker, or by the CLI with the native engine):
 * `identityMatch` prepares, blocks, compares, trains, scores, clusters and builds the golden record;
 * `identityRecluster` redoes only clusters and golden record at another threshold.
 */
import type { Engine } from '../engine/engine.ts';
import { KuraError } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral, type Sql } from '../engine/sql.ts';
import type { JobContext } from '../jobs/job.ts';
import {
  blockHashesSql,
  blockKeysSql,
  blockSizesSql,
  candidatesSql,
  candidatesTable,
  defaultBlockWindow,
  defaultMaxPairsPerRecord,
  minRulePairs,
  ruleBlockCaps,
  ruleWindows,
  windowPairsSql,
} from './blocking/blocking.ts';
import { rescueCandidatesSql, rescueCandidatesTable, rescueKeysFor } from './blocking/rescue.ts';
import { clusterRecords, clustersTable, type ClusterStats } from './cluster/cluster.ts';
import { assignHouseholds } from './cluster/household.ts';
import { assignCustomerIds, restoreSetAsideIdsSql, setAsideIdsSql, type CustomerChanges } from './cluster/customer-ids.ts';
import {
  comparePairsSql,
  gammaColumn,
  patternCountsSql,
  rareColumn,
  randomPairPatternsSql,
  termFrequencySql,
  tfColumn,
} from './compare/compare.ts';
import {
  estimateU,
  matchWeightSql,
  trainModel,
  weightFromProbability,
  type Pattern,
  type TrainedModel,
} from './fellegi-sunter/fellegi-sunter.ts';
import { defaultSurvivorship, goldenSql, goldenTable } from './golden/golden.ts';
import { proposeModel } from './model/propose.ts';
import { defaultThreshold, type CustomerDecision, type MatchModel, type MatchSpec, type Survivorship } from './model/spec.ts';
import { decidedEdges, decisionsSql, pinnedValuesSql, unappliedDecisionsSql } from './cluster/decisions.ts';
import { dropSearchIndexes } from './search/search.ts';
import { inputTable, prepareIdentityInput, sourceRowSql, type PreparedSource } from './prepare/prepare.ts';
import { capFor, explainTerms, type PairExplanation } from './result/explain.ts';
import {
  allocateSample,
  checkSampleSql,
  checkSampleTable,
  estimatePairsSql,
  impliedPairsSql,
  impliedPairsTable,
  pathApplySql,
  pathRisenTable,
  pathRounds,
  pathRoundSql,
  modelEstimate,
  strataSql,
  type ModelEstimate,
  type SamplePair,
  type Stratum,
} from './result/estimate.ts';
import { recordSummary, recordSummarySql } from './result/records.ts';
import { rescorePairs, teachingOrderSql, teachModel, type TeachLabel } from './result/teach.ts';
import type { LabelLearning } from './fellegi-sunter/labels.ts';
import { identityError } from './identity-error.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { existingTableNames } from '../engine/catalog.ts';
import { stepTimings } from './step-timings.ts';

export const pairsTable = 'identity_pairs';

export interface MatchResult {
  sources: PreparedSource[];
  records: number;
  /** The model used: the spec's, or the proposed one (write it back into the cell to edit it). */
  model: MatchModel;
  /** The parameters the pairs were scored with: EM's, corrected by the teaching labels when there are any. */
  trained: TrainedModel;
  /** What the teaching labels changed (fellegi-sunter/labels.ts); absent without labels. */
  learning?: LabelLearning;
  /** Candidate pairs found by each blocking rule (after removing pairs an earlier rule found). */
  candidatesByRule: number[];
  /** Per blocking rule, the largest block it kept (its pair budget drops bigger blocks: common values). */
  blockCaps?: number[];
  /** Per blocking rule, the neighbours each record of an over-cap block was paired with (sorted neighbourhood). */
  blockWindows?: number[];
  /** Pairs compared and scored: the blocking rules' (candidatesByRule) and the second look's. */
  candidates: number;
  /** Pairs the second look added: records left without a match, paired on looser keys (blocking/rescue.ts); rule index `model.blocking.length`. */
  secondLookPairs: number;
  threshold: number;
  /** Candidate pairs per match-weight bin [from, from + 1). */
  histogram: { from: number; pairs: number }[];
  estimate: ModelEstimate;
  /** The strata of the pairs the estimate reads and the sample to label to check it (result/estimate.ts). */
  check: ClusterCheck;
  /** The pairs to label to teach the model, those whose label would change the result most first (result/teach.ts), each with its waterfall. */
  review: PairExplanation[];
  clusters: ClusterStats;
  goldenRecords: number;
  decisions: DecisionsApplied;
  /** What the clustering changed since the one before, by lasting customer id. */
  customers: CustomerChanges;
  /** Milliseconds per step. */
  timings: Record<string, number>;
}

export interface ReclusterSpec {
  threshold: number;
  sources: string[];
  survivorship?: Survivorship;
  decisions?: CustomerDecision[];
}

/** Re-teach the stored model from labels, score the pairs again and re-cluster (`identityLearn`). */
export interface LearnSpec extends ReclusterSpec {
  labels: TeachLabel[];
  reviewPairs?: number;
  /** The prior's standard deviation in bits (labels.ts defaultPriorBits); for tuning. */
  priorBits?: number;
}

export interface LearnResult extends ReclusterResult {
  trained: TrainedModel;
  learning?: LabelLearning;
  histogram: MatchResult['histogram'];
  review: PairExplanation[];
}

export interface ClusterCheck {
  strata: Stratum[];
  /** The pairs to label, in asking order, each with its waterfall. */
  sample: (SamplePair & { explanation: PairExplanation })[];
}

export interface ReclusterResult {
  threshold: number;
  estimate: ModelEstimate;
  check: ClusterCheck;
  clusters: ClusterStats;
  goldenRecords: number;
  decisions: DecisionsApplied;
  /** What the clustering changed since the one before, by lasting customer id. */
  customers: CustomerChanges;
}

/** How many of the reviewer's decisions took effect; `unapplied` lists (by index) those whose records are gone. */
export interface DecisionsApplied {
  applied: number;
  unapplied: number[];
}

function checkCancelled(context: JobContext): void {
  if (context.signal.aborted) throw new KuraError('Matching was cancelled.', 'cancelled');
}

const rows = (engine: Engine, query: string | Sql) => queryRows(engine, query);

async function scalar(engine: Engine, query: string): Promise<number> {
  const [row] = await rows(engine, query);
  return Number(row ? Object.values(row)[0] : 0);
}

/** The pattern counts `query` returns (patternCountsSql). */
async function patterns(engine: Engine, query: string, model: MatchModel, withRareFlags = false): Promise<Pattern[]> {
  const names = model.comparisons.map(gammaColumn);
  const rare = model.comparisons.map(rareColumn);
  const found: Pattern[] = (await rows(engine, query)).map((row) => ({
    gammas: names.map((name) => Number(row[name])),
    count: Number(row.n),
    rare: withRareFlags ? rare.map((name) => row[name] === true) : undefined,
  }));
  // A GROUP BY hands its groups back in the order its threads finish; EM sums over the patterns, so in one order
  // the same data gives the same weights to the last bit on every run.
  return found.sort(comparePatterns);
}

function comparePatterns(a: Pattern, b: Pattern): number {
  for (let i = 0; i < a.gammas.length; i++) if (a.gammas[i] !== b.gammas[i]) return a.gammas[i]! - b.gammas[i]!;
  for (let i = 0; i < (a.rare?.length ?? 0); i++) if (a.rare![i] !== b.rare![i]) return a.rare![i] ? 1 : -1;
  return 0;
}

/**
 * The second look (blocking/rescue.ts): the records left without a match paired on looser keys, compared, scored and
 * added to the pairs. Returns how many pairs it added.
 */
async function rescueUnmatched(
  engine: Engine,
  prepared: { sources: readonly PreparedSource[]; presentColumns: string[] },
  model: MatchModel,
  trained: TrainedModel,
  threshold: number,
  linkOnly: boolean,
): Promise<number> {
  const keys = rescueKeysFor(prepared.presentColumns);
  if (keys.length === 0) return 0;
  const rule = model.blocking.length;
  await engine.exec(rescueCandidatesSql(inputTable, pairsTable, Math.log2(threshold / (1 - threshold)), keys, linkOnly, rule));
  await engine.exec(comparePairsSql(inputTable, rescueCandidatesTable, 'identity_rescue_compared', model.comparisons, ['rule']));
  const added = await scalar(engine, 'SELECT count(*) FROM identity_rescue_compared');
  await engine.exec(`INSERT INTO ${pairsTable} BY NAME ${scoredPairsSql(prepared.sources, trained, 'identity_rescue_compared')};
    DROP TABLE identity_rescue_compared; DROP TABLE ${rescueCandidatesTable};`);
  return added;
}

/**
 * The compared pairs of `compared` with their weight and probability, and source/row from the ids. The weight in a
 * plain projection (a LATERAL subquery was twice as slow) and no join back to identity_input: 1M records, 9M pairs:
 * 21 s → 2.8 s.
 */
function scoredPairsSql(sources: readonly PreparedSource[], trained: TrainedModel, compared: string): string {
  const left = sourceRowSql(sources, 'p.unique_id_l');
  const right = sourceRowSql(sources, 'p.unique_id_r');
  return `SELECT ${left.source} AS source_l, ${left.row} AS row_l, ${right.source} AS source_r, ${right.row} AS row_r, p.*, 1 / (1 + pow(2, -p.match_weight)) AS match_probability
    FROM (SELECT p.*, ${matchWeightSql(trained)} AS match_weight FROM ${compared} p) p`;
}

function crossSourcePairs(sizes: readonly number[]): number {
  const total = sizes.reduce((sum, n) => sum + n, 0);
  return (total * total - sizes.reduce((sum, n) => sum + n * n, 0)) / 2;
}

/** The whole pipeline; see the module comment. */
export async function identityMatch(engine: Engine, spec: MatchSpec, context: JobContext): Promise<MatchResult> {
  const { timings, step } = stepTimings(context.signal);
  const linkOnly = spec.linkType === 'linkOnly';
  const threshold = spec.threshold ?? defaultThreshold;
  if (!(threshold > 0 && threshold < 1)) throw identityError('identity.threshold');

  dropSearchIndexes();
  const prepared = await prepareIdentityInput(engine, spec.sources, context);
  step('prepare');
  const model = spec.model ?? proposeModel(prepared.presentColumns, prepared.distinctShare);
  if (model.comparisons.length === 0) throw identityError('identity.noFields');
  await engine.exec(termFrequencySql(inputTable, model.comparisons));
  step('term frequencies');

  context.progress({ phase: 'progress.identity.blocking', done: 0, total: 0 });
  const sortColumns = ['birth_date', 'postal', 'email_canonical', 'phone', 'name_key'].filter((c) => prepared.presentColumns.includes(c));
  await engine.exec(blockHashesSql(inputTable, model.blocking, sortColumns));
  const sizes = (await rows(engine, blockSizesSql(model.blocking))).map((row) => ({
    rule: Number(row.rule),
    size: Number(row.size),
    blocks: Number(row.blocks),
  }));
  const ruleBudget = Math.max(minRulePairs, Math.round(prepared.records * (model.maxPairsPerRecord ?? defaultMaxPairsPerRecord)));
  const blockCaps = ruleBlockCaps(model.blocking.length, sizes, model.maxBlockSize, ruleBudget);
  const window = model.blockWindow ?? defaultBlockWindow;
  const windows = ruleWindows(model.blocking.length, sizes, blockCaps, window, Math.max(minRulePairs, 2 * prepared.records * window));
  await engine.exec(blockKeysSql(model.blocking, blockCaps, windows));
  await engine.exec(candidatesSql(model.blocking, linkOnly));
  await engine.exec(windowPairsSql(model.blocking, windows, linkOnly));
  const byRule = await rows(engine, `SELECT rule, count(*) AS n FROM ${candidatesTable} GROUP BY rule`);
  const candidatesByRule = model.blocking.map((_, index) => Number(byRule.find((row) => Number(row.rule) === index)?.n ?? 0));
  const candidates = candidatesByRule.reduce((sum, n) => sum + n, 0);
  step('blocking');

  context.progress({ phase: 'progress.identity.training', done: 0, total: 0 });
  const records = prepared.records;
  const uPairs = Math.max(0, Math.min(model.uSamplePairs, Math.floor((records * (records - 1)) / 2)));
  const u = estimateU(
    model.comparisons,
    await patterns(engine, randomPairPatternsSql(inputTable, records, uPairs, linkOnly, model.comparisons), model),
  );
  step('u sampling');

  await engine.exec(comparePairsSql(inputTable, candidatesTable, 'identity_comparisons', model.comparisons, ['rule']));
  step('comparisons');
  const totalPairs = linkOnly ? crossSourcePairs(prepared.sources.map((s) => s.rows)) : (records * (records - 1)) / 2;
  const emTrained = trainModel(
    model.comparisons,
    u,
    await patterns(engine, patternCountsSql(quoteIdent('identity_comparisons'), model.comparisons, true), model, true),
    model.emIterations,
    uPairs,
    model.mPriorPairs,
    totalPairs,
    model.caps,
  );
  step('em');
  const taught = await teachModel(engine, inputTable, model, emTrained, spec.labels ?? []);
  const trained = taught?.trained ?? emTrained;
  if (taught) step('teaching');

  await engine.exec(`CREATE OR REPLACE TABLE ${pairsTable} AS ${scoredPairsSql(prepared.sources, trained, 'identity_comparisons')};
    DROP TABLE identity_comparisons; DROP TABLE ${candidatesTable}; DROP TABLE identity_block_keys;`);
  await storeModel(engine, { model, trained, em: emTrained, learning: taught?.learning });
  step('scoring');
  const rescued = await rescueUnmatched(engine, prepared, model, trained, threshold, linkOnly);
  step('second look');

  context.progress({ phase: 'progress.identity.clustering', done: 0, total: 0 });
  const attached = spec.attachedSources ?? [];
  if (attached.length) await engine.exec(setAsideIdsSql(attached));
  const reclustered = await recluster(
    engine,
    {
      threshold,
      sources: spec.sources.map((s) => s.name),
      survivorship: spec.survivorship,
      ...(spec.decisions ? { decisions: spec.decisions } : {}),
    },
    context,
  );
  if (attached.length) await engine.exec(restoreSetAsideIdsSql);
  step('clusters and golden record');

  const histogram = await weightHistogram(engine);
  const review = await teachingPairs(engine, model, trained, threshold, spec.reviewPairs ?? 200);
  step('result');

  return {
    sources: prepared.sources,
    records,
    model,
    trained,
    ...(taught ? { learning: taught.learning } : {}),
    candidatesByRule,
    blockCaps,
    blockWindows: windows,
    candidates: candidates + rescued,
    secondLookPairs: rescued,
    threshold,
    histogram,
    estimate: reclustered.estimate,
    check: reclustered.check,
    review,
    clusters: reclustered.clusters,
    goldenRecords: reclustered.goldenRecords,
    decisions: reclustered.decisions,
    customers: reclustered.customers,
    timings,
  };
}

/** Clusters before their households are added; the customer view reads `identity_clusters` while a job runs. */
const stagedClustersTable = 'temp.identity_clusters_staged';

/** Clusters and golden record again from `identity_pairs` at another threshold (after review). */
export async function recluster(engine: Engine, spec: ReclusterSpec, context: JobContext): Promise<ReclusterResult> {
  const minWeight = weightFromProbability(spec.threshold);
  dropSearchIndexes();
  const decisions = spec.decisions ?? [];
  await engine.exec(decisionsSql(inputTable, decisions));
  const clusters = await clusterRecords(
    engine,
    inputTable,
    pairsTable,
    minWeight,
    context.signal,
    undefined,
    decisions.length ? decidedEdges : undefined,
    stagedClustersTable,
  );
  const customers = await assignCustomerIds(engine, inputTable, stagedClustersTable);
  await assignHouseholds(engine, inputTable, stagedClustersTable, context.signal, clustersTable);
  checkCancelled(context);
  await engine.exec(goldenSql(inputTable, clustersTable, spec.survivorship ?? defaultSurvivorship, spec.sources));
  if (decisions.some((decision) => decision.decision === 'pin'))
    for (const statement of pinnedValuesSql(inputTable, clustersTable)) await engine.exec(statement);
  const unapplied = (await rows(engine, unappliedDecisionsSql)).map((row) => Number(row.decision));
  const check = await clusterCheck(engine);
  const goldenRecords = await scalar(engine, `SELECT count(*) FROM ${goldenTable}`);
  return {
    threshold: spec.threshold,
    estimate: modelEstimate(spec.threshold, check.strata),
    check,
    clusters,
    goldenRecords,
    decisions: { applied: decisions.length - unapplied.length, unapplied },
    customers,
  };
}

export const identityRecluster = (engine: Engine, spec: ReclusterSpec, context: JobContext) => recluster(engine, spec, context);

/** The model and its trained parameters, kept beside the pairs so a re-clustering can score the pairs it implies. */
const modelTable = 'identity_model';

/** What `identity_model` keeps: the model, the parameters the pairs were scored with, EM's (before labels) and what the labels changed. */
interface StoredModel {
  model: MatchModel;
  trained: TrainedModel;
  em?: TrainedModel;
  learning?: LabelLearning;
}

async function storeModel(engine: Engine, stored: StoredModel): Promise<void> {
  await engine.exec(`CREATE OR REPLACE TABLE ${modelTable} AS SELECT ${quoteLiteral(JSON.stringify(stored))} AS model`);
}

async function weightHistogram(engine: Engine): Promise<MatchResult['histogram']> {
  return (await rows(engine, `SELECT floor(match_weight)::INTEGER AS bin, count(*) AS n FROM ${pairsTable} GROUP BY bin ORDER BY bin`)).map(
    (row) => ({ from: Number(row.bin), pairs: Number(row.n) }),
  );
}

/**
 * Teaches the model EM trained (kept in `identity_model`) with `spec.labels`, scores the candidate pairs again,
 * clusters again and offers the next pairs to teach with. No labels: back to EM's model.
 */
export async function identityLearn(engine: Engine, spec: LearnSpec, context: JobContext): Promise<LearnResult> {
  const stored = await storedModel(engine);
  const em = stored.em ?? stored.trained;
  const taught = await teachModel(engine, inputTable, stored.model, em, spec.labels, spec.priorBits);
  const trained = taught?.trained ?? em;
  await rescorePairs(engine, pairsTable, trained);
  await storeModel(engine, { model: stored.model, trained, em, learning: taught?.learning });
  checkCancelled(context);
  const { labels: _labels, reviewPairs: limit, priorBits: _prior, ...reclusterSpec } = spec;
  const reclustered = await recluster(engine, reclusterSpec, context);
  return {
    ...reclustered,
    trained,
    ...(taught ? { learning: taught.learning } : {}),
    histogram: await weightHistogram(engine),
    review: await teachingPairs(engine, stored.model, trained, spec.threshold, limit ?? 200),
  };
}

/** The model and trained parameters of the last match run; a warehouse matched by an older Kura has none (the cell must run again). */
export async function storedModel(engine: Engine, known?: ReadonlySet<string>): Promise<StoredModel> {
  const kept = known ? known.has(modelTable) : (await existingTableNames(engine, [modelTable])).length > 0;
  const stored = kept ? (await rows(engine, `SELECT model FROM ${modelTable}`))[0] : undefined;
  if (!stored) throw identityError('identity.noPairs');
  return JSON.parse(String(stored.model)) as StoredModel;
}

/** Scores the pairs the clusters imply, counts the strata both estimates read and draws the labelling sample. */
async function clusterCheck(engine: Engine): Promise<ClusterCheck> {
  const { model, trained } = await storedModel(engine);
  await engine.exec(impliedPairsSql(clustersTable));
  // A pair the match compared keeps the weight it was scored with (the same model); only the pairs joined through
  // other records are compared here (1M records: 0.97 s for every implied pair).
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE identity_implied_new AS SELECT i.* FROM ${impliedPairsTable} i ANTI JOIN ${pairsTable} p USING (unique_id_l, unique_id_r)`,
  );
  await engine.exec(
    comparePairsSql(inputTable, 'identity_implied_new', 'identity_implied_compared', model.comparisons, ['represents', 'cluster_id']),
  );
  await engine.exec(`CREATE OR REPLACE TEMP TABLE identity_implied_scored AS
      SELECT p.unique_id_l, p.unique_id_r, p.cluster_id, p.represents, ${matchWeightSql(trained)} AS match_weight FROM identity_implied_compared p
      UNION ALL
      SELECT i.unique_id_l, i.unique_id_r, i.cluster_id, i.represents, p.match_weight FROM ${impliedPairsTable} i JOIN ${pairsTable} p USING (unique_id_l, unique_id_r);
    DROP TABLE identity_implied_compared; DROP TABLE identity_implied_new; DROP TABLE ${impliedPairsTable};`);
  for (let round = 0; round < pathRounds; round++) {
    await engine.exec(pathRoundSql('identity_implied_scored'));
    const [risen] = await rows(engine, `SELECT count(*) AS n FROM ${pathRisenTable}`);
    await engine.exec(pathApplySql('identity_implied_scored'));
    if (Number(risen!.n) === 0) break;
  }
  await engine.exec(estimatePairsSql('identity_implied_scored', pairsTable, clustersTable));
  const strata = (await rows(engine, strataSql)).map((row) => ({
    population: row.population as Stratum['population'],
    band: Number(row.band),
    pairs: Number(row.pairs),
    expectedMatches: Number(row.expected),
  }));
  await engine.exec(checkSampleSql(inputTable, allocateSample(strata)));
  await engine.exec(
    comparePairsSql(inputTable, checkSampleTable, 'identity_check_compared', model.comparisons, [
      'position',
      'population',
      'band',
      'match_weight',
    ]),
  );
  const explained = await explainPairs(engine, trained, 'identity_check_compared', 'p.position');
  const strataOf = await rows(engine, `SELECT population, band FROM identity_check_compared ORDER BY position`);
  const sample = explained.map((explanation, index) => ({
    pair: `${explanation.left.source}:${explanation.left.row}|${explanation.right.source}:${explanation.right.row}`,
    population: strataOf[index]!.population as Stratum['population'],
    band: Number(strataOf[index]!.band),
    matchWeight: explanation.matchWeight,
    explanation,
  }));
  await engine.exec('DROP TABLE identity_implied_scored; DROP TABLE identity_estimate_pairs; DROP TABLE identity_check_compared;');
  return { strata, sample };
}

/** The next pairs to label to teach the model (teachingOrderSql; the labels table is written by teachModel), with waterfalls. */
async function teachingPairs(
  engine: Engine,
  model: MatchModel,
  trained: TrainedModel,
  threshold: number,
  limit: number,
): Promise<PairExplanation[]> {
  if (limit <= 0) return [];
  await engine.exec(teachingOrderSql(pairsTable, clustersTable, model.comparisons, threshold, limit));
  const explained = await explainPairs(
    engine,
    trained,
    `(SELECT p.*, t.position FROM ${pairsTable} p JOIN identity_teach_next t USING (unique_id_l, unique_id_r))`,
    'p.position',
  );
  await engine.exec('DROP TABLE identity_teach_next');
  return explained;
}

/** Waterfalls of the pairs in a compared table or subquery `compared` (ids, gamma, tf and rare columns, `match_weight`), in `order`. */
export async function explainPairs(engine: Engine, trained: TrainedModel, compared: string, order: string): Promise<PairExplanation[]> {
  const gammas = trained.comparisons.map((c) => `p.${quoteIdent(gammaColumn(c))}`);
  const tfs = trained.comparisons.map((c) => (c.termFrequency ? `p.${quoteIdent(tfColumn(c))}` : 'NULL'));
  const rares = trained.comparisons.map((c) => (c.termFrequency ? `coalesce(p.${quoteIdent(rareColumn(c))}, false)` : 'false'));
  const result = await rows(
    engine,
    `SELECT l.source AS source_l, l.row AS row_l, r.source AS source_r, r.row AS row_r, p.match_weight, ${gammas.map((g, c) => `${g}::INTEGER AS g${c}`).join(', ')}, ${tfs.map((t, c) => `${t}::DOUBLE AS t${c}`).join(', ')}, ${rares.map((r, c) => `${r} AS r${c}`).join(', ')}, ${recordSummarySql('l')}, ${recordSummarySql('r')}
     FROM ${compared} p JOIN ${inputTable} l ON l.unique_id = p.unique_id_l JOIN ${inputTable} r ON r.unique_id = p.unique_id_r
     ORDER BY ${order}`,
  );
  return result.map((row) => {
    const gammaValues = trained.comparisons.map((_, c) => Number(row[`g${c}`]));
    const tfValues = trained.comparisons.map((_, c) => (row[`t${c}`] == null ? null : Number(row[`t${c}`])));
    const terms = explainTerms(
      trained,
      gammaValues,
      tfValues,
      trained.comparisons.map((_, c) => row[`r${c}`] === true),
    );
    const matchWeight = Number(row.match_weight);
    const cappedAt = capFor(trained, gammaValues);
    return {
      left: recordSummary(row, 'l'),
      right: recordSummary(row, 'r'),
      matchWeight,
      probability: 1 / (1 + 2 ** -matchWeight),
      prior: trained.priorWeight,
      terms,
      cappedAt,
    };
  });
}

export {
  modelTable as identityModelTable,
  pairsTable as identityPairsTable,
  clustersTable as identityClustersTable,
  goldenTable as customersGoldenTable,
};
