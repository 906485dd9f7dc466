/** The identity jobs, by name, for src/jobs/registry.ts. */
import { identityMatch, identityRecluster } from './job.ts';
import { identitySearch, identitySearchIndex } from './search/search.ts';
import { identityCluster, identityClusters } from './result/browse.ts';

export const identityJobs = { identityMatch, identityRecluster, identitySearchIndex, identitySearch, identityClusters, identityCluster };
