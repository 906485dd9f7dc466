import type { Engine } from '../engine/engine.ts';
import type { LoadReport, TextEncoding, FileFormat } from '../ingest/types.ts';
import type { JobName, JobResult, JobSpec } from '../jobs/job.ts';

/**
 * What the browser's worker offers the page: the Engine plus loading files, which reads and
 * decodes the bytes inside the worker so no data-sized work happens on the main thread.
 */
export interface Warehouse extends Engine {
  /**
   * Starts DuckDB-WASM; `persistent` keeps the warehouse in the Origin Private File System. The OPFS database (one
   * thread) answers first; a big warehouse then moves to a threaded in-memory copy of it, saved back in the background
   * (`moveToThreads`: when; null never). `workingCopyInMemory` makes that move before the first call, whatever the size.
   */
  open(options: {
    persistent: boolean;
    workingCopyInMemory?: boolean;
    moveToThreads?: Partial<MoveToThreads> | null;
  }): Promise<WarehouseInfo>;
  /** What the warehouse runs on. */
  describe(): Promise<WarehouseInfo>;
  /** Loads a file the user chose or dropped (a File is cloned to the worker, not read on the page). */
  loadFile(file: Blob, options: LoadFileOptions): Promise<LoadReport>;
  /** Loads a file served by the app itself (e.g. the demo data); only same-origin paths. */
  loadUrl(path: string, options: LoadFileOptions): Promise<LoadReport>;
  /**
   * Writes everything to durable storage: at once on the OPFS database, or, when the working database is a threaded
   * in-memory copy of it, by a save in the background (its progress goes to the save listener).
   */
  checkpoint(): Promise<void>;
  /** Receives the state of the save in the background (nothing when tables are written to storage as they change, or not at all). */
  setSaveListener(listener: ((state: SaveState) => void) | null): Promise<void>;
  /** Runs a registered job (src/warehouse/jobs.ts) inside the worker; `cancel()` aborts it. */
  runJob<Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>>;
}

/** The sizes of a stored warehouse file, or of a file being loaded, that move the working database to the threaded build. */
export interface MoveToThreads {
  /** A file loaded (CSV, Excel…) of this size or more. */
  fromBytes: number;
  /** A stored warehouse of this size or more when the page opens (DuckDB's file holds about four times what a CSV of its size does). */
  storedFromBytes: number;
  /** Larger ones stay on the OPFS database, which spills to browser storage instead of running out of memory. */
  upToBytes: number;
}

export interface LoadFileOptions {
  fileName: string;
  table?: string;
  format?: FileFormat;
  encoding?: TextEncoding;
  sheet?: string;
}

/** 'saving': tables changed since the last save and are being written; a tab closed now loses those changes. */
export interface SaveState {
  state: 'saving' | 'saved' | 'failed';
  /** Why the last save failed, as the engine said it (for diagnosis). */
  problem?: string;
}

export interface WarehouseInfo {
  duckdbVersion: string;
  /** 'coi' (threaded, cross-origin isolated), 'eh' or 'mvp'. */
  bundle: string;
  threads: number;
  /** True when the warehouse lives in OPFS and survives reloads. */
  persistent: boolean;
  /** True when the tables are worked on in memory (threaded) and saved to OPFS in the background. */
  savedInBackground?: boolean;
  /** True from when a big warehouse starts moving to the threaded build until it has moved (or the move was given up). */
  movingToThreads?: boolean;
  /** Milliseconds spent copying the stored tables into the working database (at start, or when it moved to the threaded build). */
  restoreMs?: number;
  /** How they were copied: the stored file attached and copied whole by DuckDB, or table by table through Arrow (workers/mirrored-store.ts). */
  restoreMethod?: 'attached' | 'table by table';
  /** Why the stored file could not be attached, when the copy went table by table (for diagnosis). */
  restoreProblem?: string;
  /** Why the opt-in threaded working copy was given up and the OPFS database kept as the working one (for diagnosis). */
  threadedProblem?: string;
  /** Why it is not persistent, when it is not, as the engine or browser said it (for diagnosis, not for the UI). */
  persistenceProblem?: string;
  /** 'in-use': another tab holds the warehouse. 'unwritable': it could not be opened for writing and was left untouched. */
  persistenceFailure?: 'in-use' | 'unwritable';
  /** The stored warehouse held no tables and could not be written (e.g. a first visit closed early), so it was started afresh. */
  rebuilt?: boolean;
}
