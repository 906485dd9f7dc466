import type { JobName } from '../jobs/job.ts';

/**
 * What each job does to the warehouse's tables, for the page: a job that `writes` runs after the view jobs before it
 * and voids the results kept for reuse after a reload; one that `reads` waits for the writing job in progress and
 * never reads its tables half written. Every job must say which (a new job without an entry fails the type check).
 */
export const jobAccess: { readonly [Name in JobName]: 'reads' | 'writes' } = {
  audit: 'reads',
  exportFailingRows: 'reads',
  exportReconciliation: 'reads',
  exportTableCsv: 'reads',
  fitChurn: 'writes',
  forecast: 'reads',
  migrationFile: 'reads',
  writeShareBundle: 'reads',
  openShareBundle: 'writes',
  identityMatch: 'writes',
  identityRecluster: 'writes',
  identityLearn: 'writes',
  identitySearchIndex: 'writes',
  identitySearch: 'reads',
  identityClusters: 'reads',
  identityCluster: 'reads',
  identityCustomer: 'reads',
  identityCustomerOf: 'reads',
  identityMatchIncremental: 'writes',
  identityDuplicateCheck: 'reads',
};
