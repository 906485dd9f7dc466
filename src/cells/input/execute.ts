import type { SpecCellExecutor } from '../spec-cells.ts';
import { inputValueTable, readInputSpec } from './spec.ts';
import { KuraError } from '../../engine/engine.ts';

/** Writes the input's current value into the table named after the cell; SQL cells read it from there. */
export const executeInputCell: SpecCellExecutor = async (engine, cell) => {
  if (!cell.name) throw new KuraError('Give the input a name: SQL cells read its value from the table of that name.', 'invalid-spec');
  const input = readInputSpec(cell.spec);
  await engine.insertArrow(cell.name, inputValueTable(input));
  return { value: input.value };
};
