import { expect, test, type Page } from '@playwright/test';
import { clearStorage, runsFinished, tablesSaved } from './helpers.ts';

type KuraWindow = { kura?: { session: { catalog: { name: string }[]; notebook: { header: { id?: string } } } } };

/** A notebook that matches one demo file and says how many golden records its match left, and from which source. */
function matchingNotebook(id: string, source: string): string {
  return `---
kura: 1
title: Customers of ${source}
lang: en
id: ${id}
---

\`\`\`source ${source}
file: demo/data/${source}.csv
\`\`\`

\`\`\`match customers
sources: [${source}]
\`\`\`

\`\`\`sql golden_check
select 'golden:' || count(*) || ':' || min(sources) as summary from customers_golden
\`\`\`
`;
}

const first = matchingNotebook('firstnb', 'crm_contacts');
const second = matchingNotebook('secondnb', 'marketing_signups');

/** Makes the toolbar's Open read `text` as if the user had chosen a file with it. */
async function offerFileToOpen(page: Page, text: string): Promise<void> {
  await page.evaluate((content) => {
    const handle = { name: 'notebook.kura.md', getFile: async () => new File([content], 'notebook.kura.md') };
    Object.assign(window, { showOpenFilePicker: async () => [handle] });
  }, text);
}

/** The golden records' summary the notebook's check cell shows, e.g. `golden:1834:crm_contacts`. */
async function goldenSummary(page: Page): Promise<string> {
  const cell = page.locator('[data-cell-name="golden_check"]');
  await expect(cell.getByTestId('result-table')).toContainText(/golden:\d+:\w+/, { timeout: 120_000 });
  return /golden:\d+:\w+/.exec((await cell.getByTestId('result-table').innerText()) ?? '')![0];
}

async function tableNames(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as KuraWindow).kura!.session.catalog.map((table) => table.name));
}

async function openAndRun(page: Page, text: string): Promise<void> {
  await offerFileToOpen(page, text);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('not-run-yet')).toBeVisible();
  await page.getByTestId('not-run-yet').getByRole('button', { name: 'Run all' }).click();
  await runsFinished(page);
}

/**
 * A fresh page whose autosaved notebook is the first one, not run yet; Run all clicked. The page says the notebook
 * has not run from the moment its title shows: a Run all pressed then is not undone when the page finishes starting.
 */
async function startFirstNotebook(page: Page): Promise<void> {
  await clearStorage(page);
  await page.evaluate((text) => {
    localStorage.setItem('kura.notebook.v1', text);
    localStorage.setItem('kura.notebook.notRunYet', 'true');
  }, first);
  await page.addInitScript(() => {
    const look = () => {
      const title = document.querySelector<HTMLInputElement>('input[aria-label="Notebook title"]');
      if (title?.value === 'Customers of crm_contacts')
        Object.assign(window, { notRunShownWithTitle: document.querySelector('[data-testid="not-run-yet"]') !== null });
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto('/');
  await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue('Customers of crm_contacts');
  // Polled: the title can show before the next animation frame, where the init script looks.
  await expect.poll(() => page.evaluate(() => (window as unknown as { notRunShownWithTitle?: boolean }).notRunShownWithTitle)).toBe(true);
  await page.getByTestId('run-all').click();
}

test('two notebooks that each run a match keep their own golden records', async ({ page }) => {
  test.setTimeout(300_000);
  await startFirstNotebook(page);
  await runsFinished(page);
  const firstGolden = await goldenSummary(page);
  expect(firstGolden).toMatch(/:crm_contacts$/);
  await expect(page.getByTestId('not-run-yet')).toHaveCount(0);

  await openAndRun(page, second);
  const secondGolden = await goldenSummary(page);
  expect(secondGolden).toMatch(/:marketing_signups$/);
  // The schema browser shows the open notebook's tables only.
  const secondTables = await tableNames(page);
  expect(secondTables).toContain('marketing_signups');
  expect(secondTables).toContain('customers_golden');
  expect(secondTables).not.toContain('crm_contacts');

  // Back to the first notebook: its match's tables are the ones it left, not the second one's.
  await page
    .getByTestId('notice')
    .getByRole('button', { name: /Reopen/ })
    .click();
  await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue('Customers of crm_contacts');
  await runsFinished(page);
  expect(await goldenSummary(page)).toBe(firstGolden);
  expect(await tableNames(page)).not.toContain('marketing_signups');

  // After a reload the autosaved first notebook still finds its own tables.
  await tablesSaved(page);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue('Customers of crm_contacts');
  await runsFinished(page);
  expect(await goldenSummary(page)).toBe(firstGolden);

  // Renamed, then replaced by the second notebook, which reads its own tables again.
  await page.getByRole('textbox', { name: 'Notebook title' }).fill('CRM 顧客 2026');
  await openAndRun(page, second);
  expect(await goldenSummary(page)).toBe(secondGolden);
  expect(await page.evaluate(() => (window as unknown as KuraWindow).kura!.session.notebook.header.id)).toBe('secondnb');

  // The match's working tables are folded apart from the notebook's own tables and the golden records.
  const working = page.getByTestId('match-working-tables');
  await expect(working).not.toHaveAttribute('open');
  await expect(working.locator('summary').first()).toHaveText(/^Matching’s working tables \(\d+\)$/);
  await expect(working.getByText('identity_pairs', { exact: true })).toBeHidden();
  await expect(page.getByTestId('schema-browser').getByText('customers_golden', { exact: true })).toBeVisible();
  await working.locator('summary').first().click();
  await expect(working.getByText('identity_pairs', { exact: true })).toBeVisible();

  // The schema browser names what the first notebook keeps, by its latest title, and offers to free it; freeing
  // leaves this notebook's tables.
  const others = page.getByTestId('other-notebooks');
  await expect(others.locator('p')).toHaveText('Kept for another notebook:');
  await expect(others.getByTestId('kept-notebook')).toHaveCount(1);
  await expect(others.getByTestId('kept-notebook')).toContainText(/^CRM 顧客 2026\s*\d+ tables, [\d,]+ rows\s*Free$/);
  await page.getByTestId('schema-browser').screenshot({ path: test.info().outputPath('schema-browser-en.png') });
  await page.getByTestId('language').selectOption('ja');
  await expect(others).toContainText('ほかのノートブック（1 冊）');
  await page.getByTestId('schema-browser').screenshot({ path: test.info().outputPath('schema-browser-ja.png') });
  await page.getByTestId('language').selectOption('en');
  await others.getByRole('button', { name: 'Free the tables of CRM 顧客 2026' }).click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('Delete the tables of “CRM 顧客 2026”?');
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete its tables' }).click();
  await expect(others).toHaveCount(0);
  expect(await tableNames(page)).toContain('customers_golden');
  expect(await goldenSummary(page)).toBe(secondGolden);
});

test('a match still running when another notebook is opened leaves nothing in that notebook', async ({ page }) => {
  test.setTimeout(180_000);
  await startFirstNotebook(page);
  await expect(page.locator('[data-cell-name="customers"]').getByTestId('run-state')).toHaveAttribute('data-state', 'running');

  // Opened mid-match: the first notebook's run stops, and the second notebook's schema gets none of its tables.
  await offerFileToOpen(page, second);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('not-run-yet')).toBeVisible();
  await runsFinished(page);
  // The catalog read afresh, once nothing runs: the second notebook's schema holds no table.
  await page.evaluate(() =>
    (window as unknown as { kura: { session: { refreshCatalog(): Promise<void> } } }).kura.session.refreshCatalog(),
  );
  expect(await tableNames(page)).toEqual([]);

  // The first notebook, run again, still matches as before.
  await page
    .getByTestId('notice')
    .getByRole('button', { name: /Reopen/ })
    .click();
  await runsFinished(page);
  expect(await goldenSummary(page)).toMatch(/:crm_contacts$/);
});
