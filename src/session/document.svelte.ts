import { parseNotebook, serializeNotebook } from '../notebook/format.ts';
import type { Cell, Notebook, SpecCell } from '../document/model.ts';
import { cycleMessages, dependentsInRunOrder, notebookGraph } from '../notebook/graph.ts';
import type { NewCell } from '../cells/kind.ts';
import type { CustomerDecision } from '../identity/model/spec.ts';
import { matchHoldsSource } from '../cells/match/spec.ts';

/** The open notebook's text as cells: opening, editing, naming and the order its cells read each other in. */
export class NotebookDocument {
  notebook: Notebook = $state({ header: { kura: 1, title: 'Untitled' }, cells: [] });
  /** A notebook is open (restored, opened or new); until then the page has nothing to show. */
  opened = $state(false);
  private nextId = 1;

  /** @param edited called after every change this store makes, so the notebook is saved. */
  constructor(private readonly edited: () => void = () => {}) {}

  /** Makes a parsed notebook the open one. */
  load(notebook: Notebook): void {
    this.notebook = notebook;
    this.opened = true;
  }

  /** Parses and opens notebook text; text that does not parse throws before anything changes. */
  open(text: string): void {
    this.load(parseNotebook(text));
  }

  text(): string {
    return serializeNotebook($state.snapshot(this.notebook) as Notebook);
  }

  get cells(): readonly Cell[] {
    return this.notebook.cells;
  }

  /** The cells as plain objects, for a run or a job that must not see later edits. */
  snapshot(): Cell[] {
    return $state.snapshot(this.notebook.cells) as Cell[];
  }

  cell(id: string): Cell | undefined {
    return this.notebook.cells.find((cell) => cell.id === id);
  }

  /** Inserts a new cell at `index` (the end without one) under a fresh id and returns it as the notebook holds it. */
  insert(value: NewCell, index = this.notebook.cells.length): Cell {
    const id = `new-${this.nextId++}`;
    this.notebook.cells.splice(index, 0, { ...value, id } as Cell);
    this.edited();
    return this.notebook.cells[index]!;
  }

  /** Where a new cell goes: before `beforeId`, after `afterId`, else at the end. */
  insertionIndex(afterId?: string, beforeId?: string): number {
    const position = (target: string) => this.notebook.cells.findIndex((cell) => cell.id === target);
    return beforeId ? Math.max(0, position(beforeId)) : afterId ? position(afterId) + 1 : this.notebook.cells.length;
  }

  remove(id: string): void {
    this.notebook.cells = this.notebook.cells.filter((cell) => cell.id !== id);
    this.edited();
  }

  move(id: string, offset: -1 | 1): void {
    const cells = this.notebook.cells;
    const from = cells.findIndex((cell) => cell.id === id);
    const to = from + offset;
    if (from < 0 || to < 0 || to >= cells.length) return;
    const [cell] = cells.splice(from, 1);
    cells.splice(to, 0, cell!);
    this.edited();
  }

  /** Whether running a cell re-runs the cells that read it (the header's `autorun: false` turns it off). */
  get autoRun(): boolean {
    return this.notebook.header.autorun !== false;
  }

  setAutoRun(on: boolean): void {
    if (on) delete this.notebook.header.autorun;
    else this.notebook.header.autorun = false;
    this.edited();
  }

  /** The cells that read this cell's results, directly or through others, in run order (src/notebook/graph.ts). */
  dependents(id: string): string[] {
    return dependentsInRunOrder(notebookGraph(this.snapshot()), id);
  }

  /** One sentence for each cycle of cells reading each other; empty when there is none. */
  cycles(): string[] {
    return cycleMessages(notebookGraph(this.snapshot()));
  }

  /** `prefix_1`, `prefix_2`… the first no cell uses. */
  freshName(prefix: string): string {
    const taken = this.names();
    for (let n = 1; ; n++) if (!taken.has(`${prefix}_${n}`)) return `${prefix}_${n}`;
  }

  /** `name` when no cell uses it yet, else name_2, name_3… */
  unusedName(name: string): string {
    const taken = this.names();
    if (!taken.has(name)) return name;
    for (let n = 2; ; n++) if (!taken.has(`${name}_${n}`)) return `${name}_${n}`;
  }

  /** Whether a cell other than `id` is named `name` (case aside). */
  nameUsedByAnotherCell(id: string, name: string): boolean {
    return this.notebook.cells.some((other) => other.id !== id && 'name' in other && other.name.toLowerCase() === name.toLowerCase());
  }

  /** The match cell that matched or attached a source (the first one naming it); undefined without one. */
  matchCellFor(source: string): SpecCell | undefined {
    return this.notebook.cells.find((cell): cell is SpecCell => cell.kind === 'match' && matchHoldsSource((cell as SpecCell).spec, source));
  }

  /** Keeps a reviewer's decision in the spec of the match cell that matched its record; that cell, or undefined without one. */
  addDecision(decision: CustomerDecision, at = new Date()): SpecCell | undefined {
    const source = decision.decision === 'merge' ? decision.records[0].source : decision.record.source;
    const match = this.matchCellFor(source);
    if (!match) return undefined;
    const decisions = Array.isArray(match.spec.decisions) ? match.spec.decisions : [];
    match.spec = { ...match.spec, decisions: [...decisions, { ...decision, at: at.toISOString() }] };
    this.edited();
    return match;
  }

  /** Takes back decision `index` of a match cell; the cell, or undefined when it has no decisions. */
  removeDecision(matchId: string, index: number): SpecCell | undefined {
    const match = this.notebook.cells.find((cell): cell is SpecCell => cell.id === matchId && cell.kind === 'match');
    if (!match || !Array.isArray(match.spec.decisions)) return undefined;
    match.spec = { ...match.spec, decisions: match.spec.decisions.filter((_, at) => at !== index) };
    if ((match.spec.decisions as unknown[]).length === 0) delete match.spec.decisions;
    this.edited();
    return match;
  }

  private names(): Set<string> {
    return new Set(this.notebook.cells.map((cell) => ('name' in cell ? cell.name : '')));
  }
}
