/**
 * The app's side of sharing: a share bundle written and opened inside the warehouse worker (Parquet and
 * checksums are data-sized), and the static HTML report made from what the app shows.
 */
import { version as kuraVersion } from '../../../package.json';
import { sourceMapping } from '../../ingest/mapping/propose.ts';
import type { Notebook } from '../../document/model.ts';
import type { NotebookSession, ReplacedNotebook } from '../../session/store.svelte.ts';
import type { BundleManifest } from '../../report/bundle.ts';
import { freshNotebookId } from '../../notebook/namespace.ts';
import { personalColumns, type MaskMode, type PersonalColumn } from '../../report/masking.ts';
import { notebookReportHtml, outcomesFromShown, type ReportLang } from '../../report/notebook-report.ts';
import { notebookPersonalColumns } from '../../report/report-privacy.ts';
import { columnsByTable } from '../../engine/catalog.ts';
import { i18n } from '../../ui/i18n.svelte.ts';
import { downloadBytes, notebookFileName } from '../../ui/notebook-files.ts';

export interface PersonalColumnsOfSource {
  source: string;
  columns: PersonalColumn[];
}

/** The columns masking would change, per source cell, from each cell's mapping and its table's columns. */
export function personalColumnsOfSources(session: Pick<NotebookSession, 'notebook' | 'catalog'>): PersonalColumnsOfSource[] {
  const found: PersonalColumnsOfSource[] = [];
  for (const cell of session.notebook.cells) {
    if (cell.kind !== 'source' || cell.name === '') continue;
    const headers = session.catalog.find((table) => table.name === cell.name)?.columns.map((column) => column.name) ?? [];
    const columns = personalColumns(sourceMapping(cell.spec, headers), headers);
    if (columns.length > 0) found.push({ source: cell.name, columns });
  }
  return found;
}

/** Writes the open notebook and its source tables into a `.kura` bundle and downloads it. */
export async function downloadShareBundle(session: NotebookSession, mask: MaskMode | null): Promise<void> {
  const bytes = await session.runJob('writeShareBundle', {
    notebookText: session.text(),
    createdAt: new Date().toISOString(),
    kuraVersion,
    ...(mask ? { masking: { mode: mask } } : {}),
  });
  downloadBytes(bytes, notebookFileName(session.notebook.header.title, '.kura'), 'application/zip');
}

/**
 * Opens a bundle: the worker verifies every checksum and restores the tables into the bundled notebook's schema, then the notebook opens like any
 * file from someone else (nothing runs until the user chooses Run all). A bundle that fails its checks changes
 * nothing: it is refused before any table or the open notebook is touched. When its tables would replace tables
 * of the same name, `confirmReplacing` is asked first; declined, nothing changes and the result is null.
 */
export async function openShareBundle(
  session: NotebookSession,
  file: File,
  confirmReplacing: (tables: string[]) => Promise<boolean>,
): Promise<{ manifest: BundleManifest; replaced: ReplacedNotebook } | null> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const notebookId = freshNotebookId();
  let opened = await session.runJob('openShareBundle', { bytes, replaceTables: false, notebookId });
  if ('tablesPresent' in opened) {
    if (!(await confirmReplacing(opened.tablesPresent))) return null;
    opened = await session.runJob('openShareBundle', { bytes, replaceTables: true, notebookId });
  }
  if ('tablesPresent' in opened) return null;
  const replaced = session.replaceWith(opened.notebookText, { fromFile: true });
  await session.refreshCatalog();
  return { manifest: opened.manifest, replaced };
}

/**
 * The static report of the notebook as the app shows it now, in the notebook's language (else the UI's). Personal
 * data is masked unless the author chose to show it for this report.
 */
export async function notebookReport(session: NotebookSession, { showPersonalData = false } = {}): Promise<string> {
  const notebook = session.notebook;
  const outcomes = await outcomesFromShown(notebook, session.outputs);
  return notebookReportHtml(notebook, outcomes, {
    generatedAt: new Date().toISOString(),
    version: kuraVersion,
    lang: reportLanguage(notebook),
    document,
    personalColumns: notebookPersonalColumns(notebook.cells, columnsByTable(session.catalog)),
    showPersonalData,
  });
}

export async function downloadNotebookReport(session: NotebookSession, options: { showPersonalData?: boolean } = {}): Promise<void> {
  const html = await notebookReport(session, options);
  downloadBytes(new TextEncoder().encode(html), notebookFileName(session.notebook.header.title, '.html'), 'text/html');
}

function reportLanguage(notebook: Notebook): ReportLang {
  const lang = notebook.header.lang;
  return lang === 'ja' || lang === 'en' ? lang : i18n.lang;
}
