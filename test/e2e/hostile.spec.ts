import { expect, test, type Locator, type Page } from '@playwright/test';
import { hostileCorpus, markup } from '../fixtures/hostile/corpus.ts';
import { hostileExpectations } from '../fixtures/hostile/expectations.ts';
import { addCell, demoCellsNotebook, openNotebook, runSql, watchRequests } from './helpers.ts';

/**
 * Every file of the hostile corpus dropped on a source cell of the running app: each loads (rows, rejected lines)
 * or shows one plain sentence; no script from a file runs, no dialog opens, no request leaves the origin, no
 * uncaught error, and a SQL cell still runs afterwards.
 */
const corpus = hostileCorpus();
const names = Object.keys(corpus);
// The 2,000-column file gets a page of its own: its table and mapping editor make a DOM of ~130k elements
// (~93k <option>s in the mapping editor), which slows every later step of the same page by seconds.
const wide = 'wide-2000-columns.csv';
const rest = names.filter((name) => name !== wide);
const groups = [rest.slice(0, 10), rest.slice(10, 20), rest.slice(20, 30), rest.slice(30), [wide]];

async function dropFile(page: Page, cell: Locator, name: string, bytes: Uint8Array): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64 }) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name));
      return transfer;
    },
    { name, base64: Buffer.from(bytes).toString('base64') },
  );
  await cell.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
}

for (const [index, group] of groups.entries()) {
  test(`hostile files ${index + 1}/${groups.length}: ${group.join(', ')}`, async ({ page, context, baseURL }) => {
    test.setTimeout(300_000);
    const requests = watchRequests(context, new URL(baseURL!).origin);
    const dialogs: string[] = [];
    const pageErrors: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openNotebook(page);

    for (const name of group) {
      const expected = hostileExpectations[name]!;
      await addCell(page, 'source');
      const cell = page.getByTestId('cell-source').last();
      await dropFile(page, cell, name, corpus[name]!);
      await expect(cell.getByTestId('cell-error').or(cell.getByTestId('load-summary'))).toBeVisible({ timeout: 60_000 });
      await expect(cell).toHaveAttribute('aria-busy', 'false');
      if (expected.outcome === 'refused') {
        const error = cell.getByTestId('cell-error');
        await expect(error, name).toHaveText(expected.reason);
        expect((await error.innerText()).split('\n'), name).toHaveLength(1);
        continue;
      }
      await expect(cell.getByTestId('cell-error'), name).toHaveCount(0);
      const columns = Array.isArray(expected.columns) ? expected.columns.length : expected.columns.count;
      await expect(cell.getByTestId('load-summary'), name).toContainText(
        `${expected.rows.toLocaleString('en')} ${expected.rows === 1 ? 'row' : 'rows'}, ${columns} ${columns === 1 ? 'column' : 'columns'} loaded`,
      );
      if (expected.rejected.length > 0) {
        const rejected = cell.getByTestId('rejected-rows');
        await rejected.locator('summary').click();
        await expect(rejected.locator('tbody tr'), name).toHaveCount(expected.rejected.length);
        for (const [row, { line, reason }] of expected.rejected.entries()) {
          await expect(rejected.locator('tbody tr').nth(row).locator('td').first()).toHaveText(String(line));
          await expect(rejected.locator('tbody tr').nth(row).locator('td').nth(1)).toHaveText(reason);
        }
      }
      if (name.startsWith('markup')) await expect(cell.getByTestId('result-table'), name).toContainText(markup.script);
    }

    // No markup from the files became live: no script ran, no element with a handler from a file exists.
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[onerror], [onload], script:not([src]), a[href^="javascript"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);

    // The app is still usable.
    const sql = await runSql(page, 'select 6 * 7 as answer');
    await expect(sql.getByTestId('result-table')).toContainText('42', { timeout: 90_000 });
    expect(requests.offOrigin()).toEqual([]);
  });
}

test('a file of 10M tiny rows loads in the tab, and the tables before it stay intact', async ({ page }) => {
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openNotebook(page, demoCellsNotebook('crm_contacts'));
  const before = await runSql(page, 'select count(*) as contacts from crm_contacts');
  await expect(before.getByTestId('result-table')).toContainText('2,000', { timeout: 60_000 });

  await addCell(page, 'source');
  const cell = page.getByTestId('cell-source').last();
  const rows = 10_000_000;
  // Made in the page: 20 MB would be slow to pass in as base64.
  const dataTransfer = await page.evaluateHandle((rows) => {
    const bytes = new Uint8Array(2 + rows * 2);
    bytes.set([0x6e, 0x0a]);
    for (let row = 0; row < rows; row++) bytes.set([0x30 + (row % 10), 0x0a], 2 + row * 2);
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'tiny-rows.csv'));
    return transfer;
  }, rows);
  await cell.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(cell.getByTestId('load-summary')).toContainText(`${rows.toLocaleString('en')} rows, 1 column loaded`, {
    timeout: 240_000,
  });
  await expect(cell.getByTestId('cell-error')).toHaveCount(0);

  const table = await cell.getByRole('textbox', { name: 'Table name' }).inputValue();
  const sum = await runSql(page, `select sum(n) as total, (select count(*) from crm_contacts) as contacts from ${table}`);
  await expect(sum.getByTestId('result-table')).toContainText('45,000,000', { timeout: 90_000 });
  await expect(sum.getByTestId('result-table')).toContainText('2,000');
  expect(pageErrors).toEqual([]);
});
