import * as Comlink from 'comlink';
import { tableFromIPC } from 'apache-arrow';
import { connectWarehouse } from '../warehouse/client.ts';
import { specCellKindOf } from '../cells/kinds.ts';
import type { JobEngine } from '../jobs/job.ts';
import type { SpecCellWord } from '../document/model.ts';

/** The browser half of `npm run bench`: the same Warehouse the app uses, timed from the page. */
const persistent = new URLSearchParams(location.search).has('persistent');
// `keep`: the reload after loads, timed to the first query.
if (persistent && !new URLSearchParams(location.search).has('keep')) await clearWarehouseStorage();
const params = new URLSearchParams(location.search);
const connection = await connectWarehouse({
  persistent,
  workingCopyInMemory: params.has('threaded'),
  // `single`: the OPFS database stays the working one whatever the size (the app's `kura.engine` = 'single-threaded').
  ...(params.has('single') ? { moveToThreads: null } : {}),
});
const status = document.getElementById('status')!;
const phases: { phase: string; at: number }[] = [];
await connection.warehouse.setProgressListener(
  Comlink.proxy((progress: { phase: string }) => phases.push({ phase: progress.phase, at: performance.now() })),
);

let saving = false;
const whenSaved: (() => void)[] = [];
await connection.warehouse.setSaveListener(
  Comlink.proxy((state: { state: string }) => {
    saving = state.state === 'saving';
    if (!saving) for (const resolve of whenSaved.splice(0)) resolve();
  }),
);

const bench = {
  info: connection.info,

  /** What the warehouse runs on now: a big one moves to the threaded build after start. */
  describe: () => connection.warehouse.describe(),

  /** Resolves when no background save of the tables is under way, with the time then (performance.now()). */
  saved(): Promise<number> {
    return saving
      ? new Promise<void>((resolve) => whenSaved.push(resolve)).then(() => performance.now())
      : Promise.resolve(performance.now());
  },
  /** Loads the chosen file; `savedMs`: until the background save of the tables ended (the load's own time when there is none). */
  async load(table: string): Promise<{ ms: number; savedMs: number; rows: number; phases: string }> {
    const input = document.getElementById('file') as HTMLInputElement;
    const file = input.files![0]!;
    phases.length = 0;
    const started = performance.now();
    const report = await connection.warehouse.loadFile(file, { fileName: file.name, table });
    const ms = performance.now() - started;
    const savedMs = (await bench.saved()) - started;
    const timeline = phases.map((p) => `${p.phase.replace('progress.', '')}@${Math.round(p.at - started)}`).join(' ');
    return { ms, savedMs, rows: report.rows, phases: timeline };
  },
  /** Runs a registered job in the worker (src/warehouse/jobs.ts) and times it; returns its result too. */
  async job(name: string, spec: unknown): Promise<{ ms: number; result: unknown }> {
    const started = performance.now();
    const result = await connection.warehouse.runJob(name as never, spec as never);
    return { ms: performance.now() - started, result };
  },
  /** Runs an analytic cell through the executor the app uses (SQL in the worker, jobs in the worker). */
  async cell(kind: SpecCellWord, name: string, spec: Record<string, unknown>): Promise<{ ms: number }> {
    const started = performance.now();
    await specCellKindOf(kind)!.execute(connection.warehouse as unknown as JobEngine, { id: name, kind, name, spec }, { cells: [] });
    return { ms: performance.now() - started };
  },
  async query(sql: string): Promise<{ ms: number; rows: number }> {
    const started = performance.now();
    const ipc = await connection.warehouse.query(sql);
    const rows = tableFromIPC(ipc).numRows;
    return { ms: performance.now() - started, rows };
  },
  /** The first column of a small query's result, as plain values. */
  async column(sql: string): Promise<unknown[]> {
    const table = tableFromIPC(await connection.warehouse.query(sql));
    return [...(table.getChildAt(0)?.toArray() ?? [])].map((value) => (typeof value === 'bigint' ? Number(value) : value));
  },
};

(window as unknown as { kuraBench: typeof bench }).kuraBench = bench;
status.textContent = 'ready';

/** The persistent run starts from an empty warehouse, like a first load. */
async function clearWarehouseStorage(): Promise<void> {
  const root = await navigator.storage.getDirectory();
  for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) await root.removeEntry(name).catch(() => {});
}
