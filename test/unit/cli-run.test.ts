import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../scripts/generate-demo.ts';
import { runNotebook } from '../../src/cli/commands/run.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { withLocalJobs } from '../../src/warehouse/local-jobs.ts';
import { parseNotebook } from '../../src/notebook/format.ts';
import { dependentsInRunOrder, notebookGraph } from '../../src/notebook/graph.ts';
import type { Notebook } from '../../src/document/model.ts';
import { openBundle, readBundle } from '../../src/report/bundle.ts';
import { engineFactories } from './engines.ts';
import { rawZip } from './raw-zip.ts';
import { personalDataIn, personalDataOfFiles } from '../personal-data.ts';
import { kura, repo } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-run-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kura run: arguments and failures', () => {
  it('refuses bad arguments with exit 2 and the usage', async () => {
    const none = await kura('run');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: run needs one notebook \(\.kura\.md\) or bundle \(\.kura\)\.\n\nUsage: kura/);
    const noOut = await kura('run', 'x.kura.md');
    expect(noOut.stderr.split('\n')[0]).toBe('error: run needs --out report.html (or --bundle OUT.kura).');
    const mask = await kura('run', 'x.kura.md', '--bundle', 'b.kura', '--mask', 'blur');
    expect(mask.stderr.split('\n')[0]).toBe('error: --mask must be hash or mask, not "blur".');
    const showing = await kura('run', 'x.kura.md', '--bundle', 'b.kura', '--show-personal-data');
    expect(showing.stderr.split('\n')[0]).toBe('error: --show-personal-data applies to the report; give --out REPORT.html too.');
    const missing = await kura('run', join(dir, 'nope.kura.md'), '--out', join(dir, 'nope.html'));
    expect(missing).toMatchObject({ code: 2, stderr: `error: ${join(dir, 'nope.kura.md')}: There is no such file.\n` });
  });

  it('reports failing cells on stderr and in the report, exits 1, and still writes the report', async () => {
    const out = join(dir, 'errors.html');
    const result = await kura('run', 'test/fixtures/notebooks/hostile/errors.kura.md', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Ran 0 of 10 cells, 9 failed in \d+\.\d s; wrote .*errors\.html\.\n$/);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(line).toMatch(/^error: cell [^:]+: .+[.!?]$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(lines[0]).toMatch(/^error: cell gone: /);
    expect(result.stderr).toContain(
      'error: cell local_file: Cannot access file "/etc/hostname" - file system operations are disabled by configuration.',
    );
    const { document } = parseHTML(readFileSync(out, 'utf8'));
    expect(document.querySelectorAll('.status.error')).toHaveLength(9);
  });

  it('refuses a tampered bundle in one sentence with exit 2', async () => {
    const path = join(dir, 'broken.kura');
    writeFileSync(path, 'PK\u0003\u0004 not really a zip');
    const result = await kura('run', path, '--out', join(dir, 'broken.html'));
    expect(result).toMatchObject({ code: 2, stderr: `error: ${path}: This file is not a Kura bundle: it is not a zip file.\n` });
  });

  it('refuses, from the zip directory alone, a small bundle that would unpack to gigabytes', async () => {
    const path = join(dir, 'overlapping.kura');
    // 4,200 entries of just under 1 MB over one broken deflate stream: inflating any of them would fail differently.
    const record = { name: 'pad', content: new Uint8Array(999_999), raw: new Uint8Array([0xff, 0xff, 0xff, 0xff]) };
    writeFileSync(
      path,
      rawZip(
        [record],
        Array.from({ length: 4_200 }, (_, index) => ({ name: `tables/t${index}.parquet`, record: 0 })),
      ),
    );
    const result = await kura('run', path, '--out', join(dir, 'overlapping.html'));
    expect(result).toMatchObject({
      code: 2,
      stderr: `error: ${path}: This bundle would unpack to more than 2 GB, more than Kura can hold, so it was not opened; ask for a smaller bundle.\n`,
    });
  });
});

/** The demo notebook over freshly generated demo data, laid out as the app serves it (notebook beside data/). */
describe('kura run on the demo notebook and its share bundle', () => {
  const demoDir = join(dir, 'demo');
  const notebookPath = join(demoDir, 'demo.kura.md');
  const bundlePath = join(dir, 'demo.kura');
  const fromFiles = join(dir, 'from-files.html');
  const fromBundle = join(dir, 'from-bundle.html');

  beforeAll(() => {
    mkdirSync(demoDir, { recursive: true });
    generateDemo(join(demoDir, 'data'));
    copyFileSync(join(repo, 'public/demo/demo.kura.md'), notebookPath);
  });

  it('runs every cell from the files, writes the report and a bundle, then runs the bundle to the same tables', async () => {
    const notebook = parseNotebook(readFileSync(notebookPath, 'utf8'));
    const cells = notebook.cells.filter((cell) => cell.kind !== 'markdown' && cell.kind !== 'other').length;
    expect(cells).toBeGreaterThan(10);
    const first = await kura('run', notebookPath, '--data', join(demoDir, 'data'), '--out', fromFiles, '--bundle', bundlePath);
    expect(first.stderr).toBe('');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(
      new RegExp(`^Ran ${cells} of ${cells} cells in \\d+\\.\\d s; wrote .*from-files\\.html and .*demo\\.kura\\.\\n$`),
    );
    const second = await kura('run', bundlePath, '--out', fromBundle);
    expect(second.stderr).toBe('');
    expect(second.stdout).toMatch(new RegExp(`^Ran ${cells} of ${cells} cells in \\d+\\.\\d s; wrote .*from-bundle\\.html\\.\\n$`));

    const tables = (file: string) => {
      const { document } = parseHTML(readFileSync(file, 'utf8'));
      return [...document.querySelectorAll('section.cell.sql')].map((section) => ({
        name: section.querySelector('h2')!.textContent,
        caption: section.querySelector('caption')?.textContent,
        // Ties in "order by contacts desc" may come in any order: compare the rows as a set.
        rows: [...section.querySelectorAll('tbody tr')].map((tr) => tr.textContent).sort(),
      }));
    };
    const original = tables(fromFiles);
    expect(original.map((table) => table.name)).toEqual(notebook.cells.flatMap((cell) => (cell.kind === 'sql' ? [cell.name] : [])));
    expect(original.length).toBeGreaterThanOrEqual(7);
    expect(original.every((table) => table.rows.length > 0)).toBe(true);
    expect(tables(fromBundle)).toEqual(original);
    const { document } = parseHTML(readFileSync(fromFiles, 'utf8'));
    expect(document.querySelectorAll('figure.chart svg rect').length).toBeGreaterThan(20);
    expect(document.querySelector('footer')!.textContent).toMatch(/Kura \d+\.\d+\.\d+/);
    // The audit shows its verdict and rules; the match its counts and estimate, but no golden records (personal data).
    expect(document.querySelector('section.cell.audit .verdict .badge')!.textContent).toMatch(/^(PASS|FAIL)$/);
    expect(document.querySelectorAll('section.cell.audit tbody tr').length).toBeGreaterThan(2);
    expect(document.querySelector('section.cell.match')!.textContent).toMatch(/records from 3 sources are [\d,]+ customers/);
    expect(document.querySelector('section.cell.match table')).toBeNull();
  }, 180_000);

  it('masks every e-mail and phone of the input files in the report unless --show-personal-data, and draws each analytic figure', async () => {
    expect(existsSync(fromFiles), 'the report from the first test').toBe(true);
    const inputs = personalDataOfFiles(join(demoDir, 'data'));
    expect(inputs.emails.size).toBeGreaterThan(2000);
    expect(inputs.phones.size).toBeGreaterThan(2000);
    const masked = readFileSync(fromFiles, 'utf8');
    expect(personalDataIn(masked, inputs)).toEqual({ emails: [], phones: [] });

    const { document } = parseHTML(masked);
    expect(document.querySelector('header .privacy')!.textContent).toMatch(/^Personal data is masked/);
    // Segments over the contacts still list their members, with the personal columns masked.
    const segment = document.querySelector('section.cell.segment')!;
    const headers = [...segment.querySelectorAll('thead th')].map((th) => th.textContent);
    const firstRow = [...segment.querySelectorAll('tbody tr')[0]!.querySelectorAll('td')].map((td) => td.textContent);
    const cellOf = (column: string) => firstRow[headers.indexOf(column)]!;
    expect(cellOf('Email')).toMatch(/^.\*\*\*@/);
    expect(cellOf('LastName')).toMatch(/^.\*\*\*$/);
    expect(cellOf('MailingStreet')).toBe('***');
    expect(cellOf('MailingCity')).not.toContain('*');
    // Every analytic cell shows its figure as inline SVG, the forecast with its intervals and table.
    for (const kind of ['chart', 'rfm', 'cohort', 'churn', 'forecast']) {
      const sections = [...document.querySelectorAll(`section.cell.${kind}`)];
      expect(sections.length, kind).toBeGreaterThan(0);
      for (const section of sections) expect(section.querySelector('figure.chart svg'), kind).not.toBeNull();
    }
    expect(document.querySelectorAll('section.cell.churn figure.chart svg').length).toBeGreaterThanOrEqual(2);
    const forecast = document.querySelector('section.cell.forecast')!;
    expect(forecast.querySelectorAll('figure.chart svg path').length).toBeGreaterThanOrEqual(3);
    expect(forecast.querySelectorAll('tbody tr')).toHaveLength(6);
    expect(masked).not.toContain('the report lists its result table only');

    const shown = join(dir, 'shown.html');
    const run = await kura('run', notebookPath, '--data', join(demoDir, 'data'), '--out', shown, '--show-personal-data');
    expect(run.stderr).toBe('');
    const found = personalDataIn(readFileSync(shown, 'utf8'), inputs);
    expect(found.emails.length).toBeGreaterThan(50);
    expect(found.phones.length).toBeGreaterThan(50);
    expect(parseHTML(readFileSync(shown, 'utf8')).document.querySelector('header .privacy')!.textContent).toMatch(
      /^This report shows personal data as it is/,
    );
  }, 180_000);

  /** The notebook without its slow analytic cells (audit, match, models) and the cells that read them. */
  function quickNotebook(notebook: Notebook): Notebook {
    const graph = notebookGraph(notebook.cells);
    const slow = notebook.cells
      .filter((cell) => !['markdown', 'source', 'sql', 'input', 'chart'].includes(cell.kind))
      .map((cell) => cell.id);
    const dropped = new Set([...slow, ...dependentsInRunOrder(graph, ...slow)]);
    return { ...notebook, cells: notebook.cells.filter((cell) => !dropped.has(cell.id)) };
  }

  const tiesAtLimit: Record<string, string> = { tickets_by_company: 'tickets' };

  async function sqlResults(engine: Engine, notebook: Notebook): Promise<Record<string, unknown[]>> {
    const results: Record<string, unknown[]> = {};
    for (const cell of notebook.cells) {
      if (cell.kind !== 'sql') continue;
      // DuckDB's own text of each value: the engines hand HUGEINT sums to Arrow differently (number vs decimal).
      const table = tableFromIPC(await engine.query(`select columns(*)::VARCHAR from "${cell.name}" order by all`));
      let rows = table.toArray().map((row) => row.toJSON() as Record<string, string>);
      // "order by tickets desc limit 20" may keep any of the companies tied at the cut: compare the rows above it.
      const tieColumn = tiesAtLimit[cell.name];
      if (tieColumn) {
        const cut = Math.min(...rows.map((row) => Number(row[tieColumn])));
        rows = rows.filter((row) => Number(row[tieColumn]) > cut);
        expect(rows.length).toBeGreaterThan(5);
      }
      results[cell.name] = rows.map((row) => JSON.stringify(row));
    }
    return results;
  }

  it.each(engineFactories.map((factory) => factory.name))(
    'restores identical tables from the bundle on %s (checksums verified) and its SQL cells give the numbers the files give',
    async (name) => {
      expect(existsSync(bundlePath), 'the bundle from the test above').toBe(true);
      const native = await NativeEngine.create();
      const engine = await engineFactories.find((factory) => factory.name === name)!.create();
      try {
        const notebook = quickNotebook(parseNotebook(readFileSync(notebookPath, 'utf8')));
        const quiet = async () => {};
        const original = await runNotebook({ engine: withLocalJobs(native), notebook, dataDir: demoDir, rowLimit: 5, warn: quiet });
        expect(original.failures).toEqual([]);

        const bytes = new Uint8Array(readFileSync(bundlePath));
        const { manifest } = await readBundle(bytes);
        expect(manifest.tables.map((table) => [table.name, table.rows])).toEqual([
          ['crm_contacts', 2000],
          ['marketing_signups', 1500],
          ['support_tickets', 800],
          ['orders', 10000],
          // The customer ids the bundle's run gave, so the customers keep them wherever it is opened.
          ['identity_customer_ids', 4300],
          ['identity_customer_next_id', 1],
        ]);
        const opened = await openBundle(engine, bytes);
        const restored = await runNotebook({
          engine: withLocalJobs(engine),
          notebook: quickNotebook(opened.notebook),
          dataDir: null,
          rowLimit: 5,
          warn: quiet,
        });
        expect(restored.failures).toEqual([]);
        for (const table of manifest.tables.filter((table) => !table.name.startsWith('identity_'))) {
          const fingerprint = `select count(*) as n, ${table.columns.map((column) => `count("${column}")`).join(' + ')} as filled from "${table.name}"`;
          const a = tableFromIPC(await engine.query(fingerprint))
            .toArray()[0]!
            .toJSON();
          const b = tableFromIPC(await native.query(fingerprint))
            .toArray()[0]!
            .toJSON();
          expect(JSON.stringify(a, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))).toBe(
            JSON.stringify(b, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
          );
        }
        expect(await sqlResults(engine, notebook)).toEqual(await sqlResults(native, notebook));
      } finally {
        await engine.close();
        await native.close();
      }
    },
    180_000,
  );
});
