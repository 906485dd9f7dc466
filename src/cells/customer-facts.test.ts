/** What the demo's cells tell the customer view, declared by each kind (customerFacts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../notebook/format.ts';
import { customerFactSources } from './kinds.ts';

const demo = readFileSync(join(import.meta.dirname, '../../public/demo/demo.kura.md'), 'utf8');

describe('customer facts', () => {
  it('the demo: RFM and churn scores by customer_id, segments by their key, orders once per kind that reads them', () => {
    const all = customerFactSources(parseNotebook(demo).cells);
    // The audit's rules on rows, each a condition on one row of its table.
    const audit = all.find((fact) => fact.kind === 'audit');
    expect(audit?.rowChecks?.map((check) => check.label)).toEqual([
      'crm_contacts.Email: valid_email',
      'crm_contacts.MailingPostalCode: valid_postal_code',
      'orders.contact_id: references',
      'orders.amount: range',
    ]);
    const facts = all.filter((fact) => fact.kind !== 'audit');
    expect(facts.map((fact) => [fact.kind, fact.cell, fact.perCustomer?.table, fact.perCustomer?.key])).toEqual([
      ['rfm', 'rfm', 'rfm', 'customer_id'],
      ['cohort', 'cohorts', undefined, undefined],
      ['churn', 'churn', 'churn_scores', 'customer_id'],
      ['segment', 'loyal_tokyo', 'loyal_tokyo', 'Id'],
      ['segment', 'lapsed', 'lapsed', 'Id'],
    ]);
    for (const fact of facts) expect(fact.events).toMatchObject({ table: 'orders', key: 'contact_id', date: 'order_date' });
  });

  it('a cell whose spec does not read says nothing rather than failing the view', () => {
    const notebook = parseNotebook(
      '---\nkura: 1\ntitle: t\n---\n\n```rfm broken\ntransactions: orders\n```\n\n```churn\ncustomer: id\n```\n',
    );
    expect(customerFactSources(notebook.cells)).toEqual([]);
  });
});
