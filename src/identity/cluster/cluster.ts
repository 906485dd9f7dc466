/**
 * Connected components in SQL: every record starts with its own id as label; each round a record takes the
 * smallest label among itself and its neighbours (edges = pairs at or above the threshold), then jumps to its
 * label's label (pointer jumping, so long chains need few rounds). Stops when no label changes. Then the
 * components are joined where the pairs between two of them carry enough evidence together (`GroupEvidence`).
 */
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../../engine/engine.ts';
import { sql } from '../../engine/sql.ts';
import type { DecidedEdges } from './decisions.ts';

export const clustersTable = 'identity_clusters';

export interface ClusterStats {
  clusters: number;
  /** Records in clusters of more than one record. */
  linkedRecords: number;
  largest: number;
  rounds: number;
  /** Cluster size → number of clusters with that size, ascending. */
  sizes: { size: number; clusters: number }[];
}

/**
 * Group evidence: two clusters found at the threshold are joined when the candidate pairs between them, taken
 * together, say so although none of them alone passes: their match probabilities (counting those of at least
 * `minProbability`) add up to `support` or more, and average at least `share` over every candidate pair between
 * the two. A record whose place was garbled, compared with five records of its person at 0.6 each, joins them;
 * two namesakes' clusters linked by one pair at 0.8 among forty compared do not. Singletons are clusters too.
 */
export interface GroupEvidence {
  support: number;
  minProbability: number;
  share: number;
}

export const defaultGroupEvidence: GroupEvidence = { support: 1.5, minProbability: 0.3, share: 0.5 };

/** Labels (`node`, `label` = smallest node of its component) of the graph in `edges (a, b)`, by label propagation; returns the rounds. */
export async function components(engine: Engine, edges: string, labels: string, signal?: AbortSignal): Promise<number> {
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${labels} AS SELECT node, node AS label FROM (SELECT a AS node FROM ${edges} UNION SELECT b FROM ${edges});`,
  );
  let rounds = 0;
  for (;;) {
    if (signal?.aborted) throw new Error('cancelled');
    rounds++;
    await engine.exec(`
      CREATE OR REPLACE TEMP TABLE ${labels}_next AS
      WITH neighbour AS (
        SELECT e.a AS node, l.label FROM ${edges} e JOIN ${labels} l ON l.node = e.b
        UNION ALL SELECT e.b AS node, l.label FROM ${edges} e JOIN ${labels} l ON l.node = e.a
        UNION ALL SELECT node, label FROM ${labels}),
      smallest AS (SELECT node, min(label) AS label FROM neighbour GROUP BY node)
      SELECT s.node, least(s.label, j.label) AS label FROM smallest s JOIN smallest j ON j.node = s.label;`);
    const changed = Number(
      tableFromIPC(
        await engine.query(`SELECT count(*) AS n FROM ${labels}_next n JOIN ${labels} l USING (node) WHERE n.label <> l.label`),
      ).get(0)?.n ?? 0,
    );
    await engine.exec(`DROP TABLE ${labels}; ALTER TABLE ${labels}_next RENAME TO ${labels};`);
    if (changed === 0) return rounds;
  }
}

/** `CREATE OR REPLACE TABLE name`, temporary when the name is in the `temp` catalog. */
export function createOrReplaceTable(name: string): string {
  return `CREATE OR REPLACE ${name.startsWith('temp.') ? 'TEMP ' : ''}TABLE ${name}`;
}

/**
 * Writes `output` (by default `identity_clusters`) as `(source, row, unique_id, cluster_id)`: every input record
 * once; the cluster id is the smallest unique_id in the cluster. Pairs at or above `minWeight` link records; then
 * clusters are joined on group evidence (`groupEvidence`, false for plain connected components).
 */
export async function clusterRecords(
  engine: Engine,
  input: string,
  pairs: string,
  minWeight: number,
  signal?: AbortSignal,
  groupEvidence: GroupEvidence | false = defaultGroupEvidence,
  decided?: DecidedEdges,
  output: string = clustersTable,
): Promise<ClusterStats> {
  // A record split out by the reviewer keeps no pair; records the reviewer merged are linked whatever their pairs say.
  const notSplit = decided ? ` AND unique_id_l NOT IN (${decided.split}) AND unique_id_r NOT IN (${decided.split})` : '';
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE identity_edges AS SELECT unique_id_l AS a, unique_id_r AS b FROM ${pairs} WHERE match_weight >= ${sql`${minWeight}`}${notSplit}${
      decided ? ` UNION ALL SELECT a, b FROM (${decided.merged})` : ''
    };`,
  );
  let rounds = await components(engine, 'identity_edges', 'identity_labels', signal);
  if (groupEvidence) {
    const { support, minProbability, share } = groupEvidence;
    await engine.exec(`
      CREATE OR REPLACE TEMP TABLE identity_group_edges AS
      WITH p AS (
        SELECT coalesce(la.label, p.unique_id_l) AS ga, coalesce(lb.label, p.unique_id_r) AS gb, 1 / (1 + pow(2, -p.match_weight)) AS probability
        FROM ${pairs} p LEFT JOIN identity_labels la ON la.node = p.unique_id_l LEFT JOIN identity_labels lb ON lb.node = p.unique_id_r
        WHERE p.match_weight < ${sql`${minWeight}`}${notSplit.replaceAll('unique_id_', 'p.unique_id_')})
      SELECT least(ga, gb) AS a, greatest(ga, gb) AS b FROM p WHERE ga <> gb GROUP BY ALL
      HAVING coalesce(sum(probability) FILTER (WHERE probability >= ${sql`${minProbability}`}), 0) >= ${sql`${support}`}
        AND coalesce(sum(probability) FILTER (WHERE probability >= ${sql`${minProbability}`}), 0) >= ${sql`${share}`} * count(*);`);
    rounds += await components(engine, 'identity_group_edges', 'identity_group_labels', signal);
    await engine.exec(`
      CREATE OR REPLACE TEMP TABLE identity_labels_joined AS
      SELECT n.node, coalesce(g.label, coalesce(l.label, n.node)) AS label
      FROM (SELECT node FROM identity_labels UNION SELECT node FROM identity_group_labels) n
      LEFT JOIN identity_labels l ON l.node = n.node
      LEFT JOIN identity_group_labels g ON g.node = coalesce(l.label, n.node);
      DROP TABLE identity_labels; DROP TABLE identity_group_edges; DROP TABLE identity_group_labels;
      ALTER TABLE identity_labels_joined RENAME TO identity_labels;`);
  }
  await engine.exec(`
    ${createOrReplaceTable(output)} AS
    SELECT i.source, i.row, i.unique_id, coalesce(l.label, i.unique_id) AS cluster_id
    FROM ${input} i LEFT JOIN identity_labels l ON l.node = i.unique_id ORDER BY i.unique_id;
    DROP TABLE identity_labels; DROP TABLE identity_edges;`);
  return clusterStats(engine, output, rounds);
}

/** The sizes of the clusters in `clusters` (cluster_id per record); `rounds` as the clustering counted them. */
export async function clusterStats(engine: Engine, clusters: string, rounds = 0): Promise<ClusterStats> {
  const sizes = tableFromIPC(
    await engine.query(
      `SELECT size, count(*) AS clusters FROM (SELECT count(*) AS size FROM ${clusters} GROUP BY cluster_id) GROUP BY size ORDER BY size`,
    ),
  )
    .toArray()
    .map((row) => ({ size: Number(row.size), clusters: Number(row.clusters) }));
  return {
    clusters: sizes.reduce((sum, s) => sum + s.clusters, 0),
    linkedRecords: sizes.filter((s) => s.size > 1).reduce((sum, s) => sum + s.size * s.clusters, 0),
    largest: sizes.at(-1)?.size ?? 0,
    rounds,
    sizes,
  };
}
