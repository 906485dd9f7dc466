/**
 * Connected components in SQL: every record starts with its own id as label; each round a record takes the
 * smallest label among itself and its neighbours (edges = pairs at or above the threshold), then jumps to its
 * label's label (pointer jumping, so long chains need few rounds). Stops when no label changes.
 */
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../../engine/engine.ts';

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
 * Writes `identity_clusters (source, row, unique_id, cluster_id)`: every input record once; the cluster id is
 * the smallest unique_id in the cluster.
 */
export async function clusterRecords(engine: Engine, input: string, pairs: string, minWeight: number, signal?: AbortSignal): Promise<ClusterStats> {
  await engine.exec(`
    CREATE OR REPLACE TEMP TABLE identity_edges AS SELECT unique_id_l AS a, unique_id_r AS b FROM ${pairs} WHERE match_weight >= ${minWeight};
    CREATE OR REPLACE TEMP TABLE identity_labels AS SELECT node, node AS label FROM (SELECT a AS node FROM identity_edges UNION SELECT b FROM identity_edges);`);
  let rounds = 0;
  for (;;) {
    if (signal?.aborted) throw new Error('cancelled');
    rounds++;
    await engine.exec(`
      CREATE OR REPLACE TEMP TABLE identity_labels_next AS
      WITH neighbour AS (
        SELECT e.a AS node, l.label FROM identity_edges e JOIN identity_labels l ON l.node = e.b
        UNION ALL SELECT e.b AS node, l.label FROM identity_edges e JOIN identity_labels l ON l.node = e.a
        UNION ALL SELECT node, label FROM identity_labels),
      smallest AS (SELECT node, min(label) AS label FROM neighbour GROUP BY node)
      SELECT s.node, least(s.label, j.label) AS label FROM smallest s JOIN smallest j ON j.node = s.label;`);
    const changed = Number(
      tableFromIPC(await engine.query(`SELECT count(*) AS n FROM identity_labels_next n JOIN identity_labels l USING (node) WHERE n.label <> l.label`)).get(0)?.n ?? 0,
    );
    await engine.exec(`DROP TABLE identity_labels; ALTER TABLE identity_labels_next RENAME TO identity_labels;`);
    if (changed === 0) break;
  }
  await engine.exec(`
    CREATE OR REPLACE TABLE ${clustersTable} AS
    SELECT i.source, i.row, i.unique_id, coalesce(l.label, i.unique_id) AS cluster_id
    FROM ${input} i LEFT JOIN identity_labels l ON l.node = i.unique_id ORDER BY i.unique_id;
    DROP TABLE identity_labels; DROP TABLE identity_edges;`);
  const sizes = tableFromIPC(
    await engine.query(`SELECT size, count(*) AS clusters FROM (SELECT count(*) AS size FROM ${clustersTable} GROUP BY cluster_id) GROUP BY size ORDER BY size`),
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
