/** The identity jobs, by name, for src/warehouse/jobs.ts (and their types for the JobCatalogue). */
import { identityLearn, identityMatch, identityRecluster } from './job.ts';
import { identitySearch, identitySearchIndex } from './search/search.ts';
import { identityCluster, identityClusters } from './result/browse.ts';
import { identityCustomer, identityCustomerOf } from './result/customer.ts';
import { identityMatchIncremental } from './incremental/incremental.ts';
import { identityDuplicateCheck } from './incremental/duplicate-check.ts';

export const identityJobs = {
  identityMatch,
  identityRecluster,
  identityLearn,
  identitySearchIndex,
  identitySearch,
  identityClusters,
  identityCluster,
  identityCustomer,
  identityCustomerOf,
  identityMatchIncremental,
  identityDuplicateCheck,
};

declare module '../jobs/job.ts' {
  interface JobCatalogue {
    identityMatch: typeof identityMatch;
    identityRecluster: typeof identityRecluster;
    identityLearn: typeof identityLearn;
    identitySearchIndex: typeof identitySearchIndex;
    identitySearch: typeof identitySearch;
    identityClusters: typeof identityClusters;
    identityCluster: typeof identityCluster;
    identityCustomer: typeof identityCustomer;
    identityCustomerOf: typeof identityCustomerOf;
    identityMatchIncremental: typeof identityMatchIncremental;
    identityDuplicateCheck: typeof identityDuplicateCheck;
  }
}
