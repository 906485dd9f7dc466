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

/**
 * The match cell's steps keep their tables (input keys, candidate pairs, clusters, the model, lasting ids…) under
 * this prefix for re-clustering, review and SQL; the schema browser lists them apart, folded, so a notebook's own
 * tables and the golden records come first.
 */
const matchWorkingPrefix = 'identity_';

export const isMatchWorkingTable = (name: string) => name.startsWith(matchWorkingPrefix);

/** Tables (or their names) split into the notebook's own and the match's working ones, each in the order given. */
export function splitWorkingTables<T>(tables: readonly T[], nameOf: (table: T) => string): { own: T[]; working: T[] } {
  return {
    own: tables.filter((table) => !isMatchWorkingTable(nameOf(table))),
    working: tables.filter((table) => isMatchWorkingTable(nameOf(table))),
  };
}

/** A table picker's choices (`schema` as columnsByTable gives it): the notebook's own tables by name, then the match's working tables. */
export function tableChoices(schema: Readonly<Record<string, readonly string[]>>): string[] {
  const { own, working } = splitWorkingTables(Object.keys(schema).sort(), (name) => name);
  return [...own, ...working];
}

/**
 * The condition that keeps rows of `information_schema.tables` or `.columns` to the schema the connection `USE`s:
 * the open notebook's tables (src/notebook/namespace.ts), not other notebooks' nor temporary ones. Every read of the
 * catalog goes through it; `alias` is the table's alias in the query, if any.
 */
export function inCurrentSchema(alias = ''): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `${column('table_catalog')} = current_database() AND ${column('table_schema')} = current_schema()`;
}

const catalogSql = `
select t.table_name, t.table_type, c.column_name, c.data_type
from information_schema.tables t
join information_schema.columns c using (table_catalog, table_schema, table_name)
where ${inCurrentSchema('t')} and not starts_with(t.table_name, ${quoteLiteral(internalPrefix)})
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

/** The column names of a table or view of the open notebook's schema, in order; empty when there is none. */
export async function columnNames(engine: Pick<Engine, 'query'>, table: string): Promise<string[]> {
  const result = tableFromIPC(
    await engine.query(
      `SELECT column_name FROM information_schema.columns WHERE ${inCurrentSchema()} AND table_name = ? ORDER BY ordinal_position`,
      [table],
    ),
  );
  return result.toArray().map((row) => String(row.column_name));
}

/** Which of `names` are tables (not views) of the open notebook's schema, as the catalog spells them. */
export async function existingTableNames(engine: Pick<Engine, 'query'>, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const result = tableFromIPC(
    await engine.query(
      `SELECT table_name FROM information_schema.tables WHERE ${inCurrentSchema()} AND table_type = 'BASE TABLE' AND table_name IN (${names.map(quoteLiteral).join(', ')})`,
    ),
  );
  return result.toArray().map((row) => String(row.table_name));
}
