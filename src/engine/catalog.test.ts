import { describe, expect, it } from 'vitest';
import { isMatchWorkingTable, tableChoices } from './catalog.ts';

describe('table choices', () => {
  it('lists the notebook’s own tables by name first and the match’s working tables after them', () => {
    const schema = { orders: [], identity_pairs: [], customers_golden: [], crm_contacts_mapped: [], identity_clusters: [] };
    expect(tableChoices(schema)).toEqual(['crm_contacts_mapped', 'customers_golden', 'orders', 'identity_clusters', 'identity_pairs']);
    expect(isMatchWorkingTable('identity_input')).toBe(true);
    expect(isMatchWorkingTable('customers_golden')).toBe(false);
  });
});
