import { MessageReader } from 'apache-arrow';
import type { Engine, ExportFormat, InsertOptions, ProgressListener, QueryParam } from './engine.ts';
import { KuraError } from './engine.ts';
import { csvCopySql } from './csv-writer.ts';
import { toKuraError } from './errors.ts';
import { inSchemaInUse } from './schema-in-use.ts';

type MaybePromise<T> = T | Promise<T>;

/**
 * The DuckDB-WASM calls the engine uses. They speak Arrow IPC bytes only, so no Arrow JS
 * objects cross between DuckDB-WASM's copy of apache-arrow and ours. Both the worker-backed
 * `AsyncDuckDB` (browser) and the blocking bindings (Node tests) fit: every call is awaited.
 */
export interface WasmBindings {
  startPendingQuery(conn: number, text: string, allowStreamResult?: boolean): MaybePromise<Uint8Array | null>;
  pollPendingQuery(conn: number): MaybePromise<Uint8Array | null>;
  cancelPendingQuery(conn: number): MaybePromise<boolean>;
  fetchQueryResults(conn: number): MaybePromise<Uint8Array | null>;
  createPrepared(conn: number, text: string): MaybePromise<number>;
  closePrepared(conn: number, statement: number): MaybePromise<void>;
  runPrepared(conn: number, statement: number, params: unknown[]): MaybePromise<Uint8Array>;
  insertArrowFromIPCStream(
    conn: number,
    buffer: Uint8Array,
    options?: { name: string; schema?: string; create?: boolean },
  ): MaybePromise<void>;
  registerFileBuffer(name: string, buffer: Uint8Array): MaybePromise<void>;
  dropFile(name: string): MaybePromise<unknown>;
  copyFileToBuffer(name: string): MaybePromise<Uint8Array>;
  disconnect(conn: number): MaybePromise<void>;
}

/** Writes a query result as Parquet; provided by the ingest layer (DuckDB-WASM has no parquet writer offline). */
export type ParquetWriter = (engine: Engine, sql: string) => Promise<Uint8Array>;

const endOfStream = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
/** A file name never registered: dropping it only renews the bindings' view of the memory. */
const memoryViewProbe = 'kura-memory-view-probe';

/** Engine over DuckDB-WASM. */
export class WasmEngine implements Engine {
  private progressListener: ProgressListener | null = null;
  private running = 0;
  private cancelled = false;
  private exportCount = 0;
  /** DuckDB-WASM streams a pending query's result per connection, so calls take turns. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bindings: WasmBindings,
    private readonly connection: number,
    private readonly writeParquet?: ParquetWriter,
    /** Where COPY … TO writes before the bytes are read back; DuckDB-WASM's virtual FS in the browser, a temp dir in Node. */
    private readonly scratchPath: (name: string) => string = (name) => name,
    /** DuckDB-WASM's threaded build, whose result copies need the care in `fetchPending`. */
    private readonly threaded = false,
  ) {}

  query(sql: string, params: readonly QueryParam[] = []): Promise<Uint8Array> {
    return this.inTurn(() => this.queryNow(sql, params));
  }

  private async queryNow(sql: string, params: readonly QueryParam[]): Promise<Uint8Array> {
    this.running++;
    this.cancelled = false;
    try {
      this.progressListener?.({ phase: 'progress.query', done: 0, total: 0 });
      return params.length > 0 ? await this.runPrepared(sql, params) : await this.runPending(sql);
    } catch (error) {
      throw this.cancelled ? new KuraError('The query was cancelled.', 'cancelled') : toKuraError(error);
    } finally {
      this.running--;
    }
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  insertArrow(table: string, ipc: Uint8Array, options: InsertOptions = {}): Promise<void> {
    const create = (options.mode ?? 'create') === 'create';
    return this.inTurn(async () => {
      try {
        if (create)
          await this.queryNow(`DROP TABLE IF EXISTS ${await inSchemaInUse({ query: (sql) => this.queryNow(sql, []) }, table)}`, []);
        const schema = !create && options.schema !== undefined ? { schema: options.schema } : {};
        // The same stale view can fail the copy in ("offset is out of bounds") before DuckDB sees a byte: sent once more.
        await retriedWhenCopyFails(() => this.bindings.insertArrowFromIPCStream(this.connection, ipc, { name: table, create, ...schema }));
      } catch (error) {
        throw toKuraError(error);
      }
    });
  }

  async registerFile(name: string, bytes: Uint8Array): Promise<string> {
    await retriedWhenCopyFails(() => this.bindings.registerFileBuffer(name, bytes));
    return name;
  }

  async dropFile(name: string): Promise<void> {
    await this.bindings.dropFile(name);
  }

  async exportQuery(sql: string, format: ExportFormat): Promise<Uint8Array> {
    if (format === 'parquet') {
      if (!this.writeParquet) throw new KuraError('Parquet export is not available in this engine.', 'unsupported');
      return this.writeParquet(this, sql);
    }
    const name = this.scratchPath(`kura-export-${++this.exportCount}.csv`);
    return this.inTurn(async () => {
      await this.queryNow(await csvCopySql((describe) => this.queryNow(describe, []), sql, name), []);
      try {
        return await this.bindings.copyFileToBuffer(name);
      } finally {
        await this.bindings.dropFile(name);
      }
    });
  }

  async setProgressListener(listener: ProgressListener | null): Promise<void> {
    this.progressListener = listener;
  }

  async cancel(): Promise<boolean> {
    if (this.running === 0) return false;
    this.cancelled = true;
    return Boolean(await this.bindings.cancelPendingQuery(this.connection));
  }

  async close(): Promise<void> {
    await this.bindings.disconnect(this.connection);
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  /**
   * The threaded build copies each result message out of its memory through a view that can be stale after another
   * thread grew that memory (duckdb-wasm#2256): the copy then stops short, and the result cannot be read ("Cannot read
   * properties of undefined (reading 'fields')"; the churn cell over 1M orders failed in 3 of 5 runs). A result
   * with a message cut short is fetched again when the statement only reads; otherwise it is an error that says so.
   */
  private async runPending(sql: string): Promise<Uint8Array> {
    let parts = await this.fetchPending(sql);
    if (!parts.every(isWholeMessage) && readsOnly(sql)) parts = await this.fetchPending(sql);
    if (!parts.every(isWholeMessage)) throw new KuraError('The engine handed back part of the result; run it again.', 'engine');
    return concatBytes([...parts, endOfStream]);
  }

  /**
   * A pending query can be cancelled between polls; its result arrives as IPC messages. On the threaded build the
   * result is made whole before it is fetched (a streamed result is made by DuckDB's threads while it is fetched, and
   * a message copied through a stale view can come back empty, which reads as the end of the result), and the
   * bindings' view of the memory is brought up to date before each copy out (`refreshMemoryViews`).
   */
  private async fetchPending(sql: string): Promise<Uint8Array[]> {
    let header = await this.startPending(sql);
    while (header === null) {
      if (this.cancelled) throw new KuraError('The query was cancelled.', 'cancelled');
      await this.refreshMemoryViews();
      header = await this.bindings.pollPendingQuery(this.connection);
    }
    const parts: Uint8Array[] = [header];
    for (;;) {
      await this.refreshMemoryViews();
      const chunk = await this.bindings.fetchQueryResults(this.connection);
      if (chunk === null) continue; // not ready yet
      if (chunk.length === 0) break;
      parts.push(chunk);
    }
    return parts;
  }

  /**
   * The threaded build copies the query text through a view of its memory that can be stale after another thread
   * grew that memory ("offset is out of bounds", seen right after a 1M-row CREATE TABLE … AS); the text never
   * reached DuckDB then, so it is sent once more.
   */
  private startPending(sql: string): Promise<Uint8Array | null> {
    return retriedWhenCopyFails(() => this.bindings.startPendingQuery(this.connection, sql, !this.threaded));
  }

  /**
   * The bindings copy results out through `Module.HEAPU8`, which Emscripten's glue renews only when it passes a string
   * (duckdb-wasm#2256): dropping a file that is not there passes one, and nothing else.
   */
  private async refreshMemoryViews(): Promise<void> {
    if (this.threaded) await Promise.resolve(this.bindings.dropFile(memoryViewProbe)).catch(() => undefined);
  }

  private async runPrepared(sql: string, params: readonly QueryParam[]): Promise<Uint8Array> {
    const statement = await this.bindings.createPrepared(this.connection, sql);
    try {
      return await this.bindings.runPrepared(this.connection, statement, [...params]);
    } finally {
      await this.bindings.closePrepared(this.connection, statement);
    }
  }
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** Runs a call that copies bytes into the threaded build's memory, once more when the copy hit a stale view of it. */
async function retriedWhenCopyFails<T>(call: () => MaybePromise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!/offset is out of bounds/i.test(error instanceof Error ? error.message : String(error))) throw error;
    return call();
  }
}

/** Whether `bytes` is one or more whole Arrow IPC messages (each body as long as its header says). */
export function isWholeMessage(bytes: Uint8Array): boolean {
  try {
    const reader = new MessageReader(bytes);
    let messages = 0;
    for (;;) {
      const message = reader.readMessage();
      if (message === null) return messages > 0;
      messages++;
      if (message.bodyLength > 0 && reader.readMessageBody(message.bodyLength).byteLength !== message.bodyLength) return false;
    }
  } catch {
    return false;
  }
}

/** A statement that only reads, so running it again changes nothing. */
function readsOnly(sql: string): boolean {
  return /^\s*(select|with|from|values|table|describe|summarize|show|pragma|explain)\b/i.test(sql);
}
