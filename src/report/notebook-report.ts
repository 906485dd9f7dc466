/**
 * A notebook and its results as one self-contained HTML file that a manager can open, read and print without
 * Kura: markdown, result tables (first rows and the row count), charts as inline SVG, errors in plain words, in
 * the notebook's language, with the date and Kura's version at the foot.
 *
 * Threat model: the notebook may come from anyone, and its results come from files nobody checked. Titles,
 * cell names, SQL, column names and values may carry `<script>`, `<img onerror>`, `javascript:` links or SVG
 * with handlers. The report must run nothing and load nothing when opened, anywhere:
 * - every text from the notebook or the data is escaped (`escapeHtml`) into element content or a quoted
 *   attribute; nothing from them is ever written as markup;
 * - markdown goes through the project's renderer (src/cells/markdown/render.ts): links only http(s), mailto
 *   and #fragment; images only inline `data:image/…`; raw HTML escaped where there is no DOM (the command
 *   line), purified by DOMPurify in the browser;
 * - charts are drawn by Observable Plot into a DOM `document` the caller passes (the page's in the browser,
 *   linkedom's on the command line) and serialised; Plot writes data as text nodes and attribute values, which
 *   the serialiser escapes;
 * - the page has no script, no event handler attribute, no external reference, and a Content-Security-Policy
 *   meta (`default-src 'none'`) that keeps anything that slipped through inert and offline.
 * The hostile corpus (test/fixtures/notebooks/hostile/) is rendered in the tests, parsed, and checked for
 * scripts, handlers, `javascript:` URLs and unexpected elements.
 *
 * Source cells show their file, row and column counts but no rows: a report travels further than the data.
 *
 * Each analytic kind's section lives in its folder (`src/cells/<kind>/report.ts`, loaded through its descriptor)
 * and writes through the ReportWriter below, which escapes and masks as the rest of the report does.
 */
import * as Plot from '@observablehq/plot';
import { DataType, tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { blockedReason } from '../notebook/run.ts';
import type { RowSource } from '../engine/row-source.ts';
import { quoteIdent } from '../engine/sql.ts';
import { formatDecimal } from '../engine/decimal-text.ts';
import { renderMarkdown } from '../cells/markdown/render.ts';
import { escapeHtml as esc } from '../document/html-text.ts';
import { chartFigureOptions, type ChartRow } from '../cells/chart/chart-plot.ts';
import type { ChartSpec } from '../cells/chart/chart-spec.ts';
import type { Cell, Notebook, SpecCell } from '../document/model.ts';
import { isSpecCell, specCellKindOf } from '../cells/kinds.ts';
import type { ReportColumn, ReportLang, ReportSection, ReportWriter } from '../cells/report-section.ts';
import { reportMasker, standardPersonalColumns, type PersonalColumnNames, type ReportMasker } from './report-privacy.ts';

export type { ReportLang } from '../cells/report-section.ts';

/** A result table: the first rows as Arrow IPC bytes and how many rows there are in all. */
export interface ReportTable {
  ipc: Uint8Array;
  rowCount: number;
}

/** What one cell left for the report. Cells without an entry are shown as not run. */
export type ReportCellOutcome =
  | {
      status: 'done';
      table?: ReportTable;
      /** A chart cell's spec and rows, as its executor returns them. */
      chart?: { chart: ChartSpec; rows: ChartRow[] };
      /** A short plain value to show (an input's current value). */
      value?: unknown;
      elapsedMs?: number;
    }
  | { status: 'error'; message: string }
  | { status: 'not-run'; message?: string };

export interface NotebookReportOptions {
  /** ISO 8601; shown as its date (the function never reads the clock). */
  generatedAt: string;
  /** Kura's version, for the footer. */
  version: string;
  /** Defaults to the notebook header's `lang`, else English. */
  lang?: ReportLang;
  /** Where Observable Plot draws charts: the page's document, or linkedom's in Node. Without it charts are listed, not drawn. */
  document?: Document;
  /** Rows shown per table (default 50). */
  rowLimit?: number;
  /**
   * The columns masked wherever they appear, by lower-case name (`notebookPersonalColumns`: the sources' mapped
   * personal columns and the standard names). Without it the standard names are masked. See report-privacy.ts.
   */
  personalColumns?: PersonalColumnNames;
  /** The author's choice for this report: show personal data as it is. Off unless set. */
  showPersonalData?: boolean;
}

export const defaultReportRows = 50;

const messages = {
  en: {
    untitled: 'Notebook',
    rows: '{count} rows',
    firstRows: 'First {shown} of {count} rows',
    noRows: 'No rows.',
    columns: '{count} columns',
    source: 'Source {name}',
    file: 'File',
    error: 'Error',
    notRun: 'Not run',
    notRunWhy: 'Not run: {why}',
    notInReport: 'This {kind} cell is shown in Kura; the report lists its result table only.',
    figureNotDrawn: 'The figure ({label}) is drawn in Kura; this report was made without a page to draw it on.',
    personalMasked: 'Personal data is masked: names, e-mail addresses, phone numbers, street addresses, postal codes and birth dates.',
    personalShown: 'This report shows personal data as it is: share it only with people allowed to see it.',
    unknownCell: 'A cell this version of Kura does not know ({info}).',
    footer: 'Made on {date} with Kura {version}. The notebook’s queries ran on the data as it was then.',
    query: 'SQL',
    summary: '{done} of {total} cells ran',
    failed: '{count} failed',
  },
  ja: {
    untitled: 'ノートブック',
    rows: '{count} 行',
    firstRows: '全 {count} 行のうち先頭 {shown} 行',
    noRows: '行がありません。',
    columns: '{count} 列',
    source: 'データソース {name}',
    file: 'ファイル',
    error: 'エラー',
    notRun: '未実行',
    notRunWhy: '未実行: {why}',
    notInReport: 'この {kind} セルは Kura で表示されます。レポートには結果の表のみを載せます。',
    figureNotDrawn: '図（{label}）は Kura で表示されます。このレポートは図を描くページなしで作成されました。',
    personalMasked: '個人データ（氏名、メールアドレス、電話番号、住所、郵便番号、生年月日）は伏せてあります。',
    personalShown: 'このレポートは個人データをそのまま載せています。閲覧を許された人とだけ共有してください。',
    unknownCell: 'このバージョンの Kura が知らないセルです（{info}）。',
    footer: '{date} に Kura {version} で作成。ノートブックのクエリはその時点のデータで実行されました。',
    query: 'SQL',
    summary: '{total} セル中 {done} セルを実行',
    failed: '{count} セルが失敗',
  },
} as const;

type MessageKey = keyof (typeof messages)['en'];

/** Renders the report. Pure apart from Plot drawing into `options.document`; loads the sections of the notebook's kinds. */
export async function notebookReportHtml(
  notebook: Notebook,
  results: Readonly<Record<string, ReportCellOutcome>>,
  options: NotebookReportOptions,
): Promise<string> {
  const sections = await reportSections(notebook.cells);
  const lang: ReportLang = options.lang ?? (notebook.header.lang === 'ja' ? 'ja' : 'en');
  const m = messages[lang];
  const t = (key: MessageKey, values: Record<string, string | number> = {}) => fill(lang, m[key], values);
  const mask = reportMasker(options.showPersonalData ? 'show' : (options.personalColumns ?? standardPersonalColumns()));
  const context: RenderContext = { t, lang, options, rowLimit: options.rowLimit ?? defaultReportRows, mask, sections };
  const title = typeof notebook.header.title === 'string' && notebook.header.title.trim() !== '' ? notebook.header.title : m.untitled;
  const runnable = notebook.cells.filter((cell) => cell.kind !== 'markdown');
  const done = runnable.filter((cell) => results[cell.id]?.status === 'done').length;
  const failed = runnable.filter((cell) => results[cell.id]?.status === 'error').length;
  const summary = [t('summary', { done, total: runnable.length }), failed > 0 ? t('failed', { count: failed }) : '']
    .filter(Boolean)
    .join(' · ');
  const body = notebook.cells.map((cell) => cellSection(cell, results[cell.id], context)).join('\n');
  const date = options.generatedAt.slice(0, 10);
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Kura ${esc(options.version)}">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p class="meta">${summary}</p><p class="meta privacy">${t(mask.hides ? 'personalMasked' : 'personalShown')}</p></header>
<main>
${body}
</main>
<footer>${t('footer', { date, version: options.version })}</footer>
</body>
</html>
`;
}

/** The report sections of the kinds the notebook uses, by word. */
async function reportSections(cells: readonly Cell[]): Promise<Map<string, ReportSection>> {
  const words = new Set(cells.filter(isSpecCell).map((cell) => cell.kind));
  const loaded = await Promise.all(
    [...words].map(async (word) => {
      const load = specCellKindOf(word)?.report;
      return load ? ([word, (await load()).reportSection] as const) : undefined;
    }),
  );
  return new Map(loaded.filter((entry) => entry !== undefined));
}

const messageNumbers = { en: new Intl.NumberFormat('en-US'), ja: new Intl.NumberFormat('ja-JP') };

/**
 * A message escaped, its `{name}` placeholders filled: numbers in the report's language, text escaped;
 * `{name|one|other}` is `one` when the value is 1, else `other`.
 */
function fill(lang: ReportLang, template: string, values: Record<string, string | number> = {}): string {
  const numbers = messageNumbers[lang];
  const counted = esc(template).replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (_, name: string, one: string, other: string) =>
    String(values[name]).trim() === '1' ? one : other,
  );
  return counted.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    return typeof value === 'number' ? numbers.format(value) : esc(value ?? '');
  });
}

interface RenderContext {
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  lang: ReportLang;
  options: NotebookReportOptions;
  rowLimit: number;
  mask: ReportMasker;
  sections: ReadonlyMap<string, ReportSection>;
}

function cellSection(cell: Cell, outcome: ReportCellOutcome | undefined, context: RenderContext): string {
  const { t } = context;
  if (cell.kind === 'markdown') return `<section class="prose">${renderMarkdown(cell.text)}</section>`;
  if (cell.kind === 'other')
    return `<section class="cell other"><p class="note">${t('unknownCell', { info: cell.info })}</p><pre>${esc(cell.body)}</pre></section>`;
  const status = statusLine(outcome, context);
  if (cell.kind === 'source') {
    const file = typeof cell.spec.file === 'string' ? cell.spec.file : '';
    const size = outcome?.status === 'done' && outcome.table ? tableSize(outcome.table, context) : '';
    return `<section class="cell source"><h2 class="cell-name">${t('source', { name: cell.name })}</h2><p class="meta">${esc(t('file'))}: <code>${esc(file)}</code>${size ? ` · ${size}` : ''}</p>${status}</section>`;
  }
  if (cell.kind === 'sql') {
    const heading = cell.name ? `<h2 class="cell-name">${esc(cell.name)}</h2>` : '';
    const table = outcome?.status === 'done' && outcome.table ? tableHtml(outcome.table, context) : '';
    return `<section class="cell sql">${heading}<pre class="sql" aria-label="${t('query')}">${esc(cell.sql)}</pre>${status}${table}</section>`;
  }
  return specCellSection(cell, outcome, status, context);
}

/** A figure drawn by Observable Plot into the report's document, or a note saying Kura draws it. */
function plotFigure(plotOptions: Plot.PlotOptions, label: string, { t, options }: RenderContext): string {
  if (!options.document) return `<p class="note">${t('figureNotDrawn', { label })}</p>`;
  return `<figure class="chart" role="img" aria-label="${esc(label)}">${plotMarkup(plotOptions, options.document)}<figcaption>${esc(label)}</figcaption></figure>`;
}

/** A small table of plain rows (an analytic cell's summary), each value through the report's mask. */
function plainTable(
  columns: readonly { key: string; label: string; numeric?: boolean }[],
  rows: readonly Record<string, unknown>[],
  { mask }: RenderContext,
  caption = '',
): string {
  const head = columns.map((column) => `<th scope="col"${column.numeric ? ' class="num"' : ''}>${esc(column.label)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns
          .map((column) => {
            const value = row[column.key];
            if (value === null || value === undefined) return '<td class="null">NULL</td>';
            return `<td${column.numeric ? ' class="num"' : ''}>${esc(mask.value(column.key, plainValue(value)))}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<div class="table-wrap" role="region" tabindex="0" aria-label="${esc(caption)}"><table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function numberText(lang: ReportLang, value: number, digits = 0): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: digits }).format(value);
}

function genericSpecHtml(cell: SpecCell, outcome: ReportCellOutcome & { status: 'done' }, context: RenderContext): string {
  return `<p class="note">${context.t('notInReport', { kind: cell.kind })}</p>${outcome.table ? tableHtml(outcome.table, context) : ''}`;
}

/** The writer a kind's section gets: this report's language, escaping, masking, tables and figures. */
function reportWriter(cell: SpecCell, outcome: ReportCellOutcome | undefined, context: RenderContext): ReportWriter {
  const { lang, rowLimit, mask, options } = context;
  const percent = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { style: 'percent', maximumFractionDigits: 1 });
  return {
    lang,
    rowLimit,
    canDraw: options.document !== undefined,
    escape: esc,
    fill: (template, values) => fill(lang, template, values),
    number: (value, digits) => numberText(lang, value, digits),
    percent: (share) => percent.format(share),
    plain: plainValue,
    maskText: (text) => mask.text(text),
    maskValue: (column, text) => mask.value(column, text),
    table: (columns: readonly ReportColumn[], rows, caption) => plainTable(columns, rows, context, caption),
    resultTable: () => (outcome?.status === 'done' && outcome.table ? tableHtml(outcome.table, context) : ''),
    figure: (plot, label) => plotFigure(plot, label, context),
    kindNote: () => `<p class="note">${context.t('notInReport', { kind: cell.kind })}</p>`,
  };
}

function specCellSection(cell: SpecCell, outcome: ReportCellOutcome | undefined, status: string, context: RenderContext): string {
  const section = context.sections.get(cell.kind);
  const writer = reportWriter(cell, outcome, context);
  const heading = section?.heading ? section.heading(cell, writer) : cell.name ? esc(cell.name) : '';
  const head = heading ? `<h2 class="cell-name">${heading}</h2>` : '';
  let content = '';
  if (outcome?.status === 'done') content = section?.render(cell, outcome, writer) ?? genericSpecHtml(cell, outcome, context);
  return `<section class="cell ${esc(cell.kind)}">${head}${status}${content}</section>`;
}

function statusLine(outcome: ReportCellOutcome | undefined, { t, mask }: RenderContext): string {
  if (outcome === undefined) return `<p class="status not-run">${t('notRun')}</p>`;
  if (outcome.status === 'error')
    return `<p class="status error" role="alert"><strong>${t('error')}:</strong> ${esc(mask.text(outcome.message))}</p>`;
  if (outcome.status === 'not-run')
    return `<p class="status not-run">${outcome.message ? t('notRunWhy', { why: mask.text(outcome.message) }) : t('notRun')}</p>`;
  return '';
}

function tableSize(table: ReportTable, { t }: RenderContext): string {
  const arrow = tableFromIPC(table.ipc);
  return `${t('rows', { count: table.rowCount })} · ${t('columns', { count: arrow.schema.fields.length })}`;
}

function tableHtml(table: ReportTable, context: RenderContext): string {
  const { t, rowLimit } = context;
  const arrow = tableFromIPC(table.ipc);
  const shown = Math.min(arrow.numRows, rowLimit);
  if (table.rowCount === 0) return `<p class="meta">${t('noRows')}</p>`;
  const caption = shown < table.rowCount ? t('firstRows', { shown, count: table.rowCount }) : t('rows', { count: table.rowCount });
  const fields = arrow.schema.fields;
  const numeric = fields.map((field) => DataType.isInt(field.type) || DataType.isFloat(field.type) || DataType.isDecimal(field.type));
  const format = cellFormatter(arrow, context.lang);
  const head = fields.map((field, index) => `<th${numeric[index] ? ' class="num"' : ''} scope="col">${esc(field.name)}</th>`).join('');
  const rows: string[] = [];
  for (let row = 0; row < shown; row++) {
    const cells = fields.map((_, column) => {
      const text = format(column, row);
      return text === null
        ? '<td class="null">NULL</td>'
        : `<td${numeric[column] ? ' class="num"' : ''}>${esc(context.mask.value(fields[column]!.name, text))}</td>`;
    });
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  return `<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}"><table><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

/** Text for one value of an Arrow result, or null for NULL. */
function cellFormatter(table: Table, lang: ReportLang): (column: number, row: number) => string | null {
  const numbers = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 6 });
  const grouped = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 0 });
  const vectors = table.schema.fields.map((_, index) => table.getChildAt(index)!);
  return (column, row) => {
    const value: unknown = vectors[column]!.get(row);
    if (value === null || value === undefined) return null;
    const type = table.schema.fields[column]!.type;
    if (DataType.isDate(type)) return isoDate(value, false);
    if (DataType.isTimestamp(type)) return isoDate(value, true);
    if (typeof value === 'number') return Number.isFinite(value) ? numbers.format(value) : String(value);
    if (typeof value === 'bigint') return numbers.format(value);
    if (DataType.isDecimal(type)) return formatDecimal(String(value), type.scale, grouped);
    return plainValue(value);
  };
}

function isoDate(value: unknown, withTime: boolean): string {
  const date = value instanceof Date ? value : new Date(Number(value));
  if (Number.isNaN(date.getTime())) return String(value);
  const iso = date.toISOString();
  return withTime
    ? iso
        .replace('T', ' ')
        .replace(/\.000Z$/, '')
        .replace(/Z$/, '')
    : iso.slice(0, 10);
}

function plainValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue).join(', ');
  const range = value as { start?: unknown; end?: unknown };
  if (typeof value === 'object' && typeof range.start === 'string' && typeof range.end === 'string') return `${range.start} – ${range.end}`;
  try {
    return JSON.stringify(value, (_, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  } catch {
    return String(value);
  }
}

/**
 * Plot's SVG for a chart, as markup: the same options as the cell's view (chartFigureOptions). Plot's console
 * warnings (e.g. date-like strings on a point scale) are the view's business, not the report's, and are kept off
 * the command line's output.
 */
export function drawChart(chart: ChartSpec, rows: readonly ChartRow[], document: Document, blank = '(blank)'): string {
  return plotMarkup(chartFigureOptions(chart, rows, blank), document);
}

/**
 * Plot's markup for any figure of the report. A continuous colour scale with a legend (the cohort heatmap's)
 * becomes a quantized one, for the same canvas reason as above.
 */
export function plotMarkup(plotOptions: Plot.PlotOptions, document: Document): string {
  const color = plotOptions.color as Record<string, unknown> | undefined;
  const continuous = color?.legend && color.type === undefined && Array.isArray(color.domain) && typeof color.domain[0] === 'number';
  const drawn: Plot.PlotOptions = continuous ? { ...plotOptions, color: { ...color, type: 'quantize', n: 6 } } : plotOptions;
  const warn = console.warn;
  console.warn = () => {};
  try {
    const element = Plot.plot({ ...drawn, document }) as Element;
    return element.outerHTML;
  } finally {
    console.warn = warn;
  }
}

/** A result for the report from a table or view in the engine: its first `limit` rows and its row count. */
export async function reportTable(engine: Pick<Engine, 'query'>, relation: string, limit = defaultReportRows): Promise<ReportTable> {
  const name = quoteIdent(relation);
  const count = tableFromIPC(await engine.query(`SELECT count(*)::BIGINT AS n FROM ${name}`))
    .getChildAt(0)
    ?.get(0);
  const ipc = await engine.query(`SELECT * FROM ${name} LIMIT ${Math.max(0, Math.floor(limit))}`);
  return { ipc, rowCount: Number(count ?? 0) };
}

/** What the app shows under a cell (the store's CellOutput, structurally): enough to report it. */
export interface ShownCellOutput {
  status: 'idle' | 'running' | 'done' | 'error';
  error?: { message: string; kind?: string; sentence?: { values?: Record<string, unknown> } };
  result?: RowSource;
  value?: unknown;
}

/**
 * The report's outcome for a cell from what the app shows under it, so the browser reports exactly what the user
 * sees: the first rows of its result (none for a source cell: counts only), a chart's rows, an analytic cell's value.
 * Cells that have not run (idle, running, or no output) give undefined and show as not run.
 */
export async function outcomeFromShown(
  cell: Cell,
  output: ShownCellOutput | undefined,
  rowLimit = defaultReportRows,
): Promise<ReportCellOutcome | undefined> {
  if (!output || output.status === 'idle' || output.status === 'running') return undefined;
  if (output.status === 'error' && output.error?.kind === 'blocked') {
    const name = output.error.sentence?.values?.name;
    return { status: 'not-run', message: typeof name === 'string' ? blockedReason(name) : undefined };
  }
  if (output.status === 'error') return { status: 'error', message: output.error?.message ?? '' };
  const limit = cell.kind === 'source' ? 0 : rowLimit;
  const table = output.result
    ? { ipc: tableToIPC(await output.result.fetch(0, limit), 'stream'), rowCount: output.result.rowCount }
    : undefined;
  if (cell.kind === 'chart') return { status: 'done', chart: output.value as { chart: ChartSpec; rows: ChartRow[] } | undefined };
  return { status: 'done', table, value: output.value };
}

/** The outcomes of every cell of a notebook from what the app shows, for `notebookReportHtml`. */
export async function outcomesFromShown(
  notebook: Notebook,
  outputs: Readonly<Record<string, ShownCellOutput | undefined>>,
  rowLimit = defaultReportRows,
): Promise<Record<string, ReportCellOutcome>> {
  const outcomes: Record<string, ReportCellOutcome> = {};
  for (const cell of notebook.cells) {
    const outcome = await outcomeFromShown(cell, outputs[cell.id], rowLimit);
    if (outcome) outcomes[cell.id] = outcome;
  }
  return outcomes;
}

const css = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #d8dce3; --bad: #a61b1b; --accent: #2456a6; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2.cell-name { font-size: 1.05rem; margin: 0 0 .4rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.meta, .note, figcaption, caption { color: var(--muted); font-size: .88rem; }
caption { text-align: left; padding: .2rem 0; }
section { margin: 1.1rem 0; }
section.cell { border-left: 3px solid var(--line); padding-left: .9rem; }
section.cell.sql, section.cell.chart { break-inside: auto; }
pre { white-space: pre-wrap; word-break: break-word; background: #f5f6f8; padding: .6rem .8rem; border-radius: 4px; font-size: .82rem; }
pre.sql { color: #34405a; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.status.error { color: var(--bad); }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 3px; font-size: .78rem; font-weight: 700; letter-spacing: .03em; border: 1px solid; }
.badge.pass { color: #1c6b35; background: #e7f5ec; }
.badge.fail { color: var(--bad); background: #fbeaea; }
.status.not-run { color: var(--muted); font-style: italic; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.table-wrap:focus-visible { outline: 2px solid var(--accent); }
table { border-collapse: collapse; font-size: .85rem; margin: .3rem 0 .8rem; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; max-width: 28rem; overflow-wrap: break-word; }
th { background: #eef1f5; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.null { color: var(--muted); font-size: .75rem; }
figure.chart { margin: .5rem 0 1rem; }
figure.chart svg { max-width: 100%; height: auto; }
.prose img { max-width: 100%; }
a { color: var(--accent); }
footer { margin-top: 2.5rem; padding-top: .8rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .82rem; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .table-wrap { overflow: visible; }
  /* Paper does not scroll: a wide table wraps its headers and values into narrower columns instead. */
  table { font-size: 6.5pt; }
  th { white-space: normal; }
  th, td { padding: .1rem .2rem; max-width: 14rem; overflow-wrap: anywhere; }
  td.null { font-size: inherit; }
  thead { display: table-header-group; }
  tr, figure.chart, pre { break-inside: avoid; }
  h1, h2 { break-after: avoid; }
  a { color: inherit; text-decoration: underline; }
}
`;
