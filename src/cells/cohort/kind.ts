import { queryRows } from '../../engine/plain-rows.ts';
import { quoteIdent } from '../../engine/sql.ts';
import { specCellKind } from '../kind.ts';
import { guessTransactions } from '../table-guess.ts';
import { cohortSql, readCohortSpec } from './cohort.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    cohort: CohortOutcome;
  }
}

export interface CohortOutcome {
  cells: { cohort: string; cohort_size: number; months_since: number; customers: number; rate: number }[];
}

/** Builds the cohort table in SQL (named after the cell) and reads it for the heatmap (cohorts × months: small). */
export const cohortKind = specCellKind<CohortOutcome>({
  word: 'cohort',
  report: () => import('./report.ts'),
  readSpec: readCohortSpec,
  outputs: () => [],
  customerFacts(cell) {
    const spec = readCohortSpec(cell.spec);
    return { events: { table: spec.transactions, key: spec.customer, date: spec.date } };
  },
  async execute(engine, cell) {
    const table = cell.name || 'cohorts';
    await engine.exec(cohortSql(readCohortSpec(cell.spec), table));
    const cells = (await queryRows(engine, `SELECT * FROM ${quoteIdent(table)}`)) as unknown as CohortOutcome['cells'];
    return { value: { cells }, resultTable: table };
  },
  create({ tables, freshName }) {
    const orders = guessTransactions(tables);
    return {
      kind: 'cohort',
      name: freshName('cohorts'),
      spec: orders ? { transactions: orders.table, customer: orders.customer, date: orders.date, months: 12 } : { months: 12 },
    };
  },
});
