import { queryRows } from '../../engine/plain-rows.ts';
import { specCellKind } from '../kind.ts';
import { findPeopleNames } from '../people-names.ts';
import { guessTransactions } from '../table-guess.ts';
import { readRfmSpec, rfmSegmentCountsSql, rfmSql } from './rfm.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    rfm: RfmOutcome;
  }
}

export interface RfmOutcome {
  segments: { segment: string; customers: number; recency_days: number; frequency: number; monetary: number }[];
}

/** Scores every customer in SQL (table named after the cell) and reads the segment summary for the chart. */
export const rfmKind = specCellKind<RfmOutcome>({
  word: 'rfm',
  report: () => import('./report.ts'),
  readSpec: readRfmSpec,
  outputs: () => [],
  customerFacts(cell) {
    const spec = readRfmSpec(cell.spec);
    return {
      perCustomer: { table: cell.name || 'rfm', key: 'customer_id', columns: ['segment', 'rfm', 'recency_days', 'frequency', 'monetary'] },
      events: { table: spec.transactions, key: spec.customer, date: spec.date, amount: spec.amount },
    };
  },
  async execute(engine, cell, notebook) {
    const table = cell.name || 'rfm';
    const spec = readRfmSpec(cell.spec);
    const people = await findPeopleNames(engine, notebook.cells, { table: spec.transactions, column: spec.customer });
    await engine.exec(rfmSql(spec, table, people));
    const segments = (await queryRows(engine, rfmSegmentCountsSql(table))) as unknown as RfmOutcome['segments'];
    return { value: { segments }, resultTable: table };
  },
  async create({ tables, freshName, latestDate }) {
    const orders = guessTransactions(tables);
    const asOf = orders && (await latestDate(orders.table, orders.date));
    return {
      kind: 'rfm',
      name: freshName('rfm'),
      spec: orders
        ? { transactions: orders.table, customer: orders.customer, date: orders.date, amount: orders.amount ?? '', as_of: asOf ?? '' }
        : {},
    };
  },
});
