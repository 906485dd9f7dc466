/**
 * The cluster browser's jobs: the clusters that joined records (largest first, a page at a time) and one
 * cluster's member records beside its golden record with each value's provenance.
 */
import type { Engine } from '../../engine/engine.ts';
import { type Sql } from '../../engine/sql.ts';
import { clustersTable } from '../cluster/cluster.ts';
import { goldenFields, goldenTable } from '../golden/golden.ts';
import { inputTable } from '../prepare/prepare.ts';
import { identityError } from '../identity-error.ts';
import type { RecordSummary } from './explain.ts';
import { recordSummary, recordSummarySql } from './records.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { existingTableNames } from '../../engine/catalog.ts';

export interface ClusterListSpec {
  /** Clusters of at least this many records (default 2: those that joined records). */
  minRecords?: number;
  limit?: number;
  offset?: number;
}

export interface ClusterListEntry {
  clusterId: number;
  customerId: number;
  records: number;
  sources: string;
  name: string | null;
  email: string | null;
  company: string | null;
}

export interface ClusterList {
  /** Clusters with at least minRecords records in all. */
  total: number;
  clusters: ClusterListEntry[];
}

export interface GoldenValue {
  field: string;
  value: string | null;
  source: string | null;
  row: number | null;
}

export interface ClusterDetail {
  clusterId: number;
  members: RecordSummary[];
  golden: GoldenValue[];
  /** Other customers of the same household (sharing an address or phone and a family name), not merged. */
  household: { clusterId: number; name: string | null }[];
}

const rows = (engine: Engine, query: string | Sql) => queryRows(engine, query);

const text = (value: unknown) => (value == null ? null : String(value));

function wholeNumber(value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  return value !== undefined && Number.isFinite(value) ? Math.min(max, Math.max(0, Math.trunc(value))) : fallback;
}

async function requireGolden(engine: Engine): Promise<void> {
  if ((await existingTableNames(engine, [goldenTable])).length === 0) throw identityError('identity.noGolden');
}

export async function identityClusters(engine: Engine, spec: ClusterListSpec): Promise<ClusterList> {
  await requireGolden(engine);
  const minRecords = wholeNumber(spec.minRecords, 2);
  const limit = wholeNumber(spec.limit, 20, 500);
  const offset = wholeNumber(spec.offset, 0);
  const [count] = await rows(engine, `SELECT count(*) AS total FROM ${goldenTable} WHERE records >= ${minRecords}`);
  const page = await rows(
    engine,
    `SELECT cluster_id, customer_id, records, sources, name, email, company FROM ${goldenTable}
     WHERE records >= ${minRecords} ORDER BY records DESC, cluster_id LIMIT ${limit} OFFSET ${offset}`,
  );
  return {
    total: Number(count?.total ?? 0),
    clusters: page.map((row) => ({
      clusterId: Number(row.cluster_id),
      customerId: Number(row.customer_id),
      records: Number(row.records),
      sources: String(row.sources ?? ''),
      name: text(row.name),
      email: text(row.email),
      company: text(row.company),
    })),
  };
}

export async function identityCluster(engine: Engine, spec: { clusterId: number }): Promise<ClusterDetail> {
  await requireGolden(engine);
  const clusterId = wholeNumber(spec.clusterId, -1);
  const members = await rows(
    engine,
    `SELECT c.source AS source_m, c.row AS row_m, ${recordSummarySql('m')}
     FROM ${clustersTable} c JOIN ${inputTable} m ON m.unique_id = c.unique_id
     WHERE c.cluster_id = ${clusterId} ORDER BY c.source, c.row`,
  );
  const [golden] = await rows(engine, `SELECT * FROM ${goldenTable} WHERE cluster_id = ${clusterId}`);
  const household = await rows(
    engine,
    `SELECT DISTINCT h.cluster_id, g.name FROM ${clustersTable} c JOIN ${clustersTable} h ON h.household_id = c.household_id AND h.cluster_id <> c.cluster_id
     JOIN ${goldenTable} g ON g.cluster_id = h.cluster_id WHERE c.cluster_id = ${clusterId} ORDER BY h.cluster_id LIMIT 20`,
  );
  return {
    clusterId,
    household: household.map((row) => ({ clusterId: Number(row.cluster_id), name: text(row.name) })),
    members: members.map((row) => recordSummary(row, 'm')),
    golden: golden
      ? Object.keys(goldenFields).map((field) => ({
          field,
          value: text(golden[field]),
          source: text(golden[`${field}_source`]),
          row: golden[`${field}_row`] == null ? null : Number(golden[`${field}_row`]),
        }))
      : [],
  };
}
