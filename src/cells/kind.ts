/**
 * The contract of a cell kind. Each kind's folder exports one descriptor (`src/cells/<kind>/kind.ts`);
 * `src/cells/kinds.ts` lists them for the parser, the dependency graph, the runner and the add-cell menu,
 * and `src/cells/views.ts` maps them to their views. Its label and one-line description are the message keys
 * `cell.kind.<word>` and `cell.describe.<word>` in both message tables. Its report section and its worker jobs are
 * declared here too, so the report and src/warehouse/jobs.ts need no edit. See docs/cell-kinds.md.
 */
import type { CatalogTable } from '../engine/catalog.ts';
import type { JobCatalogue, JobEngine, JobName } from '../jobs/job.ts';
import type { Cell, SpecCell, SpecCellWord } from '../document/model.ts';
import type { CustomerFactSource } from '../identity/result/customer.ts';
import type { ReportSection } from './report-section.ts';

/** What a running cell may read of the rest of the notebook (e.g. a match cell reads its sources' column mappings). */
export interface NotebookContext {
  cells: readonly Cell[];
}

/** What running an analytic cell leaves: a table to page through and/or plain data for its view and the report. */
export interface SpecCellOutcome<Value = unknown> {
  resultTable?: string;
  value?: Value;
}

/** What the add-cell menu knows when it makes a new cell: the notebook's tables (with their columns) and cells. */
export interface NewCellContext {
  tables: readonly CatalogTable[];
  cells: readonly Cell[];
  /** A result name no cell of the notebook uses yet, e.g. `rfm_1`. */
  freshName(prefix: string): string;
  /** Where a date column's data ends as YYYY-MM-DD (e.g. the last order), for a cell's as-of date. */
  latestDate(table: string, column: string): Promise<string | undefined>;
  /** How many distinct values of one column also appear in another, e.g. orders' customer ids in a contact list's ids. */
  sharedValues(left: { table: string; column: string }, right: { table: string; column: string }): Promise<number>;
}

/** A new cell's value, without the in-memory id the session gives it. */
export type NewCell = Cell extends infer C ? (C extends Cell ? Omit<C, 'id' | 'raw'> : never) : never;

interface CellKindBase {
  /** The first word of a fenced cell's info string (```rfm scores), and the key of its messages. */
  readonly word: string;
  /** A new cell for the add-cell menu, with sensible choices from the notebook's tables. */
  create(context: NewCellContext): NewCell | Promise<NewCell>;
}

/** Source, SQL and text cells: their bodies are not YAML specs, and the runner knows how to run them. */
export interface BuiltInCellKind extends CellKindBase {
  readonly word: 'source' | 'sql' | 'markdown';
}

/** A kind whose body is a YAML spec, compiled to SQL or a job by the kind's own code. */
export interface SpecCellKind<Value = unknown> extends CellKindBase {
  /** Its word, added to the model's SpecCellWords by the kind's folder; its messages must exist (type-checked). */
  readonly word: SpecCellWord;
  /** Checks a spec and returns it typed; throws a sentence error (specError) saying what to fix. */
  readSpec(spec: Record<string, unknown>): unknown;
  /** Tables the cell writes besides the one named after it (the dependency graph's edges). */
  outputs(cell: SpecCell): readonly string[];
  /** What the cell knows per customer id (a score table, a segment's members, the orders it reads), for the customer view. */
  customerFacts?(cell: SpecCell): Omit<CustomerFactSource, 'cell' | 'kind'> | undefined;
  /** Runs the cell: the same function serves the browser (the warehouse worker) and `kura run` (native DuckDB). */
  execute(engine: JobEngine, cell: SpecCell, notebook: NotebookContext): Promise<SpecCellOutcome<Value>>;
  /** The jobs the kind runs in the warehouse worker (src/warehouse/jobs.ts registers them). */
  jobs?: KindJobs;
  /** Loads the kind's report section (`() => import('./report.ts')`); without one the report shows the result table. */
  report?(): Promise<{ reportSection: ReportSection }>;
}

/** Jobs a kind's folder defines, under their JobCatalogue names. */
export type KindJobs = { readonly [Name in JobName]?: JobCatalogue[Name] };

export type CellKind = BuiltInCellKind | SpecCellKind;

/** The descriptor of a spec kind, typed by what its execute leaves for its view. */
export function specCellKind<Value>(kind: SpecCellKind<Value>): SpecCellKind<Value> {
  return kind;
}
