/**
 * Each notebook keeps its tables in its own DuckDB schema of the one warehouse, named from the id in its header, so
 * two notebooks never read or overwrite each other's tables. A notebook without an id uses `main`: that is where
 * every table lived before notebooks had ids, so the notebook autosaved then keeps its tables. The engine's
 * connection `USE`s the open notebook's schema, so unqualified names in a notebook's SQL are its own tables.
 */
import type { Engine } from '../engine/engine.ts';
import { ident, quoteLiteral, sql } from '../engine/sql.ts';
import { queryRows } from '../engine/plain-rows.ts';
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

/** What the other notebooks' tables hold in the warehouse: their schemas and the rows in them. */
export interface OtherNotebooks {
  notebooks: number;
  tables: number;
  rows: number;
}

/** The tables of other notebooks: every notebook schema but the current one, and `main` when it is not the current one. */
const otherTablesSql = `
  SELECT schema_name, table_name, estimated_size FROM duckdb_tables()
  WHERE database_name = current_database() AND schema_name <> current_schema()
    AND (starts_with(schema_name, ${quoteLiteral(notebookSchemaPrefix)}) OR schema_name = ${quoteLiteral(sharedSchema)})`;

export async function otherNotebooks(engine: Pick<Engine, 'query'>): Promise<OtherNotebooks> {
  const [row] = await queryRows(
    engine,
    `SELECT count(DISTINCT schema_name)::INTEGER AS notebooks, count(*)::INTEGER AS tables, coalesce(sum(estimated_size), 0)::BIGINT AS rows
     FROM (${otherTablesSql})`,
  );
  return { notebooks: Number(row?.notebooks ?? 0), tables: Number(row?.tables ?? 0), rows: Number(row?.rows ?? 0) };
}

/**
 * Drops the other notebooks' tables and views (their schemas with them; `main` stays, emptied). The open notebook's
 * tables stay; another notebook opened later loads its files again.
 */
export async function freeOtherNotebooks(engine: Pick<Engine, 'query' | 'exec'>): Promise<void> {
  const schemas = await queryRows(
    engine,
    `SELECT schema_name FROM duckdb_schemas()
     WHERE database_name = current_database() AND schema_name <> current_schema() AND starts_with(schema_name, ${quoteLiteral(notebookSchemaPrefix)})`,
  );
  const drops = schemas.map((row) => String(sql`DROP SCHEMA ${ident(String(row.schema_name))} CASCADE;`));
  const [current] = await queryRows(engine, 'SELECT current_schema() AS name');
  if (current?.name !== sharedSchema) {
    const views = await queryRows(
      engine,
      `SELECT view_name AS name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = ${quoteLiteral(sharedSchema)} AND NOT internal`,
    );
    const tables = await queryRows(
      engine,
      `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ${quoteLiteral(sharedSchema)}`,
    );
    for (const view of views) drops.push(String(sql`DROP VIEW IF EXISTS ${ident(sharedSchema)}.${ident(String(view.name))};`));
    for (const table of tables) drops.push(String(sql`DROP TABLE IF EXISTS ${ident(sharedSchema)}.${ident(String(table.name))};`));
  }
  if (drops.length > 0) await engine.exec(drops.join('\n'));
}
