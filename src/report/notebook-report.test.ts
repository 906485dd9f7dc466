import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { parseHTML } from 'linkedom';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NativeEngine } from '../engine/native.ts';
import { withLocalJobs } from '../warehouse/local-jobs.ts';
import { parseNotebook } from '../notebook/format.ts';
import type { Notebook } from '../document/model.ts';
import { reportDocument, runNotebook, sealFileAccess } from '../cli/commands/run.ts';
import { notebookReportHtml, outcomesFromShown, reportTable, type ReportCellOutcome } from './notebook-report.ts';
import { tableRowSource } from '../engine/table-row-source.ts';

const hostileDir = join(import.meta.dirname, '../../test/fixtures/notebooks/hostile');
const hostileNotebooks = readdirSync(hostileDir).filter((name) => name.endsWith('.kura.md'));

/** Elements a report may contain: what the report, the markdown renderer and Observable Plot write. */
const allowedTags = new Set(
  (
    'html head meta title style body header main footer section h1 h2 h3 h4 h5 h6 p a strong em del code pre ul ol li ' +
    'blockquote hr br table caption thead tbody tr th td div span figure figcaption svg g path rect line text tspan circle'
  ).split(' '),
);
const urlAttributes = new Set([
  'href',
  'src',
  'xlink:href',
  'action',
  'formaction',
  'data',
  'background',
  'poster',
  'srcset',
  'srcdoc',
  'content',
]);

/** Everything in `html` that could run, fetch or navigate; empty when the report is inert. */
function executableContent(html: string): string[] {
  const found: string[] = [];
  if (/<script/i.test(html)) found.push('<script in the text');
  // "javascript:" may appear as text (a value, a link's label), never inside a tag.
  if (/<[^>]*(javascript|vbscript):/i.test(html)) found.push('javascript: inside a tag');
  for (const match of html.matchAll(/<\/?([a-zA-Z][\w:-]*)/g)) {
    if (!allowedTags.has(match[1]!.toLowerCase())) found.push(`tag <${match[1]}>`);
  }
  const { document } = parseHTML(html);
  for (const element of document.querySelectorAll('*')) {
    for (const { name, value } of element.attributes) {
      if (/^on/i.test(name)) found.push(`${element.tagName} ${name}`);
      if (!urlAttributes.has(name.toLowerCase())) continue;
      if (/^\s*(javascript|vbscript|data:(?!image\/))/i.test(value)) found.push(`${element.tagName} ${name}=${value}`);
      if (name === 'src' && !/^data:image\//.test(value)) found.push(`${element.tagName} src=${value}`);
      if (name === 'href' && !/^(https?:|mailto:|#)/.test(value)) found.push(`${element.tagName} href=${value}`);
      if (name === 'content' && element.tagName !== 'META') found.push(`${element.tagName} content`);
    }
  }
  const meta = [...document.querySelectorAll('meta')].map((element) => element.getAttribute('http-equiv')).filter(Boolean);
  if (meta.some((value) => value!.toLowerCase() !== 'content-security-policy')) found.push(`meta http-equiv ${meta.join(',')}`);
  return found;
}

/** Attributes that load, link or paint from an address; text attributes (title, aria-label) only show one. */
const referencing =
  /^(src|srcset|href|xlink:href|poster|background|action|formaction|data|ping|longdesc|cite|style|fill|stroke|clip-path|mask|filter|marker-(start|mid|end)|cursor)$/i;

/**
 * Every reference in `html`'s markup that points outside the document: an attribute value or a style sheet's
 * `url(…)`/`@import` naming another address (escaped text that merely shows such an address is not markup).
 * Links a reader clicks (`<a href>`) are not requests and may stay.
 */
function remoteReferences(html: string): string[] {
  const found: string[] = [];
  const { document } = parseHTML(html);
  for (const style of document.querySelectorAll('style')) {
    for (const match of (style.textContent ?? '').matchAll(/(url\(\s*['"]?[^)'"]*|@import)/gi))
      if (!/^url\(\s*['"]?#/.test(match[1]!)) found.push(`<style> ${match[1]}`);
  }
  for (const element of document.querySelectorAll('*')) {
    for (const { name, value } of element.attributes) {
      if (!referencing.test(name) || (element.tagName === 'A' && name === 'href')) continue;
      if (/(https?:|\/\/|url\()/i.test(value) && !/^url\(#/.test(value)) found.push(`${element.tagName} ${name}=${value}`);
    }
  }
  return found;
}

describe('report of the hostile notebooks', () => {
  let engine: NativeEngine;
  beforeEach(async () => (engine = await NativeEngine.create()));
  afterEach(() => engine.close());

  async function report(file: string) {
    const notebook = parseNotebook(readFileSync(join(hostileDir, file), 'utf8'));
    const warnings: string[] = [];
    const run = await runNotebook({
      engine: withLocalJobs(engine),
      notebook,
      dataDir: hostileDir,
      rowLimit: 50,
      warn: async (line) => void warnings.push(line),
      afterSources: () => sealFileAccess(engine),
    });
    const html = await notebookReportHtml(notebook, run.results, {
      generatedAt: '2026-01-02T03:04:05Z',
      version: '9.9.9',
      document: reportDocument(),
    });
    return { notebook, run, html };
  }

  it.each(hostileNotebooks)('%s: no script, handler, dangerous URL or foreign element; the payloads show as text', async (file) => {
    const { html } = await report(file);
    expect(executableContent(html)).toEqual([]);
    expect(remoteReferences(html)).toEqual([]);
    const { document } = parseHTML(html);
    expect(document.body.textContent).toContain('window.__pwned=1');
    expect(document.querySelector('meta[http-equiv]')!.getAttribute('content')).toContain("default-src 'none'");
  });

  it('runs the data notebook entirely: tables, three charts as SVG, the input, and the values as text', async () => {
    const { notebook, run, html } = await report('values.kura.md');
    expect(run.failures).toEqual([]);
    expect(Object.values(run.results).every((outcome) => outcome.status === 'done')).toBe(true);
    const { document } = parseHTML(html);
    expect(document.documentElement.getAttribute('lang')).toBe('ja');
    const charts = [...document.querySelectorAll('figure.chart')];
    expect(charts.length).toBe(3);
    for (const chart of charts) expect(chart.querySelector('svg g')).not.toBeNull();
    const headers = [...document.querySelectorAll('th')].map((th) => th.textContent);
    expect(headers).toContain('<script>window.__pwned=1</script>');
    expect(headers).toContain('" onmouseover="window.__pwned=1');
    const cells = [...document.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells).toContain('</td></tr></table><script>window.__pwned=1</script>');
    expect(cells).toContain('&lt;script&gt;');
    // The input's value selected one row.
    const picked = notebook.cells.find((cell) => cell.kind === 'sql' && cell.name === 'picked')!;
    expect(run.results[picked.id]).toMatchObject({ status: 'done', table: { rowCount: 1 } });
    expect(document.querySelector('footer')!.textContent).toContain('Kura 9.9.9');
    expect(document.querySelector('footer')!.textContent).toContain('2026-01-02');
  });

  it('refuses a chart whose colour column would put remote addresses in its marks, in one sentence', async () => {
    const { notebook, run, html } = await report('remote.kura.md');
    const chart = notebook.cells.find((cell) => cell.kind === 'chart')!;
    expect(run.results[chart.id]).toEqual({
      status: 'error',
      message:
        'The colour column "c" holds "url(https://example.com/fill-a)", which a chart does not draw; use colour names, #hex, rgb() or hsl() there, or another column.',
    });
    expect(html).not.toMatch(/fill="url\((?!#)/);
  });

  it('reports each failure in one sentence, does not run what reads a failed cell, keeps SQL and sources away from other files', async () => {
    const { notebook, run, html } = await report('errors.kura.md');
    const outcome = (name: string) => run.results[notebook.cells.find((cell) => 'name' in cell && cell.name === name)!.id]!;
    expect(outcome('missing')).toMatchObject({ status: 'error' });
    expect(outcome('reads_missing')).toEqual({ status: 'not-run', message: 'it reads missing, which did not run.' });
    expect(outcome('bad_syntax')).toMatchObject({ status: 'error' });
    expect(outcome('gone')).toMatchObject({ status: 'error', message: expect.stringContaining('is not in') });
    expect(outcome('escape')).toMatchObject({ status: 'error', message: expect.stringContaining('outside the data folder') });
    expect(outcome('a')).toEqual({
      status: 'error',
      message: "Cells a and b read each other's results in a circle (a → b → a); change one of them so the circle is broken.",
    });
    expect(outcome('local_file')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('file system operations are disabled'),
    });
    expect(outcome('write_file')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('file system operations are disabled'),
    });
    expect(existsSync('kura-pwned.csv')).toBe(false);
    expect(run.failures.map((failure) => failure.label)).toEqual([
      'gone',
      'escape',
      'missing',
      'bad_syntax',
      'local_file',
      'write_file',
      'cell 8',
      'a',
      'b',
    ]);
    for (const failure of run.failures) expect(failure.message.split(/(?<=[.;])\s/).length, failure.message).toBeLessThanOrEqual(2);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('.status.error').length).toBe(9);
    expect(document.querySelector('header .meta')!.textContent).toContain('9 failed');
  });
});

describe.skipIf(!existsSync(chromiumPath))('the hostile reports opened in Chromium', () => {
  it.each(hostileNotebooks)(
    '%s: no script runs, no dialog opens, no request is made',
    async (file) => {
      const engine = await NativeEngine.create();
      const dir = mkdtempSync(join(tmpdir(), 'kura-report-'));
      const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
      try {
        const notebook = parseNotebook(readFileSync(join(hostileDir, file), 'utf8'));
        const run = await runNotebook({
          engine: withLocalJobs(engine),
          notebook,
          dataDir: hostileDir,
          rowLimit: 50,
          warn: async () => {},
          afterSources: () => sealFileAccess(engine),
        });
        const path = join(dir, 'report.html');
        writeFileSync(
          path,
          await notebookReportHtml(notebook, run.results, {
            generatedAt: '2026-01-02T03:04:05Z',
            version: '9.9.9',
            document: reportDocument(),
          }),
        );
        const page = await browser.newPage();
        const requests: string[] = [];
        const dialogs: string[] = [];
        page.on('request', (request) => void (request.url().startsWith('file://') ? null : requests.push(request.url())));
        page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
        await page.goto(`file://${path}`);
        // Hover and click everything, so handlers that wait for the user would fire too.
        for (const element of await page.locator('a, svg, img, td, th, details, summary').all()) {
          await element.hover({ timeout: 200 }).catch(() => {});
        }
        await page.waitForTimeout(200);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
        expect(dialogs).toEqual([]);
        expect(requests).toEqual([]);
        expect(await page.evaluate(() => document.scripts.length)).toBe(0);
      } finally {
        await browser.close();
        await engine.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

describe('report layout', () => {
  let engine: NativeEngine;
  beforeEach(async () => (engine = await NativeEngine.create()));
  afterEach(() => engine.close());

  it('shows the first rows of a table with the row count, in the notebook language, and a chart without a document as a note', async () => {
    await engine.exec("create table t as select range as n, range * 1.5 as x, date '2024-01-01' + range::INTEGER as d from range(120)");
    const notebook: Notebook = parseNotebook(
      '---\nkura: 1\ntitle: 表\nlang: ja\n---\n\n```sql t_view\nselect * from t\n```\n\n```chart\ndata: t_view\nmark: line\nx: n\ny: x\n```\n',
    );
    const [sql, chart] = notebook.cells;
    const results: Record<string, ReportCellOutcome> = {
      [sql!.id]: { status: 'done', table: await reportTable(engine, 't', 5) },
      [chart!.id]: { status: 'done' },
    };
    const html = await notebookReportHtml(notebook, results, { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0', rowLimit: 5 });
    const { document } = parseHTML(html);
    expect(document.querySelector('caption')!.textContent).toBe('全 120 行のうち先頭 5 行');
    expect(document.querySelectorAll('tbody tr').length).toBe(5);
    expect([...document.querySelectorAll('tbody tr')[1]!.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '1',
      '1.5',
      '2024-01-02',
    ]);
    expect(document.querySelector('title')!.textContent).toBe('表');
    expect(document.querySelector('.note')!.textContent).toContain('t_view のグラフ');
    expect(html).toContain('@media print');
    expect(executableContent(html)).toEqual([]);
  });

  it("says the match cell's precision is the model's own claim until labels check it, then gives the checked interval", async () => {
    const notebook = (labels: string) =>
      parseNotebook(`---\nkura: 1\ntitle: m\n---\n\n\`\`\`match customers\nsources: [crm]\nthreshold: 0.9\n${labels}\`\`\`\n`);
    const value = {
      records: 4,
      goldenRecords: 2,
      sources: [],
      clusters: { clusters: 2, linkedRecords: 4, largest: 2, rounds: 1, sizes: [] },
      estimate: { threshold: 0.9, pairsInside: 2, precision: 0.987, recall: 0.9, expectedMatches: 2 },
      check: {
        strata: [{ population: 'inside', band: 5, pairs: 2, expectedMatches: 1.98 }],
        sample: [
          { pair: 'crm:1|crm:2', population: 'inside', band: 5, matchWeight: 30 },
          { pair: 'crm:3|crm:4', population: 'inside', band: 5, matchWeight: 30 },
        ],
      },
    };
    const html = (nb: Notebook) =>
      notebookReportHtml(nb, { [nb.cells[0]!.id]: { status: 'done', value } }, { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0' });
    const unchecked = await html(notebook(''));
    // The model's precision, in whole percents rounded down, as its own claim; its recall is not shown (it cannot see
    // the pairs blocking never compared).
    expect(unchecked).toContain('the model estimates that about 98% of them are right. Nobody has checked them yet');
    expect(unchecked).not.toMatch(/recall \d|90%/);
    const checked = await html(
      notebook('labels:\n  - {pair: "crm:1|crm:2", weight: 30, accepted: true}\n  - {pair: "crm:3|crm:4", weight: 30, accepted: false}\n'),
    );
    expect(checked).toContain('checked with 2 labels on pairs drawn at random: precision 50%');
    expect(checked).not.toContain('nobody has checked');
  });

  it('lists people at churn risk by name and company before the id, names masked unless shown; RFM segments in the report language', async () => {
    const notebook = parseNotebook(
      '---\nkura: 1\ntitle: people\n---\n\n```churn churn\ntransactions: orders\ncustomer: contact_id\ndate: order_date\n```\n\n' +
        '```rfm rfm\ntransactions: orders\ncustomer: contact_id\ndate: order_date\n```\n',
    );
    const [churnCell, rfmCell] = notebook.cells;
    const churn = {
      model: 'bgnbd',
      customers: 2,
      params: { r: 1, alpha: 2, a: 0.5, b: 3 },
      logLikelihood: -10,
      spend: null,
      aliveBins: [{ from: 0, customers: 2 }],
      holdout: null,
      risk: [
        {
          customer: 'C-001',
          name: 'Yamada Taro',
          company: 'Sakura Trading',
          frequency: 3,
          pAlive: 0.1,
          valueAtRisk: 90,
          expected: 0.2,
          clv: null,
        },
      ],
      riskBelow: 0.5,
      riskValue: 'purchases',
      named: true,
    };
    const rfm = { segments: [{ segment: 'champions', customers: 5, recency_days: 3, frequency: 9, monetary: 900 }] };
    const html = (lang: 'en' | 'ja', showPersonalData: boolean) =>
      notebookReportHtml(
        notebook,
        { [churnCell!.id]: { status: 'done', value: churn }, [rfmCell!.id]: { status: 'done', value: rfm } },
        { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0', showPersonalData, lang },
      );
    const shown = parseHTML(await html('en', true)).document;
    const riskTable = [...shown.querySelectorAll('table')].find((table) => table.textContent?.includes('C-001'))!;
    const headers = [...riskTable.querySelectorAll('th')].map((th) => th.textContent);
    expect(headers.slice(0, 3)).toEqual(['Name', 'Company', 'Customer id']);
    expect([...riskTable.querySelectorAll('tbody td')].slice(0, 3).map((td) => td.textContent)).toEqual([
      'Yamada Taro',
      'Sakura Trading',
      'C-001',
    ]);
    const masked = await html('en', false);
    expect(masked).not.toContain('Yamada Taro');
    expect(masked).toContain('Sakura Trading');
    const japanese = await html('ja', true);
    expect(japanese).toContain('チャンピオン');
    expect(japanese).toContain('氏名');
  });

  it('gives an audit that checked no rule no pass badge: it says the tables were only profiled', async () => {
    const notebook = parseNotebook('---\nkura: 1\ntitle: a\n---\n\n```audit audit\ntables: [crm]\n```\n');
    const value = {
      summary: { passed: true, rulesPassed: 0, rulesFailed: 0, reconciled: null },
      rules: [],
      profiles: [{ table: 'crm', rowCount: 3, columns: [], duplicateRows: 0 }],
      suggestedRules: [{ kind: 'not_null', table: 'crm', column: 'id' }],
    };
    const html = await notebookReportHtml(
      notebook,
      { [notebook.cells[0]!.id]: { status: 'done', value } },
      { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0' },
    );
    const verdict = parseHTML(html).document.querySelector('.verdict')!;
    expect(verdict.querySelector('.badge')).toBeNull();
    expect(verdict.textContent).toContain('Profiled only: no rules were checked yet (1 rules are suggested in the audit cell).');
  });

  it('shows DECIMAL values (and DuckDB-WASM’s HUGEINT sums, sent as DECIMAL(38,0)) as numbers with grouping and their scale', async () => {
    await engine.exec(
      'create table money as select 1234567.891::DECIMAL(12,3) as price, 82534690::DECIMAL(38,0) as total, -5.5::DECIMAL(4,1) as loss',
    );
    const notebook = parseNotebook('```sql money_view\nselect * from money\n```\n');
    const html = await notebookReportHtml(
      notebook,
      { [notebook.cells[0]!.id]: { status: 'done', table: await reportTable(engine, 'money') } },
      { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0' },
    );
    const cells = [...parseHTML(html).document.querySelectorAll('tbody td')].map((td) => [td.textContent, td.getAttribute('class')]);
    expect(cells).toEqual([
      ['1,234,567.891', 'num'],
      ['82,534,690', 'num'],
      ['-5.5', 'num'],
    ]);
  });

  it('reports what the app shows under each cell: rows from its row source, the chart value, errors, nothing for cells not run', async () => {
    await engine.exec("create table sales as select * from (values ('a', 1), ('b', 2), ('c', 3)) t(k, v)");
    const notebook = parseNotebook(
      '```source sales\nfile: sales.csv\n```\n\n```sql top\nselect * from sales\n```\n\n```chart\ndata: top\nmark: bar\nx: k\ny: v\n```\n\n```sql broken\nselect nope\n```\n\n```sql later\nselect 1\n```\n',
    );
    const [source, top, chart, broken, later] = notebook.cells;
    const rows = await tableRowSource(engine, 'sales');
    const chartValue = {
      chart: { data: 'top', mark: 'bar', x: 'k', y: 'v' },
      rows: [
        { x: 'a', y: 1 },
        { x: 'b', y: 2 },
      ],
    };
    const outcomes = await outcomesFromShown(
      notebook,
      {
        [source!.id]: { status: 'done', result: rows },
        [top!.id]: { status: 'done', result: rows },
        [chart!.id]: { status: 'done', value: chartValue },
        [broken!.id]: { status: 'error', error: { message: 'Column "nope" does not exist.' } },
        [later!.id]: {
          status: 'error',
          error: { message: 'Not run: it reads broken, which did not run.', kind: 'blocked', sentence: { values: { name: 'broken' } } },
        },
      },
      2,
    );
    expect(outcomes[source!.id]).toMatchObject({ status: 'done', table: { rowCount: 3 } });
    expect(outcomes[top!.id]).toMatchObject({ status: 'done', table: { rowCount: 3 } });
    expect(outcomes[chart!.id]).toEqual({ status: 'done', chart: chartValue });
    expect(outcomes[broken!.id]).toEqual({ status: 'error', message: 'Column "nope" does not exist.' });
    // A cell blocked by a failed one is not run, in the command line's words, not a second failure.
    expect(outcomes[later!.id]).toEqual({ status: 'not-run', message: 'it reads broken, which did not run.' });
    const html = await notebookReportHtml(notebook, outcomes, {
      generatedAt: '2026-01-02T03:04:05Z',
      version: '1.0.0',
      document: reportDocument(),
    });
    const { document } = parseHTML(html);
    expect(document.querySelector('caption')!.textContent).toBe('First 2 of 3 rows');
    expect(document.querySelector('section.source .meta')!.textContent).toContain('3 rows · 2 columns');
    expect(document.querySelectorAll('figure.chart svg rect').length).toBeGreaterThanOrEqual(2);
    expect(document.querySelector('.status.error')!.textContent).toBe('Error: Column "nope" does not exist.');
    expect(document.querySelector('.status.not-run')!.textContent).toBe('Not run: it reads broken, which did not run.');
    expect(document.querySelector('header .meta')!.textContent).toBe('3 of 5 cells ran · 1 failed');
  });
});
