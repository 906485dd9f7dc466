/**
 * The reviewer's decisions (split, merge, pin; model/spec.ts) as SQL. Each record a decision names is found again
 * in `identity_input` by its source and id (or row), so a decision outlives a new export, a new threshold or a new
 * model; a record that is gone leaves its decision unapplied, and the result says which.
 */
import { quoteIdent, quoteLiteral } from '../../engine/sql.ts';
import { goldenFields, goldenTable } from '../golden/golden.ts';
import type { CustomerDecision, RecordRef } from '../model/spec.ts';

/** One row per record a decision names: `decision` (its index), `slot` (0, or 1 for a merge's second record), `kind`, `field`, `unique_id` (NULL when gone). */
export const decisionsTable = 'identity_decisions';

/** The SQL fragments clustering reads: records split out, and record pairs merged. */
export interface DecidedEdges {
  split: string;
  merged: string;
}

const refs = (decision: CustomerDecision): RecordRef[] => (decision.decision === 'merge' ? decision.records : [decision.record]);

export function decisionsSql(input: string, decisions: readonly CustomerDecision[]): string {
  const values = decisions.flatMap((decision, index) =>
    refs(decision).map(
      (ref, slot) =>
        `(${index}, ${slot}, ${quoteLiteral(decision.decision)}, ${decision.decision === 'pin' ? quoteLiteral(decision.field) : 'NULL'}, ${quoteLiteral(ref.source)}, ${
          ref.id === undefined ? 'NULL' : quoteLiteral(String(ref.id))
        }, ${ref.row === undefined ? 'NULL' : Math.trunc(Number(ref.row))})`,
    ),
  );
  const named = values.length
    ? `SELECT * FROM (VALUES ${values.join(', ')}) v(decision, slot, kind, field, source, id, row)`
    : 'SELECT NULL::INTEGER AS decision, NULL::INTEGER AS slot, NULL::VARCHAR AS kind, NULL::VARCHAR AS field, NULL::VARCHAR AS source, NULL::VARCHAR AS id, NULL::INTEGER AS row WHERE false';
  // A record named by id is the first record of its source with that id (ids are meant to be unique in a source).
  return `CREATE OR REPLACE TABLE ${decisionsTable} AS
    SELECT v.decision, v.slot, v.kind, v.field, (
      SELECT min(i.unique_id) FROM ${quoteIdent(input)} i
      WHERE i.source = v.source AND (CASE WHEN v.id IS NOT NULL THEN i.source_id = v.id ELSE i.row = v.row END)) AS unique_id
    FROM (${named}) v ORDER BY v.decision, v.slot`;
}

export const decidedEdges: DecidedEdges = {
  split: `SELECT unique_id FROM ${decisionsTable} WHERE kind = 'split' AND unique_id IS NOT NULL`,
  merged: `SELECT min(unique_id) FILTER (WHERE slot = 0) AS a, min(unique_id) FILTER (WHERE slot = 1) AS b FROM ${decisionsTable}
    WHERE kind = 'merge' GROUP BY decision HAVING count(unique_id) = 2`,
};

/** Puts each pinned record's value into its customer's golden record, with that record as the value's source and row (the latest pin wins). */
export function pinnedValuesSql(input: string, clusters: string): string[] {
  return Object.entries(goldenFields).map(
    ([
      field,
      expression,
    ]) => `UPDATE ${goldenTable} g SET ${quoteIdent(field)} = v.value, ${quoteIdent(`${field}_source`)} = v.source, ${quoteIdent(`${field}_row`)} = v.row
    FROM (
      SELECT c.cluster_id, i.source, i.row, i.value FROM (
        SELECT d.decision, i.unique_id, i.source, i.row, CAST(${expression} AS VARCHAR) AS value
        FROM ${decisionsTable} d JOIN (SELECT * FROM ${quoteIdent(input)}) i ON i.unique_id = d.unique_id
        WHERE d.kind = 'pin' AND d.field = ${quoteLiteral(field)}) i
      JOIN ${quoteIdent(clusters)} c ON c.unique_id = i.unique_id WHERE i.value IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY c.cluster_id ORDER BY i.decision DESC) = 1) v
    WHERE g.cluster_id = v.cluster_id`,
  );
}

/** Decisions (by index) whose records are no longer in the data. */
export const unappliedDecisionsSql = `SELECT DISTINCT decision FROM ${decisionsTable} WHERE unique_id IS NULL ORDER BY decision`;
