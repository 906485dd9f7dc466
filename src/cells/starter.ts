/**
 * The starter notebook Kura proposes for freshly loaded exports: an audit of the sources, a match across the
 * sources that hold people, and for a table that looks like orders RFM, cohorts, churn and a forecast. Each
 * proposal is the cell the kind's own `create` makes, so a proposal and a cell added by hand start the same.
 */
import type { SpecCellWord } from '../document/model.ts';
import type { NewCell, NewCellContext } from './kind.ts';
import { specCellKindOf } from './kinds.ts';
import { guessTransactions } from './table-guess.ts';

export interface StarterProposal {
  word: SpecCellWord;
  cell: NewCell;
  /** The tables the cell reads, to show beside its checkbox. */
  reads: string[];
}

/** Kinds proposed for an orders-like table, in the order a marketer reads them. */
const orderKinds: readonly SpecCellWord[] = ['rfm', 'cohort', 'churn', 'forecast'];

export async function proposeStarterCells(context: NewCellContext): Promise<StarterProposal[]> {
  const proposals: StarterProposal[] = [];
  const taken = new Set<string>();
  // Names must stay unique across the proposals too, before any of them is in the notebook.
  const freshName = (prefix: string) => {
    let name = context.freshName(prefix);
    for (let n = 2; taken.has(name); n++) name = context.freshName(`${prefix}_${n}`);
    taken.add(name);
    return name;
  };
  const propose = async (word: SpecCellWord) => {
    const cell = await specCellKindOf(word)!.create({ ...context, freshName });
    return { word, cell, reads: readsOf(cell) };
  };
  const sources = context.cells.filter((cell) => cell.kind === 'source' && cell.name !== '');
  if (sources.length === 0) return proposals;
  proposals.push(await propose('audit'));
  const match = await propose('match');
  if (match.reads.length > 0) proposals.push(match);
  const orders = guessTransactions(context.tables);
  if (orders) for (const word of orderKinds) proposals.push(await propose(word));
  return proposals;
}

function readsOf(cell: NewCell): string[] {
  if (!('spec' in cell) || cell.kind === 'source') return [];
  const spec = cell.spec as Record<string, unknown>;
  const names = [spec.tables, spec.sources, spec.transactions]
    .flat()
    .map((item) => (typeof item === 'object' && item !== null ? (item as { table?: unknown }).table : item));
  return [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))];
}
