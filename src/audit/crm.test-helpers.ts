import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared CRM samples (outside the repo); tests that need them skip with a message when absent. */
export const crmDir = fileURLToPath(new URL('../../../shared/data/crm/', import.meta.url));
export const haveCrm = existsSync(crmDir);
