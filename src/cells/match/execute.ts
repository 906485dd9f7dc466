import type { SpecCellExecutor } from '../spec-cells.ts';
import { matchJobSpec, readMatchCellSpec } from './spec.ts';

/** Matches in the worker; the result table shown under the cell is the golden record, one row per customer. */
export const executeMatchCell: SpecCellExecutor = async (engine, cell, notebook) => {
  const spec = await matchJobSpec(engine, readMatchCellSpec(cell.spec), notebook.cells);
  const result = await engine.runJob('identityMatch', spec);
  await engine.runJob('identitySearchIndex', {});
  return { value: result, resultTable: 'customers_golden' };
};
