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
import { chartPlotOptions, type ChartRow } from '../cells/chart/chart-plot.ts';
import type { ChartSpec } from '../cells/chart/chart-spec.ts';
import type { Cell, Notebook, SpecCell } from '../document/model.ts';
import type { AuditResult } from '../audit/job.ts';
import { ruleLabel } from '../audit/rule-spec.ts';
import type { MatchResult } from '../identity/job.ts';
import { checkedEstimate } from '../identity/result/estimate.ts';
import type { SeriesForecast } from '../analytics/ets/series.ts';
import type { RfmOutcome } from '../cells/rfm/kind.ts';
import { rfmSegmentsPlot } from '../cells/rfm/rfm-plot.ts';
import { rfmSegmentLabel } from '../cells/rfm/rfm.ts';
import type { MigrationSummary } from '../migrate/migrate.ts';
import type { CohortOutcome } from '../cells/cohort/kind.ts';
import { cohortHeatmapPlot } from '../cells/cohort/cohort-plot.ts';
import type { ChurnResult } from '../cells/churn/job.ts';
import { churnAlivePlot, churnHoldoutPlot } from '../cells/churn/churn-plot.ts';
import { forecastPlot } from '../cells/forecast/forecast-plot.ts';
import type { SegmentOutcome } from '../cells/segment/kind.ts';
import { reportMasker, standardPersonalColumns, type PersonalColumnNames, type ReportMasker } from './report-privacy.ts';

export type ReportLang = 'ja' | 'en';

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
    chartOf: 'Chart of {data}',
    blank: '(blank)',
    chartNotDrawn: 'Chart of {data} ({mark}); it is drawn in Kura.',
    input: 'Input {name}',
    value: 'Value',
    notInReport: 'This {kind} cell is shown in Kura; the report lists its result table only.',
    figureNotDrawn: 'The figure ({label}) is drawn in Kura; this report was made without a page to draw it on.',
    personalMasked: 'Personal data is masked: names, e-mail addresses, phone numbers, street addresses, postal codes and birth dates.',
    personalShown: 'This report shows personal data as it is: share it only with people allowed to see it.',
    segmentMembers: '{members} of {customers} customers.',
    segmentOverlap: '{both} customers are in both this segment ({members}) and {other} ({otherCount}).',
    customers: 'Customers',
    rfmChart: 'Customers per RFM segment',
    rfmSegment: 'Segment',
    migrateSummary:
      "{target}: {passing} of {customers} customers will be created; {failing} fail the target's rules. The trace maps them to {records} source records.",
    migrateField: 'Target field',
    migrateRule: 'Rule',
    migrateFailing: 'Failing customers',
    rfmRecency: 'Days since last order (mean)',
    rfmFrequency: 'Orders (mean)',
    rfmMonetary: 'Spend (mean)',
    cohortChart: 'Share of each first-order cohort ordering again, month by month',
    cohortMonthsSince: 'Months since the first order',
    cohortFirstOrder: 'First order',
    cohortRate: 'Still ordering (%)',
    churnFit: '{model} fitted on {customers} customers: {params}; log-likelihood {loglik}.',
    churnSpend: 'Gamma-Gamma spend model: {params}.',
    churnNotConverged: 'The fit did not converge; treat the figures with care.',
    churnAlive: 'Customers by probability of still being active',
    churnHoldout: 'Holdout purchases per customer, actual and predicted, by calibration purchases',
    churnActual: 'actual',
    churnPredicted: 'predicted',
    churnCalibrationFrequency: 'Repeat purchases in calibration',
    churnHoldoutPurchases: 'Purchases in holdout (mean)',
    churnPAlive: 'P(active)',
    churnRiskList: 'Valuable customers most likely to have left',
    churnName: 'Name',
    churnCompany: 'Company',
    churnCustomer: 'Customer id',
    churnFrequency: 'Repeat purchases',
    churnExpected: 'Expected purchases',
    forecastModel: 'Chosen by AICc: {model} (α {alpha}, β {beta}, γ {gamma}, φ {phi}; σ {sigma}; AICc {aicc}; season {season} periods).',
    forecastModelNaive: 'Seasonal naive: each period repeats the same period of the last season (σ {sigma}; season {season} periods).',
    forecastBacktest:
      'Backtest on the last {periods} periods: sMAPE {smape}%, MASE {mase}; seasonal naive sMAPE {baseline}%. Held-out values inside the intervals: {coverage}.',
    forecastNaiveWins:
      'The seasonal naive forecast (each period repeats the last season) beat this model on the backtest, sMAPE {baseline}% against {smape}%: prefer it for this series.',
    forecastChart: 'History, backtest (dashed) and forecast with its intervals',
    forecastValue: 'Value per period',
    forecastPeriod: 'Period',
    forecastMean: 'Forecast',
    unknownCell: 'A cell this version of Kura does not know ({info}).',
    footer: 'Made on {date} with Kura {version}. The notebook’s queries ran on the data as it was then.',
    query: 'SQL',
    summary: '{done} of {total} cells ran',
    failed: '{count} failed',
    pass: 'PASS',
    fail: 'FAIL',
    rulesPass: '{passed} of {total} rules pass',
    noRules: 'Profiled only: no rules were checked.',
    noRulesSuggested: 'Profiled only: no rules were checked yet ({suggested} rules are suggested in the audit cell).',
    rule: 'Rule',
    result: 'Result',
    failingRows: 'Failing rows',
    table: 'Table',
    rowsHeader: 'Rows',
    columnsHeader: 'Columns',
    duplicateRows: 'Duplicate rows',
    reconciled: 'Source and target agree.',
    notReconciled: 'Source and target differ.',
    matchSummary: '{records} records from {sources} sources are {customers} customers; {linked} records were linked to another.',
    matchEstimate:
      "At threshold {threshold}, the model's own estimate, not checked by anyone: precision {precision}, recall {recall} of the pairs compared ({pairs} pairs of records put in one customer).",
    matchChecked:
      'At threshold {threshold}, checked with {labels} labels on pairs drawn at random: precision {precision} (95% interval {precisionLow}–{precisionHigh}), recall {recall} ({recallLow}–{recallHigh}) of the pairs compared.',
    matchPrivacy: 'The golden records are not listed here: they are personal data.',
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
    chartOf: '{data} のグラフ',
    blank: '（空欄）',
    chartNotDrawn: '{data} のグラフ（{mark}）は Kura で表示されます。',
    input: '入力 {name}',
    value: '値',
    notInReport: 'この {kind} セルは Kura で表示されます。レポートには結果の表のみを載せます。',
    figureNotDrawn: '図（{label}）は Kura で表示されます。このレポートは図を描くページなしで作成されました。',
    personalMasked: '個人データ（氏名、メールアドレス、電話番号、住所、郵便番号、生年月日）は伏せてあります。',
    personalShown: 'このレポートは個人データをそのまま載せています。閲覧を許された人とだけ共有してください。',
    segmentMembers: '{customers} 人中 {members} 人。',
    segmentOverlap: 'このセグメント（{members} 人）と {other}（{otherCount} 人）の両方に {both} 人。',
    customers: '顧客数',
    rfmChart: 'RFM セグメント別の顧客数',
    rfmSegment: 'セグメント',
    migrateSummary:
      '{target}: {customers} 件中 {passing} 件を作成します。{failing} 件は移行先のルールを満たしません。対応表は {records} 件の元レコードを結びます。',
    migrateField: '移行先の項目',
    migrateRule: 'ルール',
    migrateFailing: '満たさない顧客数',
    rfmRecency: '最終注文からの日数（平均）',
    rfmFrequency: '注文回数（平均）',
    rfmMonetary: '購買額（平均）',
    cohortChart: '初回注文月ごとのコホートが翌月以降も注文した割合',
    cohortMonthsSince: '初回注文からの月数',
    cohortFirstOrder: '初回注文月',
    cohortRate: '継続率（%）',
    churnFit: '{model}（顧客 {customers}）：{params}、対数尤度 {loglik}。',
    churnSpend: 'Gamma-Gamma 購買額モデル：{params}。',
    churnNotConverged: '推定が収束しませんでした。数値は慎重に扱ってください。',
    churnAlive: '稼働確率別の顧客数',
    churnHoldout: '学習期間の購買回数別、検証期間の購買回数（実績と予測）',
    churnActual: '実績',
    churnPredicted: '予測',
    churnCalibrationFrequency: '学習期間のリピート購買回数',
    churnHoldoutPurchases: '検証期間の購買回数（平均）',
    churnPAlive: '稼働確率',
    churnRiskList: '離反の可能性が高い優良顧客',
    churnName: '氏名',
    churnCompany: '会社',
    churnCustomer: '顧客ID',
    churnFrequency: 'リピート購買',
    churnExpected: '予測購買回数',
    forecastModel:
      'AICc で選んだモデル：{model}（α {alpha}、β {beta}、γ {gamma}、φ {phi}、σ {sigma}、AICc {aicc}、季節周期 {season} 期間）。',
    forecastModelNaive: '季節ナイーブ：各期は前の季節の同じ期を繰り返します（σ {sigma}、季節周期 {season} 期間）。',
    forecastBacktest:
      '直近 {periods} 期間の検証：sMAPE {smape}%、MASE {mase}。季節ナイーブの sMAPE {baseline}%。検証期間の実績が区間に入った割合：{coverage}。',
    forecastNaiveWins:
      '検証では季節ナイーブ予測（前の季節の同じ期をそのまま繰り返す）のほうが当たりました（sMAPE {baseline}% 対 {smape}%）。この系列にはそちらを使ってください。',
    forecastChart: '実績、検証（破線）、区間付きの予測',
    forecastValue: '期間ごとの値',
    forecastPeriod: '期間',
    forecastMean: '予測',
    unknownCell: 'このバージョンの Kura が知らないセルです（{info}）。',
    footer: '{date} に Kura {version} で作成。ノートブックのクエリはその時点のデータで実行されました。',
    query: 'SQL',
    summary: '{total} セル中 {done} セルを実行',
    failed: '{count} セルが失敗',
    pass: '合格',
    fail: '不合格',
    rulesPass: '{total} 件中 {passed} 件のルールに合格',
    noRules: 'プロファイルのみ：ルールは確認されていません。',
    noRulesSuggested: 'プロファイルのみ：ルールはまだ確認されていません（監査セルに {suggested} 件の提案ルールがあります）。',
    rule: 'ルール',
    result: '結果',
    failingRows: '違反行',
    table: 'テーブル',
    rowsHeader: '行数',
    columnsHeader: '列数',
    duplicateRows: '重複行',
    reconciled: '移行元と移行先は一致しています。',
    notReconciled: '移行元と移行先に差異があります。',
    matchSummary: '{sources} ソースの {records} レコードは {customers} 人の顧客です。{linked} レコードが他のレコードと結び付きました。',
    matchEstimate:
      'しきい値 {threshold} でのモデル自身の推定（未検証）：比較したペアのうち適合率 {precision}、再現率 {recall}（同一顧客にまとめたレコードのペア {pairs} 件）。',
    matchChecked:
      'しきい値 {threshold} で、無作為に選んだペア {labels} 件の判定により検証：比較したペアのうち適合率 {precision}（95%区間 {precisionLow}〜{precisionHigh}）、再現率 {recall}（{recallLow}〜{recallHigh}）。',
    matchPrivacy: 'ゴールデンレコードは個人データのため、ここには載せていません。',
  },
} as const;

type MessageKey = keyof (typeof messages)['en'];

/** Renders the report. Pure apart from Plot drawing into `options.document`. */
export function notebookReportHtml(
  notebook: Notebook,
  results: Readonly<Record<string, ReportCellOutcome>>,
  options: NotebookReportOptions,
): string {
  const lang: ReportLang = options.lang ?? (notebook.header.lang === 'ja' ? 'ja' : 'en');
  const m = messages[lang];
  const numbers = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US');
  const t = (key: MessageKey, values: Record<string, string | number> = {}) =>
    esc(m[key]).replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      return typeof value === 'number' ? numbers.format(value) : esc(value ?? '');
    });
  const mask = reportMasker(options.showPersonalData ? 'show' : (options.personalColumns ?? standardPersonalColumns()));
  const context: RenderContext = { t, m, lang, options, rowLimit: options.rowLimit ?? defaultReportRows, mask };
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

interface RenderContext {
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** The plain (unescaped) messages, for figure labels: Plot writes them as text. */
  m: (typeof messages)[ReportLang];
  lang: ReportLang;
  options: NotebookReportOptions;
  rowLimit: number;
  mask: ReportMasker;
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

/**
 * How each analytic kind appears in the report. A kind without an entry shows its result table, if its
 * executor left one, and a note that Kura shows the rest. Add a kind with one line here.
 */
const specCellSections: Partial<
  Record<SpecCell['kind'], (cell: SpecCell, outcome: ReportCellOutcome & { status: 'done' }, context: RenderContext) => string>
> = {
  chart: (cell, outcome, context) => chartHtml(cell, outcome.chart, context),
  input: (cell, outcome, { t, mask }) =>
    `<p class="input-value">${t('value')}: <strong>${esc(mask.text(plainValue(outcome.value)))}</strong></p>`,
  audit: (cell, outcome, context) => auditHtml(outcome.value, context) ?? genericSpecHtml(cell, outcome, context),
  match: (cell, outcome, context) => matchHtml(cell, outcome.value, context) ?? genericSpecHtml(cell, outcome, context),
  rfm: (cell, outcome, context) => rfmHtml(outcome.value, context) ?? genericSpecHtml(cell, outcome, context),
  cohort: (cell, outcome, context) => cohortHtml(outcome.value, context) ?? genericSpecHtml(cell, outcome, context),
  churn: (cell, outcome, context) => churnHtml(outcome.value, context) ?? genericSpecHtml(cell, outcome, context),
  forecast: (cell, outcome, context) => forecastHtml(outcome.value, context) ?? genericSpecHtml(cell, outcome, context),
  segment: (cell, outcome, context) => segmentHtml(outcome, context) ?? genericSpecHtml(cell, outcome, context),
  // Counts only: the problems table holds the failing values, which are personal data.
  migrate: (cell, outcome, context) =>
    migrateHtml(outcome.value, context) ?? `<p class="note">${context.t('notInReport', { kind: cell.kind })}</p>`,
};

function migrateHtml(value: unknown, context: RenderContext): string | null {
  const summary = value as Partial<MigrationSummary> | undefined;
  if (typeof summary?.customers !== 'number' || !Array.isArray(summary.problems)) return null;
  const { t, m, lang } = context;
  const counts = {
    target: summary.target ?? '',
    customers: summary.customers,
    passing: summary.passing ?? 0,
    failing: summary.failing ?? 0,
    records: summary.records ?? 0,
  };
  const rules = summary.problems.map((p) => ({ field: p.field, rule: p.rule, customers: numberText(lang, p.customers) }));
  return (
    `<p class="migrate-summary">${t('migrateSummary', counts)}</p>` +
    (rules.length > 0
      ? plainTable(
          [
            { key: 'field', label: m.migrateField },
            { key: 'rule', label: m.migrateRule },
            { key: 'customers', label: m.migrateFailing, numeric: true },
          ],
          rules,
          context,
        )
      : '')
  );
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

function rfmHtml(value: unknown, context: RenderContext): string | null {
  const rfm = value as Partial<RfmOutcome> | undefined;
  if (!Array.isArray(rfm?.segments)) return null;
  const { m, lang } = context;
  const rows = rfm.segments.map((segment) => ({
    segment: rfmSegmentLabel(segment.segment, lang),
    customers: numberText(lang, segment.customers),
    recency_days: numberText(lang, segment.recency_days),
    frequency: numberText(lang, segment.frequency, 1),
    monetary: numberText(lang, segment.monetary),
  }));
  return (
    plotFigure(
      rfmSegmentsPlot(rfm.segments, { customers: m.customers, segment: (name) => rfmSegmentLabel(name, lang) }),
      m.rfmChart,
      context,
    ) +
    plainTable(
      [
        { key: 'segment', label: m.rfmSegment },
        { key: 'customers', label: m.customers, numeric: true },
        { key: 'recency_days', label: m.rfmRecency, numeric: true },
        { key: 'frequency', label: m.rfmFrequency, numeric: true },
        { key: 'monetary', label: m.rfmMonetary, numeric: true },
      ],
      rows,
      context,
    )
  );
}

function cohortHtml(value: unknown, context: RenderContext): string | null {
  const cohort = value as Partial<CohortOutcome> | undefined;
  if (!Array.isArray(cohort?.cells)) return null;
  const { m } = context;
  return plotFigure(
    cohortHeatmapPlot(cohort.cells, { monthsSince: m.cohortMonthsSince, firstOrder: m.cohortFirstOrder, rate: m.cohortRate }),
    m.cohortChart,
    context,
  );
}

function churnHtml(value: unknown, context: RenderContext): string | null {
  const churn = value as Partial<ChurnResult> | undefined;
  if (!churn?.params || !Array.isArray(churn.aliveBins) || !Array.isArray(churn.risk) || typeof churn.customers !== 'number') return null;
  const { t, m, lang, rowLimit } = context;
  const params = (values: Record<string, number>) =>
    Object.entries(values)
      .map(([name, number]) => `${name} ${numberText(lang, number, 4)}`)
      .join(', ');
  const customers = numberText(lang, churn.customers);
  const summary = [
    t('churnFit', {
      model: churn.model === 'pnbd' ? 'Pareto/NBD' : 'BG/NBD',
      customers,
      params: params(churn.params),
      loglik: numberText(lang, churn.logLikelihood ?? NaN, 2),
    }),
    churn.spend ? t('churnSpend', { params: params(churn.spend.params) }) : '',
    churn.converged === false ? `<strong>${t('churnNotConverged')}</strong>` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const figures =
    plotFigure(churnAlivePlot(churn.aliveBins, { pAlive: m.churnPAlive, customers: m.customers }), m.churnAlive, context) +
    (churn.holdout
      ? plotFigure(
          churnHoldoutPlot(churn.holdout, {
            actual: m.churnActual,
            predicted: m.churnPredicted,
            calibrationFrequency: m.churnCalibrationFrequency,
            holdoutPurchases: m.churnHoldoutPurchases,
          }),
          m.churnHoldout,
          context,
        )
      : '');
  const risk = churn.risk.slice(0, rowLimit).map((row) => ({
    ...(churn.named ? { name: row.name, company: row.company } : {}),
    customer: row.customer,
    frequency: numberText(lang, row.frequency),
    pAlive: `${numberText(lang, row.pAlive * 100, 1)}%`,
    expected: numberText(lang, row.expected, 2),
    ...(churn.spend ? { clv: row.clv === null ? null : numberText(lang, Math.round(row.clv)) } : {}),
  }));
  const riskColumns = [
    ...(churn.named
      ? [
          { key: 'name', label: m.churnName },
          { key: 'company', label: m.churnCompany },
        ]
      : []),
    { key: 'customer', label: m.churnCustomer },
    { key: 'frequency', label: m.churnFrequency, numeric: true },
    { key: 'pAlive', label: m.churnPAlive, numeric: true },
    { key: 'expected', label: m.churnExpected, numeric: true },
    ...(churn.spend ? [{ key: 'clv', label: 'CLV', numeric: true }] : []),
  ];
  return `<p>${summary}</p>${figures}${plainTable(riskColumns, risk, context, m.churnRiskList)}`;
}

function forecastHtml(value: unknown, context: RenderContext): string | null {
  const forecast = value as Partial<SeriesForecast> | undefined;
  if (!Array.isArray(forecast?.forecast) || !Array.isArray(forecast.history) || !forecast.params) return null;
  const { t, m, lang } = context;
  const n = (number: number, digits: number) => numberText(lang, number, digits);
  const levels = forecast.levels ?? [80, 95];
  const holdout = forecast.holdout;
  const coverage = holdout?.coverage
    ? levels.map((level) => `${level}%: ${n(100 * (holdout.coverage[String(level)] ?? NaN), 0)}%`).join(', ')
    : '–';
  const backtest = holdout
    ? ` ${t('forecastBacktest', { periods: holdout.periods, smape: n(holdout.smape, 1), mase: n(holdout.mase, 2), baseline: n(holdout.baseline_smape, 1), coverage })}`
    : '';
  const naive =
    forecast.naiveWins && holdout
      ? ` <strong>${t('forecastNaiveWins', { baseline: n(holdout.baseline_smape, 1), smape: n(holdout.smape, 1) })}</strong>`
      : '';
  const { alpha = NaN, beta = NaN, gamma = NaN, phi = NaN, sigma = NaN, aicc = NaN } = forecast.params;
  const model =
    forecast.method === 'seasonal_naive'
      ? t('forecastModelNaive', { sigma: n(sigma, 4), season: forecast.season ?? '–' })
      : t('forecastModel', {
          model: String(forecast.model ?? ''),
          alpha: n(alpha, 3),
          beta: n(beta, 3),
          gamma: n(gamma, 3),
          phi: n(phi, 3),
          sigma: n(sigma, 4),
          aicc: n(aicc, 1),
          season: forecast.season ?? '–',
        });
  const summary = `<p>${model}${backtest}${naive}</p>`;
  const rows = forecast.forecast.map((point) => ({
    date: point.date,
    mean: n(point.mean, 0),
    ...Object.fromEntries(levels.map((level) => [`interval${level}`, `${n(point[`lo${level}`]!, 0)} – ${n(point[`hi${level}`]!, 0)}`])),
  }));
  const table = plainTable(
    [
      { key: 'date', label: m.forecastPeriod },
      { key: 'mean', label: m.forecastMean, numeric: true },
      ...levels.map((level) => ({ key: `interval${level}`, label: `${level}%`, numeric: true })),
    ],
    rows,
    context,
  );
  return summary + plotFigure(forecastPlot(forecast as SeriesForecast, { value: m.forecastValue }), m.forecastChart, context) + table;
}

/** How many customers the segment holds and its overlaps; then its members, personal columns masked. */
function segmentHtml(outcome: ReportCellOutcome & { status: 'done' }, context: RenderContext): string | null {
  const segment = outcome.value as Partial<SegmentOutcome> | undefined;
  if (typeof segment?.members !== 'number' || typeof segment.customers !== 'number') return null;
  const { t } = context;
  const overlaps = (segment.overlap ?? [])
    .map(
      (overlap) =>
        `<p>${t('segmentOverlap', { both: overlap.both, members: segment.members!, other: overlap.segment, otherCount: overlap.other })}</p>`,
    )
    .join('');
  return `<p>${t('segmentMembers', { members: segment.members, customers: segment.customers })}</p>${overlaps}${outcome.table ? tableHtml(outcome.table, context) : ''}`;
}

function genericSpecHtml(cell: SpecCell, outcome: ReportCellOutcome & { status: 'done' }, context: RenderContext): string {
  return `<p class="note">${context.t('notInReport', { kind: cell.kind })}</p>${outcome.table ? tableHtml(outcome.table, context) : ''}`;
}

/** The audit's verdict, rules and tables profiled; no failing-row samples (they may be personal data). */
function auditHtml(value: unknown, context: RenderContext): string | null {
  const audit = value as Partial<AuditResult> | undefined;
  if (!audit?.summary || !Array.isArray(audit.rules) || !Array.isArray(audit.profiles)) return null;
  const { t } = context;
  const numbers = new Intl.NumberFormat(context.lang === 'ja' ? 'ja-JP' : 'en-US');
  // Nothing checked is no pass: a profile alone gets no badge.
  const checked = audit.rules.length > 0 || audit.summary.reconciled !== null;
  const badge = checked
    ? `<span class="badge ${audit.summary.passed ? 'pass' : 'fail'}">${t(audit.summary.passed ? 'pass' : 'fail')}</span> `
    : '';
  const suggested = audit.suggestedRules?.length ?? 0;
  const verdict = `<p class="verdict">${badge}${
    audit.rules.length > 0
      ? t('rulesPass', { passed: audit.summary.rulesPassed, total: audit.rules.length })
      : suggested > 0
        ? t('noRulesSuggested', { suggested: numbers.format(suggested) })
        : t('noRules')
  }${audit.summary.reconciled === null ? '' : ` ${t(audit.summary.reconciled ? 'reconciled' : 'notReconciled')}`}</p>`;
  const rules =
    audit.rules.length === 0
      ? ''
      : `<div class="table-wrap"><table><thead><tr><th scope="col">${t('rule')}</th><th scope="col">${t('result')}</th><th scope="col" class="num">${t('failingRows')}</th></tr></thead><tbody>${audit.rules
          .map(
            (rule) =>
              `<tr><td><code>${esc(ruleLabel(rule.rule))}</code></td><td><span class="badge ${rule.passed ? 'pass' : 'fail'}">${t(rule.passed ? 'pass' : 'fail')}</span>${
                rule.error ? ` ${esc(rule.error)}` : ''
              }</td><td class="num">${numbers.format(rule.failingCount)}</td></tr>`,
          )
          .join('')}</tbody></table></div>`;
  const tables = `<div class="table-wrap"><table><thead><tr><th scope="col">${t('table')}</th><th scope="col" class="num">${t('rowsHeader')}</th><th scope="col" class="num">${t('columnsHeader')}</th><th scope="col" class="num">${t('duplicateRows')}</th></tr></thead><tbody>${audit.profiles
    .map(
      (profile) =>
        `<tr><td>${esc(profile.table)}</td><td class="num">${numbers.format(profile.rowCount)}</td><td class="num">${numbers.format(profile.columns.length)}</td><td class="num">${numbers.format(profile.duplicateRows)}</td></tr>`,
    )
    .join('')}</tbody></table></div>`;
  return verdict + rules + tables;
}

/** How many records became how many customers, and how right that is: checked by the cell's labels, else the model's own claim. */
function matchHtml(cell: SpecCell, value: unknown, context: RenderContext): string | null {
  const match = value as Partial<MatchResult> | undefined;
  if (typeof match?.records !== 'number' || typeof match.goldenRecords !== 'number' || !match.clusters || !match.estimate) return null;
  const { t } = context;
  const percent = new Intl.NumberFormat(context.lang === 'ja' ? 'ja-JP' : 'en-US', { style: 'percent', maximumFractionDigits: 1 });
  return `<p>${t('matchSummary', {
    records: match.records,
    sources: match.sources?.length ?? 0,
    customers: match.goldenRecords,
    linked: match.clusters.linkedRecords,
  })}</p><p>${matchEstimateSentence(cell, { check: match.check, estimate: match.estimate }, percent, context)}</p><p class="note">${t('matchPrivacy')}</p>`;
}

function matchEstimateSentence(
  cell: SpecCell,
  match: Pick<Partial<MatchResult>, 'check'> & Pick<MatchResult, 'estimate'>,
  percent: Intl.NumberFormat,
  { t }: RenderContext,
): string {
  const labels = Array.isArray(cell.spec.labels) ? (cell.spec.labels as { pair?: unknown; accepted?: unknown }[]) : [];
  const answers = new Map(
    labels
      .filter((l) => typeof l.pair === 'string' && typeof l.accepted === 'boolean')
      .map((l) => [l.pair as string, l.accepted as boolean]),
  );
  const checked = match.check ? checkedEstimate(match.check.strata, match.check.sample, answers) : null;
  const threshold = String(match.estimate.threshold);
  if (checked) {
    return t('matchChecked', {
      threshold,
      labels: checked.labels,
      precision: percent.format(checked.precision.value),
      precisionLow: percent.format(checked.precision.low),
      precisionHigh: percent.format(checked.precision.high),
      recall: percent.format(checked.recall.value),
      recallLow: percent.format(checked.recall.low),
      recallHigh: percent.format(checked.recall.high),
    });
  }
  return t('matchEstimate', {
    threshold,
    precision: percent.format(match.estimate.precision),
    recall: percent.format(match.estimate.recall),
    pairs: match.estimate.pairsInside,
  });
}

function specCellSection(cell: SpecCell, outcome: ReportCellOutcome | undefined, status: string, context: RenderContext): string {
  const { t } = context;
  const heading = cell.kind === 'input' ? t('input', { name: cell.name }) : cell.name ? esc(cell.name) : '';
  const head = heading ? `<h2 class="cell-name">${heading}</h2>` : '';
  let content = '';
  if (outcome?.status === 'done') {
    const section = specCellSections[cell.kind];
    content = section ? section(cell, outcome, context) : genericSpecHtml(cell, outcome, context);
  }
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

function chartHtml(cell: SpecCell, drawn: { chart: ChartSpec; rows: ChartRow[] } | undefined, context: RenderContext): string {
  const { t, options } = context;
  const data = typeof cell.spec.data === 'string' ? cell.spec.data : '';
  const label = t('chartOf', { data });
  if (!drawn || !options.document) return `<p class="note">${t('chartNotDrawn', { data, mark: String(cell.spec.mark ?? '') })}</p>`;
  const svg = drawChart(drawn.chart, maskedRows(drawn.rows, context.mask), options.document, t('blank'));
  return `<figure class="chart" role="img" aria-label="${label}">${svg}<figcaption>${label}</figcaption></figure>`;
}

/** A chart's rows with their text values through the report's mask (numbers are drawn, not written). */
function maskedRows(rows: readonly ChartRow[], mask: ReportMasker): ChartRow[] {
  if (!mask.hides) return [...rows];
  return rows.map(
    (row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key, typeof value === 'string' ? mask.value(key, value) : value]),
      ) as ChartRow,
  );
}

/**
 * Plot's SVG for a chart, as markup. The same options as the cell's view (chartPlotOptions), except that a
 * continuous colour legend becomes a quantized one: Plot draws continuous ramps on a canvas, which neither a
 * static file nor linkedom has. Plot's console warnings (e.g. date-like strings on a point scale) are the
 * view's business, not the report's, and are kept off the command line's output.
 */
export function drawChart(chart: ChartSpec, rows: readonly ChartRow[], document: Document, blank = '(blank)'): string {
  const plotOptions = chartPlotOptions(chart, rows, { x: chart.x, y: chart.y ?? chart.aggregation ?? '', blank });
  const color = plotOptions.color as Record<string, unknown> | undefined;
  if (chart.mark === 'cell' && color?.legend) plotOptions.color = { ...color, type: 'quantize', n: 6 };
  return plotMarkup(plotOptions, document);
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
