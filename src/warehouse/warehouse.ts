import type { Engine } from '../engine/engine.ts';
import type { LoadReport, TextEncoding, FileFormat } from '../ingest/types.ts';
import type { JobName, JobResult, JobSpec } from '../jobs/job.ts';

/**
 * What the browser's worker offers the page: the Engine plus loading files, which reads and
 * decodes the bytes inside the worker so no data-sized work happens on the main thread.
 */
export interface Warehouse extends Engine {
  /** Starts DuckDB-WASM; `persistent` keeps the warehouse in the Origin Private File System. */
  open(options: { persistent: boolean }): Promise<WarehouseInfo>;
  /** Loads a file the user chose or dropped (a File is cloned to the worker, not read on the page). */
  loadFile(file: Blob, options: LoadFileOptions): Promise<LoadReport>;
  /** Loads a file served by the app itself (e.g. the demo data); only same-origin paths. */
  loadUrl(path: string, options: LoadFileOptions): Promise<LoadReport>;
  /** Writes everything to durable storage. */
  checkpoint(): Promise<void>;
  /** Runs a registered job (src/warehouse/jobs.ts) inside the worker; `cancel()` aborts it. */
  runJob<Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>>;
}

export interface LoadFileOptions {
  fileName: string;
  table?: string;
  format?: FileFormat;
  encoding?: TextEncoding;
  sheet?: string;
}

export interface WarehouseInfo {
  duckdbVersion: string;
  /** 'coi' (threaded, cross-origin isolated), 'eh' or 'mvp'. */
  bundle: string;
  threads: number;
  /** True when the warehouse lives in OPFS and survives reloads. */
  persistent: boolean;
  /** Why it is not persistent, when it is not, as the engine or browser said it (for diagnosis, not for the UI). */
  persistenceProblem?: string;
  /** 'in-use': another tab holds the warehouse. 'unwritable': it could not be opened for writing and was left untouched. */
  persistenceFailure?: 'in-use' | 'unwritable';
  /** The stored warehouse held no tables and could not be written (e.g. a first visit closed early), so it was started afresh. */
  rebuilt?: boolean;
}
