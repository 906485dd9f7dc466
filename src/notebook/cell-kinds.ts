/**
 * Info-string words that make a fenced block a cell. Kinds other than sql and source are kept
 * verbatim as OtherCell until this version of Kura knows them.
 */
export const CELL_KINDS: readonly string[] = [
  'source',
  'sql',
  'chart',
  'input',
  'audit',
  'match',
  'segment',
  'churn',
  'forecast',
];

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
