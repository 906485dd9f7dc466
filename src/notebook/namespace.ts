/**
 * Each notebook keeps its tables in its own DuckDB schema of the one warehouse, named from the id in its header, so
 * two notebooks never read or overwrite each other's tables. A notebook without an id uses `main`: that is where
 * every table lived before notebooks had ids, so the notebook autosaved then keeps its tables. The engine's
 * connection `USE`s the open notebook's schema, so unqualified names in a notebook's SQL are its own tables.
 */
import type { Engine } from '../engine/engine.ts';
import { ident, quoteLiteral, sql } from '../engine/sql.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { internalPrefix } from '../engine/catalog.ts';
import type { Notebook, NotebookHeader } from '../document/model.ts';

/** The schema of notebooks without an id (the one every table lived in before). */
export const sharedSchema = 'main';

/** Every notebook schema's name starts with this, so the warehouse tells them from other schemas. */
export const notebookSchemaPrefix = 'notebook_';

/** The schema a notebook's tables live in. */
export function notebookSchema(header: NotebookHeader): string {
  return typeof header.id === 'string' ? `${notebookSchemaPrefix}${header.id}` : sharedSchema;
}

/** A new notebook id: a letter (so YAML never reads it as a number) and 11 lower-case letters or digits. */
export function freshNotebookId(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const alphabet = `${letters}0123456789`;
  const [first, ...rest] = crypto.getRandomValues(new Uint8Array(12));
  return letters[first! % letters.length]! + rest.map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Gives a notebook without an id a fresh one (in place); true when it did. */
export function ensureNotebookId(notebook: Notebook): boolean {
  if (typeof notebook.header.id === 'string') return false;
  notebook.header.id = freshNotebookId();
  return true;
}

/** Makes `schema` the connection's own: created when missing, and where unqualified names resolve from now on. */
export function useSchemaSql(schema: string): string {
  return String(sql`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}; USE ${ident(schema)};`);
}

/** Points `engine` at the notebook's schema. */
export async function useNotebookSchema(engine: Pick<Engine, 'exec'>, header: NotebookHeader): Promise<void> {
  await engine.exec(useSchemaSql(notebookSchema(header)));
}

/** Runs `work` in the notebook's schema, then returns the engine to the schema it was using. */
export async function inNotebookSchema<T>(
  engine: Pick<Engine, 'exec' | 'query'>,
  header: NotebookHeader,
  work: () => Promise<T>,
): Promise<T> {
  const [row] = await queryRows(engine, 'SELECT current_schema() AS name');
  await useNotebookSchema(engine, header);
  try {
    return await work();
  } finally {
    await engine.exec(String(sql`USE ${ident(String(row!.name))}`));
  }
}

/** A table in each notebook's schema holding its title, so the notebooks kept in the warehouse can be named. */
export const notebookTitleTable = '_kura_notebook';

/** Writes the notebook's title beside its tables (its schema created when missing), whichever schema is in use. */
export async function recordNotebookTitle(engine: Pick<Engine, 'exec'>, header: NotebookHeader): Promise<void> {
  const schema = ident(notebookSchema(header));
  const title = typeof header.title === 'string' ? header.title : '';
  await engine.exec(
    String(sql`CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE OR REPLACE TABLE ${schema}.${ident(notebookTitleTable)} AS SELECT ${title}::VARCHAR AS title, now() AS written_at;`),
  );
}

/** One other notebook's tables in the warehouse: its schema, its title when it recorded one, and what they hold. */
export interface KeptNotebook {
  schema: string;
  title: string | null;
  /** Its own tables and their rows: Kura's internal ones (its title, kept results) are not counted; freeing drops them too. */
  tables: number;
  rows: number;
}

/** What the other notebooks' tables hold in the warehouse, in all and per notebook (most rows first). */
export interface OtherNotebooks {
  notebooks: number;
  tables: number;
  rows: number;
  kept: KeptNotebook[];
}

export const noOtherNotebooks: OtherNotebooks = { notebooks: 0, tables: 0, rows: 0, kept: [] };

/** Other notebooks' schemas (in `duckdb_tables()` or `duckdb_schemas()`): every notebook schema but the current one, and `main` when it is not the current one. */
const otherNotebookSchemas = `database_name = current_database() AND schema_name <> current_schema()
    AND (starts_with(schema_name, ${quoteLiteral(notebookSchemaPrefix)}) OR schema_name = ${quoteLiteral(sharedSchema)})`;

/** The tables of other notebooks. */
const otherTablesSql = `SELECT schema_name, table_name, estimated_size FROM duckdb_tables() WHERE ${otherNotebookSchemas}`;

export async function otherNotebooks(engine: Pick<Engine, 'query'>): Promise<OtherNotebooks> {
  const titleTable = quoteLiteral(notebookTitleTable);
  const rows = await queryRows(
    engine,
    `WITH other AS (${otherTablesSql})
     SELECT schema_name,
       count(*) FILTER (WHERE NOT starts_with(table_name, ${quoteLiteral(internalPrefix)}))::INTEGER AS tables,
       coalesce(sum(estimated_size) FILTER (WHERE NOT starts_with(table_name, ${quoteLiteral(internalPrefix)})), 0)::BIGINT AS rows,
       bool_or(table_name = ${titleTable}) AS titled
     FROM other GROUP BY schema_name
     HAVING count(*) FILTER (WHERE table_name <> ${titleTable}) > 0
     ORDER BY rows DESC, schema_name`,
  );
  const titles = await recordedTitles(
    engine,
    rows.filter((row) => row.titled === true).map((row) => String(row.schema_name)),
  );
  const kept: KeptNotebook[] = rows.map((row) => ({
    schema: String(row.schema_name),
    title: titles.get(String(row.schema_name)) ?? null,
    tables: Number(row.tables),
    rows: Number(row.rows),
  }));
  return {
    notebooks: kept.length,
    tables: kept.reduce((sum, notebook) => sum + notebook.tables, 0),
    rows: kept.reduce((sum, notebook) => sum + notebook.rows, 0),
    kept,
  };
}

/** The titles these schemas' notebooks recorded, in one query; empty titles are left out. */
async function recordedTitles(engine: Pick<Engine, 'query'>, schemas: readonly string[]): Promise<Map<string, string>> {
  if (schemas.length === 0) return new Map();
  const reads = schemas.map((schema) =>
    String(sql`SELECT ${schema} AS schema_name, title FROM ${ident(schema)}.${ident(notebookTitleTable)}`),
  );
  const rows = await queryRows(engine, reads.join(' UNION ALL '));
  return new Map(
    rows
      .filter((row) => typeof row.title === 'string' && row.title.trim() !== '')
      .map((row) => [String(row.schema_name), String(row.title)]),
  );
}

/**
 * Drops one other notebook's tables and views: its schema with them, or for `main` (which cannot be dropped) its
 * tables and views. The open notebook's schema is refused; the notebook opened later loads its files again.
 */
export async function freeNotebook(engine: Pick<Engine, 'query' | 'exec'>, schema: string): Promise<void> {
  const [current] = await queryRows(engine, 'SELECT current_schema() AS name');
  if (current?.name === schema) throw new Error("The open notebook's own tables are not freed.");
  if (schema !== sharedSchema) {
    if (!schema.startsWith(notebookSchemaPrefix)) throw new Error(`${schema} is not a notebook's schema.`);
    await engine.exec(String(sql`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE;`));
    return;
  }
  const views = await queryRows(
    engine,
    `SELECT view_name AS name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = ${quoteLiteral(sharedSchema)} AND NOT internal`,
  );
  const tables = await queryRows(
    engine,
    `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ${quoteLiteral(sharedSchema)}`,
  );
  const drops = [
    ...views.map((view) => String(sql`DROP VIEW IF EXISTS ${ident(sharedSchema)}.${ident(String(view.name))};`)),
    ...tables.map((table) => String(sql`DROP TABLE IF EXISTS ${ident(sharedSchema)}.${ident(String(table.name))};`)),
  ];
  if (drops.length > 0) await engine.exec(drops.join('\n'));
}

/** Drops every other notebook's tables and views (see freeNotebook); the open notebook's tables stay. */
export async function freeOtherNotebooks(engine: Pick<Engine, 'query' | 'exec'>): Promise<void> {
  const schemas = await queryRows(engine, `SELECT schema_name FROM duckdb_schemas() WHERE ${otherNotebookSchemas}`);
  for (const row of schemas) await freeNotebook(engine, String(row.schema_name));
}
