import type { SpecCellKind } from './model.ts';

/** Info-string words that make a fenced block a cell. */
export const SPEC_CELL_KINDS: readonly SpecCellKind[] = ['chart', 'input', 'audit', 'match', 'segment', 'rfm', 'cohort', 'churn', 'forecast'];

export const CELL_KINDS: readonly string[] = ['source', 'sql', ...SPEC_CELL_KINDS];

export function isSpecCellKind(kind: string): kind is SpecCellKind {
  return (SPEC_CELL_KINDS as readonly string[]).includes(kind);
}

export interface CellInfo {
  kind: string;
  /** The second word of the info string, if any. */
  name: string | undefined;
  /** True when the info string is exactly `kind [name]`. */
  simple: boolean;
}

export function cellInfo(info: string): CellInfo | null {
  const words = info.split(/\s+/).filter((word) => word !== '');
  const kind = words[0];
  if (kind === undefined || !CELL_KINDS.includes(kind)) return null;
  return { kind, name: words[1], simple: words.length <= 2 };
}
