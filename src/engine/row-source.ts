import type { Table } from 'apache-arrow';

/**
 * A result the UI can page through without holding it all: the rows stay in the engine
 * (as a table or view) and the view fetches the window it shows.
 */
export interface RowSource {
  columns: readonly ColumnInfo[];
  rowCount: number;
  /** Rows [offset, offset + limit) in the given order. */
  fetch(offset: number, limit: number, sort?: SortOrder): Promise<Table>;
}

export interface ColumnInfo {
  name: string;
  /** DuckDB type name, e.g. VARCHAR, BIGINT, DATE. */
  type: string;
}

export interface SortOrder {
  column: string;
  direction: 'asc' | 'desc';
}
