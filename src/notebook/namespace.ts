/**
 * Each notebook keeps its tables in its own DuckDB schema of the one warehouse, named from the id in its header, so
 * two notebooks never read or overwrite each other's tables. A notebook without an id uses `main`: that is where
 * every table lived before notebooks had ids, so the notebook autosaved then keeps its tables. The engine's
 * connection `USE`s the open notebook's schema, so unqualified names in a notebook's SQL are its own tables.
 */
import type { Engine } from '../engine/engine.ts';
import { ident, sql } from '../engine/sql.ts';
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
export async function inNotebookSchema<T>(engine: Pick<Engine, 'exec' | 'query'>, header: NotebookHeader, work: () => Promise<T>): Promise<T> {
  const [row] = await queryRows(engine, 'SELECT current_schema() AS name');
  await useNotebookSchema(engine, header);
  try {
    return await work();
  } finally {
    await engine.exec(String(sql`USE ${ident(String(row!.name))}`));
  }
}
