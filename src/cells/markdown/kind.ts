import type { BuiltInCellKind } from '../kind.ts';

/** Prose between the other cells; rendered sanitised (src/cells/markdown/render.ts). */
export const markdownKind: BuiltInCellKind = {
  word: 'markdown',
  create: () => ({ kind: 'markdown', text: '' }),
};
