import { readCatalog, type CatalogTable } from '../engine/catalog.ts';
import { freeNotebook, freeOtherNotebooks, noOtherNotebooks, otherNotebooks, type OtherNotebooks } from '../notebook/namespace.ts';
import type { WarehouseCalls } from './warehouse-calls.ts';

/** The open notebook's tables and views, as last read: for the schema browser, new cells and name checks. */
export class TableCatalog {
  tables: CatalogTable[] = $state([]);
  /** What other notebooks keep in the warehouse (src/notebook/namespace.ts), which the schema browser offers to free. */
  others: OtherNotebooks = $state(noOtherNotebooks);

  /** Refreshes started so far: one that ends after a later one (read before another notebook opened) is not shown. */
  private refreshes = 0;

  constructor(private readonly warehouse: WarehouseCalls) {}

  /** Reads the catalog again; false (the old one kept) when the warehouse could not be read. */
  async refresh(): Promise<boolean> {
    const refresh = ++this.refreshes;
    try {
      const [tables, others] = await this.warehouse.call(
        async (warehouse) => [await readCatalog(warehouse), await otherNotebooks(warehouse)] as const,
      );
      if (refresh === this.refreshes) [this.tables, this.others] = [tables, others];
      return true;
    } catch {
      return false;
    }
  }

  /** Drops the other notebooks' tables; the open notebook's stay. */
  async freeOthers(): Promise<void> {
    await this.warehouse.call(async (warehouse) => {
      await freeOtherNotebooks(warehouse);
      await warehouse.checkpoint();
    });
    await this.refresh();
  }

  /** Drops one other notebook's tables (`schema` from `others.kept`); the open notebook's stay. */
  async freeOne(schema: string): Promise<void> {
    await this.warehouse.call(async (warehouse) => {
      await freeNotebook(warehouse, schema);
      await warehouse.checkpoint();
    });
    await this.refresh();
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
