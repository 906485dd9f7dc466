import type { Cell } from './model.ts';
import { cellName } from './fenced-cell.ts';
import { yamlText } from './yaml-mapping.ts';

/**
 * Cells after `id` that read its result, directly or through cells in between, in notebook order.
 * A cell reads a name when the name appears as a whole word in its SQL or spec.
 */
export function dependentsOf(cells: readonly Cell[], id: string): string[] {
  const start = cells.findIndex((cell) => cell.id === id);
  const first = cells[start];
  const firstName = first ? cellName(first) : undefined;
  if (!firstName) return [];
  const changed = new Set([firstName.toLowerCase()]);
  const dependents: string[] = [];
  for (const cell of cells.slice(start + 1)) {
    const words = wordsOf(cell);
    if (![...changed].some((name) => words.has(name))) continue;
    dependents.push(cell.id);
    const name = cellName(cell);
    if (name) changed.add(name.toLowerCase());
  }
  return dependents;
}

function wordsOf(cell: Cell): Set<string> {
  const text = cell.kind === 'sql' ? cell.sql : cell.kind === 'markdown' || cell.kind === 'other' || cell.kind === 'source' ? '' : yamlText(cell.spec);
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
}
