/**
 * Share bundles (`.kura`): one zip (fflate) holding
 *   notebook.kura.md          the notebook file, as written
 *   tables/<source>.parquet   each source cell's table, personal columns masked when asked
 *   tables/identity_customer_*.parquet  the customer ids a match gave, when there are any (kept from run to run)
 *   manifest.json             format version, creation time, Kura version, tables (rows, columns, masking),
 *                             and every other file with its SHA-256 and size
 * Functions take an Engine (no DOM, no node:), so the browser's worker and `kura run` share them.
 *
 * Opening checks the zip's directory against caps (bundle-zip.ts), then the manifest, every checksum and every
 * table's row count before anything reaches the engine, and refuses a bundle that is not a zip, would unpack to
 * too much, names a file twice, lacks a listed file, holds a file the manifest does not list, whose bytes differ
 * from their checksum or whose table has other rows than the manifest says — one plain sentence each. Tables are
 * restored beside the engine's and swapped in together, so a refused bundle changes nothing. Checksums catch damage and edits, not a forger who rewrites the
 * manifest too: a bundle is as trustworthy as whoever sent it, and the notebook inside is opened like any
 * other (nothing runs until the user asks).
 */
import { zipSync, type Zippable } from 'fflate';
import { parquetMetadata } from 'hyparquet';
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { columnNames, inCurrentSchema } from '../engine/catalog.ts';
import type { Job } from '../jobs/job.ts';
import { KuraError, sentenceError } from '../engine/engine.ts';
import { bundleSentences, type BundleSentenceKey } from './bundle-sentences.ts';
import { unzipEntries, zipDirectory } from './bundle-zip.ts';
import { quoteIdent } from '../engine/sql.ts';
import { inSchemaInUse } from '../engine/schema-in-use.ts';
import { loadFile } from '../ingest/load.ts';
import { createFromParquet, exportParquet, hasParquetReader } from '../ingest/parquet.ts';
import { sourceMapping } from '../ingest/mapping/propose.ts';
import { parseNotebook, serializeNotebook } from '../notebook/format.ts';
import { inNotebookSchema, useNotebookSchema } from '../notebook/namespace.ts';
import { lastingIdTables } from '../identity/cluster/customer-ids.ts';
import type { Notebook, SourceCell } from '../document/model.ts';
import { maskedSelectSql, personalColumns, randomSalt, type MaskingOptions, type PersonalKind } from './masking.ts';

export const bundleFormatVersion = 1;
/** A manifest lists files and tables; even thousands of them take far less. */
const maxManifestBytes = 16 * 1024 ** 2;
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
    const rows = Number(
      tableFromIPC(await engine.query(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(cell.name)}`))
        .getChildAt(0)
        ?.get(0) ?? 0,
    );
    tables.push({ name: cell.name, file, rows, columns: headers, ...(masked ? { masked } : {}) });
  }
  // The customer ids a match gave, so the notebook run from the bundle gives its customers the same ids.
  for (const table of lastingIdTables) {
    const headers = await tableColumns(engine, table);
    if (headers === null) continue;
    const file = `tables/${table}.parquet`;
    files[file] = await parquetOf(engine, `SELECT * FROM ${quoteIdent(table)}`);
    const rows = Number(
      tableFromIPC(await engine.query(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`))
        .getChildAt(0)
        ?.get(0) ?? 0,
    );
    tables.push({ name: table, file, rows, columns: headers });
  }
  const manifest: BundleManifest = {
    kind: 'kura-bundle',
    formatVersion: bundleFormatVersion,
    createdAt: options.createdAt,
    kura: options.kuraVersion,
    notebook: bundleNotebookPath,
    tables,
    files: await Promise.all(
      Object.entries(files).map(async ([path, bytes]) => ({ path, sha256: await sha256Hex(bytes), bytes: bytes.length })),
    ),
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

/**
 * Unzips a bundle and checks all of it, tables included, without an engine; throws a KuraError (kind 'bundle') with
 * one sentence when it is not sound. See bundle-zip.ts for what is refused before anything is inflated.
 */
export async function readBundle(bytes: Uint8Array): Promise<VerifiedBundle> {
  const directory = zipDirectory(bytes);
  const manifestEntry = directory.find((entry) => entry.name === manifestPath);
  if (!manifestEntry) throw refuse('bundle.noManifest');
  if (manifestEntry.originalSize > maxManifestBytes) throw refuse('bundle.manifestDamaged');
  const manifest = parseManifest(
    unzipEntries(bytes, directory, new Map([[manifestPath, manifestEntry.originalSize]]), () => refuse('bundle.manifestDamaged')).get(
      manifestPath,
    )!,
  );
  const listed = new Map(manifest.files.map((file) => [file.path, file.bytes]));
  for (const entry of directory) {
    if (entry.name !== manifestPath && !listed.has(entry.name) && !entry.name.endsWith('/')) {
      throw refuse('bundle.unlisted', { file: entry.name });
    }
  }
  const files = unzipEntries(bytes, directory, listed, (file) => refuse('bundle.checksum', { file }));
  for (const file of manifest.files) {
    const content = files.get(file.path);
    if (!content) throw refuse('bundle.missingFile', { file: file.path });
    if ((await sha256Hex(content)) !== file.sha256) throw refuse('bundle.checksum', { file: file.path });
  }
  for (const table of manifest.tables) {
    const content = files.get(table.file);
    if (!content) throw refuse('bundle.missingTable', { table: table.name, file: table.file });
    const rows = parquetRowCount(content);
    if (rows === null) throw refuse('bundle.tableUnreadable', { table: table.name, file: table.file });
    if (rows !== table.rows) throw refuse('bundle.rowCount', { table: table.name, rows, expected: table.rows });
  }
  const notebookBytes = files.get(manifest.notebook);
  if (!notebookBytes) throw refuse('bundle.missingNotebook');
  const notebookText = new TextDecoder().decode(notebookBytes);
  return { manifest, notebookText, notebook: parseNotebook(notebookText), files };
}

/** The manifest, every field checked for its type: what is not a Kura manifest is refused rather than half-read. */
function parseManifest(bytes: Uint8Array): BundleManifest {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as BundleManifest;
  } catch {
    throw refuse('bundle.manifestDamaged');
  }
  if (manifest?.kind !== 'kura-bundle' || !Array.isArray(manifest.files) || !Array.isArray(manifest.tables)) {
    throw refuse('bundle.manifestForeign');
  }
  if (typeof manifest.formatVersion !== 'number' || manifest.formatVersion > bundleFormatVersion) {
    throw refuse('bundle.newer', { format: String(manifest.formatVersion) });
  }
  const count = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  const text = (value: unknown) => typeof value === 'string' && value !== '';
  const filesSound = manifest.files.every(
    (file) => text(file?.path) && file.path !== manifestPath && count(file.bytes) && /^[0-9a-f]{64}$/.test(String(file.sha256)),
  );
  const tablesSound = manifest.tables.every(
    (table) => text(table?.name) && text(table.file) && count(table.rows) && Array.isArray(table.columns),
  );
  if (!filesSound || !tablesSound || typeof manifest.notebook !== 'string') throw refuse('bundle.manifestForeign');
  const paths = new Set<string>();
  for (const file of manifest.files) {
    if (paths.has(file.path)) throw refuse('bundle.duplicate', { file: file.path });
    paths.add(file.path);
  }
  // Two tables of one name would replace each other; table names are compared as DuckDB does, without case.
  const names = new Set<string>();
  for (const table of manifest.tables) {
    if (names.has(table.name.toLowerCase())) throw refuse('bundle.duplicate', { file: table.name });
    names.add(table.name.toLowerCase());
  }
  return manifest;
}

/** Rows a Parquet file's footer declares, or null when it is not Parquet. */
function parquetRowCount(bytes: Uint8Array): number | null {
  try {
    return Number(parquetMetadata(bytes).num_rows);
  } catch {
    return null;
  }
}

/**
 * Checks a bundle, then restores each of its tables into its notebook's schema (replacing tables of the same name),
 * all or none; the engine uses that schema afterwards, as it would running the notebook.
 */
export async function openBundle(engine: Engine, bytes: Uint8Array, signal?: AbortSignal): Promise<VerifiedBundle> {
  const bundle = await readBundle(bytes);
  await useNotebookSchema(engine, bundle.notebook.header);
  return restoreBundleTables(engine, bundle, signal);
}

/** The bundle with its notebook given `id` when it has none (a bundle made before notebooks had ids). */
function withNotebookId(bundle: VerifiedBundle, id: string): VerifiedBundle {
  if (typeof bundle.notebook.header.id === 'string') return bundle;
  const notebook = { ...bundle.notebook, header: { ...bundle.notebook.header, id } };
  return { ...bundle, notebook, notebookText: serializeNotebook(notebook) };
}

/** The tables of a checked bundle that already exist in `engine` (opening would replace them). */
export async function bundleTablesPresent(engine: Pick<Engine, 'query'>, bundle: VerifiedBundle): Promise<string[]> {
  const present: string[] = [];
  for (const table of bundle.manifest.tables) {
    if (lastingIdTables.includes(table.name)) continue;
    if ((await tableColumns(engine, table.name)) !== null) present.push(table.name);
  }
  return present;
}

/**
 * Restores every table into a staging table first, checks its row count, and only then replaces the tables of the
 * same names, all in one transaction: a refused, failed or cancelled restore leaves the engine as it was.
 */
async function restoreBundleTables(engine: Engine, bundle: VerifiedBundle, signal?: AbortSignal): Promise<VerifiedBundle> {
  const nativeReader = await hasParquetReader(engine);
  const staged: { table: string; staging: string }[] = [];
  try {
    for (const table of bundle.manifest.tables) {
      throwIfCancelled(signal, 'Opening the bundle was cancelled; nothing was changed.');
      const staging = `_kura_bundle_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      staged.push({ table: table.name, staging });
      const content = bundle.files.get(table.file)!;
      const rows = nativeReader
        ? await createFromParquet(engine, staging, content)
        : (await loadFile(engine, { fileName: `${table.name}.parquet`, bytes: content, table: staging, format: 'parquet' })).rows;
      if (rows !== table.rows) throw refuse('bundle.rowCount', { table: table.name, rows, expected: table.rows });
    }
    throwIfCancelled(signal, 'Opening the bundle was cancelled; nothing was changed.');
    const views = await viewNames(engine);
    const swaps: string[] = [];
    for (const { table, staging } of staged) {
      const target = await inSchemaInUse(engine, table);
      swaps.push(
        `DROP ${views.has(table.toLowerCase()) ? 'VIEW' : 'TABLE'} IF EXISTS ${target}; ALTER TABLE ${quoteIdent(staging)} RENAME TO ${quoteIdent(table)};`,
      );
    }
    try {
      await engine.exec(`BEGIN TRANSACTION; ${swaps.join(' ')} COMMIT;`);
    } catch (error) {
      await engine.exec('ROLLBACK').catch(() => {});
      throw error;
    }
  } catch (error) {
    for (const { staging } of staged) await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(staging)}`).catch(() => {});
    throw error;
  }
  return bundle;
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

/** Lower-cased names of the views of the open notebook (a bundle's table replaces a view of its name, as it would a table). */
async function viewNames(engine: Pick<Engine, 'query'>): Promise<Set<string>> {
  const result = tableFromIPC(
    await engine.query(`SELECT table_name FROM information_schema.tables WHERE ${inCurrentSchema()} AND table_type = 'VIEW'`),
  );
  return new Set(result.toArray().map((row) => String(row.table_name).toLowerCase()));
}

/** The table's column names, or null when there is no such table or view. */
async function tableColumns(engine: Pick<Engine, 'query'>, table: string): Promise<string[] | null> {
  const names = await columnNames(engine, table);
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
 * Opens a bundle inside the warehouse worker: verified, tables restored into its notebook's schema (a notebook
 * without an id is given `notebookId`); the page gets the notebook text, with its id, and the manifest, and opens it
 * in that schema. With `replaceTables: false`, a bundle whose tables already exist there restores nothing and names
 * them, so the page can ask first. The engine keeps using the schema it used before.
 */
export const openShareBundle: Job<
  { bytes: Uint8Array; replaceTables?: boolean; notebookId: string },
  { notebookText: string; manifest: BundleManifest } | { tablesPresent: string[] }
> = async (engine, spec, context) => {
  const bundle = withNotebookId(await readBundle(spec.bytes), spec.notebookId);
  return inNotebookSchema(engine, bundle.notebook.header, async () => {
    if (spec.replaceTables === false) {
      const tablesPresent = await bundleTablesPresent(engine, bundle);
      if (tablesPresent.length > 0) return { tablesPresent };
    }
    const { notebookText, manifest } = await restoreBundleTables(engine, bundle, context.signal);
    return { notebookText, manifest };
  });
};

declare module '../jobs/job.ts' {
  interface JobCatalogue {
    writeShareBundle: typeof writeShareBundle;
    openShareBundle: typeof openShareBundle;
  }
}
