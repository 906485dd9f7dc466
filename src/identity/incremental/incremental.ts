/**
 * Incremental matching: a new export (this week's sign-ups) is attached to the customers of an earlier match
 * without running it again. The new records go through the same prepare step, are blocked against the matched
 * records with the same rules and caps, compared and scored with the stored model (no re-estimation), and each
 * becomes part of the customer its best pair points to (at or above the threshold), is offered for review (in the
 * review band) or becomes a new customer. Existing customers and their ids are never changed: a new record that
 * matches two customers joins the likelier one and does not merge them. The new records, their pairs and their
 * clusters are appended to the match's tables, and the golden records of the customers they touch are rebuilt, all in
 * one transaction: an attach that fails or is cancelled at any step changes nothing.
 */
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { quoteIdent, quoteLiteral } from '../../engine/sql.ts';
import {
  blockHashesSql,
  blockHashesTable,
  blockSizesSql,
  defaultBlockWindow,
  defaultMaxPairsPerRecord,
  minRulePairs,
  ruleBlockCaps,
  ruleWindows,
} from '../blocking/blocking.ts';
import { clusterStats, clustersTable, defaultGroupEvidence, type ClusterStats } from '../cluster/cluster.ts';
import { customerIdsTable, recordKeySql } from '../cluster/customer-ids.ts';
import { comparePairsSql, termFrequencyAgainstSql } from '../compare/compare.ts';
import { matchWeightSql } from '../fellegi-sunter/fellegi-sunter.ts';
import { defaultSurvivorship, goldenSql, goldenTable } from '../golden/golden.ts';
import { identityError } from '../identity-error.ts';
import { identityPairsTable, storedModel } from '../job.ts';
import { defaultThreshold, type BlockingRule, type IdentitySource, type MatchModel, type Survivorship } from '../model/spec.ts';
import { inputTable, prepareIdentityInput, tableColumns, type PrepareContext } from '../prepare/prepare.ts';
import { dropSearchIndexes } from '../search/search.ts';
import { stepTimings } from '../step-timings.ts';
import type { RecordSummary } from '../result/explain.ts';
import { recordSummary, recordSummarySql } from '../result/records.ts';
import { decideNewRecords, type NewRecordDecision } from './decide.ts';

/** One row per new record: the customer it belongs to now and why (`decision`). */
export const incrementalTable = 'identity_incremental';
const newInputTable = 'identity_new_input';
const nextIdTable = 'identity_customer_next_id';

/**
 * The tables an incremental match reads and extends: what `kura match` keeps beside its CSV files so a later
 * `--against` can attach to it (`identity_pairs` schema only: the new pairs are appended to it).
 */
export const matchStateTables: readonly string[] = [
  inputTable,
  'identity_model',
  clustersTable,
  goldenTable,
  customerIdsTable,
  nextIdTable,
  identityPairsTable,
];

/** Below the threshold, a best match at or above this probability is offered for review. */
export const defaultReviewFrom = 0.5;

export interface IncrementalSpec {
  /** The new export(s); their names must differ from the matched sources'. */
  sources: IdentitySource[];
  threshold?: number;
  /** The lower end of the review band [reviewFrom, threshold). */
  reviewFrom?: number;
  survivorship?: Survivorship;
}

export interface IncrementalResult {
  /** New records read. */
  records: number;
  /** Records matched before (the customers they were attached to). */
  existingRecords: number;
  attached: number;
  review: number;
  new: number;
  /** Customers made of new records only (their fresh ids). */
  newCustomers: number;
  /** Existing customers that gained records. */
  customersGained: number;
  candidates: number;
  threshold: number;
  reviewFrom: number;
  /** Customers after the attach (golden records), and the sizes of their clusters. */
  goldenRecords: number;
  clusters: ClusterStats;
  /** The records offered for review, likeliest first (at most `reviewListed`), each beside the customer it may belong to. */
  toReview: AttachReview[];
  timings: Record<string, number>;
}

/** A new record in the review band, and the record of its likeliest existing customer it is closest to. */
export interface AttachReview {
  record: ReviewedRecord;
  probability: number;
  candidate: { customerId: number; clusterId: number; record: ReviewedRecord };
}

/** A record's shown fields and its id in its source (null when it has none: `row` identifies it). */
export type ReviewedRecord = RecordSummary & { id: string | null };

const reviewListed = 50;

export async function identityMatchIncremental(engine: Engine, spec: IncrementalSpec, context: PrepareContext): Promise<IncrementalResult> {
  const { timings, step } = stepTimings(context.signal);
  const threshold = spec.threshold ?? defaultThreshold;
  const reviewFrom = spec.reviewFrom ?? defaultReviewFrom;
  if (!(threshold > 0 && threshold < 1) || !(reviewFrom > 0 && reviewFrom <= threshold)) throw identityError('identity.threshold');
  const { model } = await storedModel(engine);
  const [existing] = await queryRows(
    engine,
    `SELECT count(*)::BIGINT AS n, coalesce(max(unique_id) + 1, 0)::BIGINT AS next FROM ${inputTable}`,
  );
  const existingRecords = Number(existing?.n ?? 0);
  const firstId = Number(existing?.next ?? 0);
  const matchedSources = (await queryRows(engine, `SELECT source FROM ${inputTable} GROUP BY source ORDER BY min(unique_id)`)).map((row) =>
    String(row.source),
  );
  for (const source of spec.sources) {
    if (matchedSources.includes(source.name)) throw identityError('identity.alreadyMatched', { name: source.name });
  }

  dropSearchIndexes();
  await engine.exec('BEGIN TRANSACTION');
  try {
    const prepared = await prepareIdentityInput(engine, spec.sources, context, {
      table: newInputTable,
      firstId,
      readingsAlsoFrom: inputTable,
    });
    await engine.exec(termFrequencyAgainstSql(inputTable, newInputTable, model.comparisons));
    step('prepare');

    await engine.exec(`ALTER TABLE ${inputTable} ADD COLUMN IF NOT EXISTS created TIMESTAMP`);
    const newColumns = new Set(await tableColumns(engine, newInputTable));
    const shared = (await tableColumns(engine, inputTable)).filter((column) => newColumns.has(column));
    await engine.exec(
      `INSERT INTO ${inputTable} BY NAME SELECT ${shared.map(quoteIdent).join(', ')} FROM ${newInputTable}; DROP TABLE ${newInputTable};`,
    );
    const candidates = await scoreNewRecords(engine, inputTable, firstId, existingRecords + prepared.records);
    step('blocking, comparisons and scoring');
    await engine.exec(`INSERT INTO ${identityPairsTable} BY NAME
        SELECT l.source AS source_l, l.row AS row_l, r.source AS source_r, r.row AS row_r, p.*
        FROM identity_new_scored p JOIN ${inputTable} l ON l.unique_id = p.unique_id_l JOIN ${inputTable} r ON r.unique_id = p.unique_id_r;`);

    const decisions = await decide(engine, firstId, threshold, reviewFrom);
    await writeDecisions(engine, decisions, firstId);
    await engine.exec(`DROP TABLE identity_new_scored`);
    step('decisions');

    await rebuildGolden(engine, firstId, spec.survivorship ?? defaultSurvivorship, [...matchedSources, ...spec.sources.map((s) => s.name)]);
    step('golden records');

    const toReview = await reviewList(engine);
    const [golden] = await queryRows(engine, `SELECT count(*)::BIGINT AS n FROM ${goldenTable}`);
    const clusters = await clusterStats(engine, clustersTable);
    await engine.exec('COMMIT');
    const count = (decision: NewRecordDecision['decision']) => decisions.filter((d) => d.decision === decision).length;
    return {
      records: prepared.records,
      existingRecords,
      attached: count('attached'),
      review: count('review'),
      new: count('new'),
      newCustomers: new Set(decisions.filter((d) => d.fresh).map((d) => d.customerId)).size,
      customersGained: new Set(decisions.filter((d) => !d.fresh).map((d) => d.customerId)).size,
      candidates,
      threshold,
      reviewFrom,
      goldenRecords: Number(golden?.n ?? 0),
      clusters,
      toReview,
      timings,
    };
  } catch (error) {
    // All or nothing: a failed or cancelled attach leaves every table of the match, and the lasting ids, as they were.
    await engine.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Blocks the records of `input` from `firstId` on against the ones before them (and each other) with the stored
 * model's rules and caps, compares and scores the pairs into `identity_new_scored`; returns the candidate pairs.
 */
export async function scoreNewRecords(engine: Engine, input: string, firstId: number, records: number): Promise<number> {
  const { model, trained } = await storedModel(engine);
  const inputColumns = await tableColumns(engine, input);
  const sortColumns = ['birth_date', 'postal', 'email_canonical', 'phone', 'name_key'].filter((c) => inputColumns.includes(c));
  await engine.exec(blockHashesSql(input, model.blocking, sortColumns));
  const { caps, windows } = await blockLimits(engine, model, records);
  await engine.exec(newCandidatesSql(model.blocking, caps, windows, firstId));
  const [counted] = await queryRows(engine, `SELECT count(*)::BIGINT AS n FROM identity_new_candidates`);
  await engine.exec(comparePairsSql(input, 'identity_new_candidates', 'identity_new_compared', model.comparisons, ['rule']));
  await engine.exec(`CREATE OR REPLACE TEMP TABLE identity_new_scored AS
      SELECT p.*, 1 / (1 + pow(2, -p.match_weight)) AS match_probability
      FROM (SELECT p.*, ${matchWeightSql(trained)} AS match_weight FROM identity_new_compared p) p;
    DROP TABLE identity_new_compared; DROP TABLE identity_new_candidates;`);
  return Number(counted?.n ?? 0);
}

/** Block caps and windows as identityMatch computes them, over the matched and the new records. */
async function blockLimits(engine: Engine, model: MatchModel, records: number): Promise<{ caps: number[]; windows: number[] }> {
  const sizes = (await queryRows(engine, blockSizesSql(model.blocking))).map((row) => ({
    rule: Number(row.rule),
    size: Number(row.size),
    blocks: Number(row.blocks),
  }));
  const caps = ruleBlockCaps(
    model.blocking.length,
    sizes,
    model.maxBlockSize,
    Math.max(minRulePairs, Math.round(records * (model.maxPairsPerRecord ?? defaultMaxPairsPerRecord))),
  );
  const window = model.blockWindow ?? defaultBlockWindow;
  return { caps, windows: ruleWindows(model.blocking.length, sizes, caps, window, Math.max(minRulePairs, 2 * records * window)) };
}

/**
 * Candidate pairs of each new record (`unique_id` ≥ `firstId`, on the right) with the matched records and the other
 * new records, by the stored blocking rules: all of a block's records when the block is within the rule's cap, the
 * `window` nearest by sort key on each side when it is over the cap (as the sorted neighbourhood pairs them).
 */
function newCandidatesSql(rules: readonly BlockingRule[], caps: readonly number[], windows: readonly number[], firstId: number): string {
  if (rules.length === 0)
    return `CREATE OR REPLACE TEMP TABLE identity_new_candidates (unique_id_l BIGINT, unique_id_r BIGINT, rule INTEGER)`;
  const fresh = `(SELECT * FROM ${blockHashesTable} WHERE unique_id >= ${firstId})`;
  // The over-cap blocks the new records fall in, every rule in one table (one GROUP BY per rule, over the blocks of new records only).
  const overCap = rules.map(
    (_, i) =>
      `SELECT ${i} AS rule, h${i} AS h FROM ${blockHashesTable} WHERE h${i} IN (SELECT h${i} FROM ${fresh}) GROUP BY h${i} HAVING count(*) > ${caps[i]}`,
  );
  const selects = rules.flatMap((_, i) => {
    const h = `h${i}`;
    const over = `(SELECT h FROM identity_new_over_cap WHERE rule = ${i})`;
    const within = `SELECT e.unique_id AS unique_id_l, n.unique_id AS unique_id_r, ${i} AS rule
      FROM ${fresh} n JOIN ${blockHashesTable} e ON e.${h} = n.${h} AND e.unique_id < n.unique_id
      WHERE n.${h} NOT IN ${over}`;
    const w = windows[i] ?? 0;
    if (w < 1) return [within];
    const side = (before: boolean) => `SELECT e.unique_id AS unique_id_l, n.unique_id AS unique_id_r, ${i} AS rule
      FROM ${fresh} n JOIN ${blockHashesTable} e ON e.${h} = n.${h} AND e.unique_id < n.unique_id
      WHERE n.${h} IN ${over} AND ${before ? 'e.sort_key <= n.sort_key' : 'e.sort_key > n.sort_key'}
      QUALIFY row_number() OVER (PARTITION BY n.unique_id ORDER BY e.sort_key ${before ? 'DESC' : 'ASC'}, e.unique_id) <= ${w}`;
    return [within, side(true), side(false)];
  });
  return `CREATE OR REPLACE TEMP TABLE identity_new_over_cap AS ${overCap.join('\n    UNION ALL ')};
    CREATE OR REPLACE TEMP TABLE identity_new_candidates AS
    SELECT unique_id_l, unique_id_r, min(rule) AS rule FROM (${selects.join('\nUNION ALL\n')}) GROUP BY unique_id_l, unique_id_r;
    DROP TABLE identity_new_over_cap; DROP TABLE ${blockHashesTable};`;
}

/** Reads what the kernel needs from the scored pairs (small: one best customer per new record, the strong new–new pairs) and decides. */
async function decide(engine: Engine, firstId: number, threshold: number, reviewFrom: number): Promise<NewRecordDecision[]> {
  const records = await queryRows(
    engine,
    `SELECT unique_id, ${recordKeySql('i')} AS record_key FROM ${inputTable} i WHERE unique_id >= ${firstId} ORDER BY unique_id`,
  );
  // Group evidence, as the clustering's second pass weighs it: pairs to one customer that together say "same" although
  // none alone reaches the threshold.
  const { support, minProbability, share } = defaultGroupEvidence;
  const best = await queryRows(
    engine,
    `SELECT unique_id, customer_id, probability, grouped FROM (
       SELECT unique_id, customer_id, probability,
         probability < ${threshold} AND evidence >= ${support} AND evidence >= ${share} * compared AS grouped
       FROM (
         SELECT p.unique_id_r AS unique_id, c.customer_id, max(p.match_probability) AS probability,
           coalesce(sum(p.match_probability) FILTER (WHERE p.match_probability >= ${minProbability}), 0) AS evidence, count(*) AS compared
         FROM identity_new_scored p JOIN ${clustersTable} c ON c.unique_id = p.unique_id_l
         WHERE p.unique_id_l < ${firstId} GROUP BY p.unique_id_r, c.customer_id))
     QUALIFY row_number() OVER (PARTITION BY unique_id ORDER BY probability >= ${threshold} OR grouped DESC, probability DESC, customer_id) = 1`,
  );
  const edges = await queryRows(
    engine,
    `SELECT unique_id_l, unique_id_r, match_probability FROM identity_new_scored
     WHERE unique_id_l >= ${firstId} AND match_probability >= ${threshold} ORDER BY unique_id_l, unique_id_r`,
  );
  const [next] = await queryRows(
    engine,
    `SELECT greatest(coalesce((SELECT max(next_id) FROM ${nextIdTable}), 1), coalesce((SELECT max(customer_id) + 1 FROM ${customerIdsTable}), 1))::BIGINT AS next_id`,
  );
  const earlier = await queryRows(
    engine,
    `SELECT i.unique_id, min(e.customer_id) AS customer_id FROM ${inputTable} i JOIN ${customerIdsTable} e ON e.record_key = ${recordKeySql('i')}
     WHERE i.unique_id >= ${firstId} AND e.customer_id NOT IN (SELECT customer_id FROM ${clustersTable} WHERE unique_id < ${firstId})
     GROUP BY i.unique_id`,
  );
  return decideNewRecords({
    records: records.map((row) => ({ id: Number(row.unique_id), key: String(row.record_key) })),
    earlier: earlier.map((row) => ({ id: Number(row.unique_id), customerId: Number(row.customer_id) })),
    best: best.map((row) => ({
      id: Number(row.unique_id),
      customerId: Number(row.customer_id),
      probability: Number(row.probability),
      grouped: row.grouped === true,
    })),
    edges: edges.map((row) => ({ a: Number(row.unique_id_l), b: Number(row.unique_id_r), probability: Number(row.match_probability) })),
    threshold,
    reviewFrom,
    nextId: Number(next?.next_id ?? 1),
  });
}

/** The decisions as `identity_incremental`, and the new records appended to the clusters and the lasting ids. */
async function writeDecisions(engine: Engine, decisions: readonly NewRecordDecision[], firstId: number): Promise<void> {
  const values = decisions.map(
    (d) =>
      `(${d.id}, ${d.customerId}, ${d.fresh}, ${quoteLiteral(d.decision)}, ${d.probability ?? 'NULL'}, ${d.candidateCustomerId ?? 'NULL'}, ${d.component})`,
  );
  const decided = values.length
    ? `SELECT * FROM (VALUES ${values.join(', ')}) t(unique_id, customer_id, fresh, decision, match_probability, candidate_customer_id, component)`
    : `SELECT 0::BIGINT AS unique_id, 0::BIGINT AS customer_id, false AS fresh, '' AS decision, 0.0::DOUBLE AS match_probability, 0::BIGINT AS candidate_customer_id, 0::BIGINT AS component WHERE false`;
  await engine.exec(`
    CREATE OR REPLACE TEMP TABLE identity_new_decided AS ${decided};
    CREATE OR REPLACE TABLE ${incrementalTable} AS
      SELECT i.source, i.row, i.unique_id, i.source_id, d.customer_id::BIGINT AS customer_id, d.decision::VARCHAR AS decision,
        d.match_probability::DOUBLE AS match_probability, d.candidate_customer_id::BIGINT AS candidate_customer_id
      FROM identity_new_decided d JOIN ${inputTable} i USING (unique_id) ORDER BY i.unique_id;
    CREATE OR REPLACE TEMP TABLE identity_customer_clusters AS
      SELECT customer_id, min(cluster_id) AS cluster_id, min(household_id) AS household_id FROM ${clustersTable}
      WHERE unique_id < ${firstId} AND customer_id IN (SELECT customer_id FROM identity_new_decided WHERE NOT fresh) GROUP BY customer_id;
    INSERT INTO ${clustersTable} BY NAME
      SELECT i.source, i.row, i.unique_id, coalesce(c.cluster_id, d.component) AS cluster_id, d.customer_id::BIGINT AS customer_id,
        coalesce(c.household_id, d.component) AS household_id
      FROM identity_new_decided d JOIN ${inputTable} i USING (unique_id) LEFT JOIN identity_customer_clusters c ON c.customer_id = d.customer_id AND NOT d.fresh
      ORDER BY i.unique_id;
    CREATE OR REPLACE TEMP TABLE identity_new_ids AS
      SELECT ${recordKeySql('i')} AS record_key, d.customer_id FROM identity_new_decided d JOIN ${inputTable} i USING (unique_id);
    DELETE FROM ${customerIdsTable} WHERE record_key IN (SELECT record_key FROM identity_new_ids);
    INSERT INTO ${customerIdsTable} SELECT * FROM identity_new_ids;
    DROP TABLE identity_new_ids;
    CREATE OR REPLACE TABLE ${nextIdTable} AS
      SELECT greatest(coalesce((SELECT max(next_id) FROM ${nextIdTable}), 1), coalesce((SELECT max(customer_id) + 1 FROM ${customerIdsTable}), 1)) AS next_id;
    DROP TABLE identity_customer_clusters; DROP TABLE identity_new_decided;`);
}

/** The golden records of the customers that gained records, and of the new customers. */
async function rebuildGolden(engine: Engine, firstId: number, survivorship: Survivorship, sources: readonly string[]): Promise<void> {
  await engine.exec(`CREATE OR REPLACE TEMP TABLE identity_touched AS
      SELECT * FROM ${clustersTable} WHERE cluster_id IN (SELECT cluster_id FROM ${clustersTable} WHERE unique_id >= ${firstId});
    ${goldenSql(inputTable, 'identity_touched', survivorship, sources, 'temp.identity_touched_golden')};
    ALTER TABLE ${goldenTable} ADD COLUMN IF NOT EXISTS customer_since VARCHAR;
    ALTER TABLE ${goldenTable} ADD COLUMN IF NOT EXISTS customer_since_source VARCHAR;
    ALTER TABLE ${goldenTable} ADD COLUMN IF NOT EXISTS customer_since_row BIGINT;
    DELETE FROM ${goldenTable} WHERE cluster_id IN (SELECT cluster_id FROM identity_touched_golden);
    INSERT INTO ${goldenTable} BY NAME SELECT * FROM identity_touched_golden;
    DROP TABLE identity_touched; DROP TABLE identity_touched_golden;`);
}

/** The records `identity_incremental` offers for review, likeliest first, each beside its candidate customer's closest record. */
async function reviewList(engine: Engine): Promise<AttachReview[]> {
  const found = await queryRows(
    engine,
    `WITH review AS (SELECT * FROM ${incrementalTable} WHERE decision = 'review'),
     closest AS (
       SELECT r.unique_id, p.unique_id_l AS member FROM review r
       JOIN ${identityPairsTable} p ON p.unique_id_r = r.unique_id
       JOIN ${clustersTable} c ON c.unique_id = p.unique_id_l AND c.customer_id = r.candidate_customer_id
       QUALIFY row_number() OVER (PARTITION BY r.unique_id ORDER BY p.match_probability DESC, p.unique_id_l) = 1)
     SELECT n.source AS source_n, n.row AS row_n, n.source_id AS id_n, ${recordSummarySql('n')},
       c.source AS source_c, c.row AS row_c, c.source_id AS id_c, ${recordSummarySql('c')},
       r.match_probability, r.candidate_customer_id, k.cluster_id
     FROM review r JOIN closest b USING (unique_id) JOIN ${inputTable} n ON n.unique_id = r.unique_id
       JOIN ${inputTable} c ON c.unique_id = b.member JOIN ${clustersTable} k ON k.unique_id = b.member
     ORDER BY r.match_probability DESC, r.unique_id LIMIT ${reviewListed}`,
  );
  const reviewed = (row: Record<string, unknown>, alias: string): ReviewedRecord => ({
    ...recordSummary(row, alias),
    id: row[`id_${alias}`] == null ? null : String(row[`id_${alias}`]),
  });
  return found.map((row) => ({
    record: reviewed(row, 'n'),
    probability: Number(row.match_probability),
    candidate: { customerId: Number(row.candidate_customer_id), clusterId: Number(row.cluster_id), record: reviewed(row, 'c') },
  }));
}
