import type { SpecCellWord } from '../document/model.ts';
import { specCellWords } from '../cells/kinds.ts';

/** Whether a word names a kind whose body is a YAML spec (src/cells/kinds.ts). */
export function isSpecCellWord(word: string): word is SpecCellWord {
  return specCellWords.has(word);
}

/** Info-string words that make a fenced block a cell. */
function isCellWord(word: string): boolean {
  return word === 'source' || word === 'sql' || isSpecCellWord(word);
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
  if (kind === undefined || !isCellWord(kind)) return null;
  return { kind, name: words[1], simple: words.length <= 2 };
}
