import { specCellKind } from '../kind.ts';
import { findPeopleNames } from '../people-names.ts';
import { guessTransactions } from '../table-guess.ts';
import { churnScoresTable, fitChurn } from './job.ts';
import { readChurnSpec } from './spec.ts';
import type { ChurnResult } from './job.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    churn: ChurnResult;
  }
}

/** Calibration ends this many days before the last purchase; the rest checks the model's predictions. */
const holdoutDays = 91;

/** Fits in the worker; the scores become the table churn_scores, shown under the cell. */
export const churnKind = specCellKind<ChurnResult>({
  word: 'churn',
  report: () => import('./report.ts'),
  jobs: { fitChurn },
  readSpec: readChurnSpec,
  outputs: () => [churnScoresTable],
  customerFacts(cell) {
    const spec = readChurnSpec(cell.spec);
    return {
      perCustomer: { table: churnScoresTable, key: 'customer_id', columns: ['p_alive', 'expected_purchases', 'clv', 'value_at_risk'] },
      events: { table: spec.transactions, key: spec.customerId, date: spec.date, ...(spec.amount ? { amount: spec.amount } : {}) },
    };
  },
  async execute(engine, cell, notebook) {
    const spec = readChurnSpec(cell.spec);
    const people = await findPeopleNames(engine, notebook.cells, { table: spec.transactions, column: spec.customerId });
    const result = await engine.runJob('fitChurn', { ...spec, ...(people ? { people } : {}) });
    return { value: result, resultTable: result.table };
  },
  async create({ tables, freshName, latestDate }) {
    const orders = guessTransactions(tables);
    const last = orders && (await latestDate(orders.table, orders.date));
    const calibrationEnd = last && new Date(Date.parse(last) - holdoutDays * 86_400_000).toISOString().slice(0, 10);
    return {
      kind: 'churn',
      name: freshName('churn'),
      spec: orders
        ? {
            transactions: orders.table,
            customer: orders.customer,
            date: orders.date,
            ...(orders.amount ? { amount: orders.amount } : {}),
            calibration_end: calibrationEnd ?? '',
            ...(last ? { observation_end: last } : {}),
            model: 'bgnbd',
            time_unit: 'week',
          }
        : { model: 'bgnbd', time_unit: 'week' },
    };
  },
});
