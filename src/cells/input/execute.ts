import type { SpecCellExecutor } from '../spec-cells.ts';
import { inputValueTable, readInputSpec } from './spec.ts';
import { specError } from '../spec-error.ts';

/** Writes the input's current value into the table named after the cell; SQL cells read it from there. */
export const executeInputCell: SpecCellExecutor = async (engine, cell) => {
  if (!cell.name) throw specError('spec.inputName');
  const input = readInputSpec(cell.spec);
  await engine.insertArrow(cell.name, inputValueTable(input));
  return { value: input.value };
};
