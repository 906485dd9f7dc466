import type { Engine } from './engine.ts';
import { queryRows } from './plain-rows.ts';
import { quoteIdent } from './sql.ts';

/**
 * Makes one database's schemas, tables and views equal to another's, copying only the tables that changed since the
 * last time (their versions in `known`). The browser keeps its working database in memory on DuckDB-WASM's threaded
 * build and mirrors it into the single-threaded OPFS database after writing calls, and back when the page starts
 * (workers/warehouse.worker.ts). Rows cross as Arrow IPC in chunks, so a table never needs its whole size in JS memory.
 *
 * Each side is read or written on a connection of its own: the reading side in one transaction, so the copy is of one
 * moment; each table written in one transaction, so a copy cut short leaves the previous version whole.
 * Not mirrored: sequences, macros, user-defined types (the app makes none; an ENUM column's type is inlined in its DDL).
 */

export type MirrorEngine = Pick<Engine, 'query' | 'exec' | 'insertArrow'>;

/** A table's version: its oid, rows and a hash of its content; any change to the table changes it. */
export type TableVersions = ReadonlyMap<string, string>;

export interface MirrorResult {
  /** The tables' versions now, to pass as `known` next time. */
  versions: Map<string, string>;
  /** Qualified names of the tables copied and dropped. */
  copied: string[];
  dropped: string[];
  /** Views that could not be created on the other side (their message), e.g. a view over a table that no longer exists. */
  viewProblems: string[];
}

interface TableEntry {
  key: string;
  /** Named only for the temporary database ('temp'); otherwise the connection's current one. */
  database?: string;
  schema: string;
  name: string;
  ddl: string;
  version: string;
  /** One past the highest rowid: the chunks are rowid ranges. */
  rowidEnd: number;
  columns: { name: string; type: string }[];
}

interface ViewEntry {
  key: string;
  schema: string;
  name: string;
  sql: string;
}

/** Rows per Arrow chunk: ~60 MB for a 12-column contacts table. */
const chunkRows = 500_000;
const stagingTable = '__kura_mirror_chunk';
/** A table alias that names the whole row (an alias that is also a column's name, such as `t`, names the column). */
const wholeRow = '__kura_whole_row';

/** Types Arrow cannot carry both ways in DuckDB-WASM (UUID arrives as text, HUGEINT as a decimal, ENUM is refused…): sent as text and cast back. */
const viaText = /\b(UUID|HUGEINT|UHUGEINT|ENUM|INTERVAL|BIT|UNION|TIME WITH TIME ZONE|VARINT|BIGNUM|MAP)\b/;

export async function mirrorTables(
  from: MirrorEngine,
  to: MirrorEngine,
  known: TableVersions,
  options: {
    /** false: copy every table without reading versions (a restore into an empty database). */
    compare?: boolean;
    chunkRows?: number;
  } = {},
): Promise<MirrorResult> {
  const compare = options.compare ?? true;
  await from.exec('BEGIN TRANSACTION');
  try {
    const source = await readCatalog(from, compare ? 'version' : 'extent');
    const target = await readCatalog(to, 'names');
    const result: MirrorResult = { versions: new Map(), copied: [], dropped: [], viewProblems: [] };

    for (const schema of source.schemas)
      if (!target.schemas.includes(schema)) await to.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    for (const view of target.views.values()) {
      if (source.views.get(view.key)?.sql !== view.sql) await to.exec(`DROP VIEW IF EXISTS ${qualified(view)}`);
    }
    for (const table of target.tables.values()) {
      if (source.tables.has(table.key)) continue;
      await to.exec(`DROP TABLE IF EXISTS ${qualified(table)}`);
      result.dropped.push(table.key);
    }
    for (const table of source.tables.values()) {
      if (compare) result.versions.set(table.key, table.version);
      if (compare && known.get(table.key) === table.version && target.tables.has(table.key)) continue;
      await copyTable(from, to, table, options.chunkRows ?? chunkRows);
      result.copied.push(table.key);
    }
    await createViews(
      to,
      [...source.views.values()].filter((view) => target.views.get(view.key)?.sql !== view.sql),
      result.viewProblems,
    );
    for (const schema of target.schemas) {
      if (!source.schemas.includes(schema)) await to.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    }
    return result;
  } finally {
    await from.exec('COMMIT').catch(() => undefined);
  }
}

/** The tables' versions as they are now (after a restore, so the first mirror back copies nothing unchanged). */
export async function tableVersions(engine: MirrorEngine): Promise<Map<string, string>> {
  const catalog = await readCatalog(engine, 'version');
  return new Map([...catalog.tables.values()].map((table) => [table.key, table.version]));
}

/**
 * The connection's temporary tables (a SQL cell's result, a job's staging) copied into the other connection's
 * temporary database, for a session that moves to another database (workers/warehouse.worker.ts).
 */
export async function copyTemporaryTables(from: MirrorEngine, to: MirrorEngine): Promise<string[]> {
  const { tables } = await readCatalog(from, 'extent', 'temp');
  for (const table of tables.values()) await copyTable(from, to, table, chunkRows);
  return [...tables.keys()];
}

/**
 * What is read of each table besides its name and DDL: its version (a scan of its rows), its rowid extent, or nothing.
 * Of the current database, or of the connection's temporary one (its tables then named `temp.main.name`, made TEMP).
 */
async function readCatalog(engine: MirrorEngine, measure: 'version' | 'extent' | 'names', database: 'current' | 'temp' = 'current') {
  const temporary = database === 'temp';
  const here = `database_name = ${temporary ? "'temp'" : 'current_database()'} AND NOT internal`;
  const schemas = (await queryRows(engine, `SELECT schema_name FROM duckdb_schemas() WHERE ${here} ORDER BY schema_name`))
    .map((row) => String(row.schema_name))
    .filter((schema) => schema !== 'main');
  const tableRows = await queryRows(
    engine,
    `SELECT schema_name, table_name, table_oid::VARCHAR AS oid, sql FROM duckdb_tables() WHERE ${here} ORDER BY table_oid`,
  );
  const columnRows = await queryRows(
    engine,
    `SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() WHERE ${here} ORDER BY table_oid, column_index`,
  );
  const columns = new Map<string, { name: string; type: string }[]>();
  for (const row of columnRows) {
    const key = keyOf(String(row.schema_name), String(row.table_name));
    columns.set(key, [...(columns.get(key) ?? []), { name: String(row.column_name), type: String(row.data_type) }]);
  }
  const tables = new Map<string, TableEntry>();
  for (const row of tableRows) {
    const schema = String(row.schema_name);
    const name = String(row.table_name);
    const key = keyOf(schema, name);
    const ddl = temporary ? String(row.sql).replace(/^CREATE TABLE /i, 'CREATE TEMP TABLE ') : String(row.sql);
    const entry: TableEntry = { key, schema, name, ddl, version: '', rowidEnd: 0, columns: columns.get(key) ?? [] };
    if (temporary) entry.database = 'temp';
    if (measure === 'version') {
      const [content] = await queryRows(
        engine,
        `SELECT count(*) AS n, coalesce(max(rowid) + 1, 0) AS rowid_end, coalesce(sum(hash(${wholeRow})), 0)::VARCHAR AS h FROM ${qualified(entry)} AS ${wholeRow}`,
      );
      entry.rowidEnd = Number(content!.rowid_end);
      entry.version = `${String(row.oid)}:${String(content!.n)}:${String(content!.h)}`;
    } else if (measure === 'extent') {
      const [extent] = await queryRows(engine, `SELECT coalesce(max(rowid) + 1, 0) AS rowid_end FROM ${qualified(entry)}`);
      entry.rowidEnd = Number(extent!.rowid_end);
    }
    tables.set(key, entry);
  }
  const views = new Map<string, ViewEntry>();
  for (const row of await queryRows(engine, `SELECT schema_name, view_name, sql FROM duckdb_views() WHERE ${here} ORDER BY view_oid`)) {
    const schema = String(row.schema_name);
    const name = String(row.view_name);
    views.set(keyOf(schema, name), { key: keyOf(schema, name), schema, name, sql: String(row.sql) });
  }
  return { schemas, tables, views };
}

/** Replaces the table on the other side in one transaction: its DDL (types, defaults, keys), then its rows chunk by chunk. */
async function copyTable(from: MirrorEngine, to: MirrorEngine, table: TableEntry, rowsPerChunk: number): Promise<void> {
  const target = qualified(table);
  const sent = table.columns.map((column) =>
    viaText.test(column.type) ? `CAST(${quoteIdent(column.name)} AS VARCHAR) AS ${quoteIdent(column.name)}` : quoteIdent(column.name),
  );
  const received = table.columns.map((column) => `CAST(${quoteIdent(column.name)} AS ${column.type})`);
  // Rows whose every type crosses Arrow as it is go straight into the table; otherwise through a staging table, cast back.
  const direct = table.database === undefined && !table.columns.some((column) => viaText.test(column.type));
  await to.exec('BEGIN TRANSACTION');
  try {
    await to.exec(`DROP TABLE IF EXISTS ${target}`);
    await to.exec(table.ddl);
    for (let first = 0; first < table.rowidEnd; first += rowsPerChunk) {
      const chunk = await from.query(
        `SELECT ${sent.join(', ')} FROM ${target} WHERE rowid >= ${first} AND rowid < ${first + rowsPerChunk}`,
      );
      if (direct) {
        await to.insertArrow(table.name, chunk, { mode: 'append', schema: table.schema });
        continue;
      }
      await to.insertArrow(stagingTable, chunk);
      await to.exec(`INSERT INTO ${target} SELECT ${received.join(', ')} FROM ${quoteIdent(stagingTable)}`);
    }
    await to.exec(`DROP TABLE IF EXISTS ${quoteIdent(stagingTable)}`);
    await to.exec('COMMIT');
  } catch (error) {
    await to.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Views in creation order; one that reads a view made later is tried again once the others exist. */
async function createViews(to: MirrorEngine, views: readonly ViewEntry[], problems: string[]): Promise<void> {
  let waiting = [...views];
  for (let round = 0; round < 3 && waiting.length > 0; round++) {
    const failed: ViewEntry[] = [];
    for (const view of waiting) {
      try {
        await to.exec(view.sql.replace(/^CREATE VIEW/i, 'CREATE OR REPLACE VIEW'));
      } catch {
        failed.push(view);
      }
    }
    waiting = failed;
  }
  for (const view of waiting) {
    try {
      await to.exec(view.sql.replace(/^CREATE VIEW/i, 'CREATE OR REPLACE VIEW'));
    } catch (error) {
      problems.push(`${view.key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function keyOf(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

function qualified(entry: { database?: string; schema: string; name: string }): string {
  return `${entry.database ? `${quoteIdent(entry.database)}.` : ''}${keyOf(entry.schema, entry.name)}`;
}
