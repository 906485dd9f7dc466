/**
 * The audit as one self-contained HTML page: a pure function of the audit result, the language and a little
 * metadata. Meant to be sent to a team and printed.
 *
 * Threat model: every header, value and sample in the result comes from files the user did not write (a CRM export
 * may hold `<script>` or `<img onerror>` in a name). Every such text goes through `esc` (element content and
 * attribute values alike); the page holds no script, no event handler attribute, no external reference, and a
 * Content-Security-Policy meta tag (`default-src 'none'`) makes any markup that slipped through inert anyway.
 * Charts are hand-made inline SVG.
 *
 * Personal data: sample rows, top values and value ranges of personal columns are masked as in the notebook report
 * (report-privacy.ts) unless `meta.showPersonalData` is set; the counts stay exact.
 */
import type { AuditResult } from '../audit/job.ts';
import type { ColumnProfile, TableProfile } from '../audit/profile.ts';
import { statisticsText } from '../audit/profile-statistics.ts';
import { columnAgreement, notListed, type ColumnAgreement, type ColumnReconciliation, type ReconcileResult } from '../audit/reconcile.ts';
import { ruleLabel } from '../audit/rule-spec.ts';
import type { RuleResult } from '../audit/rules.ts';
import type { PlainRow } from '../engine/plain-rows.ts';
import { auditMessages, type AuditMessageKey, type AuditReportLang } from './audit-messages.ts';
import { reportMasker, standardPersonalColumns, type PersonalColumnNames, type ReportMasker } from './report-privacy.ts';
import { escapeHtml as esc } from '../document/html-text.ts';

/** One input file as the command line (or a source cell) loaded it. */
export interface AuditReportFile {
  file: string;
  status: 'loaded' | 'refused';
  /** One plain sentence, when refused. */
  reason?: string;
  rows: number;
  rejected: { line: number; reason: string }[];
  /** All rejected rows (`rejected` may list only the first ones). */
  rejectedCount?: number;
}

export interface AuditReportMeta {
  /** Defaults to the translated "Data-quality audit". */
  title?: string;
  /** When the audit ran, ISO 8601; shown as given (the function never reads the clock). */
  generatedAt: string;
  files?: AuditReportFile[];
  /** Columns masked by name (`notebookPersonalColumns`); without it the standard names. */
  personalColumns?: PersonalColumnNames;
  /** The author's choice for this report: show personal data as it is. */
  showPersonalData?: boolean;
}

const rejectedShown = 20;
const samplesShown = 5;
const chartedColumns = 60;

export function auditReportHtml(result: AuditResult, lang: AuditReportLang, meta: AuditReportMeta): string {
  const m = auditMessages[lang];
  const t = (key: AuditMessageKey, values: Record<string, string | number> = {}) =>
    m[key].replace(/\{(\w+)\}/g, (_, name: string) => (name in values ? formatValue(values[name], lang) : `{${name}}`));
  const title = meta.title ?? m.title;
  const files = meta.files ?? [];
  const refused = files.filter((f) => f.status === 'refused').length;
  const passed = result.summary.passed && refused === 0;
  const mask = reportMasker(meta.showPersonalData ? 'show' : (meta.personalColumns ?? standardPersonalColumns()));

  const summary = [
    badge(passed, passed ? m.overallPass : m.overallFail, true),
    `<span>${esc(result.rules.length > 0 ? t('summaryRules', { passed: result.summary.rulesPassed, total: result.rules.length }) : m.summaryNoRules)}</span>`,
    result.summary.reconciled === null
      ? ''
      : `<span>${esc(result.summary.reconciled ? m.summaryReconciled : m.summaryNotReconciled)}</span>`,
    refused > 0 ? `<span>${esc(t('summaryRefused', { count: refused }))}</span>` : '',
  ].filter(Boolean);

  const body = [
    `<header><h1>${esc(title)}</h1><p class="meta">${esc(t('generated', { at: meta.generatedAt }))}</p><p class="summary">${summary.join(' ')}</p></header>`,
    files.length > 0 ? filesSection(files, m, t, mask) : '',
    result.rules.length > 0 ? rulesSection(result.rules, m, lang, mask) : '',
    result.reconciliation ? reconciliationSection(result.reconciliation, m, t, lang, mask) : '',
    result.reconciliationError
      ? `<section><h2>${esc(m.reconciliation.replace(/\{\w+\}/g, '…'))}</h2><p>${badge(false, m.error)} ${esc(result.reconciliationError)}</p></section>`
      : '',
    result.profiles.map((profile) => tableSection(profile, m, t, lang, mask)).join('\n'),
    result.suggestedRules.length > 0
      ? `<section class="suggested"><h2>${esc(m.suggested)}</h2><ul>${result.suggestedRules.map((rule) => `<li><code>${esc(ruleLabel(rule))}</code></li>`).join('')}</ul></section>`
      : '',
  ];

  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body>
${body.filter(Boolean).join('\n')}
</body>
</html>
`;
}

type Messages = Record<AuditMessageKey, string>;
type Translate = (key: AuditMessageKey, values?: Record<string, string | number>) => string;

function filesSection(files: AuditReportFile[], m: Messages, t: Translate, mask: ReportMasker): string {
  const rows = files.map((f) => {
    const rejected = f.rejectedCount ?? f.rejected.length;
    const status = f.status === 'loaded' ? badge(true, m.loaded) : badge(false, m.refused);
    const detail =
      f.status === 'refused'
        ? `<p>${esc(f.reason ?? '')}</p>`
        : f.rejected.length > 0
          ? `<details open><summary>${esc(m.rejected)}: ${esc(formatValue(rejected))}</summary><table class="small"><thead><tr><th>${esc(m.line)}</th><th>${esc(m.reason)}</th></tr></thead><tbody>${f.rejected
              .slice(0, rejectedShown)
              .map((r) => `<tr><td class="num">${esc(r.line)}</td><td>${esc(mask.text(r.reason))}</td></tr>`)
              .join(
                '',
              )}</tbody></table>${rejected > rejectedShown ? `<p class="meta">${esc(t('moreRejected', { count: rejected - rejectedShown }))}</p>` : ''}</details>`
          : '';
    return `<tr><td><code>${esc(f.file)}</code></td><td>${status}</td><td class="num">${f.status === 'loaded' ? esc(formatValue(f.rows)) : ''}</td><td class="num">${f.status === 'loaded' ? esc(formatValue(rejected)) : ''}</td></tr>${detail ? `<tr class="detail"><td colspan="4">${detail}</td></tr>` : ''}`;
  });
  return `<section><h2>${esc(m.files)}</h2><table><thead><tr><th>${esc(m.file)}</th><th>${esc(m.status)}</th><th>${esc(m.rows)}</th><th>${esc(m.rejected)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function rulesSection(rules: RuleResult[], m: Messages, lang: AuditReportLang, mask: ReportMasker): string {
  const rows = rules.map((r) => {
    const status = r.error ? badge(false, m.error) : badge(r.passed, r.passed ? m.pass : m.fail);
    const detail = r.error
      ? `<p>${esc(mask.text(r.error))}</p>`
      : r.samples.length > 0
        ? `<details open><summary>${esc(m.samples)}</summary>${rowsTable(r.samples.slice(0, samplesShown), m, mask)}</details>`
        : '';
    return `<tr><td>${status}</td><td><code>${esc(ruleLabel(r.rule))}</code>${ruleDetail(r)}</td><td class="num">${esc(formatValue(r.failingCount, lang))}</td></tr>${detail ? `<tr class="detail"><td></td><td colspan="2">${detail}</td></tr>` : ''}`;
  });
  return `<section><h2>${esc(m.rules)}</h2><table><thead><tr><th>${esc(m.status)}</th><th>${esc(m.rule)}</th><th>${esc(m.failing)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function ruleDetail(r: RuleResult): string {
  const { kind: _kind, table: _table, ...rest } = r.rule as unknown as Record<string, unknown>;
  delete rest.column;
  delete rest.columns;
  const parts = Object.entries(rest).map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  return parts.length > 0 ? ` <span class="meta">${esc(parts.join('; '))}</span>` : '';
}

function tableSection(profile: TableProfile, m: Messages, t: Translate, lang: AuditReportLang, mask: ReportMasker): string {
  const facts = [
    [m.rowCount, formatValue(profile.rowCount, lang)],
    [m.duplicateRows, formatValue(profile.duplicateRows, lang)],
    [m.candidateKeys, profile.candidateKeys.length > 0 ? profile.candidateKeys.join(', ') : m.none],
  ];
  const keys = profile.duplicateKeys
    ? `<p>${badge(profile.duplicateKeys.duplicateKeys === 0 && profile.duplicateKeys.nullKeyRows === 0, profile.duplicateKeys.duplicateKeys === 0 && profile.duplicateKeys.nullKeyRows === 0 ? m.pass : m.fail)} ${esc(
        t('duplicateKeys', {
          key: profile.duplicateKeys.key.join(', '),
          keys: profile.duplicateKeys.duplicateKeys,
          rows: profile.duplicateKeys.duplicateKeyRows,
          nulls: profile.duplicateKeys.nullKeyRows,
        }),
      )}</p>`
    : '';
  const columns = profile.columns.map((c) => columnRow(c, profile.rowCount, m, lang, mask)).join('');
  // A 2,000-column export would make a page of 2,000 charts: the first ones are enough to see the shape.
  const charts = profile.columns
    .slice(0, chartedColumns)
    .map((c) => columnCharts(c, m, lang, mask))
    .join('');
  return `<section class="table"><h2>${esc(t('table', { name: profile.table }))}</h2>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>${keys}
<div class="scroll"><table class="columns"><thead><tr><th>${esc(m.column)}</th><th>${esc(m.type)}</th><th>${esc(m.nulls)}</th><th>${esc(m.distinct)}</th><th>${esc(m.range)}</th><th>${esc(m.statistics)}</th><th>${esc(m.patterns)}</th><th>${esc(m.mojibake)}</th></tr></thead><tbody>${columns}</tbody></table></div>
<div class="charts">${charts}</div></section>`;
}

function columnRow(c: ColumnProfile, rowCount: number, m: Messages, lang: AuditReportLang, mask: ReportMasker): string {
  const empty = rowCount > 0 ? (c.nulls + c.blanks) / rowCount : 0;
  const patterns = (['email', 'phone', 'postalCode', 'date'] as const)
    .filter((p) => c.patterns[p].rate >= 0.5)
    .map((p) => `${m[p]} ${percent(c.patterns[p].rate, lang)}`)
    .join(', ');
  const inferred =
    !/^VARCHAR/i.test(c.type) || c.inferredType === 'text' || c.inferredType === 'empty'
      ? ''
      : ` → ${c.inferredType} (${percent(c.inferredTypeRate, lang)})`;
  const range =
    c.min === null
      ? ''
      : `${shorten(mask.value(c.name, formatValue(c.min, lang)))} – ${shorten(mask.value(c.name, formatValue(c.max, lang)))}`;
  const words = {
    mean: m.statMean,
    std: m.statStd,
    median: m.statMedian,
    iqr: m.statIqr,
    skewness: m.statSkewness,
    approximate: m.statApproximate,
  };
  const statistics = mask.value(
    c.name,
    statisticsText(c, words, (value) => formatValue(value, lang)),
  );
  return `<tr><td><code>${esc(c.name)}</code></td><td>${esc(c.type)}${esc(inferred)}</td><td class="num">${meter(empty)} ${esc(percent(empty, lang))}</td><td class="num">${esc(formatValue(c.distinct, lang))}</td><td>${esc(range)}</td><td>${esc(statistics)}</td><td>${esc(patterns)}</td><td class="num">${c.mojibake > 0 ? badge(false, formatValue(c.mojibake, lang)) : '0'}</td></tr>`;
}

function columnCharts(c: ColumnProfile, m: Messages, lang: AuditReportLang, mask: ReportMasker): string {
  const parts: string[] = [];
  if (c.histogram) parts.push(histogramSvg(c.histogram, lang, `${m.histogram}: ${c.name}`));
  else if (c.top.length > 0)
    parts.push(
      barsSvg(
        c.top.map((v) => ({ label: v.value === '' ? m.emptyValue : mask.value(c.name, v.value), value: v.count })),
        lang,
        `${m.topValues}: ${c.name}`,
      ),
    );
  if (parts.length === 0) return '';
  return `<figure><figcaption><code>${esc(c.name)}</code></figcaption>${parts.join('')}</figure>`;
}

function reconciliationSection(r: ReconcileResult, m: Messages, t: Translate, lang: AuditReportLang, mask: ReportMasker): string {
  const side = (s: ReconcileResult['source']) => [
    formatValue(s.rows, lang),
    formatValue(s.only.rows, lang),
    formatValue(s.nullKeyRows, lang),
    `${formatValue(s.duplicateKeys.keys, lang)} (${formatValue(s.duplicateKeys.rows, lang)})`,
  ];
  const src = side(r.source);
  const tgt = side(r.target);
  const labels = [m.rowCount, m.onlyHere, m.nullKeys, m.duplicateKeyValues];
  const counts = labels
    .map((label, i) => `<tr><th>${esc(label)}</th><td class="num">${esc(src[i])}</td><td class="num">${esc(tgt[i])}</td></tr>`)
    .join('');
  const columns = r.columns
    .map(
      (c) =>
        `<tr><td>${badge(c.mismatches === 0, c.mismatches === 0 ? m.pass : m.fail)}</td><td><code>${esc(c.source)}</code>${c.target !== c.source ? ` → <code>${esc(c.target)}</code>` : ''}</td><td class="num">${esc(formatValue(c.mismatches, lang))}</td><td class="num">${c.maxDifference === undefined || c.maxDifference === null ? '' : esc(formatValue(c.maxDifference, lang))}</td><td>${esc(agreementText(columnAgreement(c), m))}</td></tr>${mismatchSamples(c, r, m, mask)}`,
    )
    .join('');
  const chart = r.columns.some((c) => c.mismatches > 0)
    ? barsSvg(
        r.columns.map((c) => ({ label: c.source, value: c.mismatches })),
        lang,
        m.mismatches,
      )
    : '';
  const listing = (summary: string, rows: PlainRow[], total: number) => {
    const more = notListed(total, rows.length);
    return `<details open><summary>${esc(summary)}: ${esc(formatValue(total, lang))}</summary>${rowsTable(rows, m, mask)}${more > 0 ? `<p class="meta">${esc(t('andMore', { count: more }))}</p>` : ''}</details>`;
  };
  const keyRows = (rows: PlainRow[]) => rows.map(({ rows: count, ...key }) => ({ ...key, [m.keyRows]: count }) as PlainRow);
  const onlySamples = (['source', 'target'] as const)
    .flatMap((s) => [
      r[s].only.rows > 0 ? listing(t('onlyIn', { side: m[s] }), r[s].only.samples, r[s].only.rows) : '',
      r[s].duplicateKeys.keys > 0
        ? listing(t('duplicateKeysIn', { side: m[s] }), keyRows(r[s].duplicateKeys.samples), r[s].duplicateKeys.keys)
        : '',
    ])
    .join('');
  return `<section><h2>${esc(t('reconciliation', { source: r.spec.source, target: r.spec.target }))}</h2>
<p>${badge(r.matchedRows > 0 && r.columns.every((c) => c.mismatches === 0) && r.source.only.rows === 0 && r.target.only.rows === 0, `${m.key}: ${r.spec.key.join(', ')}`)} ${esc(m.matched)}: ${esc(formatValue(r.matchedRows, lang))}</p>
<table class="small"><thead><tr><th></th><th>${esc(m.source)}</th><th>${esc(m.target)}</th></tr></thead><tbody>${counts}</tbody></table>${onlySamples}
<div class="scroll"><table><thead><tr><th>${esc(m.status)}</th><th>${esc(m.column)}</th><th>${esc(m.mismatches)}</th><th>${esc(m.maxDifference)}</th><th>${esc(m.checksum)}</th></tr></thead><tbody>${columns}</tbody></table></div>${chart}</section>`;
}

function agreementText(agreement: ColumnAgreement, m: Messages): string {
  return agreement === 'match'
    ? m.valuesMatch
    : agreement === 'differ-checksum-equal'
      ? `${m.checksum} ${m.equal}: ${m.shiftedValues}`
      : `${m.checksum} ${m.different}: ${m.changedValues}`;
}

function mismatchSamples(c: ColumnReconciliation, r: ReconcileResult, m: Messages, mask: ReportMasker): string {
  if (c.samples.length === 0) return '';
  // The two sides hold values of the compared column: masked by its name, not by the "Source"/"Target" headers.
  const side = (value: unknown) => (value === null || value === undefined || value === '' ? value : mask.value(c.source, String(value)));
  const rows = c.samples.map(
    (s) =>
      ({
        ...Object.fromEntries(r.spec.key.map((k) => [k, s.key[k] ?? null])),
        [m.source]: side(s.source),
        [m.target]: side(s.target),
      }) as PlainRow,
  );
  return `<tr class="detail"><td></td><td colspan="4"><details open><summary>${esc(m.mismatchSamples)}</summary>${rowsTable(rows, m, mask, [m.source, m.target])}</details></td></tr>`;
}

/** Sample rows, each value through the report's mask by its column (`masked`: columns already masked). */
function rowsTable(rows: PlainRow[], m: Messages, mask: ReportMasker, masked: readonly string[] = []): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const text = (column: string, value: unknown) => (masked.includes(column) ? String(value) : mask.value(column, String(value)));
  const cell = (column: string, v: unknown) =>
    v === null || v === undefined
      ? `<span class="meta">NULL</span>`
      : v === ''
        ? `<span class="meta">${esc(m.emptyValue)}</span>`
        : esc(shorten(text(column, v), 200));
  return `<div class="scroll"><table class="small"><thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${columns.map((c) => `<td>${cell(c, row[c])}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

function badge(ok: boolean, text: string, large = false): string {
  return `<span class="badge ${ok ? 'ok' : 'bad'}${large ? ' large' : ''}">${esc(text)}</span>`;
}

/** A small inline bar for a share (0–1). */
function meter(share: number): string {
  const width = Math.round(Math.max(0, Math.min(1, share)) * 60);
  return `<svg class="meter" width="60" height="8" viewBox="0 0 60 8" role="img" aria-hidden="true"><rect width="60" height="8" fill="#e5e7eb"/><rect width="${width}" height="8" fill="${share > 0.2 ? '#b91c1c' : '#6b7280'}"/></svg>`;
}

/** Horizontal bars with their labels and counts. */
function barsSvg(items: { label: string; value: number }[], lang: AuditReportLang, title: string): string {
  const rowHeight = 18;
  const labelWidth = 150;
  const barWidth = 200;
  const max = Math.max(1, ...items.map((i) => i.value));
  const height = items.length * rowHeight + 4;
  const bars = items
    .map((item, i) => {
      const y = i * rowHeight + 2;
      const w = Math.max(item.value > 0 ? 1 : 0, Math.round((item.value / max) * barWidth));
      return `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${esc(shorten(item.label, 22))}</text><rect x="${labelWidth}" y="${y + 2}" width="${w}" height="${rowHeight - 6}" fill="#2563eb"/><text x="${labelWidth + w + 4}" y="${y + 12}">${esc(formatValue(item.value, lang))}</text>`;
    })
    .join('');
  return `<svg class="chart" width="${labelWidth + barWidth + 70}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 70} ${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${bars}</svg>`;
}

/** Vertical bars of a 10-bin histogram with the range below. */
function histogramSvg(bins: { lower: number; upper: number; count: number }[], lang: AuditReportLang, title: string): string {
  const width = 300;
  const height = 90;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const barWidth = width / bins.length;
  const bars = bins
    .map((b, i) => {
      const h = Math.round((b.count / max) * (height - 24));
      return `<rect x="${(i * barWidth + 1).toFixed(1)}" y="${height - 16 - h}" width="${(barWidth - 2).toFixed(1)}" height="${h}" fill="#2563eb"><title>${esc(`${formatValue(b.lower, lang)} – ${formatValue(b.upper, lang)}: ${formatValue(b.count, lang)}`)}</title></rect>`;
    })
    .join('');
  const first = bins[0];
  const last = bins[bins.length - 1];
  const axis =
    first && last
      ? `<text x="0" y="${height - 2}">${esc(formatValue(first.lower, lang))}</text><text x="${width}" y="${height - 2}" text-anchor="end">${esc(formatValue(last.upper, lang))}</text>`
      : '';
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${bars}${axis}</svg>`;
}

function percent(share: number, lang: AuditReportLang): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

function formatValue(value: unknown, lang: AuditReportLang = 'en'): string {
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? new Intl.NumberFormat(lang).format(value)
      : new Intl.NumberFormat(lang, { maximumSignificantDigits: 6 }).format(value);
  return String(value ?? '');
}

function shorten(text: string, max = 40): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

const css = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif; color: #111827; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d1d5db; padding-bottom: .25rem; }
.meta { color: #6b7280; font-size: .85rem; }
.summary { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f9fafb; font-weight: 600; }
table.small { width: auto; font-size: .85rem; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.detail td { border-bottom: 1px solid #e5e7eb; background: #fcfcfd; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .9em; }
.badge { display: inline-block; border-radius: 999px; padding: 0 .6rem; font-size: .8rem; font-weight: 600; border: 1px solid; }
.badge.ok { color: #065f46; background: #d1fae5; border-color: #6ee7b7; }
.badge.bad { color: #991b1b; background: #fee2e2; border-color: #fca5a5; }
.badge.large { font-size: 1rem; padding: .1rem .9rem; }
dl.facts { display: flex; gap: 2rem; flex-wrap: wrap; margin: .5rem 0; }
dl.facts dt { color: #6b7280; font-size: .8rem; }
dl.facts dd { margin: 0; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
figure { margin: .5rem 0; break-inside: avoid; }
figcaption { font-size: .85rem; margin-bottom: .2rem; }
svg.chart text { font-size: 11px; fill: #374151; }
svg.meter { vertical-align: middle; }
.scroll { overflow-x: auto; }
details summary { cursor: pointer; color: #374151; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  details > summary { list-style: none; }
  section { break-inside: auto; }
  h2 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
