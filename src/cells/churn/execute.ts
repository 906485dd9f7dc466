import type { SpecCellExecutor } from '../spec-cells.ts';
import { readChurnSpec } from './spec.ts';

/** Fits in the worker; the scores become the table churn_scores, shown under the cell. */
export const executeChurnCell: SpecCellExecutor = async (engine, cell) => {
  const result = await engine.runJob('fitChurn', readChurnSpec(cell.spec));
  return { value: result, resultTable: result.table };
};
