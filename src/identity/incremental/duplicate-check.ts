/**
 * The duplicate check at data entry: one person's name, e-mail and phone, prepared, blocked, compared and scored
 * against the matched records exactly as a record of a new export is (incremental.ts), without being added. Returns
 * the likeliest existing customers with the match probability of the best pair to each.
 */
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { quoteLiteral } from '../../engine/sql.ts';
import { quietJobContext, type JobContext } from '../../jobs/job.ts';
import { clustersTable } from '../cluster/cluster.ts';
import { goldenTable } from '../golden/golden.ts';
import { storedModel } from '../job.ts';
import { defaultThreshold } from '../model/spec.ts';
import { inputTable, prepareIdentityInput } from '../prepare/prepare.ts';
import { termFrequencyAgainstSql } from '../compare/compare.ts';
import { defaultReviewFrom, scoreNewRecords } from './incremental.ts';

export interface DuplicateCheckSpec {
  name?: string;
  email?: string;
  phone?: string;
  /** How many customers to return; default 5. */
  limit?: number;
}

export interface DuplicateCandidate {
  cluster_id: number;
  customer_id: number | null;
  /** The match probability of the best pair between the person and this customer's records. */
  probability: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
}

export interface DuplicateCheckResult {
  candidates: DuplicateCandidate[];
  /** The probabilities the verdict reads: at or above `threshold` the person exists, from `reviewFrom` they may. */
  threshold: number;
  reviewFrom: number;
}

const probeSource = 'identity_probe_source';
const probeInput = 'identity_probe_input';
const probeAll = 'identity_probe_all';

export async function identityDuplicateCheck(
  engine: Engine,
  spec: DuplicateCheckSpec,
  context?: JobContext,
): Promise<DuplicateCheckResult> {
  const result = { candidates: [], threshold: defaultThreshold, reviewFrom: defaultReviewFrom };
  const fields = { full_name: spec.name, email: spec.email, phone: spec.phone };
  const given = Object.entries(fields).filter(([, value]) => value?.trim());
  if (given.length === 0) return result;
  const { model } = await storedModel(engine);
  const [existing] = await queryRows(
    engine,
    `SELECT count(*)::BIGINT AS n, coalesce(max(unique_id) + 1, 0)::BIGINT AS next FROM ${inputTable}`,
  );
  const firstId = Number(existing?.next ?? 0);
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${probeSource} AS SELECT ${given.map(([field, value]) => `${quoteLiteral(value!.trim())}::VARCHAR AS ${field}`).join(', ')}`,
  );
  try {
    await prepareIdentityInput(
      engine,
      [{ name: 'check', table: probeSource, mapping: Object.fromEntries(given.map(([field]) => [field, field])) }],
      context ?? quietJobContext(),
      { table: probeInput, firstId },
    );
    await engine.exec(termFrequencyAgainstSql(inputTable, probeInput, model.comparisons));
    await engine.exec(
      `CREATE OR REPLACE TEMP VIEW ${probeAll} AS SELECT * FROM ${inputTable} UNION ALL BY NAME SELECT * FROM ${probeInput}`,
    );
    await scoreNewRecords(engine, probeAll, firstId, Number(existing?.n ?? 0) + 1);
    const rows = await queryRows(
      engine,
      `WITH best AS (
         SELECT c.cluster_id, max(p.match_probability) AS probability
         FROM identity_new_scored p JOIN ${clustersTable} c ON c.unique_id = p.unique_id_l
         WHERE p.unique_id_l < ${firstId} GROUP BY c.cluster_id)
       SELECT b.cluster_id, g.customer_id, b.probability, g.name, g.email, g.phone, g.company
       FROM best b JOIN ${goldenTable} g USING (cluster_id)
       ORDER BY b.probability DESC, b.cluster_id LIMIT ${Math.max(1, Math.min(50, Math.floor(spec.limit ?? 5)))}`,
    );
    const text = (value: unknown) => (value == null ? null : String(value));
    return {
      ...result,
      candidates: rows.map((row) => ({
        cluster_id: Number(row.cluster_id),
        customer_id: row.customer_id == null ? null : Number(row.customer_id),
        probability: Number(row.probability),
        name: text(row.name),
        email: text(row.email),
        phone: text(row.phone),
        company: text(row.company),
      })),
    };
  } finally {
    await engine.exec(
      `DROP VIEW IF EXISTS ${probeAll}; DROP TABLE IF EXISTS identity_new_scored; DROP TABLE IF EXISTS ${probeInput}; DROP TABLE IF EXISTS ${probeSource};`,
    );
  }
}
