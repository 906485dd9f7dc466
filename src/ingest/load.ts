import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { KuraError } from '../engine/engine.ts';
import { quoteIdent } from '../engine/sql.ts';
import { inSchemaInUse } from '../engine/schema-in-use.ts';
import { columnsToArrowIpc, type ColumnValues } from './arrow.ts';
import { loadDelimited } from './csv.ts';
import { detectEncoding, toUtf8, withConsistentLineEndings } from './decode.ts';
import { detectFormat } from './detect.ts';
import { foldKintoneRecords, subtableName } from './kintone.ts';
import { readJson } from './json.ts';
import { tableNameFor } from './names.ts';
import { insertParquet, readParquet } from './parquet.ts';
import { cancelled, refuseIfTooWide, throwIfAborted, unreadable } from './refusal.ts';
import type { FileFormat, LoadReport, LoadRequest, RejectedRow, TextEncoding } from './types.ts';
import { readXlsx } from './xlsx.ts';

import { isSpaceAligned, spaceAlignedAsTabs, withCompactDates } from './plain-text-table.ts';
export { tableNameFor } from './names.ts';
export { exportParquet } from './parquet.ts';

type Loaded = Pick<LoadReport, 'format' | 'encoding' | 'sheet' | 'sheets' | 'rejected' | 'rejectedCount'>;

/**
 * Loads a file (CSV, TSV, XLSX, Parquet, JSON, NDJSON) into a table. The data goes into a staging table
 * first and replaces the target only once it loaded fine, so a failed or cancelled load leaves nothing behind.
 */
export async function loadFile(engine: Engine, request: LoadRequest): Promise<LoadReport> {
  const { bytes, fileName, signal } = request;
  const table = request.table ?? tableNameFor(fileName);
  const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const staging = `_kura_staging_${suffix}`;
  const subtableStaging = `${staging}_subtable`;
  const cancelRunningQuery = () => void engine.cancel().catch(() => {});
  signal?.addEventListener('abort', cancelRunningQuery);
  let replaced = false;
  try {
    throwIfAborted(signal);
    request.onProgress?.({ phase: 'progress.reading', done: 0, total: bytes.length });
    const format = request.format ?? detectFormat(bytes, fileName);
    const loaded = await loadInto(engine, request, format, staging, suffix);
    throwIfAborted(signal);
    const kintone = await foldKintoneRecords(engine, staging, subtableStaging, suffix);
    const subtable = kintone && kintone.subtableColumns.length > 0 ? subtableName(table) : undefined;
    await withoutTimeZones(engine, staging);
    if (subtable) await withoutTimeZones(engine, subtableStaging);
    if (format === 'csv' || format === 'tsv') await withCompactDates(engine, staging);
    throwIfAborted(signal);
    await replaceTables(engine, [[staging, table], ...(subtable ? [[subtableStaging, subtable] as const] : [])]);
    // The table is replaced: a Cancel from here on would undo nothing, so it neither stops a query nor is reported.
    signal?.removeEventListener('abort', cancelRunningQuery);
    replaced = true;
    request.onProgress?.({ phase: 'progress.loading', done: bytes.length, total: bytes.length, cancellable: false });
    const report = await describeTable(engine, table);
    return {
      table,
      fileName,
      ...loaded,
      ...report,
      ...(subtable ? { subtable: { table: subtable, ...(await describeTable(engine, subtable)) } } : {}),
    };
  } catch (error) {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(staging)}`).catch(() => {});
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(subtableStaging)}`).catch(() => {});
    if (signal?.aborted && !replaced) throw cancelled();
    throw asLoadError(error);
  } finally {
    signal?.removeEventListener('abort', cancelRunningQuery);
  }
}

async function loadInto(engine: Engine, request: LoadRequest, format: FileFormat, staging: string, suffix: string): Promise<Loaded> {
  const { bytes, signal } = request;
  const decoding = () => request.onProgress?.({ phase: 'progress.decoding', done: 0, total: bytes.length });
  const loading = () => {
    throwIfAborted(signal);
    request.onProgress?.({ phase: 'progress.loading', done: 0, total: bytes.length });
  };
  switch (format) {
    case 'csv':
    case 'tsv': {
      decoding();
      const encoding = request.encoding ?? detectEncoding(bytes);
      const decoded = withConsistentLineEndings(toUtf8(bytes, encoding));
      const utf8 = isSpaceAligned(new TextDecoder().decode(decoded.subarray(0, 64 * 1024)))
        ? new TextEncoder().encode(spaceAlignedAsTabs(new TextDecoder().decode(decoded)))
        : decoded;
      loading();
      const result = await loadDelimited(engine, utf8, staging, format === 'tsv', suffix);
      return {
        format: result.delimiter === '\t' ? 'tsv' : 'csv',
        encoding,
        rejected: result.rejected,
        rejectedCount: result.rejectedCount,
      };
    }
    case 'json':
    case 'ndjson': {
      decoding();
      const encoding = request.encoding ?? detectEncoding(bytes);
      const records = readJson(decodeText(bytes, encoding));
      loading();
      await insertColumns(engine, staging, records.columns);
      return { format: records.format, encoding, ...rejections(records.rejected) };
    }
    case 'xlsx': {
      decoding();
      const workbook = await readXlsx(bytes, request.sheet);
      loading();
      await insertColumns(engine, staging, workbook.columns);
      return { format, sheet: workbook.sheet, sheets: workbook.sheets, ...rejections([]) };
    }
    case 'parquet': {
      decoding();
      if (await insertParquet(engine, staging, bytes)) return { format, ...rejections([]) };
      const columns = await readParquet(bytes);
      loading();
      await insertColumns(engine, staging, columns);
      return { format, ...rejections([]) };
    }
  }
}

function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  return new TextDecoder().decode(toUtf8(bytes, encoding));
}

function rejections(rejected: RejectedRow[]): Pick<LoadReport, 'rejected' | 'rejectedCount'> {
  return { rejected: rejected.slice(0, 500), rejectedCount: rejected.length };
}

async function insertColumns(engine: Engine, table: string, columns: ColumnValues[]): Promise<void> {
  if (columns.length === 0) throw unreadable('refuse.noColumns');
  refuseIfTooWide(columns.length);
  if (columns[0]!.values.length === 0) {
    await engine.exec(`CREATE TABLE ${quoteIdent(table)} (${columns.map((column) => `${quoteIdent(column.name)} VARCHAR`).join(', ')})`);
    return;
  }
  await engine.insertArrow(table, columnsToArrowIpc(columns), { mode: 'create' });
}

/**
 * DuckDB-WASM has no ICU, so a TIMESTAMP WITH TIME ZONE column (e.g. Salesforce's 2024-01-02T03:04:05.000Z)
 * could not even be cast to DATE there. Such columns are stored as UTC timestamps instead.
 */
async function withoutTimeZones(engine: Engine, table: string): Promise<void> {
  const zoned = tableFromIPC(
    await engine.query(`SELECT column_name FROM (DESCRIBE ${quoteIdent(table)}) WHERE column_type = 'TIMESTAMP WITH TIME ZONE'`),
  )
    .toArray()
    .map((row) => String(row.column_name));
  for (const column of zoned) {
    await engine.exec(`ALTER TABLE ${quoteIdent(table)} ALTER ${quoteIdent(column)} TYPE TIMESTAMP USING ${quoteIdent(column)}::TIMESTAMP`);
  }
}

/** Puts each staging table in place of its target, all in one transaction. */
async function replaceTables(engine: Engine, renames: readonly (readonly [staging: string, table: string])[]): Promise<void> {
  const statements: string[] = [];
  for (const [staging, table] of renames) {
    statements.push(
      `DROP TABLE IF EXISTS ${await inSchemaInUse(engine, table)}; ALTER TABLE ${quoteIdent(staging)} RENAME TO ${quoteIdent(table)};`,
    );
  }
  try {
    await engine.exec(`BEGIN TRANSACTION; ${statements.join(' ')} COMMIT;`);
  } catch (error) {
    await engine.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function describeTable(engine: Engine, table: string): Promise<Pick<LoadReport, 'rows' | 'columns'>> {
  const name = quoteIdent(table);
  const columns = tableFromIPC(await engine.query(`SELECT column_name, column_type FROM (DESCRIBE ${name})`))
    .toArray()
    .map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  const count = tableFromIPC(await engine.query(`SELECT count(*) AS n FROM ${name}`));
  return { rows: Number(count.get(0)?.n ?? 0), columns };
}

function asLoadError(error: unknown): KuraError {
  if (error instanceof KuraError && error.kind !== 'sql') return error;
  const detail = error instanceof KuraError ? (error.detail ?? error.message) : error instanceof Error ? error.message : String(error);
  return unreadable('refuse.notATable', undefined, detail);
}
