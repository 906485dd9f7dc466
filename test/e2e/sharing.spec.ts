import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { parseHTML } from 'linkedom';
import {
  clearStorage,
  demoCellsNotebook,
  openDemo,
  openNotebook,
  runsFinished,
  runSql,
  waitForEveryCell,
  watchRequests,
} from './helpers.ts';
import { parseNotebook } from '../../src/notebook/format.ts';
import { personalDataIn, personalDataOfFiles } from '../personal-data.ts';
import { cliBundle } from '../cli-bundle.ts';

const repo = join(import.meta.dirname, '../..');
// Made when a worker runs this file's tests, not when Playwright loads it (loading alone left empty folders behind).
let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kura-sharing-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kura(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliBundle, ...args], { cwd: repo, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function downloadedBy(page: Page, click: () => Promise<void>, name: string): Promise<string> {
  const download = page.waitForEvent('download');
  await click();
  const path = join(dir, name);
  await (await download).saveAs(path);
  return path;
}

/** Downloads the notebook report through the toolbar's report dialog, personal data masked unless `showPersonalData`. */
async function downloadReport(page: Page, name: string, showPersonalData = false): Promise<string> {
  await page.getByTestId('report').click();
  const dialog = page.getByTestId('report-dialog');
  if (showPersonalData) await dialog.getByTestId('report-show-personal').check();
  return downloadedBy(page, () => dialog.getByTestId('report-download').click(), name);
}

async function shareBundle(page: Page, masking: RegExp, name: string): Promise<string> {
  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByRole('radio', { name: masking }).check();
  return downloadedBy(page, () => dialog.getByTestId('share-download').click(), name);
}

/** What a report says, per cell: its status, sentences and tables (rows as text, sorted: engines may order ties differently). */
function reportFigures(html: string): Record<string, { text: string[]; tables: { caption: string; rows: string[] }[] }> {
  const { document } = parseHTML(html);
  const figures: Record<string, { text: string[]; tables: { caption: string; rows: string[] }[] }> = {};
  document.querySelectorAll('section.cell').forEach((section: Element, index: number) => {
    const name = section.querySelector('h2')?.textContent ?? `#${index}`;
    const text = [...section.querySelectorAll(':scope > p')].map((p) => p.textContent ?? '');
    const tables = [...section.querySelectorAll('table')].map((table) => ({
      caption: table.querySelector('caption')?.textContent ?? '',
      rows: [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent).join(' | ')).sort(),
    }));
    figures[name] = { text, tables };
  });
  return figures;
}

/**
 * Where two reports' figures differ. Numbers, in table cells and in sentences alike, are equal within a relative
 * 1e-5: a model fitted by an optimiser (churn, forecast) converges to the same parameters on both engines only up to
 * floating-point summation order.
 */
function differences(expected: ReturnType<typeof reportFigures>, actual: ReturnType<typeof reportFigures>): string[] {
  const found: string[] = [];
  const number = (text: string) => (/^-?[\d,]*\.?\d+(e-?\d+)?%?$/.test(text) ? Number(text.replace(/[,%]/g, '')) : null);
  const sameWord = (a: string, b: string) => {
    const [x, y] = [number(a.replace(/[.,;:)。、）]$/, '')), number(b.replace(/[.,;:)。、）]$/, ''))];
    return x !== null && y !== null ? Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(x), Math.abs(y)) : a === b;
  };
  const sameCell = (a: string, b: string) => {
    const [left, right] = [a.split(/\s+/), b.split(/\s+/)];
    return left.length === right.length && left.every((word, index) => sameWord(word, right[index]!));
  };
  const sameLine = (a: string, b: string) => {
    const [left, right] = [a.split(' | '), b.split(' | ')];
    return left.length === right.length && left.every((cell, index) => sameCell(cell, right[index]!));
  };
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const [a, b] = [expected[name], actual[name]];
    if (!a || !b) {
      found.push(`${name}: only in one report`);
      continue;
    }
    if (a.text.length !== b.text.length || a.text.some((line, index) => !sameCell(line, b.text[index]!)))
      found.push(`${name}: ${JSON.stringify(a.text)} ≠ ${JSON.stringify(b.text)}`);
    if (a.tables.length !== b.tables.length) found.push(`${name}: ${a.tables.length} tables ≠ ${b.tables.length}`);
    a.tables.forEach((table, index) => {
      const other = b.tables[index];
      if (!other) return;
      if (table.caption !== other.caption) found.push(`${name}: ${table.caption} ≠ ${other.caption}`);
      // Rows sorted as text can pair up differently when a number differs in its last digit: compare by first column.
      const byKey = new Map(other.rows.map((row) => [row.split(' | ')[0], row]));
      for (const row of table.rows) {
        const match = other.rows.find((candidate) => sameLine(row, candidate)) ?? byKey.get(row.split(' | ')[0]);
        if (!match || !sameLine(row, match)) found.push(`${name}: row ${row} ≠ ${match ?? 'missing'}`);
      }
    });
  }
  return found;
}

/** Every notebook under test/fixtures/notebooks, with the data files its source cells name that lie beside it. */
function fixtureNotebooks(): { path: string; text: string; files: Record<string, string> }[] {
  const root = join(repo, 'test/fixtures/notebooks');
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name));
      else if (entry.name.endsWith('.kura.md')) found.push(join(folder, entry.name));
    }
  };
  walk(root);
  return found.sort().map((path) => {
    const text = readFileSync(path, 'utf8');
    const files: Record<string, string> = {};
    for (const cell of parseNotebook(text).cells) {
      if (cell.kind !== 'source') continue;
      const file = resolve(dirname(path), cell.spec.file);
      if (file.startsWith(root + sep) && existsSync(file)) files[cell.name] = file;
    }
    return { path, text, files };
  });
}

/** Cells of the test notebooks that read or write the machine's files, by notebook. */
const fileAccessCells: Record<string, string[]> = { 'test/fixtures/notebooks/hostile/errors.kura.md': ['local_file', 'write_file'] };

/** The report made in the app masks every e-mail and phone of the demo inputs unless the author opts in, and draws every analytic figure. */
async function checkReportMasking(page: Page): Promise<void> {
  const inputs = personalDataOfFiles(join(repo, 'public/demo/data'));
  expect(inputs.emails.size).toBeGreaterThan(2000);

  await page.getByTestId('report').click();
  await expect(page.getByTestId('report-masked-columns')).toContainText('crm_contacts');
  await expect(page.getByTestId('report-show-personal')).not.toBeChecked();
  await page.getByTestId('report-dialog').getByRole('button', { name: 'Cancel' }).click();
  const masked = readFileSync(await downloadReport(page, 'masked.html'), 'utf8');
  expect(personalDataIn(masked, inputs)).toEqual({ emails: [], phones: [] });
  const { document } = parseHTML(masked);
  for (const kind of ['chart', 'rfm', 'cohort', 'churn', 'forecast']) {
    const sections = [...document.querySelectorAll(`section.cell.${kind}`)];
    expect(sections.length, kind).toBeGreaterThan(0);
    for (const section of sections) expect(section.querySelector('figure.chart svg'), kind).not.toBeNull();
  }
  expect(document.querySelectorAll('section.cell.forecast tbody tr')).toHaveLength(6);
  expect(document.querySelector('section.cell.segment tbody td')).not.toBeNull();

  const shown = readFileSync(await downloadReport(page, 'shown.html', true), 'utf8');
  const found = personalDataIn(shown, inputs);
  expect(found.emails.length).toBeGreaterThan(50);
  expect(found.phones.length).toBeGreaterThan(50);
}

test.describe('sharing', () => {
  for (const lang of ['en', 'ja']) {
    test(`a bundle written in the browser runs headless (kura run, native DuckDB) to the numbers the browser shows (${lang} demo)${lang === 'en' ? '; the report masks personal data unless the author opts in' : ''}`, async ({
      page,
      context,
      baseURL,
    }) => {
      test.setTimeout(300_000);
      await page.addInitScript((language) => Object.defineProperty(navigator, 'languages', { get: () => [language] }), lang);
      const requests = watchRequests(context, new URL(baseURL!).origin);
      await openDemo(page);
      await waitForEveryCell(page);
      const bundle = await shareBundle(page, lang === 'en' ? /as it is/ : /そのまま/, `demo-${lang}.kura`);
      const browserReport = await downloadReport(page, `browser-${lang}.html`);

      const files = unzipSync(new Uint8Array(readFileSync(bundle)));
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
        tables: { name: string; rows: number; masked?: unknown }[];
      };
      // The source tables, and the customer ids the browser's match gave (so the headless run keeps them).
      expect(manifest.tables.map((table) => table.name)).toEqual([
        'crm_contacts',
        'marketing_signups',
        'support_tickets',
        'orders',
        'identity_customer_ids',
        'identity_customer_next_id',
      ]);
      expect(manifest.tables.every((table) => table.rows > 0 && table.masked === undefined)).toBe(true);

      const headlessReport = join(dir, `headless-${lang}.html`);
      const run = await kura('run', bundle, '--out', headlessReport);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);

      const browser = reportFigures(readFileSync(browserReport, 'utf8'));
      const headless = reportFigures(readFileSync(headlessReport, 'utf8'));
      expect(Object.keys(browser).length).toBeGreaterThan(15);
      expect(Object.keys(headless)).toEqual(Object.keys(browser));
      expect(differences(browser, headless)).toEqual([]);
      // The same demo run (the suite's most expensive page) then checks the report's masking.
      if (lang === 'en') await checkReportMasking(page);
      expect(requests.offOrigin()).toEqual([]);
    });
  }

  test('every test notebook runs to the same figures, failures included, in the browser and headless', async ({ page }) => {
    test.setTimeout(300_000);
    for (const fixture of fixtureNotebooks()) {
      const name = relative(repo, fixture.path);
      await test.step(name, async () => {
        // Each notebook in an empty warehouse, as `kura run` starts one.
        await clearStorage(page);
        await page.goto('/');
        await page.evaluate(
          ({ content, fileName }) => {
            const handle = { name: fileName, getFile: async () => new File([content], fileName) };
            Object.assign(window, { showOpenFilePicker: async () => [handle] });
          },
          { content: fixture.text, fileName: basename(fixture.path) },
        );
        await page.getByRole('button', { name: 'Open', exact: true }).click();
        // The notebook on the screen until the chosen file is read is the demo, which has source cells of the same
        // names (orders): a file dropped on one before the new notebook opened would go to the notebook it replaces.
        const opened = parseNotebook(fixture.text).cells.map((cell) => `${cell.kind} ${'name' in cell ? cell.name : ''}`);
        await page.waitForFunction(
          (expected) =>
            JSON.stringify(
              (
                window as unknown as { kura?: { session: { notebook: { cells: { kind: string; name?: string }[] } } } }
              ).kura?.session.notebook.cells.map((cell) => `${cell.kind} ${cell.name ?? ''}`),
            ) === expected,
          JSON.stringify(opened),
        );
        await expect(page.getByTestId('notebook')).toBeVisible();
        const confirm = page.getByTestId('confirm-dialog');
        for (const [cell, file] of Object.entries(fixture.files)) {
          await page.locator(`[data-testid="cell-source"][data-cell-name="${cell}"]`).getByTestId('file-input').setInputFiles(file);
        }
        await runsFinished(page);
        await page.getByTestId('run-all').click();
        if (await confirm.isVisible()) await confirm.getByRole('button', { name: /run/i }).click();
        await runsFinished(page);
        const browserReport = await downloadReport(page, `${basename(fixture.path)}.browser.html`);
        const headlessReport = join(dir, `${basename(fixture.path)}.headless.html`);
        await kura('run', fixture.path, '--out', headlessReport);
        const browser = reportFigures(readFileSync(browserReport, 'utf8'));
        const headless = reportFigures(readFileSync(headlessReport, 'utf8'));
        expect(Object.keys(headless), name).toEqual(Object.keys(browser));
        for (const cell of Object.keys(fixture.files)) {
          const shown = browser[`Source ${cell}`] ?? browser[`データソース ${cell}`];
          expect(shown?.text.join(' ') ?? 'missing', `${name} ${cell}`).not.toMatch(/Not run|Error|エラー|未実行|missing/);
        }
        // A source whose file is not beside the notebook waits for the user's file in the browser; headless it is an error.
        for (const cell of parseNotebook(fixture.text).cells) {
          if (cell.kind !== 'source' || fixture.files[cell.name]) continue;
          const heading = browser[`Source ${cell.name}`] ? `Source ${cell.name}` : `データソース ${cell.name}`;
          expect(browser[heading]?.text, name).toContain('Not run');
          expect(
            headless[heading]?.text.some((line) => line.startsWith('Error: ')),
            name,
          ).toBe(true);
          delete browser[heading];
          delete headless[heading];
        }
        // Files on the machine belong to the engine's surroundings, not to the notebook: the page has none (a read finds
        // nothing, a write lands in the page's memory), headless seals file access once the sources are read.
        for (const cell of fileAccessCells[name] ?? []) {
          expect(
            headless[cell]?.text.some((line) => line.includes('disabled by configuration')),
            `${name} ${cell}`,
          ).toBe(true);
          delete browser[cell];
          delete headless[cell];
        }
        expect(differences(browser, headless), name).toEqual([]);
      });
    }
  });

  test('a masked bundle hides personal columns; opening it verifies, restores the tables and runs nothing until asked', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await openNotebook(page, demoCellsNotebook('crm_contacts', 'contacts_by_region'));
    await page.getByTestId('share').click();
    await expect(page.getByTestId('masked-columns')).toContainText('crm_contacts');
    await page.getByTestId('share-dialog').getByRole('button', { name: 'Cancel' }).click();
    const bundle = await shareBundle(page, /^Hash personal columns/, 'masked.kura');
    const files = unzipSync(new Uint8Array(readFileSync(bundle)));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
      tables: { name: string; masked?: { column: string; kind: string }[] }[];
    };
    const crm = manifest.tables.find((table) => table.name === 'crm_contacts')!;
    expect(crm.masked?.map((column) => column.kind)).toEqual(expect.arrayContaining(['email', 'phone', 'name']));

    // Someone else opens it: a fresh page whose warehouse has other data.
    await page.evaluate(() => localStorage.clear());
    const bytes = [...readFileSync(bundle)];
    await page.evaluate((content) => {
      const handle = { name: 'masked.kura', getFile: async () => new File([new Uint8Array(content)], 'masked.kura') };
      Object.assign(window, { showOpenFilePicker: async () => [handle] });
    }, bytes);
    // This page already has the bundle's tables: Kura names them and asks; declined, nothing changes.
    const titleBefore = await page.getByLabel('Notebook title').inputValue();
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm).toContainText('crm_contacts');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(page.getByLabel('Notebook title')).toHaveValue(titleBefore);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await confirm.getByRole('button', { name: 'Replace and open' }).click();
    await expect(page.getByTestId('notice')).toContainText('every checksum matches');
    await expect(page.getByTestId('notice-action')).toHaveText(`Reopen “${titleBefore}”`);
    await expect(page.getByTestId('not-run-yet')).toBeVisible();
    await expect(page.locator('[data-testid="cell-sql"] [data-testid="result-table"]')).toHaveCount(0);

    await page.getByTestId('not-run-yet').getByRole('button', { name: 'Run all' }).click();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 120_000 });
    await expect(page.getByTestId('not-run-yet')).toHaveCount(0);
    const email = crm.masked!.find((column) => column.kind === 'email')!.column;
    const check = await runSql(
      page,
      `select count("${email}") > 0 and count(*) filter (where not regexp_full_match("${email}", '[0-9a-f]{32}')) = 0 as all_hashed from crm_contacts`,
    );
    await expect(check.getByTestId('result-table')).toContainText('true');
  });

  test('New and Open replace the notebook; the one replaced can be reopened from the notice', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts'));
    const title = await page.getByLabel('Notebook title').inputValue();
    const cells = await page.locator('[data-cell-name]').count();
    await page.getByRole('button', { name: 'New notebook' }).click();
    await expect(page.locator('[data-cell-name]')).toHaveCount(0);
    await expect(page.getByTestId('notice')).toContainText('A new, empty notebook is open.');
    await page.getByTestId('notice-action').click();
    await expect(page.getByLabel('Notebook title')).toHaveValue(title);
    await expect(page.locator('[data-cell-name]')).toHaveCount(cells);
    await expect(page.getByTestId('notice')).toHaveCount(0);
  });

  test('a damaged bundle is refused in one sentence and the open notebook stays as it was', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts'));
    const bundle = await shareBundle(page, /^Mask personal columns/, 'to-damage.kura');
    const bytes = new Uint8Array(readFileSync(bundle));
    // Parquet is stored in the zip as is (it is compressed inside): flip one byte of the first table's data.
    const target = Buffer.from(bytes).indexOf(Buffer.from('PAR1')) + 16;
    expect(target).toBeGreaterThan(16);
    bytes[target] = bytes[target]! ^ 0xff;
    const damaged = join(dir, 'damaged.kura');
    writeFileSync(damaged, bytes);
    const titleBefore = await page.getByLabel('Notebook title').inputValue();
    const cellsBefore = await page.locator('[data-cell-name]').count();
    await page.evaluate(
      (content) => {
        const handle = { name: 'damaged.kura', getFile: async () => new File([new Uint8Array(content)], 'damaged.kura') };
        Object.assign(window, { showOpenFilePicker: async () => [handle] });
      },
      [...bytes],
    );
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('alert').first()).toContainText(
      'The bundle was changed after it was made: tables/crm_contacts.parquet does not match its checksum; ask for the bundle again.',
    );
    await expect(page.getByLabel('Notebook title')).toHaveValue(titleBefore);
    expect(await page.locator('[data-cell-name]').count()).toBe(cellsBefore);
    await expect(page.getByTestId('not-run-yet')).toHaveCount(0);
  });

  test('a bundle whose manifest miscounts a table’s rows is refused before any table is replaced', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts', 'orders'));
    const bundle = await shareBundle(page, /^Mask personal columns/, 'miscounted.kura');
    const files = unzipSync(new Uint8Array(readFileSync(bundle)));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as {
      tables: { name: string; rows: number; masked?: { column: string; kind: string }[] }[];
    };
    const maskedAt = manifest.tables.findIndex((table) => table.masked?.some((column) => column.kind === 'email'));
    expect(maskedAt).toBeGreaterThanOrEqual(0);
    expect(maskedAt).toBeLessThan(manifest.tables.length - 1);
    const masked = manifest.tables[maskedAt]!;
    const email = masked.masked!.find((column) => column.kind === 'email')!.column;
    // The last table miscounted: every table before it would be restored first if checks waited for the engine.
    const last = manifest.tables.at(-1)!;
    const rows = last.rows;
    last.rows += 1;
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
    const bytes = zipSync(files);
    const titleBefore = await page.getByLabel('Notebook title').inputValue();
    const cellsBefore = await page.locator('[data-cell-name]').count();
    await page.evaluate(
      (content) => {
        const handle = { name: 'miscounted.kura', getFile: async () => new File([new Uint8Array(content)], 'miscounted.kura') };
        Object.assign(window, { showOpenFilePicker: async () => [handle] });
      },
      [...bytes],
    );
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('alert').first()).toContainText(
      `The table ${last.name} in the bundle has ${rows} rows, not the ${rows + 1} its manifest says; ask for the bundle again.`,
    );
    await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
    await expect(page.getByLabel('Notebook title')).toHaveValue(titleBefore);
    expect(await page.locator('[data-cell-name]').count()).toBe(cellsBefore);
    // The page's tables are the clear ones it loaded, not the bundle's masked copies.
    const check = await runSql(
      page,
      `select 'masked=' || count(*) filter (where "${email}" like '%***%') || ';' as m from "${masked.name}"`,
    );
    await expect(check.getByTestId('result-table')).toContainText('masked=0;');
  });
});
