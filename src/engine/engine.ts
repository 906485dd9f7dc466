/**
 * The one boundary between Kura and a SQL engine. The browser implements it with
 * DuckDB-WASM inside a Web Worker (workers/warehouse.worker.ts, behind comlink); the
 * command line and fast tests implement it with native DuckDB (src/engine/native.ts).
 * Analytics, ingest and the notebook runner depend on this interface only.
 *
 * Results cross the boundary as Arrow IPC stream bytes, never as arrays of JS objects.
 */
export interface Engine {
  /** Runs one statement (or several; the last one's result is returned) and returns its result as Arrow IPC stream bytes. */
  query(sql: string, params?: readonly QueryParam[]): Promise<Uint8Array>;
  /** Runs statements for their effect only. */
  exec(sql: string): Promise<void>;
  /** Creates (or appends to) `table` from Arrow IPC stream bytes. */
  insertArrow(table: string, ipc: Uint8Array, options?: InsertOptions): Promise<void>;
  /** Makes bytes readable by SQL; returns the path to use in SQL (e.g. in read_csv). */
  registerFile(name: string, bytes: Uint8Array): Promise<string>;
  /** Forgets a registered file and frees its memory. */
  dropFile(name: string): Promise<void>;
  /** Writes a query's result as a file and returns its bytes. */
  exportQuery(sql: string, format: ExportFormat): Promise<Uint8Array>;
  /** Receives progress of long operations (loading a file, running a query). */
  setProgressListener(listener: ProgressListener | null): Promise<void>;
  /** Cancels the running query or load. Resolves true when something was cancelled. */
  cancel(): Promise<boolean>;
  /** Releases the engine. */
  close(): Promise<void>;
}

export type QueryParam = string | number | boolean | null;

export interface InsertOptions {
  /** 'create' replaces the table, 'append' adds rows to an existing one. Default 'create'. */
  mode?: 'create' | 'append';
  /** The table's schema, when it is not the one in use ('append' only). */
  schema?: string;
}

export type ExportFormat = 'csv' | 'parquet';

export interface Progress {
  /** What is happening, as a key of the i18n table (e.g. 'progress.reading'). */
  phase: string;
  /** Done so far and total, in the same unit (bytes or rows); total 0 when unknown. */
  done: number;
  total: number;
  /** false once the work is past the point a Cancel could undo (the table replaced, being saved): no Cancel is offered. */
  cancellable?: boolean;
}

export type ProgressListener = (progress: Progress) => void;

/** An error whose message is one plain sentence fit to show a user. */
export class KuraError extends Error {
  constructor(
    message: string,
    /** Stable machine-readable kind, e.g. 'sql', 'cancelled', 'network-blocked', 'unreadable-file'. */
    readonly kind: string = 'error',
    /** The underlying engine message, for details views. */
    readonly detail?: string,
    /** The message as a key of the app's message tables and its values, so the app can say it in the UI's language. */
    readonly sentence?: Sentence,
  ) {
    super(message);
    this.name = 'KuraError';
  }
}

export interface Sentence {
  key: string;
  values?: Record<string, string | number>;
}

/**
 * A KuraError whose English message comes from `catalogue` (a table the app's English messages include), filled
 * with `values` the way the app fills its messages (`{name}`), and which keeps the key for the app's other languages.
 */
export function sentenceError<Key extends string>(
  catalogue: Readonly<Record<Key, string>>,
  key: Key,
  values: Record<string, string | number> | undefined,
  kind: string,
  detail?: string,
): KuraError {
  const message = catalogue[key].replace(/\{([\w-]+)\}/g, (whole, name: string) =>
    values && Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
  return new KuraError(message, kind, detail, values ? { key, values } : { key });
}
