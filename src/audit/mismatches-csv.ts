import type { Engine } from '../engine/engine.ts';
import { csvFromArrow } from '../engine/csv-writer.ts';
import { encodeCsv, type CsvEncoding } from '../engine/csv-encoding.ts';
import { reconcileSql, resolveReconcileSpec, type ReconcileSpec } from './reconcile.ts';

/** What a reconciliation export lists: every differing cell of the matched pairs, or every row whose key only one side has. */
export type ReconcileExport = 'mismatches' | 'onlyInSource' | 'onlyInTarget';

/** Every row of one reconciliation listing (not only the samples), as CSV bytes in `encoding`. */
export async function exportReconciliation(
  engine: Pick<Engine, 'query'>,
  spec: ReconcileSpec,
  listing: ReconcileExport,
  encoding: CsvEncoding = 'utf-8',
): Promise<Uint8Array> {
  const queries = reconcileSql(await resolveReconcileSpec(engine, spec));
  const query = { mismatches: queries.allMismatches, onlyInSource: queries.allOnlyInSource, onlyInTarget: queries.allOnlyInTarget }[
    listing
  ];
  return encodeCsv(csvFromArrow(await engine.query(query)), encoding);
}
