import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects, parquetSchema, type SchemaElement } from 'hyparquet';
import type { Engine } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../engine/sql.ts';
import { ipcFromParquet, parquetColumns, parquetFromIpc } from './parquet-arrow.ts';
import { refuseIfTooWide, unreadable } from './refusal.ts';
import type { ColumnValues, ValueKind } from './arrow.ts';
import { cleanColumnNames } from './names.ts';

/**
 * Loads a flat Parquet file into `table` whole through Arrow (parquet-wasm, then DuckDB's Arrow insert), its column
 * names cleaned as every loader cleans them. False, with nothing created, when the file needs `readParquet` instead:
 * not Parquet at all (it says why), nested columns (they become JSON text there), no rows, or Arrow types the engine
 * does not take.
 */
export async function insertParquet(engine: Engine, table: string, bytes: Uint8Array): Promise<boolean> {
  let columns: Awaited<ReturnType<typeof parquetColumns>>;
  try {
    columns = await parquetColumns(bytes);
  } catch {
    return false;
  }
  if (columns.names.length === 0 || columns.nested.some(Boolean)) return false;
  refuseIfTooWide(columns.names.length);
  let rows: number;
  try {
    rows = await createFromParquet(engine, table, bytes);
  } catch {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => {});
    return false;
  }
  if (rows === 0) {
    await engine.exec(`DROP TABLE ${quoteIdent(table)}`);
    return false;
  }
  const clean = cleanColumnNames(columns.names);
  const renamed = columns.names.flatMap((name, index) =>
    name === clean[index] ? [] : [{ name, clean: clean[index]!, step: `_kura_column_${index}` }],
  );
  // Through a name of its own first, so that no new name meets an old one not renamed yet.
  const renames = [
    ...renamed.map(({ name, step }) => `ALTER TABLE ${quoteIdent(table)} RENAME COLUMN ${quoteIdent(name)} TO ${quoteIdent(step)};`),
    ...renamed.map(({ step, clean }) => `ALTER TABLE ${quoteIdent(table)} RENAME COLUMN ${quoteIdent(step)} TO ${quoteIdent(clean)};`),
  ];
  if (renames.length > 0) await engine.exec(renames.join(' '));
  return true;
}

/** Whether the engine reads Parquet itself (native DuckDB); DuckDB-WASM has no parquet extension offline. */
export async function hasParquetReader(engine: Pick<Engine, 'query'>): Promise<boolean> {
  const result = tableFromIPC(
    await engine.query(`SELECT count(*)::INTEGER AS n FROM duckdb_functions() WHERE function_name = 'read_parquet'`),
  );
  return Number(result.getChildAt(0)?.get(0)) > 0;
}

/**
 * Creates `table` from Parquet bytes as they are (names and types as written): with DuckDB's own reader where the
 * engine has one, else through Arrow (parquet-wasm, then DuckDB's Arrow insert). Returns its row count.
 */
export async function createFromParquet(engine: Engine, table: string, bytes: Uint8Array): Promise<number> {
  if (await hasParquetReader(engine)) {
    const name = `kura-parquet-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.parquet`;
    const path = await engine.registerFile(name, bytes);
    try {
      await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteLiteral(path)})`);
    } finally {
      await engine.dropFile(name);
    }
  } else {
    await engine.insertArrow(table, await ipcFromParquet(bytes), { mode: 'create' });
  }
  return Number(
    tableFromIPC(await engine.query(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`))
      .getChildAt(0)
      ?.get(0) ?? 0,
  );
}

/** Reads every row of a Parquet file into columns; nested columns become JSON text. */
export async function readParquet(bytes: Uint8Array): Promise<ColumnValues[]> {
  const file =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  let fields: { name: string; element: SchemaElement; nested: boolean }[];
  let rows: Record<string, unknown>[];
  try {
    const metadata = parquetMetadata(file);
    fields = parquetSchema(metadata).children.map((child) => ({
      name: child.element.name,
      element: child.element,
      nested: child.children.length > 0,
    }));
    rows = (await parquetReadObjects({ file, metadata })) as Record<string, unknown>[];
  } catch (error) {
    throw unreadable('refuse.parquet', undefined, String(error));
  }
  const names = cleanColumnNames(fields.map((field) => field.name));
  return fields.map((field, index) => {
    const kind: ValueKind | undefined = field.nested ? 'text' : kindOfParquet(field.element);
    return { name: names[index]!, kind, values: rows.map((row) => row[field.name] ?? null) };
  });
}

function kindOfParquet(element: SchemaElement): ValueKind | undefined {
  const logical = element.logical_type?.type;
  if (logical === 'DATE' || element.converted_type === 'DATE') return 'date';
  if (logical === 'TIMESTAMP' || element.converted_type === 'TIMESTAMP_MILLIS' || element.converted_type === 'TIMESTAMP_MICROS')
    return 'timestamp';
  if (logical === 'DECIMAL' || element.converted_type === 'DECIMAL') return 'float';
  if (element.type === 'BOOLEAN') return 'boolean';
  if (element.type === 'INT32' || element.type === 'INT64') return 'integer';
  if (element.type === 'FLOAT' || element.type === 'DOUBLE') return 'float';
  if (element.type === 'BYTE_ARRAY' || element.type === 'FIXED_LEN_BYTE_ARRAY') return 'text';
  return undefined;
}

/** DuckDB types that go to Parquet as they are; any other column (intervals, enums, nested values…) is written as text. */
const parquetReadyType =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|DATE|TIME|TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMP_(S|MS|NS)|VARCHAR|BLOB)$/;

/**
 * Writes a query's result as Parquet: DuckDB-WASM's Arrow result goes to parquet-wasm whole (DuckDB-WASM has no
 * parquet extension offline).
 */
export async function exportParquet(engine: Engine, sql: string): Promise<Uint8Array> {
  const described = tableFromIPC(await engine.query(`DESCRIBE ${sql}`));
  const names = described.getChild('column_name')!.toArray() as string[];
  const types = described.getChild('column_type')!.toArray() as string[];
  const columns = names.map((name, index) =>
    parquetReadyType.test(types[index]!) ? quoteIdent(name) : `CAST(${quoteIdent(name)} AS VARCHAR) AS ${quoteIdent(name)}`,
  );
  return parquetFromIpc(await engine.query(`SELECT ${columns.join(', ')} FROM (${sql})`));
}
