import type { Job } from '../../jobs/job.ts';
import type { Rule } from '../../audit/rules.ts';
import { exportFailingRows } from '../../audit/failing-rows-csv.ts';
import type { CsvEncoding } from '../../engine/csv-encoding.ts';

/** A rule's failing rows as Excel-safe CSV in the chosen encoding, built in the worker (the rows may be many). */
export const exportFailingRowsJob: Job<{ rule: Rule; encoding: CsvEncoding }, Uint8Array> = (engine, { rule, encoding }) =>
  exportFailingRows(engine, rule, encoding);

declare module '../../jobs/job.ts' {
  interface JobCatalogue {
    exportFailingRows: typeof exportFailingRowsJob;
  }
}
