/**
 * Runs a notebook's cells in dependency order: the one orchestration the page (src/session/store.svelte.ts) and `kura run`
 * (src/cli/commands/run.ts) share. Source cells run first (they read no other cell), then `afterSources`
 * (the command line seals file access there), then the rest in the graph's run order. A cell in a cycle
 * fails with the cycle's sentence; a cell that reads one that did not finish in this run is not run.
 * What a cell leaves (a result table, plain data for its view, a load report) is handed to `finished` as it
 * ends, so the page shows results as they come and the command line collects them for its report.
 */
import { KuraError } from '../engine/engine.ts';
import type { JobEngine } from '../jobs/job.ts';
import type { LoadReport } from '../ingest/types.ts';
import type { Cell, SourceCell } from '../document/model.ts';
import { isSpecCell, specCellKindOf } from '../cells/kinds.ts';
import { runSqlCell } from '../cells/sql/execute.ts';
import { applySourceMapping } from '../cells/source/table.ts';
import { cellsInCycles, cycleMessages, notebookGraph, type NotebookGraph } from './graph.ts';

export type CellRunOutcome =
  /** `reused`: shown from what an earlier run with the same inputs left (`reuse`), not run now. */
  | { status: 'done'; resultTable?: string; value?: unknown; load?: LoadReport; elapsedMs: number; reused?: true }
  | { status: 'error'; error: KuraError }
  /** Not run: it reads a cell that did not run (`blockedBy` is that cell's label), or its source has no data here. */
  | { status: 'not-run'; blockedBy?: string };

/** Why a cell was not run, in the words the page and the report both show: `it reads orders, which did not run.` */
export function blockedReason(label: string): string {
  return `it reads ${label}, which did not run.`;
}

/** What a source cell's table needs before it is read: loaded now (with its report), already there, or not available. */
export type SourceReadiness = { load?: LoadReport } | 'unavailable';

/** `E`: the engine the host hands out (the page's is its whole warehouse, which can also load files). */
export interface NotebookRunHost<E extends JobEngine = JobEngine> {
  /** Runs work against the engine; the page wraps each call so an engine crash restarts it. */
  withEngine<T>(work: (engine: E) => Promise<T>): Promise<T>;
  /**
   * Gets a source cell's table into the engine: the command line loads from its data folder, the page restores or
   * loads. It runs inside `withEngine`'s call and uses its engine (a call of its own would be a call inside a call).
   */
  readySource(cell: SourceCell, engine: E): Promise<SourceReadiness>;
  /** Called once the sources are ready and before any other cell runs. */
  afterSources?(): Promise<void>;
  /** What a cell's earlier run with the same inputs left, to show instead of running it (the page after a reload). */
  reuse?(cell: Cell): Promise<CellRunOutcome | undefined>;
  started?(cell: Cell): void | Promise<void>;
  finished?(cell: Cell, outcome: CellRunOutcome): void | Promise<void>;
  /** Checked before each cell: true once the run must stop (the page opened another notebook). */
  stopped?(): boolean;
}

export interface RunOptions {
  /** Run only these cells (still in dependency order); the others count as done. Default: every cell. */
  only?: readonly string[];
  /** The graph of `cells`, when the caller has it already. */
  graph?: NotebookGraph;
}

/** Runs the cells and returns each one's outcome by id; markdown and unknown cells get none. */
export async function runNotebookCells<E extends JobEngine>(
  cells: readonly Cell[],
  host: NotebookRunHost<E>,
  options: RunOptions = {},
): Promise<Map<string, CellRunOutcome>> {
  const graph = options.graph ?? notebookGraph(cells);
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const only = options.only ? new Set(options.only) : null;
  const chosen = graph.runOrder.filter((id) => (only === null || only.has(id)) && isRunnable(byId.get(id)!));
  const sources = chosen.filter((id) => byId.get(id)!.kind === 'source');
  const rest = chosen.filter((id) => byId.get(id)!.kind !== 'source');
  const inCycle = cellsInCycles(graph);
  const cycleText = new Map<string, string>();
  const sentences = cycleMessages(graph);
  graph.cycles.forEach((cycle, index) => cycle.forEach((id) => cycleText.set(id, sentences[index]!)));
  const outcomes = new Map<string, CellRunOutcome>();

  const runOne = async (id: string) => {
    const cell = byId.get(id)!;
    const node = graph.byId.get(id)!;
    const blockedBy = node.upstream.find((upstream) => outcomes.has(upstream) && outcomes.get(upstream)!.status !== 'done');
    let outcome: CellRunOutcome;
    if (inCycle.has(id)) outcome = { status: 'error', error: new KuraError(cycleText.get(id)!, 'cycle') };
    else if (blockedBy) outcome = { status: 'not-run', blockedBy: graph.byId.get(blockedBy)!.label };
    else {
      const reused = await host.reuse?.(cell);
      if (reused) outcome = reused;
      else {
        await host.started?.(cell);
        outcome = await runCell(cell, cells, host);
      }
    }
    if (host.stopped?.()) return;
    outcomes.set(id, outcome);
    await host.finished?.(cell, outcome);
  };

  for (const id of sources) {
    if (host.stopped?.()) return outcomes;
    await runOne(id);
  }
  if (host.stopped?.()) return outcomes;
  await host.afterSources?.();
  for (const id of rest) {
    if (host.stopped?.()) return outcomes;
    await runOne(id);
  }
  return outcomes;
}

function isRunnable(cell: Cell): boolean {
  return cell.kind === 'source' || cell.kind === 'sql' || isSpecCell(cell);
}

async function runCell<E extends JobEngine>(cell: Cell, cells: readonly Cell[], host: NotebookRunHost<E>): Promise<CellRunOutcome> {
  const started = performance.now();
  try {
    return await host.withEngine(async (engine) => {
      const elapsed = () => performance.now() - started;
      if (cell.kind === 'source') {
        const readiness = await host.readySource(cell, engine);
        if (readiness === 'unavailable') return { status: 'not-run' };
        await applySourceMapping(engine, cell);
        return { status: 'done', resultTable: cell.name, load: readiness.load, elapsedMs: elapsed() };
      }
      if (cell.kind === 'sql') return { status: 'done', resultTable: await runSqlCell(engine, cell), elapsedMs: elapsed() };
      if (!isSpecCell(cell)) throw new KuraError(`Kura cannot run ${cell.kind} cells.`, 'unsupported');
      const outcome = await specCellKindOf(cell.kind)!.execute(engine, cell, { cells });
      return { status: 'done', ...outcome, elapsedMs: elapsed() };
    });
  } catch (error) {
    return {
      status: 'error',
      error: error instanceof KuraError ? error : new KuraError(error instanceof Error ? error.message : String(error)),
    };
  }
}
