import type { Table } from 'apache-arrow';
import type { RowSource, SortOrder } from '../../engine/row-source.ts';

export interface RowWindowsOptions {
  /** Rows per fetch. */
  windowSize?: number;
  /** Windows kept in memory. */
  maxWindows?: number;
  /** Fetches running at once (default 1: the engine has one connection); the rest wait, so a fast scroll does not queue hundreds of queries. */
  maxInFlight?: number;
}

/**
 * The rows of one RowSource in one sort order, fetched a window at a time from the engine and
 * cached. A new sort or source gets a new instance; `dispose()` makes the old one ignore the
 * responses still on their way, so stale rows never show.
 */
export class RowWindows {
  readonly windowSize: number;
  private readonly maxWindows: number;
  private readonly maxInFlight: number;
  private readonly windows = new Map<number, Table>();
  private readonly inFlight = new Set<number>();
  private readonly failed = new Set<number>();
  private wanted: number[] = [];
  private disposed = false;
  /** The last fetch failure, for the view to show. */
  error: unknown = undefined;

  constructor(
    private readonly source: RowSource,
    private readonly sort: SortOrder | undefined,
    private readonly onChange: () => void,
    options: RowWindowsOptions = {},
  ) {
    this.windowSize = options.windowSize ?? 200;
    this.maxWindows = Math.max(2, options.maxWindows ?? 8);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /** The window table and the row's index in it, when loaded. */
  row(index: number): { table: Table; index: number } | undefined {
    const key = Math.floor(index / this.windowSize);
    const table = this.windows.get(key);
    if (!table) return undefined;
    const local = index - key * this.windowSize;
    return local < table.numRows ? { table, index: local } : undefined;
  }

  /** True once any window has arrived. */
  get hasRows(): boolean {
    return this.windows.size > 0;
  }

  /** Asks for rows [start, end); fetches the windows not yet loaded, nearest the middle first. */
  want(start: number, end: number): void {
    if (this.disposed || end <= start) return;
    const first = Math.floor(start / this.windowSize);
    const last = Math.floor((end - 1) / this.windowSize);
    const middle = (first + last) / 2;
    const keys: number[] = [];
    for (let key = first; key <= last; key++) keys.push(key);
    this.wanted = keys.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle));
    this.pump();
  }

  /** Fetches failed windows again. */
  retry(): void {
    this.failed.clear();
    this.error = undefined;
    this.onChange();
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.windows.clear();
  }

  private pump(): void {
    for (const key of this.wanted) {
      if (this.inFlight.size >= this.maxInFlight) return;
      if (this.windows.has(key) || this.inFlight.has(key) || this.failed.has(key)) continue;
      void this.load(key);
    }
  }

  private async load(key: number): Promise<void> {
    this.inFlight.add(key);
    try {
      const table = await this.source.fetch(key * this.windowSize, this.windowSize, this.sort);
      if (this.disposed) return;
      // Showing another query's rows under these headers would be worse than showing none.
      const names = table.schema.fields.map((field) => field.name);
      if (names.length !== this.source.columns.length || this.source.columns.some((column, i) => column.name !== names[i])) {
        throw new Error(`the engine returned columns (${names.join(', ')}) that are not this result's`);
      }
      this.windows.set(key, table);
      this.evict();
    } catch (error) {
      if (this.disposed) return;
      this.failed.add(key);
      this.error = error;
    } finally {
      this.inFlight.delete(key);
    }
    this.onChange();
    this.pump();
  }

  private evict(): void {
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxWindows) return;
      if (!this.wanted.includes(key)) this.windows.delete(key);
    }
  }
}
