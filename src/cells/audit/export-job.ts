import type { Job } from '../../jobs/job.ts';
import type { Rule } from '../../audit/rules.ts';
import { exportFailingRows } from '../../audit/failing-rows-csv.ts';

/** A rule's failing rows as Excel-safe CSV, built in the worker (the rows may be many). */
export const exportFailingRowsJob: Job<{ rule: Rule; bom: boolean }, Uint8Array> = (engine, { rule, bom }) =>
  exportFailingRows(engine, rule, { bom });

declare module '../../jobs/job.ts' {
  interface JobCatalogue {
    exportFailingRows: typeof exportFailingRowsJob;
  }
}
