import * as Comlink from 'comlink';
import { tableFromIPC } from 'apache-arrow';
import { KuraError, type Progress, type QueryParam, type Sentence } from '../engine/engine.ts';
import { readCatalog, type CatalogTable } from '../engine/catalog.ts';
import { tableRowSource } from '../engine/table-row-source.ts';
import type { WarehouseConnection } from '../warehouse/client.ts';
import type { LoadReport } from '../ingest/types.ts';
import type { MessageKey } from '../ui/i18n.svelte.ts';
import { proposeMapping } from '../ingest/mapping/propose.ts';
import { parseNotebook, serializeNotebook } from '../notebook/format.ts';
import type { Cell, Notebook, SourceCell, SpecCell } from '../document/model.ts';
import { applySourceMapping, isValidSourceName, mappedViewName, renameSourceTable, sourceTableExists } from '../cells/source/table.ts';
import type { JobEngine, JobName, JobResult, JobSpec } from '../jobs/job.ts';
import { cycleMessages, dependentsInRunOrder, notebookGraph } from '../notebook/graph.ts';
import { runNotebookCells, type CellRunOutcome, type SourceReadiness } from '../notebook/run.ts';
import { AutosaveWriter } from './autosave-writer.ts';
import type { CellOutput, SourceCellHost } from '../cells/host.ts';
import { cellKinds, isSpecCell, specCellKindOf } from '../cells/kinds.ts';
import { latestDateSql, sharedValuesSql } from '../cells/table-guess.ts';
import type { NewCell, NewCellContext } from '../cells/kind.ts';
import { proposeStarterCells, type StarterProposal } from '../cells/starter.ts';
import { tableNameFor } from '../ingest/names.ts';
import { readMatchCellSpec } from '../cells/match/spec.ts';
import type { CustomerDecision, RecordRef } from '../identity/model/spec.ts';

export interface Notice {
  kind: 'info' | 'error';
  /** i18n key, or null when `text` is already a sentence from the engine. */
  key: MessageKey | null;
  text?: string;
  /** The text as a sentence the UI can say in its language (engine errors with a key). */
  sentence?: Sentence;
  /** A button beside the notice (e.g. reopen the notebook just replaced). */
  action?: { key: MessageKey; values?: Record<string, string | number>; run: () => void };
}

/** A notebook replaced by New or Open, kept in memory so it can be reopened. */
export interface ReplacedNotebook {
  text: string;
  title: string;
  notRunYet: boolean;
}

/**
 * The notebook a run was started for. Cell ids restart at `cell-1` on every parse, so a run that outlived its
 * notebook (New, Open, a bundle while cells were running) would otherwise find and run the new notebook's cells.
 */
class RunScope {
  ended = false;
}

const notebookKey = 'kura.notebook.v1';
const loadsKey = 'kura.loads.v1';
const notRunYetKey = 'kura.notebook.notRunYet';
const replacedKey = 'kura.notebook.replaced.v1';

/** The open notebook, its cells' outputs and the warehouse they run on. */
export class NotebookSession implements SourceCellHost {
  notebook: Notebook = $state({ header: { kura: 1, title: 'Untitled' }, cells: [] });
  outputs: Record<string, CellOutput> = $state({});
  catalog: CatalogTable[] = $state([]);
  progress: Progress | null = $state(null);
  notice: Notice | null = $state(null);
  savedAt: Date | null = $state(null);
  /** Set when the notebook was opened from a file and nothing has run yet; cleared by Run all. */
  notRunYet = $state(false);
  /** The customer the customer view shows (a golden record's cluster id), or null when it is closed. */
  shownCustomer: number | null = $state(null);
  /** How many runs (Run all, one cell, its dependents) are under way; the page shows it as the notebook's busy state. */
  runsUnderway = $state(0);
  /** A notebook is open (restored, opened or new); until then the page has nothing to show. */
  opened = $state(false);
  /** Another tab autosaves this browser's notebook, so this one does not (src/notebook/autosave-writer.ts). */
  autosaveElsewhere = $state(false);
  /** Edits this tab has not written anywhere (only while another tab autosaves). */
  unsavedEdits = false;
  private readonly autosave = new AutosaveWriter('kura.autosave.v1');
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The file each source cell last loaded in this page, so it can be reloaded (e.g. another sheet) without asking again. */
  private readonly lastFiles = new Map<string, File>();
  /** Files the user has just dropped or chosen, by source cell, until the run that loads them. */
  private readonly chosenFiles = new Map<string, { file: File; sheet?: string }>();
  /** The table each source cell's data was last in this page, by cell id: a rename the page missed is caught up on the next run. */
  private readonly sourceTables = new Map<string, string>();
  private nextId = 1;
  private runScope = new RunScope();

  constructor(readonly connection: WarehouseConnection) {}

  /**
   * Restores the autosaved notebook, or opens the given text (the demo) when there is none. With `fallbackFirst`
   * (the address asks for the demo) the demo opens even over an autosaved notebook, which is kept (in memory and
   * under its own storage key) and handed to `onReplaced` as soon as the demo is open, so the page can offer to
   * reopen it while the demo runs.
   */
  async start(
    fallbackText: () => Promise<string>,
    options: { fallbackFirst?: boolean; onReplaced?: (replaced: ReplacedNotebook) => void } = {},
  ): Promise<'restored' | 'opened'> {
    this.autosaveElsewhere = !(await this.autosave.ready);
    await this.listenForProgress();
    const saved = localStorage.getItem(notebookKey);
    if (saved && !options.fallbackFirst && this.tryOpen(saved)) {
      this.restoreLoadReports();
      await this.refreshCatalog();
      // A notebook opened from a file that was never run stays unrun across a reload.
      if (localStorage.getItem(notRunYetKey) === 'true') this.notRunYet = true;
      else await this.runAll({ loadMissingSources: false });
      this.unsavedEdits = false;
      return 'restored';
    }
    const text = await fallbackText();
    const replaced = saved && saved !== text ? this.keepReplaced(saved) : undefined;
    this.open(text);
    if (replaced) options.onReplaced?.(replaced);
    await this.runAll({ loadMissingSources: true });
    this.unsavedEdits = false;
    return 'opened';
  }

  /** An autosaved notebook about to be replaced at start, kept under its own key so it is never lost. */
  private keepReplaced(text: string): ReplacedNotebook {
    if (this.autosave.isWriter) localStorage.setItem(replacedKey, text);
    let title = '';
    try {
      title = parseNotebook(text).header.title;
    } catch {
      // Kept as text all the same.
    }
    return { text, title, notRunYet: localStorage.getItem(notRunYetKey) === 'true' };
  }

  /** Whether a cell is running; progress events from paging a result table alone do not count. */
  get running(): boolean {
    return Object.values(this.outputs).some((output) => output.status === 'running');
  }

  /**
   * Opens another notebook in place of this one (New, Open, a bundle) and returns the one replaced, which
   * reopenReplaced can bring back; text that does not parse throws before anything changes.
   */
  replaceWith(text: string, options: { fromFile?: boolean } = {}): ReplacedNotebook {
    const replaced = { text: this.text(), title: this.notebook.header.title, notRunYet: this.notRunYet };
    this.open(text, options);
    return replaced;
  }

  /** Brings back a notebook replaced by replaceWith; it runs again unless it came from a file and never ran. */
  async reopenReplaced(replaced: ReplacedNotebook): Promise<void> {
    this.open(replaced.text, { fromFile: replaced.notRunYet });
    this.notice = null;
    await this.refreshCatalog();
    if (!replaced.notRunYet) await this.runAll({ loadMissingSources: false });
  }

  open(text: string, options: { fromFile?: boolean } = {}): void {
    const notebook = parseNotebook(text);
    this.endRuns();
    this.notRunYet = options.fromFile === true;
    this.notebook = notebook;
    this.opened = true;
    this.shownCustomer = null;
    this.outputs = {};
    this.sourceTables.clear();
    for (const cell of notebook.cells) this.outputs[cell.id] = { status: 'idle' };
    this.scheduleSave();
  }

  /** Opens autosaved text; text that no longer parses is kept aside rather than lost. */
  private tryOpen(text: string): boolean {
    try {
      this.open(text);
      return true;
    } catch {
      localStorage.setItem(`${notebookKey}.unreadable`, text);
      return false;
    }
  }

  text(): string {
    return serializeNotebook($state.snapshot(this.notebook) as Notebook);
  }

  async runAll(options: { loadMissingSources: boolean } = { loadMissingSources: true }): Promise<void> {
    if (this.notRunYet) {
      this.notRunYet = false;
      this.scheduleSave();
    }
    const cycles = cycleMessages(notebookGraph($state.snapshot(this.notebook.cells) as Cell[]));
    if (cycles.length > 0) this.notice = { kind: 'error', key: null, text: cycles.join(' ') };
    await this.runCells(undefined, options.loadMissingSources);
  }

  async runCell(id: string): Promise<void> {
    await this.runCells([id], true);
  }

  /**
   * Runs cells of the open notebook with the runner `kura run` uses (src/notebook/run.ts): all of them, or `only`
   * these in dependency order. The run belongs to this notebook: opening another one ends it (RunScope).
   */
  private async runCells(only: readonly string[] | undefined, loadMissingSources: boolean): Promise<void> {
    const scope = this.runScope;
    const before = new Map<string, CellOutput | undefined>();
    this.runsUnderway++;
    try {
      await runNotebookCells(
        $state.snapshot(this.notebook.cells) as Cell[],
        {
          withEngine: (work) => this.connection.call((warehouse) => work(warehouse as unknown as JobEngine)),
          readySource: (cell, engine) => this.readySource(cell, engine, loadMissingSources),
          stopped: () => scope.ended,
          started: (cell) => {
            before.set(cell.id, this.outputs[cell.id]);
            this.outputs[cell.id] = { ...this.outputs[cell.id], status: 'running', error: undefined, stale: false };
          },
          finished: (cell, outcome) => this.show(cell, outcome, before.get(cell.id), scope),
        },
        { only },
      );
      this.progress = null;
      if (!scope.ended) await this.refreshCatalog();
    } finally {
      this.runsUnderway--;
    }
  }

  /** Puts a cell's outcome under it: its result table as a page source, its value for the view, or its error. */
  private async show(cell: Cell, outcome: CellRunOutcome, before: CellOutput | undefined, scope: RunScope): Promise<void> {
    if (outcome.status === 'done') {
      const result = outcome.resultTable
        ? await this.connection.call((warehouse) => tableRowSource(warehouse, outcome.resultTable!)).catch(() => undefined)
        : undefined;
      if (scope.ended) return;
      if (cell.kind === 'source') this.sourceTables.set(cell.id, cell.name);
      this.outputs[cell.id] = {
        ...this.outputs[cell.id],
        status: 'done',
        result,
        value: outcome.value,
        load: outcome.load ?? this.outputs[cell.id]?.load,
        elapsedMs: outcome.elapsedMs,
      };
    } else if (outcome.status === 'not-run' && outcome.blockedBy === undefined) {
      this.outputs[cell.id] = { ...before, status: before?.status === 'running' ? 'idle' : (before?.status ?? 'idle') };
    } else {
      const error =
        outcome.status === 'error'
          ? outcome.error
          : new KuraError(`Not run: it reads ${outcome.blockedBy}, which did not run.`, 'blocked', undefined, {
              key: 'cell.blocked',
              values: { name: outcome.blockedBy! },
            });
      this.outputs[cell.id] = {
        ...before,
        status: 'error',
        stale: false,
        error: { message: error.message, kind: error.kind, sentence: error.sentence },
      };
      if (error.kind === 'engine-restarted') this.notice = { kind: 'error', key: 'error.engine-restarted' };
    }
  }

  /**
   * A source cell's table: a file the user just chose, or the table already there (restored from OPFS); else
   * loaded again from the file this page last loaded for the cell (e.g. after the table was renamed) or from
   * the app's own files (the demo); else not available until the user drops the file again.
   */
  private async readySource(cell: SourceCell, engine: JobEngine, loadMissing: boolean): Promise<SourceReadiness> {
    const chosen = this.chosenFiles.get(cell.id);
    if (chosen) return this.loadChosenFile(cell, chosen.file, chosen.sheet);
    const previous = this.sourceTables.get(cell.id);
    const renamed =
      previous !== undefined &&
      previous !== cell.name &&
      !this.nameUsedByAnotherCell(cell.id, previous) &&
      (await renameSourceTable(engine, previous, cell));
    if (renamed) await this.connection.warehouse.checkpoint();
    if (renamed || (await sourceTableExists(engine, cell))) return {};
    if (!loadMissing) return 'unavailable';
    const last = this.lastFiles.get(cell.id);
    if (last && last.name === cell.spec.file) return this.loadChosenFile(cell, last, cell.spec.sheet);
    if (!isAppFile(cell.spec.file)) return 'unavailable';
    const load = await this.connection.call((warehouse) =>
      warehouse.loadUrl(cell.spec.file, { fileName: baseName(cell.spec.file), table: cell.name, sheet: cell.spec.sheet }),
    );
    this.proposePreset(cell, load);
    return { load };
  }

  private async loadChosenFile(cell: SourceCell, file: File, sheet: string | undefined): Promise<SourceReadiness> {
    const load = await this.connection.call((warehouse) => warehouse.loadFile(file, { fileName: file.name, table: cell.name, sheet }));
    const sameFile = cell.spec.file === file.name;
    this.updateSourceSpec(cell, {
      file: file.name,
      sheet: load.sheets && load.sheets.length > 1 ? load.sheet : undefined,
      ...(sameFile ? {} : { preset: undefined, mapping: undefined }),
    });
    this.lastFiles.set(cell.id, file);
    this.proposePreset(cell, load);
    return { load };
  }

  /** Changes a source cell's spec in the notebook and in the copy a run is using. */
  private updateSourceSpec(cell: SourceCell, patch: Partial<SourceCell['spec']>): void {
    const live = this.cell(cell.id);
    for (const target of live?.kind === 'source' ? [cell.spec, live.spec] : [cell.spec]) Object.assign(target, patch);
  }

  /** A file loaded without a preset or mapping gets the preset Kura recognises from its headers, in the notebook and in `cell`. */
  private proposePreset(cell: SourceCell, load: LoadReport): void {
    if (cell.spec.preset || cell.spec.mapping) return;
    this.updateSourceSpec(cell, { preset: proposeMapping(load.columns.map((column) => column.name)).preset ?? undefined });
  }

  /** After an input's value changed: writes it, then re-runs the cells that depend on it. */
  async inputChanged(id: string): Promise<void> {
    await this.runCell(id);
    await this.runDependents(id);
  }

  /** Re-runs, in dependency order, every cell that reads this cell's result directly or through other cells. */
  async runDependents(id: string): Promise<void> {
    await this.runCells(this.dependents(id), true);
  }

  /** The cells that read this cell's results, directly or through others, in run order (src/notebook/graph.ts). */
  private dependents(id: string): string[] {
    return dependentsInRunOrder(notebookGraph($state.snapshot(this.notebook.cells) as Cell[]), id);
  }

  /** Whether running a cell re-runs the cells that read it (the header's `autorun: false` turns it off). */
  get autoRun(): boolean {
    return this.notebook.header.autorun !== false;
  }

  setAutoRun(on: boolean): void {
    if (on) delete this.notebook.header.autorun;
    else this.notebook.header.autorun = false;
    this.scheduleSave();
  }

  /** What the run button and Shift+Enter do: run the cell, then re-run its dependents or mark them stale. */
  async runCellAndDependents(id: string): Promise<void> {
    const scope = this.runScope;
    await this.runCell(id);
    if (scope.ended || this.outputs[id]?.status !== 'done') return;
    if (this.autoRun) {
      await this.runDependents(id);
      return;
    }
    for (const dependent of this.dependents(id)) {
      const output = this.outputs[dependent];
      if (output && output.status !== 'idle') this.outputs[dependent] = { ...output, stale: true };
    }
  }

  get cells(): readonly Cell[] {
    return this.notebook.cells;
  }

  openCustomer(clusterId: number): void {
    this.shownCustomer = clusterId;
  }

  /** The match cell that matched a source (the first one naming it), with its spec read; undefined without one. */
  matchCellFor(source: string): SpecCell | undefined {
    return this.notebook.cells.find((cell): cell is SpecCell => {
      if (cell.kind !== 'match') return false;
      const sources = (cell as SpecCell).spec.sources;
      return Array.isArray(sources) && sources.includes(source);
    });
  }

  /**
   * Keeps a reviewer's decision (split, merge, pin) in the spec of the match cell that matched the record, then
   * clusters again with every decision and re-runs the cells that read the customers. Returns the customer that
   * `follow` belongs to afterwards (the view stays on it), or null when it cannot be found.
   */
  async decide(decision: CustomerDecision, follow: RecordRef): Promise<number | null> {
    const source = decision.decision === 'merge' ? decision.records[0].source : decision.record.source;
    const match = this.matchCellFor(source);
    if (!match) return null;
    const decisions = Array.isArray(match.spec.decisions) ? match.spec.decisions : [];
    match.spec = { ...match.spec, decisions: [...decisions, { ...decision, at: new Date().toISOString() }] };
    this.edited();
    return this.applyDecisions(match, follow);
  }

  /** Takes back decision `index` of a match cell and clusters again without it. */
  async undoDecision(matchId: string, index: number, follow?: RecordRef): Promise<number | null> {
    const match = this.notebook.cells.find((cell): cell is SpecCell => cell.id === matchId && cell.kind === 'match');
    if (!match || !Array.isArray(match.spec.decisions)) return null;
    match.spec = { ...match.spec, decisions: match.spec.decisions.filter((_, at) => at !== index) };
    if ((match.spec.decisions as unknown[]).length === 0) delete match.spec.decisions;
    this.edited();
    return this.applyDecisions(match, follow);
  }

  private async applyDecisions(match: SpecCell, follow?: RecordRef): Promise<number | null> {
    try {
      const spec = readMatchCellSpec(match.spec);
      const reclustered = await this.runJob('identityRecluster', {
        threshold: spec.threshold,
        sources: spec.sources,
        ...(spec.survivorship ? { survivorship: spec.survivorship } : {}),
        decisions: spec.decisions,
      });
      const output = this.outputs[match.id];
      if (output?.value) {
        const { threshold: _kept, ...changed } = reclustered;
        this.outputs[match.id] = { ...output, value: { ...(output.value as object), ...changed } };
      }
      const followed = follow ? (await this.runJob('identityCustomerOf', { record: follow })).clusterId : null;
      void this.runDependents(match.id);
      return followed;
    } catch (error) {
      this.showError(error);
      return null;
    }
  }

  async openCustomerOfRecord(recordId: string, source?: string): Promise<void> {
    try {
      const spec = source === undefined ? { recordId } : { record: { source, id: recordId } };
      this.shownCustomer = (await this.runJob('identityCustomerOf', spec)).clusterId;
    } catch (error) {
      this.showError(error);
    }
  }

  /** A small query for a view (an option list, a live count). */
  query(sql: string, params?: readonly QueryParam[]): Promise<Uint8Array> {
    return this.connection.call((warehouse) => warehouse.query(sql, params));
  }

  /** Runs a job in the worker for a view (e.g. an export), typed. */
  runJob<Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>> {
    const plain = $state.snapshot(spec) as JobSpec<Name>;
    return this.connection.call((warehouse) => (warehouse as unknown as JobEngine).runJob(name, plain));
  }

  /** Loads a file the user dropped or chose into a source cell's table. */
  async loadFile(id: string, file: File, options: { sheet?: string } = {}): Promise<void> {
    this.chosenFiles.set(id, { file, sheet: options.sheet });
    await this.runCells([id], true);
    this.chosenFiles.delete(id);
    this.scheduleSave();
  }

  /** Loads another sheet of the workbook the cell loaded last; false when the file must be chosen again. */
  async chooseSheet(id: string, sheet: string): Promise<boolean> {
    const file = this.lastFiles.get(id);
    if (!file) return false;
    const cell = this.cell(id);
    if (cell?.kind === 'source') cell.spec.mapping = undefined;
    await this.loadFile(id, file, { sheet });
    return true;
  }

  /**
   * Applies a preset or a corrected mapping and rebuilds the mapped view. Only a corrected mapping is
   * written into the notebook; a preset alone is stored by its id and applied to the file's headers.
   */
  async setMapping(id: string, preset: string | null, mapping?: Record<string, string>): Promise<void> {
    const cell = this.cell(id);
    if (!cell || cell.kind !== 'source') return;
    cell.spec.preset = preset ?? undefined;
    cell.spec.mapping = mapping ? { ...mapping } : undefined;
    this.scheduleSave();
    const snapshot = $state.snapshot(cell) as SourceCell;
    await this.connection.call((warehouse) => applySourceMapping(warehouse, snapshot));
    await this.refreshCatalog();
  }

  /**
   * After a source cell's name was edited (from `previous`): renames its table and mapped view in the warehouse and
   * re-runs (or marks out of date) the cells that read it. A name that is not valid or is taken is refused with one
   * sentence and the cell keeps `previous`; nothing in the warehouse changes.
   */
  async renameSource(id: string, previous: string): Promise<void> {
    const cell = this.cell(id);
    if (!cell || cell.kind !== 'source') return;
    const name = cell.name.trim();
    if (name === previous) {
      cell.name = previous;
      return;
    }
    const problem = !isValidSourceName(name) ? 'source.renameInvalid' : this.nameTaken(id, name, previous) ? 'source.renameTaken' : null;
    if (problem) {
      cell.name = previous;
      this.scheduleSave();
      const text =
        problem === 'source.renameInvalid'
          ? `${name} is not a valid table name; the table keeps the name ${previous}.`
          : `The name ${name} is already used; the table keeps the name ${previous}.`;
      this.notice = { kind: 'error', key: null, text, sentence: { key: problem, values: { name, previous } } };
      return;
    }
    cell.name = name;
    this.scheduleSave();
    const snapshot = $state.snapshot(cell) as SourceCell;
    try {
      const moved = await this.connection.call(async (warehouse) => {
        const done = await renameSourceTable(warehouse, previous, snapshot);
        if (done) await warehouse.checkpoint();
        return done;
      });
      if (!moved) return;
      this.sourceTables.set(id, name);
      const result = await this.connection.call((warehouse) => tableRowSource(warehouse, name)).catch(() => undefined);
      const output = this.outputs[id];
      if (output && result) this.outputs[id] = { ...output, result };
      await this.refreshCatalog();
    } catch (error) {
      this.showError(error);
      return;
    }
    if (this.autoRun) await this.runDependents(id);
    else
      for (const dependent of this.dependents(id))
        if (this.outputs[dependent]?.status !== 'idle') this.outputs[dependent] = { ...this.outputs[dependent]!, stale: true };
  }

  /** Whether another cell, or a table or view in the warehouse other than the source's own, has the name (or its `_mapped` view's). */
  private nameTaken(id: string, name: string, previous: string): boolean {
    const own = new Set([previous, mappedViewName(previous)].map((table) => table.toLowerCase()));
    const wanted = [name, mappedViewName(name)].map((table) => table.toLowerCase());
    if (this.nameUsedByAnotherCell(id, name)) return true;
    return this.catalog.some((table) => wanted.includes(table.name.toLowerCase()) && !own.has(table.name.toLowerCase()));
  }

  private nameUsedByAnotherCell(id: string, name: string): boolean {
    return this.notebook.cells.some((other) => other.id !== id && 'name' in other && other.name.toLowerCase() === name.toLowerCase());
  }

  /** A table's column names as the warehouse has them, or undefined when there is no such table (for views without a load report). */
  columnsOf(table: string): string[] | undefined {
    return this.catalog.find((entry) => entry.name === table && entry.kind === 'table')?.columns.map((column) => column.name);
  }

  /**
   * Adds a cell of a kind (src/cells/kinds.ts) after `afterId` (at the end without one), or before `beforeId`.
   * An analytic cell starts filled in from the notebook's tables and runs at once when that spec is complete.
   */
  async addCell(word: string, afterId?: string, beforeId?: string): Promise<Cell> {
    const kind = cellKinds.find((candidate) => candidate.word === word);
    if (!kind) throw new KuraError(`There is no ${word} cell.`, 'unsupported');
    const value = await kind.create(this.newCellContext());
    const position = (target: string) => this.notebook.cells.findIndex((c) => c.id === target);
    const index = beforeId ? Math.max(0, position(beforeId)) : afterId ? position(afterId) + 1 : this.notebook.cells.length;
    const cell = this.insertCell(value, index);
    if (isSpecCell(cell) && specIsComplete(cell)) void this.runCell(cell.id);
    return cell;
  }

  private insertCell(value: NewCell, index: number): Cell {
    const id = `new-${this.nextId++}`;
    this.notebook.cells.splice(index, 0, { ...value, id } as Cell);
    this.outputs[id] = { status: 'idle' };
    this.scheduleSave();
    return this.notebook.cells[index]!;
  }

  /** What a kind's `create` reads to fill in a new cell: the tables, the cells, fresh names, where dates end. */
  private newCellContext(): NewCellContext {
    return {
      tables: this.catalog,
      cells: $state.snapshot(this.notebook.cells) as Cell[],
      freshName: (prefix) => this.freshName(prefix),
      latestDate: (table, column) => this.latestDate(table, column),
      sharedValues: async (left, right) =>
        Number(
          tableFromIPC(await this.query(sharedValuesSql(left, right)))
            .getChild('shared')
            ?.get(0) ?? 0,
        ),
    };
  }

  /** A source cell named after a file the user dropped (crm_contacts.csv → crm_contacts), at the end, loaded now. */
  async addSourceFromFile(file: File): Promise<Cell> {
    const base = tableNameFor(file.name).replace(/^_+$/, 'source');
    const cell = this.insertCell({ kind: 'source', name: this.unusedName(base), spec: { file: file.name } }, this.notebook.cells.length);
    await this.loadFile(cell.id, file);
    return cell;
  }

  /** The starter notebook for the sources loaded so far (src/cells/starter.ts). */
  proposeStarter(): Promise<StarterProposal[]> {
    return proposeStarterCells(this.newCellContext());
  }

  /** Adds the accepted proposals after the cells there are; returns them and the run of the notebook that follows. */
  acceptStarter(proposals: readonly StarterProposal[]): { added: Cell[]; run: Promise<void> } {
    const added = proposals.map((proposal) => this.insertCell(proposal.cell, this.notebook.cells.length));
    return { added, run: this.runAll() };
  }

  /** Where a date column's data ends (latestDateSql), for a new cell's as-of date. */
  private async latestDate(table: string, column: string): Promise<string | undefined> {
    try {
      const ipc = await this.query(latestDateSql(table, column));
      const day = tableFromIPC(ipc).getChild('day')?.get(0);
      return typeof day === 'string' ? day : undefined;
    } catch {
      return undefined;
    }
  }

  removeCell(id: string): void {
    this.notebook.cells = this.notebook.cells.filter((cell) => cell.id !== id);
    delete this.outputs[id];
    this.scheduleSave();
  }

  moveCell(id: string, offset: -1 | 1): void {
    const cells = this.notebook.cells;
    const from = cells.findIndex((cell) => cell.id === id);
    const to = from + offset;
    if (from < 0 || to < 0 || to >= cells.length) return;
    const [cell] = cells.splice(from, 1);
    cells.splice(to, 0, cell!);
    this.scheduleSave();
  }

  /** Call after editing a cell's text or spec. */
  edited(): void {
    this.scheduleSave();
  }

  async cancel(): Promise<void> {
    await this.connection.warehouse.cancel();
  }

  /** Stops the runs started for the notebook being replaced: nothing they were about to run runs, nothing they finish is shown. */
  private endRuns(): void {
    this.runScope.ended = true;
    this.runScope = new RunScope();
    if (this.running) void this.connection.warehouse.cancel().catch(() => false);
  }

  async refreshCatalog(): Promise<void> {
    try {
      this.catalog = await this.connection.call((warehouse) => readCatalog(warehouse));
    } catch {
      this.notice = { kind: 'error', key: 'error.autosave' };
    }
  }

  saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.autosave.isWriter) return;
    const loads: Record<string, LoadReport> = {};
    for (const cell of this.notebook.cells) {
      const load = this.outputs[cell.id]?.load;
      if (cell.kind === 'source' && load) loads[cell.name] = $state.snapshot(load) as LoadReport;
    }
    try {
      localStorage.setItem(notebookKey, this.text());
      localStorage.setItem(notRunYetKey, String(this.notRunYet));
      localStorage.setItem(loadsKey, JSON.stringify(loads));
      this.savedAt = new Date();
      this.unsavedEdits = false;
    } catch (error) {
      this.showError(error);
    }
  }

  /** Writes a pending autosave at once: the page is being hidden or closed. */
  flushSave(): void {
    if (this.saveTimer) this.saveNow();
  }

  showError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const sentence = error instanceof KuraError ? error.sentence : undefined;
    this.notice = { kind: 'error', key: null, text: message, ...(sentence ? { sentence } : {}) };
  }

  private async listenForProgress(): Promise<void> {
    await this.connection.warehouse.setProgressListener(Comlink.proxy((progress: Progress) => (this.progress = progress)));
  }

  /** After the engine restarted, progress events come from the new worker. */
  async engineRestarted(): Promise<void> {
    await this.listenForProgress();
    this.notice = { kind: 'error', key: 'error.engine-restarted' };
    await this.refreshCatalog();
  }

  private restoreLoadReports(): void {
    const loads = JSON.parse(localStorage.getItem(loadsKey) ?? '{}') as Record<string, LoadReport>;
    for (const cell of this.notebook.cells) {
      if (cell.kind === 'source' && loads[cell.name]) this.outputs[cell.id] = { status: 'idle', load: loads[cell.name] };
    }
  }

  private cell(id: string): Cell | undefined {
    return this.notebook.cells.find((cell) => cell.id === id);
  }

  private freshName(prefix: string): string {
    const taken = new Set(this.notebook.cells.map((cell) => ('name' in cell ? cell.name : '')));
    for (let n = 1; ; n++) if (!taken.has(`${prefix}_${n}`)) return `${prefix}_${n}`;
  }

  /** `name` when no cell uses it yet, else name_2, name_3… */
  private unusedName(name: string): string {
    const taken = new Set(this.notebook.cells.map((cell) => ('name' in cell ? cell.name : '')));
    if (!taken.has(name)) return name;
    for (let n = 2; ; n++) if (!taken.has(`${name}_${n}`)) return `${name}_${n}`;
  }

  private scheduleSave(): void {
    this.unsavedEdits = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), 400);
  }
}

function isAppFile(path: string): boolean {
  return /^(\.\/)?demo\//.test(path);
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** Whether an analytic cell's spec reads without a mistake, so a new cell can run at once. */
function specIsComplete(cell: SpecCell): boolean {
  try {
    specCellKindOf(cell.kind)!.readSpec(cell.spec);
    return true;
  } catch {
    return false;
  }
}
