import { KuraError } from '../engine/engine.ts';
import { tableRowSource } from '../engine/table-row-source.ts';
import type { Cell, SourceCell } from '../document/model.ts';
import type { CellOutput } from '../cells/host.ts';
import { blockedReason, runNotebookCells, type CellRunOutcome, type SourceReadiness } from '../notebook/run.ts';
import type { WarehouseCalls } from './warehouse-calls.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { notebookGraph } from '../notebook/graph.ts';
import { RunCache } from './run-cache.ts';

/**
 * The notebook a run was started for. Cell ids restart at `cell-1` on every parse, so a run that outlived its
 * notebook (New, Open, a bundle while cells were running) would otherwise find and run the new notebook's cells.
 */
class RunScope {
  ended = false;
}

export interface CellsRun {
  /** Run only these cells (in dependency order); every runnable cell without it. */
  only?: readonly string[];
  /** Gets a source cell's table ready (src/session/sources.svelte.ts), inside the cell's call, with its warehouse. */
  readySource(cell: SourceCell, warehouse: Warehouse): Promise<SourceReadiness>;
  /** Called when a cell's run is done, before its output shows. */
  done?(cell: Cell): void;
  /** Show what an earlier run with the same inputs left instead of running a cell again (after a reload). */
  reuse?: boolean;
}

/** The cells' outputs and the runs that fill them: what each cell shows under it, and whether anything runs. */
export class RunStore {
  outputs: Record<string, CellOutput> = $state({});
  /** How many runs (Run all, one cell, its dependents) are under way; the page shows it as the notebook's busy state. */
  runsUnderway = $state(0);
  private scope = new RunScope();
  private readonly cache = new RunCache();

  /** @param engineRestarted called when a cell failed because the engine died and was restarted. */
  constructor(
    private readonly warehouse: WarehouseCalls,
    private readonly engineRestarted: () => void = () => {},
  ) {}

  /** Whether a cell is running; progress events from paging a result table alone do not count. */
  get running(): boolean {
    return Object.values(this.outputs).some((output) => output.status === 'running');
  }

  /** Starts over for another notebook: every cell idle. */
  reset(cells: readonly Cell[]): void {
    this.cache.reset();
    this.outputs = {};
    for (const cell of cells) this.outputs[cell.id] = { status: 'idle' };
  }

  /** Stops the runs started so far: nothing they were about to run runs, nothing they finish is shown. */
  end(): void {
    this.scope.ended = true;
    this.scope = new RunScope();
    if (this.running) void this.warehouse.cancel().catch(() => false);
  }

  /** A check, taken now, of whether the runs under way have been ended since. */
  ended(): () => boolean {
    const scope = this.scope;
    return () => scope.ended;
  }

  /**
   * Runs `cells` with the runner `kura run` uses (src/notebook/run.ts) and shows each outcome as it comes.
   * Resolves true when the run still belongs to the open notebook (end() was not called meanwhile).
   */
  async run(cells: Cell[], run: CellsRun): Promise<boolean> {
    const scope = this.scope;
    const current = () => !scope.ended;
    const before = new Map<string, CellOutput | undefined>();
    const graph = notebookGraph(cells);
    this.runsUnderway++;
    try {
      await runNotebookCells<Warehouse>(
        cells,
        {
          // Every call of the run is refused once another notebook is open, so none reaches that notebook's tables.
          withEngine: (work) => this.warehouse.call((warehouse) => work(warehouse), current),
          readySource: (cell, warehouse) => run.readySource(cell, warehouse),
          stopped: () => scope.ended,
          afterSources: () => this.withCache((warehouse) => this.cache.prepare(warehouse, cells, graph), current),
          ...(run.reuse ? { reuse: (cell: Cell) => this.withCache((warehouse) => this.cache.reuse(warehouse, cell), current) } : {}),
          started: async (cell) => {
            before.set(cell.id, this.outputs[cell.id]);
            this.outputs[cell.id] = { ...this.outputs[cell.id], status: 'running', error: undefined, stale: false };
            if (this.cache.keeps(cell)) await this.withCache((warehouse) => this.cache.forget(warehouse, cell), current);
          },
          finished: async (cell, outcome) => {
            if (outcome.status === 'done' && cell.kind === 'source' && outcome.load) this.cache.sourceChanged(cell.name);
            if (outcome.status === 'done') await this.withCache((warehouse) => this.cache.remember(warehouse, cell, outcome), current);
            await this.show(cell, outcome, before.get(cell.id), scope, run);
          },
        },
        { only: run.only, graph },
      );
      // What the cells wrote outside jobs (SQL, segments) and the results kept for reuse reach storage before a reload.
      await this.withCache((warehouse) => warehouse.checkpoint(), current);
      return !scope.ended;
    } finally {
      this.runsUnderway--;
    }
  }

  /** Tables changed outside a run (a match re-clustered, a bundle opened): no earlier result is reused. */
  async forgetResults(): Promise<void> {
    await this.withCache((warehouse) => this.cache.clear(warehouse));
  }

  /** Keeping results for reuse only saves time: when it fails, cells run as they would without it. */
  private async withCache<T>(work: (warehouse: Warehouse) => Promise<T>, current?: () => boolean): Promise<T | undefined> {
    try {
      return await this.warehouse.call(work, current);
    } catch {
      return undefined;
    }
  }

  /** Marks cells that have run as out of date: a cell they read ran since. */
  markStale(ids: readonly string[]): void {
    for (const id of ids) {
      const output = this.outputs[id];
      if (output && output.status !== 'idle') this.outputs[id] = { ...output, stale: true };
    }
  }

  /** Shows a table's rows again under a cell (e.g. after its table was renamed). */
  async showTable(id: string, table: string): Promise<void> {
    const result = await this.warehouse.call((warehouse) => tableRowSource(warehouse, table)).catch(() => undefined);
    const output = this.outputs[id];
    if (output && result) this.outputs[id] = { ...output, result };
  }

  /** Puts a cell's outcome under it: its result table as a page source, its value for the view, or its error. */
  private async show(cell: Cell, outcome: CellRunOutcome, before: CellOutput | undefined, scope: RunScope, run: CellsRun): Promise<void> {
    if (outcome.status === 'done') {
      const result = outcome.resultTable
        ? await this.warehouse.call((warehouse) => tableRowSource(warehouse, outcome.resultTable!)).catch(() => undefined)
        : undefined;
      if (scope.ended) return;
      run.done?.(cell);
      this.outputs[cell.id] = {
        ...this.outputs[cell.id],
        status: 'done',
        result,
        value: outcome.value,
        load: outcome.load ?? this.outputs[cell.id]?.load,
        elapsedMs: outcome.elapsedMs,
      };
    } else if (scope.ended) {
      // A run that outlived its notebook shows nothing: cell ids restart at cell-1, so this id is another notebook's cell.
      if (outcome.status === 'error' && outcome.error.kind === 'engine-restarted') this.engineRestarted();
    } else if (outcome.status === 'not-run' && outcome.blockedBy === undefined) {
      this.outputs[cell.id] = { ...before, status: before?.status === 'running' ? 'idle' : (before?.status ?? 'idle') };
    } else {
      const error =
        outcome.status === 'error'
          ? outcome.error
          : new KuraError(`Not run: ${blockedReason(outcome.blockedBy!)}`, 'blocked', undefined, {
              key: 'cell.blocked',
              values: { name: outcome.blockedBy! },
            });
      this.outputs[cell.id] = {
        ...before,
        status: 'error',
        stale: false,
        error: { message: error.message, kind: error.kind, sentence: error.sentence },
      };
      if (error.kind === 'engine-restarted') this.engineRestarted();
    }
  }
}
