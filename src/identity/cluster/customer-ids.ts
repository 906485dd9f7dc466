/**
 * Customer ids that last. A cluster's `cluster_id` (its smallest record number) changes when the files come in
 * another order or a source is added; the `customer_id` a user sees does not. The warehouse keeps the id each
 * record's customer had (`identity_customer_ids`, by source and the record's id in it, or its row without one); a
 * new clustering gives each cluster the earlier id most of its records had, each earlier id to one cluster only
 * (the one holding most of its records), and a fresh id to every other cluster. Fresh ids count up from the highest
 * id ever given and are handed out in the order of each cluster's first record key, so the first run gives the same
 * ids whatever the order of the files.
 */
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { quoteLiteral } from '../../engine/sql.ts';
import { createOrReplaceTable } from './cluster.ts';

export const customerIdsTable = 'identity_customer_ids';
const nextIdTable = 'identity_customer_next_id';

/** The tables that make customer ids last from one clustering to the next (a share bundle carries them). */
export const lastingIdTables: readonly string[] = [customerIdsTable, nextIdTable];

/** What a clustering changed since the one before it, counted in customers. */
export interface CustomerChanges {
  /** Whether an earlier clustering's ids were there to keep (false on the first run). */
  earlier: boolean;
  /** Customers whose records are exactly the records they had. */
  unchanged: number;
  /** Customers that kept their id with records gained or lost. */
  changed: number;
  /** Customers made of records from two or more earlier customers. */
  merged: number;
  /** Earlier customers whose records now lie in two or more customers. */
  split: number;
  /** Customers none of whose records had a customer before (new records, or records split out). */
  new: number;
  /** Earlier ids no customer has any more (merged into another, or their records gone). */
  retired: number;
}

/** Whether a clustering changed any customer since the one before it (false on the first run too). */
export function customersMoved(changes: CustomerChanges | null | undefined): boolean {
  return Boolean(changes?.earlier && changes.changed + changes.merged + changes.split + changes.new + changes.retired > 0);
}

/** A record's key across runs, from columns `source`, `source_id` (its id in the source, or NULL) and `row` of `alias`. */
export const recordKeySql = (alias: string) =>
  `${alias}.source || chr(31) || coalesce('id:' || ${alias}.source_id, 'row:' || ${alias}.row::VARCHAR)`;

/**
 * Takes the ids of an earlier run as the ones to keep: `from` is a query with columns source, source_id (NULL when
 * the record had none), row and customer_id, e.g. an earlier `kura match`'s clusters.csv.
 */
export function earlierCustomerIdsSql(from: string): string {
  return `CREATE OR REPLACE TABLE ${customerIdsTable} AS
      SELECT ${recordKeySql('e')} AS record_key, e.customer_id::BIGINT AS customer_id FROM (${from}) e WHERE e.customer_id IS NOT NULL;
    CREATE OR REPLACE TABLE ${nextIdTable} AS SELECT coalesce(max(customer_id) + 1, 1) AS next_id FROM ${customerIdsTable};`;
}

/**
 * Sets aside the lasting ids of the records of `sources` (exports attached to the customers after the match, by an
 * incremental match), so that matching the other sources again neither retires those ids nor counts their records
 * as changes; `restoreSetAsideIdsSql` puts them back for the attach that follows.
 */
export function setAsideIdsSql(sources: readonly string[]): string {
  const listed = `split_part(record_key, chr(31), 1) IN (${sources.map(quoteLiteral).join(', ')})`;
  return `CREATE TABLE IF NOT EXISTS ${customerIdsTable} (record_key VARCHAR, customer_id BIGINT);
    CREATE OR REPLACE TEMP TABLE identity_ids_aside AS SELECT * FROM ${customerIdsTable} WHERE ${listed};
    DELETE FROM ${customerIdsTable} WHERE ${listed};`;
}

export const restoreSetAsideIdsSql = `INSERT INTO ${customerIdsTable}
    SELECT * FROM identity_ids_aside WHERE record_key NOT IN (SELECT record_key FROM ${customerIdsTable});
  DROP TABLE identity_ids_aside;`;

/**
 * Adds `customer_id` to `clusters` (source, row, unique_id, cluster_id, …) from the ids kept in the warehouse, and
 * keeps the new ids for the next clustering. Returns what changed.
 */
export async function assignCustomerIds(engine: Engine, input: string, clusters: string): Promise<CustomerChanges> {
  await engine.exec(`
    CREATE TABLE IF NOT EXISTS ${customerIdsTable} (record_key VARCHAR, customer_id BIGINT);
    CREATE TABLE IF NOT EXISTS ${nextIdTable} (next_id BIGINT);
    CREATE OR REPLACE TEMP TABLE identity_keyed AS
      SELECT c.cluster_id, ${recordKeySql('i')} AS record_key FROM ${clusters} c JOIN ${input} i ON i.unique_id = c.unique_id;
    CREATE OR REPLACE TEMP TABLE identity_before AS SELECT record_key, min(customer_id) AS customer_id FROM ${customerIdsTable} GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE identity_earlier AS
      SELECT k.cluster_id, e.customer_id, k.record_key FROM identity_keyed k JOIN identity_before e USING (record_key);
    CREATE OR REPLACE TEMP TABLE identity_overlap AS
      SELECT cluster_id, customer_id, count(*) AS shared, min(record_key) AS first_key FROM identity_earlier GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE identity_kept (cluster_id BIGINT, customer_id BIGINT);`);
  // Each round keeps the pairs that are each other's best among what is left: a cluster's best earlier id (most
  // records shared, then the smaller id) whose best cluster it is (most records shared, then the first record key).
  for (let round = 0; round < 20; round++) {
    await engine.exec(`
      INSERT INTO identity_kept
      WITH open AS (
        SELECT * FROM identity_overlap
        WHERE cluster_id NOT IN (SELECT cluster_id FROM identity_kept) AND customer_id NOT IN (SELECT customer_id FROM identity_kept)),
      ranked AS (
        SELECT *, row_number() OVER (PARTITION BY cluster_id ORDER BY shared DESC, customer_id) AS by_cluster,
          row_number() OVER (PARTITION BY customer_id ORDER BY shared DESC, first_key) AS by_customer
        FROM open)
      SELECT cluster_id, customer_id FROM ranked WHERE by_cluster = 1 AND by_customer = 1;`);
    const [open] = await queryRows(
      engine,
      `SELECT count(*)::INTEGER AS n FROM identity_overlap
       WHERE cluster_id NOT IN (SELECT cluster_id FROM identity_kept) AND customer_id NOT IN (SELECT customer_id FROM identity_kept)`,
    );
    if (Number(open?.n ?? 0) === 0) break;
  }
  await engine.exec(`
    CREATE OR REPLACE TEMP TABLE identity_assigned AS
    WITH next AS (
      SELECT greatest(coalesce((SELECT max(next_id) FROM ${nextIdTable}), 1),
                      coalesce((SELECT max(customer_id) + 1 FROM ${customerIdsTable}), 1)) AS next_id),
    fresh AS (
      SELECT cluster_id, min(record_key) AS first_key FROM identity_keyed
      WHERE cluster_id NOT IN (SELECT cluster_id FROM identity_kept) GROUP BY cluster_id)
    SELECT cluster_id, customer_id, false AS fresh FROM identity_kept
    UNION ALL
    SELECT cluster_id, (SELECT next_id FROM next) + row_number() OVER (ORDER BY first_key) - 1, true FROM fresh;
    ${createOrReplaceTable(clusters)} AS
      SELECT c.*, a.customer_id FROM ${clusters} c JOIN identity_assigned a USING (cluster_id) ORDER BY c.unique_id;`);
  const [counts] = await queryRows(
    engine,
    `WITH earlier AS (SELECT DISTINCT customer_id FROM identity_before),
      sources AS (SELECT cluster_id, count(DISTINCT customer_id) AS earlier_ids, count(*) AS records FROM identity_earlier GROUP BY ALL),
      members AS (SELECT cluster_id, count(*) AS records FROM identity_keyed GROUP BY ALL),
      before AS (SELECT customer_id, count(*) AS records FROM identity_before GROUP BY ALL),
      spread AS (SELECT customer_id, count(DISTINCT cluster_id) AS clusters FROM identity_earlier GROUP BY ALL),
      customers AS (
        SELECT a.cluster_id, a.customer_id, a.fresh, coalesce(s.earlier_ids, 0) AS earlier_ids,
          m.records = coalesce(s.records, 0) AND m.records = coalesce(b.records, -1) AND coalesce(p.clusters, 0) = 1 AS same
        FROM identity_assigned a JOIN members m USING (cluster_id) LEFT JOIN sources s USING (cluster_id)
          LEFT JOIN before b ON b.customer_id = a.customer_id AND NOT a.fresh LEFT JOIN spread p ON p.customer_id = a.customer_id AND NOT a.fresh)
      SELECT (SELECT count(*) FROM earlier)::INTEGER AS earlier,
        count(*) FILTER (WHERE NOT fresh AND earlier_ids = 1 AND same)::INTEGER AS unchanged,
        count(*) FILTER (WHERE NOT fresh AND earlier_ids <= 1 AND NOT same)::INTEGER AS changed,
        count(*) FILTER (WHERE earlier_ids >= 2)::INTEGER AS merged,
        (SELECT count(*) FROM spread WHERE clusters >= 2)::INTEGER AS split,
        count(*) FILTER (WHERE fresh AND earlier_ids = 0)::INTEGER AS new,
        (SELECT count(*) FROM earlier WHERE customer_id NOT IN (SELECT customer_id FROM identity_kept))::INTEGER AS retired
      FROM customers`,
  );
  await engine.exec(`
    CREATE OR REPLACE TABLE ${nextIdTable} AS
      SELECT greatest(coalesce((SELECT max(next_id) FROM ${nextIdTable}), 1), coalesce((SELECT max(customer_id) + 1 FROM identity_assigned), 1)) AS next_id;
    CREATE OR REPLACE TABLE ${customerIdsTable} AS
      SELECT k.record_key, a.customer_id FROM identity_keyed k JOIN identity_assigned a USING (cluster_id);
    DROP TABLE identity_keyed; DROP TABLE identity_before; DROP TABLE identity_earlier; DROP TABLE identity_overlap; DROP TABLE identity_kept; DROP TABLE identity_assigned;`);
  return {
    earlier: Number(counts?.earlier ?? 0) > 0,
    unchanged: Number(counts?.unchanged ?? 0),
    changed: Number(counts?.changed ?? 0),
    merged: Number(counts?.merged ?? 0),
    split: Number(counts?.split ?? 0),
    new: Number(counts?.new ?? 0),
    retired: Number(counts?.retired ?? 0),
  };
}
