import type { JobCatalogue, JobName } from '../jobs/job.ts';
import { cellKinds } from '../cells/kinds.ts';
import { identityJobs } from '../identity/jobs.ts';
import { audit } from '../audit/job.ts';
import { forecast } from '../analytics/ets/job.ts';
import { migrationFile } from '../migrate/files.ts';
import { openShareBundle, writeShareBundle } from '../report/bundle.ts';

/** The jobs that belong to no cell kind; a kind declares its own (`jobs` in its descriptor). */
export const sharedJobs = {
  audit,
  forecast,
  migrationFile,
  writeShareBundle,
  openShareBundle,
  ...identityJobs,
};

/**
 * Every job the warehouse worker (and the command line) can run, by name: the shared jobs and each kind's. Each
 * job's module adds its name to the JobCatalogue type (src/jobs/job.ts), so the page calls
 * `warehouse.runJob(name, spec)` and gets the typed result; jobs.test.ts checks that every name has its job.
 */
export const jobs = Object.assign({}, ...cellKinds.map((kind) => ('jobs' in kind ? kind.jobs : undefined)), sharedJobs) as {
  [Name in JobName]: JobCatalogue[Name];
};
