import { specCellKind } from '../kind.ts';
import { specError } from '../../document/spec-error.ts';
import { inputValueTable, readInputSpec, type InputValue } from './spec.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    input: InputValue;
  }
}

/** Writes the input's current value into the table named after the cell; SQL cells read it from there. */
export const inputKind = specCellKind<InputValue>({
  word: 'input',
  report: () => import('./report.ts'),
  readSpec: readInputSpec,
  outputs: () => [],
  async execute(engine, cell) {
    if (!cell.name) throw specError('spec.inputName');
    const input = readInputSpec(cell.spec);
    await engine.insertArrow(cell.name, inputValueTable(input));
    return { value: input.value };
  },
  create({ freshName }) {
    return { kind: 'input', name: freshName('input'), spec: { control: 'text', value: '' } };
  },
});
