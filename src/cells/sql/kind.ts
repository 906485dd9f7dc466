import type { BuiltInCellKind } from '../kind.ts';

/** A query whose result becomes a view named after the cell (src/cells/sql/compile.ts). */
export const sqlKind: BuiltInCellKind = {
  word: 'sql',
  create: ({ freshName }) => ({ kind: 'sql', name: freshName('query'), sql: '' }),
};
