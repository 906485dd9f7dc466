import { queryRows } from './plain-rows.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';
import { copyTemporaryTables, type MirrorEngine } from './table-mirror.ts';

/**
 * A connection's session, what lives beside the database's tables and would be lost if the page's calls went to
 * another database: temporary tables (a SQL cell's result table, read as the page scrolls it), temporary views,
 * variables (`SET VARIABLE`) and the schema in use (the open notebook's). The browser's worker copies it when its
 * working database moves from the OPFS database to the threaded build (workers/warehouse.worker.ts). Settings are not
 * copied: the worker sets its own on each database.
 */
export async function copySession(from: MirrorEngine, to: MirrorEngine): Promise<void> {
  const [{ schema } = { schema: 'main' }] = await queryRows(from, 'SELECT current_schema() AS schema');
  await copyTemporaryTables(from, to);
  if (schema !== 'main') await to.exec(`USE ${quoteIdent(String(schema))}`);
  for (const view of await temporaryViews(from)) await to.exec(view.sql);
  // duckdb_variables() shows a NULL as the text 'NULL'; getvariable gives the value itself.
  for (const variable of await queryRows(from, 'SELECT name, type FROM duckdb_variables()')) {
    const name = String(variable.name);
    const [read] = await queryRows(from, `SELECT getvariable(${quoteLiteral(name)})::VARCHAR AS text`);
    const text = read?.text;
    const value = text === null || text === undefined ? 'NULL' : `CAST(${quoteLiteral(String(text))} AS ${String(variable.type)})`;
    await to.exec(`SET VARIABLE ${quoteIdent(name)} = ${value}`);
  }
}

/** Empties the session left behind (its temporary tables' memory freed) and uses the database's `main` schema again. */
export async function leaveSession(engine: MirrorEngine): Promise<void> {
  for (const view of await temporaryViews(engine)) await engine.exec(`DROP VIEW IF EXISTS temp.main.${quoteIdent(view.name)}`);
  const tables = await queryRows(engine, "SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp' AND NOT internal");
  for (const table of tables) await engine.exec(`DROP TABLE IF EXISTS temp.main.${quoteIdent(String(table.table_name))}`);
  for (const variable of await queryRows(engine, 'SELECT name FROM duckdb_variables()'))
    await engine.exec(`RESET VARIABLE ${quoteIdent(String(variable.name))}`);
  const [{ database } = { database: 'memory' }] = await queryRows(engine, 'SELECT current_database() AS database');
  await engine.exec(`USE ${quoteIdent(String(database))}.main`);
}

async function temporaryViews(engine: MirrorEngine): Promise<{ name: string; sql: string }[]> {
  const views = await queryRows(
    engine,
    "SELECT view_name, sql FROM duckdb_views() WHERE database_name = 'temp' AND NOT internal ORDER BY view_oid",
  );
  return views.map((view) => ({ name: String(view.view_name), sql: String(view.sql) }));
}
