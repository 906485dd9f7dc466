import type { Job } from '../../jobs/job.ts';
import type { Rule } from '../../audit/rules.ts';
import { exportFailingRows } from '../../audit/failing-rows-csv.ts';
import { exportReconciliation, type ReconcileExport } from '../../audit/mismatches-csv.ts';
import type { ReconcileSpec } from '../../audit/reconcile.ts';
import type { CsvEncoding } from '../../engine/csv-encoding.ts';

/** A rule's failing rows as Excel-safe CSV in the chosen encoding, built in the worker (the rows may be many). */
export const exportFailingRowsJob: Job<{ rule: Rule; encoding: CsvEncoding }, Uint8Array> = (engine, { rule, encoding }) =>
  exportFailingRows(engine, rule, encoding);

/** Every mismatch (or row only on one side) of a reconciliation as Excel-safe CSV, built in the worker. */
export const exportReconciliationJob: Job<{ reconcile: ReconcileSpec; listing: ReconcileExport; encoding: CsvEncoding }, Uint8Array> = (
  engine,
  { reconcile, listing, encoding },
) => exportReconciliation(engine, reconcile, listing, encoding);

declare module '../../jobs/job.ts' {
  interface JobCatalogue {
    exportFailingRows: typeof exportFailingRowsJob;
    exportReconciliation: typeof exportReconciliationJob;
  }
}
