import { readCatalog, type CatalogTable } from '../engine/catalog.ts';
import type { WarehouseCalls } from './warehouse-calls.ts';

/** The tables and views in the warehouse, as last read: for the schema browser, new cells and name checks. */
export class TableCatalog {
  tables: CatalogTable[] = $state([]);

  constructor(private readonly warehouse: WarehouseCalls) {}

  /** Reads the catalog again; false (the old one kept) when the warehouse could not be read. */
  async refresh(): Promise<boolean> {
    try {
      this.tables = await this.warehouse.call((warehouse) => readCatalog(warehouse));
      return true;
    } catch {
      return false;
    }
  }

  /** A table's column names as the warehouse has them, or undefined when there is no such table (views do not count). */
  columnsOf(table: string): string[] | undefined {
    return this.tables.find((entry) => entry.name === table && entry.kind === 'table')?.columns.map((column) => column.name);
  }

  /** Whether a table or view is named one of `names` (case aside), apart from those named one of `own`. */
  holdsAny(names: readonly string[], own: readonly string[]): boolean {
    const wanted = names.map((name) => name.toLowerCase());
    const owned = new Set(own.map((name) => name.toLowerCase()));
    return this.tables.some((table) => wanted.includes(table.name.toLowerCase()) && !owned.has(table.name.toLowerCase()));
  }
}
