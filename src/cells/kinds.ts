/**
 * Every cell kind, in the order the add-cell menu offers them. A new kind is one folder with a `kind.ts`
 * descriptor (src/cells/kind.ts), one line here, one in src/cells/views.ts and its two messages.
 */
import type { Cell, SpecCell } from '../document/model.ts';
import type { CellKind, SpecCellKind } from './kind.ts';
import type { CustomerFactSource } from '../identity/result/customer.ts';
import { sourceKind } from './source/kind.ts';
import { sqlKind } from './sql/kind.ts';
import { markdownKind } from './markdown/kind.ts';
import { chartKind } from './chart/kind.ts';
import { inputKind } from './input/kind.ts';
import { auditKind } from './audit/kind.ts';
import { matchKind } from './match/kind.ts';
import { segmentKind } from './segment/kind.ts';
import { rfmKind } from './rfm/kind.ts';
import { cohortKind } from './cohort/kind.ts';
import { churnKind } from './churn/kind.ts';
import { forecastKind } from './forecast/kind.ts';
import { migrateKind } from './migrate/kind.ts';

export const cellKinds: readonly CellKind[] = [
  sourceKind,
  sqlKind,
  markdownKind,
  chartKind,
  inputKind,
  auditKind,
  matchKind,
  segmentKind,
  rfmKind,
  cohortKind,
  churnKind,
  forecastKind,
  migrateKind,
];

const specKinds = new Map<string, SpecCellKind>(
  cellKinds.filter((kind): kind is SpecCellKind => 'execute' in kind).map((kind) => [kind.word, kind]),
);

/** The descriptor of a kind whose body is a YAML spec, or undefined for source, SQL, text and unknown words. */
export function specCellKindOf(word: string): SpecCellKind | undefined {
  return specKinds.get(word);
}

/** Info-string words whose fenced blocks are YAML-spec cells. */
export const specCellWords: ReadonlySet<string> = new Set(specKinds.keys());

/** Whether a cell is of a kind whose body is a YAML spec that this version can run. */
export function isSpecCell(cell: Cell): cell is SpecCell {
  return specKinds.has(cell.kind);
}

/** What the notebook's cells know per customer, for the customer view; a cell whose spec does not read says nothing. */
export function customerFactSources(cells: readonly Cell[]): CustomerFactSource[] {
  return cells.flatMap((cell) => {
    if (!isSpecCell(cell)) return [];
    try {
      const facts = specKinds.get(cell.kind)?.customerFacts?.(cell);
      return facts ? [{ cell: cell.name || cell.kind, kind: cell.kind, ...facts }] : [];
    } catch {
      return [];
    }
  });
}
