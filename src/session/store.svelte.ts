import * as Comlink from 'comlink';
import { subtableName } from '../ingest/kintone.ts';
import { tableFromIPC } from 'apache-arrow';
import { KuraError, type Progress, type QueryParam } from '../engine/engine.ts';
import type { CatalogTable } from '../engine/catalog.ts';
import type { WarehouseConnection } from '../warehouse/client.ts';
import type { SaveState, Warehouse } from '../warehouse/warehouse.ts';
import type { LoadReport } from '../ingest/types.ts';
import { parseNotebook } from '../notebook/format.ts';
import { ensureNotebookId, notebookSchema, recordNotebookTitle } from '../notebook/namespace.ts';
import type { Cell, Notebook, NotebookHeader, SourceCell, SpecCell } from '../document/model.ts';
import { applySourceMapping, isValidSourceName, mappedViewName, renameSourceTable } from '../cells/source/table.ts';
import type { JobEngine, JobName, JobResult, JobSpec } from '../jobs/job.ts';
import type { CellOutput, SourceCellHost } from '../cells/host.ts';
import { cellKinds, isSpecCell, specCellKindOf } from '../cells/kinds.ts';
import { latestDateSql, sharedValuesSql } from '../cells/table-guess.ts';
import type { NewCell, NewCellContext } from '../cells/kind.ts';
import { proposeStarterCells, type StarterProposal } from '../cells/starter.ts';
import { tableNameFor } from '../ingest/names.ts';
import { clusteredSources, readMatchCellSpec } from '../cells/match/spec.ts';
import type { CustomerDecision, RecordRef } from '../identity/model/spec.ts';
import { NotebookDocument } from './document.svelte.ts';
import { RunStore } from './runs.svelte.ts';
import { SourceStore } from './sources.svelte.ts';
import { SessionStatus, type Notice } from './status.svelte.ts';
import { TableCatalog } from './catalog.svelte.ts';
import { Autosave, type ReplacedNotebook } from './autosave.svelte.ts';
import type { WarehouseCalls } from './warehouse-calls.ts';
import { jobAccess } from '../warehouse/job-access.ts';
import { clustersTable } from '../identity/cluster/cluster.ts';

export type { Notice } from './status.svelte.ts';
export type { ReplacedNotebook } from './autosave.svelte.ts';

/**
 * The open notebook, its cells' outputs and the warehouse they run on: what the views use, composed of small
 * stores with one job each (the document, the runs, the sources, the catalog, the status line, the autosave).
 */
export class NotebookSession implements SourceCellHost {
  readonly document: NotebookDocument;
  readonly runs: RunStore;
  readonly sources: SourceStore;
  readonly status = new SessionStatus();
  readonly tables: TableCatalog;
  readonly autosave: Autosave;
  /** Whether the engine has started: the notebook shows before it has, its tables only after. */
  engineStarted = $state(false);
  /** Set when the notebook was opened from a file and nothing has run yet; cleared by Run all. */
  notRunYet = $state(false);
  /** Counts the runs that rewrote the customers (a match cell ran): an open customer view reads its customer again. */
  customersChanged = $state(0);
  /** The customer the customer view shows (a golden record's cluster id), or null when it is closed. */
  shownCustomer: number | null = $state(null);
  private runsUntilCatalogRead = $state(0);
  /** How many times New, Open or a bundle replaced the notebook: start() must not open the demo over one of them. */
  private replacements = 0;
  /** The title last written beside each notebook schema's tables (recordTitle). */
  private readonly titlesWritten = new Map<string, string>();
  /** The last job a view started that changes tables (a re-clustering), settled or not. */
  private viewWrites: Promise<void> = Promise.resolve();

  constructor(
    readonly connection: WarehouseConnection,
    storage: Storage = localStorage,
  ) {
    const warehouse: WarehouseCalls = {
      call: (work, current) => connection.call((remote) => work(remote as unknown as Warehouse), current),
      cancel: async () => {
        await connection.ready;
        return connection.warehouse.cancel();
      },
    };
    connection.ready.then(
      () => (this.engineStarted = true),
      () => {},
    );
    this.document = new NotebookDocument(() => this.autosave.schedule());
    this.runs = new RunStore(warehouse, () => this.status.sayError('error.engine-restarted'));
    this.sources = new SourceStore(this.document);
    this.tables = new TableCatalog(warehouse);
    this.autosave = new Autosave(
      storage,
      () => ({ text: this.text(), notRunYet: this.notRunYet, loads: this.loadReports() }),
      (error) => this.showError(error),
    );
  }

  get notebook(): Notebook {
    return this.document.notebook;
  }
  get cells(): readonly Cell[] {
    return this.document.cells;
  }
  get opened(): boolean {
    return this.document.opened;
  }
  get outputs(): Record<string, CellOutput> {
    return this.runs.outputs;
  }
  /** Runs under way, each counted until the catalog it leaves behind has been read. */
  get runsUnderway(): number {
    return this.runsUntilCatalogRead;
  }
  /** Whether a cell is running; progress events from paging a result table alone do not count. */
  get running(): boolean {
    return this.runs.running;
  }
  get catalog(): CatalogTable[] {
    return this.tables.tables;
  }
  get notice(): Notice | null {
    return this.status.notice;
  }
  set notice(notice: Notice | null) {
    this.status.notice = notice;
  }
  get progress(): Progress | null {
    return this.status.progress;
  }
  /** The background save of the tables, when the working tables are an in-memory copy (SessionStatus.tablesSave). */
  get tablesSave(): SaveState | null {
    return this.status.tablesSave;
  }
  get savedAt(): Date | null {
    return this.autosave.savedAt;
  }
  /** Another tab autosaves this browser's notebook, so this one does not (src/session/autosave-writer.ts). */
  get autosaveElsewhere(): boolean {
    return this.autosave.elsewhere;
  }
  /** Edits this tab has not written anywhere (only while another tab autosaves). */
  get unsavedEdits(): boolean {
    return this.autosave.unsavedEdits;
  }
  /** Whether running a cell re-runs the cells that read it (the header's `autorun: false` turns it off). */
  get autoRun(): boolean {
    return this.document.autoRun;
  }

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
    const replacementsBefore = this.replacements;
    // The notebook opens (and shows) at once; what reads its tables waits for the engine (awaited on every path;
    // its failure, the engine not starting, is the page's to show).
    const listening = this.listenForProgress();
    listening.catch(() => {});
    await this.autosave.ready();
    const saved = this.autosave.savedText();
    // A notebook the user opened (or started) while the page was starting wins over the autosaved one and the demo.
    if (this.replacements !== replacementsBefore) return listening.then(() => 'opened');
    // A notebook opened from a file that was never run stays unrun across a reload. Read before opening: the
    // autosave that opening schedules rewrites it, and Run all may be pressed while the catalog is read.
    const savedNotRunYet = this.autosave.savedNotRunYet();
    if (saved && !options.fallbackFirst && this.tryOpen(saved, savedNotRunYet)) {
      this.restoreLoadReports();
      await listening;
      await this.refreshCatalog();
      if (!savedNotRunYet && this.runsUnderway === 0) await this.runAll({ loadMissingSources: false, reuse: true });
      this.autosave.unsavedEdits = false;
      return 'restored';
    }
    const text = await fallbackText();
    if (this.replacements !== replacementsBefore) return listening.then(() => 'opened');
    const replaced = saved && saved !== text ? this.autosave.keepReplaced(saved) : undefined;
    this.open(text, { ownTables: true });
    if (replaced) options.onReplaced?.(replaced);
    await listening;
    await this.runAll({ loadMissingSources: true });
    this.autosave.unsavedEdits = false;
    return 'opened';
  }

  /**
   * Opens another notebook in place of this one (New, Open, a bundle) and returns the one replaced, which
   * reopenReplaced can bring back; text that does not parse throws before anything changes.
   */
  replaceWith(text: string, options: { fromFile?: boolean } = {}): ReplacedNotebook {
    const replaced = { text: this.text(), title: this.notebook.header.title, notRunYet: this.notRunYet };
    this.open(text, { ...options, ownTables: true });
    this.replacements++;
    return replaced;
  }

  /** Brings back a notebook replaced by replaceWith; it runs again unless it came from a file and never ran. */
  async reopenReplaced(replaced: ReplacedNotebook): Promise<void> {
    this.open(replaced.text, { fromFile: replaced.notRunYet });
    this.notice = null;
    await this.refreshCatalog();
    if (!replaced.notRunYet) await this.runAll({ loadMissingSources: false, reuse: true });
  }

  /**
   * Makes `text` the open notebook, its schema the warehouse's (src/notebook/namespace.ts). With `ownTables` a
   * notebook without an id gets one, so its tables are its own; without it (the autosaved notebook, a notebook
   * brought back) a notebook without an id keeps the tables every notebook shared before ids.
   */
  open(text: string, options: { fromFile?: boolean; ownTables?: boolean } = {}): void {
    const notebook = parseNotebook(text);
    if (options.ownTables) ensureNotebookId(notebook);
    if (this.document.opened) this.recordTitle(this.notebook.header);
    this.recordTitle(notebook.header);
    this.runs.end();
    this.connection.useSchema(notebookSchema(notebook.header)).catch((error: unknown) => this.showError(error));
    this.notRunYet = options.fromFile === true;
    this.document.load(notebook);
    this.shownCustomer = null;
    this.runs.reset(notebook.cells);
    this.sources.clear();
    this.autosave.schedule();
    void this.refreshCatalog();
  }

  /**
   * Writes a notebook's title beside its tables when it is not the one written last (src/notebook/namespace.ts), so
   * the sidebar can name the notebooks whose tables the warehouse keeps. Written when a notebook opens and when it is
   * replaced, which is when a renamed title is needed; the statement names its schema, so a switch cannot misplace it.
   */
  private recordTitle(header: NotebookHeader): void {
    const written = { schema: notebookSchema(header), title: typeof header.title === 'string' ? header.title : '' };
    if (this.titlesWritten.get(written.schema) === written.title) return;
    this.titlesWritten.set(written.schema, written.title);
    const snapshot = { ...header };
    this.connection
      .call((warehouse) => recordNotebookTitle(warehouse as unknown as Warehouse, snapshot))
      .catch(() => this.titlesWritten.delete(written.schema));
  }

  /** Opens autosaved text; text that no longer parses is kept aside rather than lost. */
  private tryOpen(text: string, notRunYet: boolean): boolean {
    try {
      this.open(text, { fromFile: notRunYet });
      return true;
    } catch {
      this.autosave.keepUnreadable(text);
      return false;
    }
  }

  text(): string {
    return this.document.text();
  }

  /** Runs every cell; with `reuse` (a reload) a cell whose inputs did not change shows its last result without running. */
  async runAll(options: { loadMissingSources: boolean; reuse?: boolean } = { loadMissingSources: true }): Promise<void> {
    if (this.notRunYet) {
      this.notRunYet = false;
      this.autosave.schedule();
    }
    const cycles = this.document.cycles();
    if (cycles.length > 0) this.notice = { kind: 'error', key: null, text: cycles.join(' ') };
    await this.runCells(undefined, options.loadMissingSources, options.reuse);
  }

  async runCell(id: string): Promise<void> {
    await this.runCells([id], true);
  }

  /** Runs cells of the open notebook: all of them, or `only` these in dependency order (src/session/runs.svelte.ts). */
  private async runCells(only: readonly string[] | undefined, loadMissingSources: boolean, reuse = false): Promise<void> {
    this.runsUntilCatalogRead++;
    try {
      const current = await this.runs.run(this.document.snapshot(), {
        only,
        reuse,
        readySource: (cell, engine) => this.sources.readySource(cell, engine, loadMissingSources),
        done: (cell) => {
          this.sources.ran(cell);
          if (writesCustomers(cell)) this.customersChanged++;
          // The sidebar lists a loaded table at once, not only when the whole run has ended.
          if (cell.kind === 'source') void this.refreshCatalog();
        },
      });
      this.status.progress = null;
      if (current) await this.refreshCatalog();
    } finally {
      this.runsUntilCatalogRead--;
    }
  }

  /** After an input's value changed: writes it, then re-runs the cells that depend on it. */
  async inputChanged(id: string): Promise<void> {
    await this.runCell(id);
    await this.runDependents(id);
  }

  /** Re-runs, in dependency order, every cell that reads this cell's result directly or through other cells. */
  async runDependents(id: string): Promise<void> {
    await this.runCells(this.document.dependents(id), true);
  }

  setAutoRun(on: boolean): void {
    this.document.setAutoRun(on);
  }

  /** What the run button and Shift+Enter do: run the cell, then re-run its dependents or mark them stale. */
  async runCellAndDependents(id: string): Promise<void> {
    const ended = this.runs.ended();
    await this.runCell(id);
    if (ended() || this.outputs[id]?.status !== 'done') return;
    if (this.autoRun) await this.runDependents(id);
    else this.runs.markStale(this.document.dependents(id));
  }

  async tablesChanged(id: string, changed?: Record<string, unknown>): Promise<void> {
    const output = this.outputs[id];
    if (changed && output?.value) this.outputs[id] = { ...output, value: { ...(output.value as object), ...changed } };
    if (this.autoRun) await this.runDependents(id);
    else this.runs.markStale(this.document.dependents(id));
  }

  openCustomer(clusterId: number): void {
    this.shownCustomer = clusterId;
  }

  /** The match cell that matched a source (the first one naming it), with its spec read; undefined without one. */
  matchCellFor(source: string): SpecCell | undefined {
    return this.document.matchCellFor(source);
  }

  /**
   * Keeps a reviewer's decision (split, merge, pin) in the spec of the match cell that matched the record, then
   * clusters again with every decision and re-runs the cells that read the customers. Returns the customer that
   * `follow` belongs to afterwards (the view stays on it), or null when it cannot be found.
   */
  async decide(decision: CustomerDecision, follow: RecordRef): Promise<number | null> {
    const match = this.document.addDecision(decision);
    return match ? this.applyDecisions(match, follow) : null;
  }

  /** Takes back decision `index` of a match cell and clusters again without it. */
  async undoDecision(matchId: string, index: number, follow?: RecordRef): Promise<number | null> {
    const match = this.document.removeDecision(matchId, index);
    return match ? this.applyDecisions(match, follow) : null;
  }

  private async applyDecisions(match: SpecCell, follow?: RecordRef): Promise<number | null> {
    try {
      const spec = readMatchCellSpec(match.spec);
      const reclustered = await this.runJob('identityRecluster', {
        threshold: spec.threshold,
        sources: clusteredSources(spec),
        ...(spec.survivorship ? { survivorship: spec.survivorship } : {}),
        decisions: spec.decisions,
      });
      const { threshold: _kept, ...changed } = reclustered;
      const followed = follow ? (await this.runJob('identityCustomerOf', { record: follow })).clusterId : null;
      void this.tablesChanged(match.id, changed);
      return followed;
    } catch (error) {
      this.showError(error);
      return null;
    }
  }

  async openCustomerOfRecord(record: string | RecordRef): Promise<void> {
    try {
      const spec = typeof record === 'string' ? { recordId: record } : { record };
      this.shownCustomer = (await this.runJob('identityCustomerOf', spec)).clusterId;
    } catch (error) {
      this.showError(error);
    }
  }

  /** A small query for a view (an option list, a live count). */
  query(sql: string, params?: readonly QueryParam[]): Promise<Uint8Array> {
    return this.connection.call((warehouse) => warehouse.query(sql, params));
  }

  /**
   * Runs a job in the worker for a view (e.g. an export), typed. Jobs that change tables run one after the other,
   * and a reading job (a search, the customer view) waits for them: it never reads a re-clustering half done.
   */
  async runJob<Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>> {
    const plain = $state.snapshot(spec) as JobSpec<Name>;
    const call = (): Promise<JobResult<Name>> =>
      this.connection.call((warehouse) => (warehouse as unknown as JobEngine).runJob(name, plain));
    if (jobAccess[name] === 'reads') {
      await this.viewWrites;
      return call();
    }
    const job = this.viewWrites.then(async () => {
      await this.runs.forgetResults();
      return call();
    });
    this.viewWrites = job.then(
      () => undefined,
      () => undefined,
    );
    return job;
  }

  /** Loads a file the user dropped or chose into a source cell's table. */
  async loadFile(id: string, file: File, options: { sheet?: string } = {}): Promise<void> {
    const chosen = this.sources.choose(id, file, options.sheet);
    await this.runCells([id], true);
    this.sources.forgetChosen(id, chosen);
    this.autosave.schedule();
  }

  /** Loads another sheet of the workbook the cell loaded last; false when the file must be chosen again. */
  async chooseSheet(id: string, sheet: string): Promise<boolean> {
    const file = this.sources.lastFile(id);
    if (!file) return false;
    const cell = this.document.cell(id);
    if (cell?.kind === 'source') cell.spec.mapping = undefined;
    await this.loadFile(id, file, { sheet });
    return true;
  }

  /**
   * Applies a preset or a corrected mapping and rebuilds the mapped view. Only a corrected mapping is
   * written into the notebook; a preset alone is stored by its id and applied to the file's headers.
   */
  async setMapping(id: string, preset: string | null, mapping?: Record<string, string>): Promise<void> {
    const cell = this.document.cell(id);
    if (!cell || cell.kind !== 'source') return;
    cell.spec.preset = preset ?? undefined;
    cell.spec.mapping = mapping ? { ...mapping } : undefined;
    this.autosave.schedule();
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
    const cell = this.document.cell(id);
    if (!cell || cell.kind !== 'source') return;
    const name = cell.name.trim();
    if (name === previous) {
      cell.name = previous;
      return;
    }
    const problem = !isValidSourceName(name) ? 'source.renameInvalid' : this.nameTaken(id, name, previous) ? 'source.renameTaken' : null;
    if (problem) {
      cell.name = previous;
      this.autosave.schedule();
      const text =
        problem === 'source.renameInvalid'
          ? `${name} is not a valid table name; the table keeps the name ${previous}.`
          : `The name ${name} is already used; the table keeps the name ${previous}.`;
      this.notice = { kind: 'error', key: null, text, sentence: { key: problem, values: { name, previous } } };
      return;
    }
    cell.name = name;
    this.autosave.schedule();
    const snapshot = $state.snapshot(cell) as SourceCell;
    try {
      const moved = await this.connection.call(async (warehouse) => {
        const done = await renameSourceTable(warehouse, previous, snapshot);
        if (done) await warehouse.checkpoint();
        return done;
      });
      if (!moved) return;
      this.sources.renamed(id, name);
      const load = this.outputs[id]?.load;
      if (load) {
        const subtable = load.subtable ? { subtable: { ...load.subtable, table: subtableName(name) } } : {};
        this.outputs[id] = { ...this.outputs[id]!, load: { ...load, table: name, ...subtable } };
      }
      await this.runs.showTable(id, name);
      await this.refreshCatalog();
    } catch (error) {
      this.showError(error);
      return;
    }
    if (this.autoRun) await this.runDependents(id);
    else this.runs.markStale(this.document.dependents(id));
  }

  /** Whether another cell, or a table or view in the warehouse other than the source's own, has the name (or its `_mapped` view's). */
  private nameTaken(id: string, name: string, previous: string): boolean {
    if (this.document.nameUsedByAnotherCell(id, name)) return true;
    return this.tables.holdsAny([name, mappedViewName(name)], [previous, mappedViewName(previous)]);
  }

  /** A table's column names as the warehouse has them, or undefined when there is no such table (for views without a load report). */
  columnsOf(table: string): string[] | undefined {
    return this.tables.columnsOf(table);
  }

  /**
   * Adds a cell of a kind (src/cells/kinds.ts) after `afterId` (at the end without one), or before `beforeId`.
   * An analytic cell starts filled in from the notebook's tables and runs at once when that spec is complete.
   */
  async addCell(word: string, afterId?: string, beforeId?: string): Promise<Cell> {
    const kind = cellKinds.find((candidate) => candidate.word === word);
    if (!kind) throw new KuraError(`There is no ${word} cell.`, 'unsupported');
    const value = await kind.create(this.newCellContext());
    const cell = this.insertCell(value, this.document.insertionIndex(afterId, beforeId));
    if (isSpecCell(cell) && specIsComplete(cell)) void this.runCell(cell.id);
    return cell;
  }

  private insertCell(value: NewCell, index: number): Cell {
    const cell = this.document.insert(value, index);
    this.outputs[cell.id] = { status: 'idle' };
    return cell;
  }

  /** What a kind's `create` reads to fill in a new cell: the tables, the cells, fresh names, where dates end. */
  private newCellContext(): NewCellContext {
    return {
      tables: this.catalog,
      cells: this.document.snapshot(),
      freshName: (prefix) => this.document.freshName(prefix),
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
    const cell = this.insertCell({ kind: 'source', name: this.document.unusedName(base), spec: { file: file.name } }, this.cells.length);
    await this.loadFile(cell.id, file);
    return cell;
  }

  /** The starter notebook for the sources loaded so far (src/cells/starter.ts). */
  proposeStarter(): Promise<StarterProposal[]> {
    return proposeStarterCells(this.newCellContext());
  }

  /** Adds the accepted proposals after the cells there are; returns them and the run of the notebook that follows. */
  acceptStarter(proposals: readonly StarterProposal[]): { added: Cell[]; run: Promise<void> } {
    const added = proposals.map((proposal) => this.insertCell(proposal.cell, this.cells.length));
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
    this.document.remove(id);
    delete this.outputs[id];
  }

  moveCell(id: string, offset: -1 | 1): void {
    this.document.move(id, offset);
  }

  /** Call after editing a cell's text or spec. */
  edited(): void {
    this.autosave.schedule();
  }

  async cancel(): Promise<void> {
    await this.connection.ready;
    await this.connection.warehouse.cancel();
  }

  /** Frees the storage other notebooks' tables take (one notebook's, by schema, or all); they load their files again when opened. */
  async freeOtherNotebooks(schema?: string): Promise<void> {
    try {
      await (schema === undefined ? this.tables.freeOthers() : this.tables.freeOne(schema));
    } catch (error) {
      this.showError(error);
    }
  }

  async refreshCatalog(): Promise<void> {
    if (!(await this.tables.refresh())) this.status.sayError('error.autosave');
  }

  saveNow(): void {
    this.autosave.saveNow();
  }

  /** Writes a pending autosave at once: the page is being hidden or closed. */
  flushSave(): void {
    this.autosave.flush();
  }

  showError(error: unknown): void {
    this.status.showError(error);
  }

  private async listenForProgress(): Promise<void> {
    await this.connection.ready;
    await this.connection.warehouse.setProgressListener(Comlink.proxy((progress: Progress) => (this.status.progress = progress)));
    await this.connection.warehouse.setSaveListener(Comlink.proxy((state: SaveState) => this.status.tablesSaveChanged(state)));
  }

  /** After the engine restarted, progress events come from the new worker. */
  async engineRestarted(): Promise<void> {
    await this.listenForProgress();
    this.status.sayError('error.engine-restarted');
    await this.refreshCatalog();
  }

  /** The source cells' load reports by table name, for the autosave. */
  private loadReports(): Record<string, LoadReport> {
    const loads: Record<string, LoadReport> = {};
    for (const cell of this.cells) {
      const load = this.outputs[cell.id]?.load;
      if (cell.kind === 'source' && load) loads[cell.name] = $state.snapshot(load) as LoadReport;
    }
    return loads;
  }

  private restoreLoadReports(): void {
    const loads = this.autosave.savedLoads();
    for (const cell of this.cells) {
      if (cell.kind === 'source' && loads[cell.name]) this.outputs[cell.id] = { status: 'idle', load: loads[cell.name] };
    }
  }
}

/** Whether a cell writes the identity clusters the customer view and search read (a match cell). */
function writesCustomers(cell: Cell): boolean {
  if (!isSpecCell(cell)) return false;
  try {
    return specCellKindOf(cell.kind)!.outputs(cell).includes(clustersTable);
  } catch {
    return false;
  }
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
