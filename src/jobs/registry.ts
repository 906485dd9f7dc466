import type { Job } from './job.ts';
import { identityJobs } from '../identity/jobs.ts';
import { audit } from '../audit/job.ts';
import { exportFailingRowsJob as exportFailingRows } from '../cells/audit/export-job.ts';
import { fitChurn } from '../cells/churn/job.ts';
import { forecast } from '../analytics/ets/job.ts';
import { exportTableCsv } from '../cells/segment/export-job.ts';
import { openShareBundle, writeShareBundle } from '../report/bundle.ts';

/**
 * Every job the warehouse worker can run, by name. A module adds its job here with one line;
 * the page calls `warehouse.runJob(name, spec)` and gets the typed result.
 */
export const jobs = { audit, exportFailingRows, exportTableCsv, fitChurn, forecast, writeShareBundle, openShareBundle, ...identityJobs } satisfies Record<string, Job<never, unknown>>;

export type Jobs = typeof jobs;
export type JobName = keyof Jobs;
export type JobSpec<Name extends JobName> = Parameters<Jobs[Name]>[1];
export type JobResult<Name extends JobName> = Awaited<ReturnType<Jobs[Name]>>;
