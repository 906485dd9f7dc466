/**
 * Share bundles (`.kura`): one zip (fflate) holding
 *   notebook.kura.md          the notebook file, as written
 *   tables/<source>.parquet   each source cell's table, personal columns masked when asked
 *   manifest.json             format version, creation time, Kura version, tables (rows, columns, masking),
 *                             and every other file with its SHA-256 and size
 * Functions take an Engine (no DOM, no node:), so the browser's worker and `kura run` share them.
 *
 * Opening checks the manifest and every checksum before anything reaches the engine, and refuses a bundle
 * that is not a zip, lacks a listed file, holds a file the manifest does not list, or whose bytes differ from
 * their checksum — one plain sentence each. Checksums catch damage and edits, not a forger who rewrites the
 * manifest too: a bundle is as trustworthy as whoever sent it, and the notebook inside is opened like any
 * other (nothing runs until the user asks).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import type { Job } from '../jobs/job.ts';
import { KuraError, sentenceError } from '../engine/engine.ts';
import { bundleSentences, type BundleSentenceKey } from './bundle-sentences.ts';
import { quoteIdent, quoteLiteral } from '../engine/sql.ts';
import { loadFile } from '../ingest/load.ts';
import { exportParquet } from '../ingest/parquet.ts';
import { sourceMapping } from '../ingest/mapping/propose.ts';
import { parseNotebook } from '../notebook/format.ts';
import type { Notebook, SourceCell } from '../document/model.ts';
import { maskedSelectSql, personalColumns, randomSalt, type MaskingOptions, type PersonalKind } from './masking.ts';

export const bundleFormatVersion = 1;
/** The most a bundle may unpack to: about what a browser tab's DuckDB holds. */
const maxUnpackedBytes = 4 * 1024 ** 3;
/** Kura stores Parquet uncompressed in the zip (it is compressed inside) and text deflated, far below this ratio. */
const maxInflation = 200;
export const bundleNotebookPath = 'notebook.kura.md';
const manifestPath = 'manifest.json';

export interface BundleManifest {
  kind: 'kura-bundle';
  formatVersion: number;
  createdAt: string;
  kura: string;
  notebook: string;
  tables: BundleTable[];
  /** Every file of the bundle but the manifest. */
  files: BundleFile[];
}

export interface BundleTable {
  /** The table name (the source cell's name). */
  name: string;
  file: string;
  rows: number;
  columns: string[];
  /** Masked columns and how; absent when nothing was masked. */
  masked?: { column: string; kind: PersonalKind; mode: MaskingOptions['mode'] }[];
}

export interface BundleFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface WriteBundleOptions {
  /** ISO 8601 creation time (the caller's clock). */
  createdAt: string;
  kuraVersion: string;
  masking?: MaskingOptions;
  /** Checked between tables; when aborted the bundle is not made. */
  signal?: AbortSignal;
}

/**
 * Writes a bundle of `notebookText` and the tables of its source cells, read from `engine`.
 * Every source cell's table must be loaded.
 */
export async function writeBundle(engine: Engine, notebookText: string, options: WriteBundleOptions): Promise<Uint8Array> {
  const notebook = parseNotebook(notebookText);
  const sources = sourceCells(notebook);
  const salt = options.masking?.mode === 'hash' ? (options.masking.salt ?? randomSalt()) : '';
  const files: Record<string, Uint8Array> = { [bundleNotebookPath]: new TextEncoder().encode(notebookText) };
  const tables: BundleTable[] = [];
  for (const cell of sources) {
    throwIfCancelled(options.signal, 'Making the bundle was cancelled.');
    const headers = await tableColumns(engine, cell.name);
    if (headers === null) {
      throw refuse('bundle.notLoaded', { cell: cell.name });
    }
    let sql = `SELECT * FROM ${quoteIdent(cell.name)}`;
    let masked: BundleTable['masked'];
    if (options.masking) {
      const personal = personalColumns(sourceMapping(cell.spec, headers), headers, options.masking.columns?.[cell.name] ?? {});
      if (personal.length > 0) {
        sql = maskedSelectSql(cell.name, headers, personal, options.masking.mode, salt);
        masked = personal.map(({ column, kind }) => ({ column, kind, mode: options.masking!.mode }));
      }
    }
    const file = `tables/${safeFileName(cell.name)}.parquet`;
    files[file] = await parquetOf(engine, sql);
    const rows = Number(tableFromIPC(await engine.query(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(cell.name)}`)).getChildAt(0)?.get(0) ?? 0);
    tables.push({ name: cell.name, file, rows, columns: headers, ...(masked ? { masked } : {}) });
  }
  const manifest: BundleManifest = {
    kind: 'kura-bundle',
    formatVersion: bundleFormatVersion,
    createdAt: options.createdAt,
    kura: options.kuraVersion,
    notebook: bundleNotebookPath,
    tables,
    files: await Promise.all(Object.entries(files).map(async ([path, bytes]) => ({ path, sha256: await sha256Hex(bytes), bytes: bytes.length }))),
  };
  const zippable: Zippable = { [manifestPath]: [new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`), { level: 6 }] };
  for (const [path, bytes] of Object.entries(files)) zippable[path] = [bytes, { level: path.endsWith('.parquet') ? 0 : 6 }];
  return zipSync(zippable, { mtime: new Date(options.createdAt) });
}

export interface VerifiedBundle {
  manifest: BundleManifest;
  notebookText: string;
  notebook: Notebook;
  /** Path → bytes, every file checked against the manifest. */
  files: ReadonlyMap<string, Uint8Array>;
}

/** Unzips a bundle and checks it; throws a KuraError (kind 'bundle') with one sentence when it is not sound. */
export async function readBundle(bytes: Uint8Array): Promise<VerifiedBundle> {
  let entries: Record<string, Uint8Array>;
  let unpacked = 0;
  let oversized: string | null = null;
  try {
    // Declared sizes bound what fflate allocates: refuse a zip bomb before inflating anything.
    entries = unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        const bomb = file.originalSize > 1_000_000 && file.originalSize > file.size * maxInflation;
        if (bomb || unpacked > maxUnpackedBytes) oversized ??= file.name;
        return oversized === null;
      },
    });
  } catch {
    throw refuse('bundle.notZip');
  }
  if (oversized !== null) {
    throw refuse('bundle.bomb', { file: oversized });
  }
  const manifestBytes = entries[manifestPath];
  if (!manifestBytes) throw refuse('bundle.noManifest');
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes)) as BundleManifest;
  } catch {
    throw refuse('bundle.manifestDamaged');
  }
  if (manifest?.kind !== 'kura-bundle' || !Array.isArray(manifest.files) || !Array.isArray(manifest.tables)) {
    throw refuse('bundle.manifestForeign');
  }
  if (typeof manifest.formatVersion !== 'number' || manifest.formatVersion > bundleFormatVersion) {
    throw refuse('bundle.newer', { format: String(manifest.formatVersion) });
  }
  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  for (const path of Object.keys(entries)) {
    if (path !== manifestPath && !listed.has(path) && !path.endsWith('/')) {
      throw refuse('bundle.unlisted', { file: path });
    }
  }
  const files = new Map<string, Uint8Array>();
  for (const file of manifest.files) {
    const content = entries[file.path];
    if (!content) throw refuse('bundle.missingFile', { file: file.path });
    if (content.length !== file.bytes || (await sha256Hex(content)) !== file.sha256) {
      throw refuse('bundle.checksum', { file: file.path });
    }
    files.set(file.path, content);
  }
  for (const table of manifest.tables) {
    if (!files.has(table.file)) throw refuse('bundle.missingTable', { table: table.name, file: table.file });
  }
  const notebookBytes = files.get(manifest.notebook);
  if (!notebookBytes) throw refuse('bundle.missingNotebook');
  const notebookText = new TextDecoder().decode(notebookBytes);
  return { manifest, notebookText, notebook: parseNotebook(notebookText), files };
}

/** Checks a bundle, then restores each of its tables into `engine` (replacing tables of the same name). */
export async function openBundle(engine: Engine, bytes: Uint8Array, signal?: AbortSignal): Promise<VerifiedBundle> {
  return restoreBundleTables(engine, await readBundle(bytes), signal);
}

/** The tables of a checked bundle that already exist in `engine` (opening would replace them). */
export async function bundleTablesPresent(engine: Pick<Engine, 'query'>, bundle: VerifiedBundle): Promise<string[]> {
  const present: string[] = [];
  for (const table of bundle.manifest.tables) if ((await tableColumns(engine, table.name)) !== null) present.push(table.name);
  return present;
}

async function restoreBundleTables(engine: Engine, bundle: VerifiedBundle, signal?: AbortSignal): Promise<VerifiedBundle> {
  const nativeReader = await hasParquetReader(engine);
  for (const table of bundle.manifest.tables) {
    throwIfCancelled(signal, 'Opening the bundle was cancelled; the tables restored so far stay.');
    const content = bundle.files.get(table.file)!;
    const rows = nativeReader ? await restoreWithDuckDb(engine, table.name, content) : (await loadFile(engine, { fileName: `${table.name}.parquet`, bytes: content, table: table.name, format: 'parquet' })).rows;
    if (rows !== table.rows) {
      throw refuse('bundle.rowCount', { table: table.name, rows, expected: table.rows });
    }
  }
  return bundle;
}

/** Whether the engine reads Parquet itself (native DuckDB); DuckDB-WASM has no parquet extension offline. */
async function hasParquetReader(engine: Pick<Engine, 'query'>): Promise<boolean> {
  const result = tableFromIPC(await engine.query(`SELECT count(*)::INTEGER AS n FROM duckdb_functions() WHERE function_name = 'read_parquet'`));
  return Number(result.getChildAt(0)?.get(0)) > 0;
}

/** Restores a table with DuckDB's own reader: about 20× faster than decoding in JS, and DuckDB's types come back as written. */
async function restoreWithDuckDb(engine: Engine, table: string, content: Uint8Array): Promise<number> {
  const name = `kura-bundle-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.parquet`;
  const path = await engine.registerFile(name, content);
  try {
    await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteLiteral(path)})`);
  } finally {
    await engine.dropFile(name);
  }
  return Number(tableFromIPC(await engine.query(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`)).getChildAt(0)?.get(0) ?? 0);
}

function throwIfCancelled(signal: AbortSignal | undefined, message: string): void {
  if (signal?.aborted) throw new KuraError(message, 'cancelled');
}

function refuse(key: BundleSentenceKey, values?: Record<string, string | number>): KuraError {
  return sentenceError(bundleSentences, key, values, 'bundle');
}

function sourceCells(notebook: Notebook): SourceCell[] {
  return notebook.cells.filter((cell): cell is SourceCell => cell.kind === 'source' && cell.name !== '');
}

/** The table's column names, or null when there is no such table or view. */
async function tableColumns(engine: Pick<Engine, 'query'>, table: string): Promise<string[] | null> {
  const result = tableFromIPC(
    await engine.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position`,
      [table],
    ),
  );
  const names = result.toArray().map((row) => String(row.column_name));
  return names.length > 0 ? names : null;
}

/** The engine's own Parquet writer where it has one (native DuckDB), else the JS writer of the ingest layer. */
async function parquetOf(engine: Engine, sql: string): Promise<Uint8Array> {
  try {
    return await engine.exportQuery(sql, 'parquet');
  } catch (error) {
    if (error instanceof KuraError && error.kind === 'unsupported') return exportParquet(engine, sql);
    throw error;
  }
}

function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}_-]/gu, '_');
}

/** SHA-256 of bytes as lower-case hex (WebCrypto, in the browser and Node 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The bundle as a job, so the browser makes it inside the warehouse worker (Parquet writing is data-sized). */
export const writeShareBundle: Job<{ notebookText: string } & Omit<WriteBundleOptions, 'signal'>, Uint8Array> = (engine, spec, context) =>
  writeBundle(engine, spec.notebookText, { ...spec, signal: context.signal });

/**
 * Opens a bundle inside the warehouse worker: verified, tables restored; the page gets the notebook text and
 * manifest. With `replaceTables: false`, a bundle whose tables already exist here restores nothing and names them,
 * so the page can ask first.
 */
export const openShareBundle: Job<{ bytes: Uint8Array; replaceTables?: boolean }, { notebookText: string; manifest: BundleManifest } | { tablesPresent: string[] }> = async (
  engine,
  spec,
  context,
) => {
  const bundle = await readBundle(spec.bytes);
  if (spec.replaceTables === false) {
    const tablesPresent = await bundleTablesPresent(engine, bundle);
    if (tablesPresent.length > 0) return { tablesPresent };
  }
  const { notebookText, manifest } = await restoreBundleTables(engine, bundle, context.signal);
  return { notebookText, manifest };
};

declare module '../jobs/job.ts' {
  interface JobCatalogue {
    writeShareBundle: typeof writeShareBundle;
    openShareBundle: typeof openShareBundle;
  }
}
