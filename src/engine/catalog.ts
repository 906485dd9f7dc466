import { tableFromIPC } from 'apache-arrow';
import type { Engine } from './engine.ts';
import { quoteLiteral } from './sql.ts';

export interface CatalogTable {
  name: string;
  kind: 'table' | 'view';
  columns: { name: string; type: string }[];
}

/** Kura's own working tables (result pages, staging) start with this prefix and stay out of the schema browser. */
export const internalPrefix = '_kura_';

const catalogSql = `
select t.table_name, t.table_type, c.column_name, c.data_type
from information_schema.tables t
join information_schema.columns c using (table_catalog, table_schema, table_name)
where t.table_schema = 'main' and not starts_with(t.table_name, ${quoteLiteral(internalPrefix)})
order by t.table_name, c.ordinal_position`;

/** Each table's column names, by table name: the shape the cell views and the report's masking read. */
export function columnsByTable(catalog: readonly CatalogTable[]): Record<string, string[]> {
  return Object.fromEntries(catalog.map((table) => [table.name, table.columns.map((column) => column.name)]));
}

/** Tables and views the user can query, with their columns. */
export async function readCatalog(engine: Pick<Engine, 'query'>): Promise<CatalogTable[]> {
  const result = tableFromIPC(await engine.query(catalogSql));
  const tables = new Map<string, CatalogTable>();
  for (const row of result) {
    const name = String(row.table_name);
    let table = tables.get(name);
    if (!table) {
      table = { name, kind: String(row.table_type) === 'VIEW' ? 'view' : 'table', columns: [] };
      tables.set(name, table);
    }
    table.columns.push({ name: String(row.column_name), type: String(row.data_type) });
  }
  return [...tables.values()];
}
