import * as Comlink from 'comlink';
import { KuraError, type Progress, type Sentence } from '../engine/engine.ts';
import { readCatalog, type CatalogTable } from '../engine/catalog.ts';
import type { RowSource } from '../engine/row-source.ts';
import { tableRowSource } from '../engine/table-row-source.ts';
import type { WarehouseConnection } from '../engine/wasm-client.ts';
import type { LoadReport } from '../ingest/types.ts';
import type { MessageKey } from '../app/i18n.svelte.ts';
import { mappedViewSql } from '../ingest/mapping/mapped-view.ts';
import { proposeMapping, sourceMapping } from '../ingest/mapping/propose.ts';
import { parseNotebook, serializeNotebook } from './format.ts';
import type { Cell, Notebook, SourceCell, SpecCell } from './model.ts';
import { mappedViewName, runSqlCell, sourceTableExists } from './runner.ts';
import { specCellExecutors } from '../cells/spec-cells.ts';
import type { JobEngine } from '../jobs/local.ts';
import type { JobName, JobResult, JobSpec } from '../jobs/registry.ts';
import { isSpecCellKind } from './cell-kinds.ts';
import { cycleMessages, dependentsInRunOrder, notebookGraph } from './graph.ts';
import { AutosaveWriter } from './autosave-writer.ts';

export interface CellOutput {
  status: 'idle' | 'running' | 'done' | 'error';
  error?: { message: string; kind: string; sentence?: Sentence };
  result?: RowSource;
  /** An analytic cell's plain result for its view (charts, badges, lists). */
  value?: unknown;
  /** A cell this one reads has run since; shown until this cell runs again (auto-run off). */
  stale?: boolean;
  load?: LoadReport;
  elapsedMs?: number;
}

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

/** The open notebook, its cells' outputs and the warehouse they run on. */
export class NotebookSession {
  notebook: Notebook = $state({ header: { kura: 1, title: 'Untitled' }, cells: [] });
  outputs: Record<string, CellOutput> = $state({});
  catalog: CatalogTable[] = $state([]);
  progress: Progress | null = $state(null);
  notice: Notice | null = $state(null);
  savedAt: Date | null = $state(null);
  /** Set when the notebook was opened from a file and nothing has run yet; cleared by Run all. */
  notRunYet = $state(false);
  /** Another tab autosaves this browser's notebook, so this one does not (src/notebook/autosave-writer.ts). */
  autosaveElsewhere = $state(false);
  /** Edits this tab has not written anywhere (only while another tab autosaves). */
  unsavedEdits = false;
  private readonly autosave = new AutosaveWriter('kura.autosave.v1');
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The file each source cell last loaded in this page, so it can be reloaded (e.g. another sheet) without asking again. */
  private readonly lastFiles = new Map<string, File>();
  private nextId = 1;
  private runScope = new RunScope();

  constructor(readonly connection: WarehouseConnection) {}

  /** Restores the autosaved notebook, or opens the given text (the demo) when there is none. */
  async start(fallbackText: () => Promise<string>): Promise<'restored' | 'opened'> {
    this.autosaveElsewhere = !(await this.autosave.ready);
    await this.listenForProgress();
    const saved = localStorage.getItem(notebookKey);
    if (saved && this.tryOpen(saved)) {
      this.restoreLoadReports();
      await this.refreshCatalog();
      // A notebook opened from a file that was never run stays unrun across a reload.
      if (localStorage.getItem(notRunYetKey) === 'true') this.notRunYet = true;
      else await this.runAll({ loadMissingSources: false });
      this.unsavedEdits = false;
      return 'restored';
    }
    this.open(await fallbackText());
    await this.runAll({ loadMissingSources: true });
    this.unsavedEdits = false;
    return 'opened';
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
    this.outputs = {};
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
    const scope = this.runScope;
    if (this.notRunYet) {
      this.notRunYet = false;
      this.scheduleSave();
    }
    const graph = notebookGraph($state.snapshot(this.notebook.cells) as Cell[]);
    const cycles = cycleMessages(graph);
    if (cycles.length > 0) this.notice = { kind: 'error', key: null, text: cycles.join(' ') };
    for (const id of graph.runOrder) {
      if (scope.ended) return;
      const cell = this.cell(id);
      if (cell?.kind === 'source') await this.runSource(cell, options.loadMissingSources, scope);
      else if (cell && (cell.kind === 'sql' || isSpecCellKind(cell.kind))) await this.runCell(cell.id, scope);
    }
  }

  async runCell(id: string, scope: RunScope = this.runScope): Promise<void> {
    if (scope.ended) return;
    const cell = this.cell(id);
    if (!cell) return;
    if (cell.kind === 'source') return this.runSource(cell, true, scope);
    if (isSpecCellKind(cell.kind)) return this.runSpecCell(id, scope);
    if (cell.kind !== 'sql') return;
    const snapshot = $state.snapshot(cell);
    await this.track(id, scope, async () => {
      const result = await this.connection.call((warehouse) => runSqlCell(warehouse, snapshot));
      const source = await this.connection.call((warehouse) => tableRowSource(warehouse, result.resultTable!));
      return { result: source, elapsedMs: result.elapsedMs };
    });
    await this.refreshCatalog();
  }

  /** After an input's value changed: writes it, then re-runs the cells that depend on it. */
  async inputChanged(id: string): Promise<void> {
    await this.runCell(id);
    await this.runDependents(id);
  }

  /** Re-runs, in notebook order, every cell that reads this cell's result directly or through other cells. */
  async runDependents(id: string): Promise<void> {
    const scope = this.runScope;
    for (const dependent of this.dependents(id)) await this.runCell(dependent, scope);
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
    await this.runCell(id, scope);
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

  /** Runs a job in the worker for a view (e.g. an export), typed. */
  runJob<Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>> {
    const plain = $state.snapshot(spec) as JobSpec<Name>;
    return this.connection.call((warehouse) => (warehouse as unknown as JobEngine).runJob(name, plain));
  }

  private async runSpecCell(id: string, scope: RunScope): Promise<void> {
    const cell = this.cell(id);
    if (!cell || !isSpecCellKind(cell.kind)) return;
    const execute = specCellExecutors[cell.kind];
    if (!execute) return;
    const snapshot = $state.snapshot(cell) as SpecCell;
    const context = { cells: $state.snapshot(this.notebook.cells) as Cell[] };
    await this.track(id, scope, async () => {
      const started = performance.now();
      const outcome = await this.connection.call((warehouse) => execute(warehouse as unknown as JobEngine, snapshot, context));
      const result = outcome.resultTable
        ? await this.connection.call((warehouse) => tableRowSource(warehouse, outcome.resultTable!))
        : undefined;
      return { result, value: outcome.value, elapsedMs: performance.now() - started };
    });
    await this.refreshCatalog();
  }

  /** Loads a file the user dropped or chose into a source cell's table. */
  async loadFile(id: string, file: File, options: { sheet?: string } = {}): Promise<void> {
    const cell = this.cell(id);
    if (!cell || cell.kind !== 'source') return;
    const name = cell.name;
    await this.track(id, this.runScope, async () => {
      const load = await this.connection.call((warehouse) => warehouse.loadFile(file, { fileName: file.name, table: name, sheet: options.sheet }));
      if (cell.spec.file !== file.name) {
        cell.spec.preset = undefined;
        cell.spec.mapping = undefined;
      }
      cell.spec.file = file.name;
      cell.spec.sheet = load.sheets && load.sheets.length > 1 ? load.sheet : undefined;
      this.lastFiles.set(id, file);
      return this.afterLoad(cell, load);
    });
    this.scheduleSave();
    await this.refreshCatalog();
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
    const columns = this.outputs[id]?.result?.columns.map((column) => column.name) ?? [];
    await this.applyMapping(cell, columns);
    await this.refreshCatalog();
  }

  /** Adds a cell after `afterId` (at the end without one), or before `beforeId`. */
  addCell(kind: 'source' | 'sql' | 'markdown', afterId?: string, beforeId?: string): Cell {
    const id = `new-${this.nextId++}`;
    const name = this.freshName(kind === 'source' ? 'source' : 'query');
    const cell: Cell =
      kind === 'markdown'
        ? { id, kind, text: '' }
        : kind === 'sql'
          ? { id, kind, name, sql: '' }
          : { id, kind, name, spec: { file: '' } };
    const position = (target: string) => this.notebook.cells.findIndex((c) => c.id === target);
    const index = beforeId ? Math.max(0, position(beforeId)) : afterId ? position(afterId) + 1 : this.notebook.cells.length;
    this.notebook.cells.splice(index, 0, cell);
    this.outputs[id] = { status: 'idle' };
    this.scheduleSave();
    return this.notebook.cells[index]!;
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

  private async runSource(cell: SourceCell, loadMissing: boolean, scope: RunScope): Promise<void> {
    const exists = await this.connection.call((warehouse) => sourceTableExists(warehouse, cell)).catch(() => false);
    if (scope.ended) return;
    if (exists) {
      await this.track(cell.id, scope, async () => {
        const result = await this.connection.call((warehouse) => tableRowSource(warehouse, cell.name));
        await this.applyMapping(cell, result.columns.map((column) => column.name));
        return { result, load: this.outputs[cell.id]?.load };
      });
      return;
    }
    if (!loadMissing || !isAppFile(cell.spec.file)) return;
    const spec = $state.snapshot(cell.spec);
    await this.track(cell.id, scope, async () => {
      const load = await this.connection.call((warehouse) =>
        warehouse.loadUrl(spec.file, { fileName: baseName(spec.file), table: cell.name, sheet: spec.sheet }),
      );
      return this.afterLoad(cell, load);
    });
    await this.refreshCatalog();
  }

  private async afterLoad(cell: SourceCell, load: LoadReport): Promise<Partial<CellOutput>> {
    const headers = load.columns.map((column) => column.name);
    if (!cell.spec.preset && !cell.spec.mapping) cell.spec.preset = proposeMapping(headers).preset ?? undefined;
    await this.applyMapping(cell, headers);
    const result = await this.connection.call((warehouse) => tableRowSource(warehouse, cell.name));
    return { load, result };
  }

  private async applyMapping(cell: SourceCell, headers: readonly string[]): Promise<void> {
    const mapping = sourceMapping($state.snapshot(cell.spec), headers);
    await this.connection.call((warehouse) => warehouse.exec(mappedViewSql(cell.name, mappedViewName(cell.name), mapping)));
  }

  /** Runs a cell's work and records its output, unless the notebook it ran for was replaced meanwhile. */
  private async track(id: string, scope: RunScope, work: () => Promise<Partial<CellOutput>>): Promise<void> {
    if (scope.ended) return;
    const previous = this.outputs[id];
    this.outputs[id] = { ...previous, status: 'running', error: undefined, stale: false };
    const stopProgress = () => (this.progress = null);
    try {
      const output = await work();
      if (scope.ended) return;
      this.outputs[id] = { ...this.outputs[id], ...output, status: 'done' };
    } catch (error) {
      if (scope.ended) return;
      const kuraError = error instanceof KuraError ? error : new KuraError(String(error instanceof Error ? error.message : error));
      this.outputs[id] = { ...previous, status: 'error', stale: false, error: { message: kuraError.message, kind: kuraError.kind, sentence: kuraError.sentence } };
      if (kuraError.kind === 'engine-restarted') this.notice = { kind: 'error', key: 'error.engine-restarted' };
    } finally {
      stopProgress();
    }
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
