import { tableFromIPC } from 'apache-arrow';
import type { SpecCellExecutor } from '../spec-cells.ts';
import { cohortSql, readCohortSpec } from './cohort.ts';

export interface CohortOutcome {
  cells: { cohort: string; cohort_size: number; months_since: number; customers: number; rate: number }[];
}

/** Builds the cohort table in SQL (named after the cell) and reads it for the heatmap (cohorts × months: small). */
export const executeCohortCell: SpecCellExecutor = async (engine, cell) => {
  const table = cell.name || 'cohorts';
  await engine.exec(cohortSql(readCohortSpec(cell.spec), table));
  const cells = tableFromIPC(await engine.query(`SELECT * FROM "${table.replace(/"/g, '""')}"`))
    .toArray()
    .map((row) => {
      const plain = row.toJSON() as Record<string, unknown>;
      return { ...plain, cohort_size: Number(plain.cohort_size), months_since: Number(plain.months_since) } as CohortOutcome['cells'][number];
    });
  return { value: { cells } satisfies CohortOutcome, resultTable: table };
};
