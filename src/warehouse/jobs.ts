import type { JobCatalogue, JobName } from '../jobs/job.ts';
import { identityJobs } from '../identity/jobs.ts';
import { audit } from '../audit/job.ts';
import { exportFailingRowsJob as exportFailingRows, exportReconciliationJob as exportReconciliation } from '../cells/audit/export-job.ts';
import { fitChurn } from '../cells/churn/job.ts';
import { forecast } from '../analytics/ets/job.ts';
import { exportTableCsv } from '../cells/segment/export-job.ts';
import { migrationFile } from '../migrate/files.ts';
import { openShareBundle, writeShareBundle } from '../report/bundle.ts';

/**
 * Every job the warehouse worker (and the command line) can run, by name: exactly the names of the
 * JobCatalogue type (src/jobs/job.ts), which each job's module extends beside the job. The page calls
 * `warehouse.runJob(name, spec)` and gets the typed result.
 */
export const jobs: { [Name in JobName]: JobCatalogue[Name] } = {
  audit,
  exportFailingRows,
  exportReconciliation,
  exportTableCsv,
  fitChurn,
  forecast,
  migrationFile,
  writeShareBundle,
  openShareBundle,
  ...identityJobs,
};
