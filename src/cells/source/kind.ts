import type { BuiltInCellKind } from '../kind.ts';

/** A file loaded into a table named after the cell (and a mapped view `<name>_mapped`); the session and `kura run` load it. */
export const sourceKind: BuiltInCellKind = {
  word: 'source',
  create: ({ freshName }) => ({ kind: 'source', name: freshName('source'), spec: { file: '' } }),
};
