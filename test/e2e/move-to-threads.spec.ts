import { expect, test, type Page } from '@playwright/test';
import { autosaved, clearStorage, demoCellsNotebook, openNotebook, runSql, tablesSaved } from './helpers.ts';

interface EngineWindow {
  kura?: {
    connection?: {
      warehouse: {
        describe(): Promise<{ bundle: string; savedInBackground?: boolean; threadedProblem?: string }>;
        loadFile(file: Blob, options: { fileName: string; table: string }): Promise<{ rows: number }>;
      };
    };
  };
}

const describeEngine = (page: Page) => page.evaluate(() => (window as unknown as EngineWindow).kura!.connection!.warehouse.describe());

/**
 * A big warehouse moves from the OPFS database (one thread) to the threaded build after start (workers/warehouse.worker.ts).
 * Here "big" is made small (`kura.threadsFromBytes`), so a 2.4 MB file moves a notebook that has already run: its
 * results, its input and its schema must carry over, and its tables still survive a reload.
 */
test('a big file loaded moves the warehouse to threads; the notebook keeps its results, schema and tables, also after a reload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await clearStorage(page);
  await page.evaluate(() => localStorage.setItem('kura.threadsFromBytes', String(1_500_000)));
  await openNotebook(page, demoCellsNotebook('crm_contacts', 'contacts_by_region'));
  expect((await describeEngine(page)).bundle).toBe('eh');
  const byRegion = page.getByTestId('cell-sql').first();
  const firstRow = byRegion.getByTestId('result-table').getByRole('row').nth(1);
  const before = await firstRow.innerText();

  const rows = await page.evaluate(async () => {
    const lines = ['id,name,amount', ...Array.from({ length: 100_000 }, (_, i) => `${i},お客様 ${i},${i % 997}`)];
    const file = new Blob([lines.join('\n')], { type: 'text/csv' });
    return (
      await (window as unknown as EngineWindow).kura!.connection!.warehouse.loadFile(file, { fileName: 'big.csv', table: 'big_orders' })
    ).rows;
  });
  expect(rows).toBe(100_000);
  await expect.poll(async () => (await describeEngine(page)).bundle, { timeout: 60_000 }).toBe('coi');
  const moved = await describeEngine(page);
  expect(moved.savedInBackground).toBe(true);
  expect(moved.threadedProblem).toBeUndefined();
  await expect(page.getByTestId('schema-browser')).toContainText(
    /saved to browser storage a moment after each change|少し遅れてブラウザのストレージに保存/,
  );

  // The SQL cell's result is a temporary table the grid pages through: sorting it reads it again, now on the threaded build.
  const contacts = byRegion.getByRole('columnheader', { name: /^contacts/ });
  await contacts.getByRole('button').click();
  await expect(contacts).toHaveAttribute('aria-sort', 'ascending');
  await expect(firstRow).not.toHaveText(before);
  await expect(firstRow.getByRole('gridcell').first()).not.toHaveText('');
  await expect(byRegion.getByRole('alert')).toHaveCount(0);
  // The notebook's own schema is still the one names resolve to, for the new table and the earlier ones.
  const check = await runSql(page, "select (select count(*) from big_orders) || ' / ' || (select count(*) from crm_contacts) as counts");
  await expect(check.getByTestId('result-table')).toContainText('100000 / ');

  await tablesSaved(page);
  await autosaved(page);
  await page.goto('/');
  await expect(page.getByTestId('schema-browser')).toContainText('big_orders', { timeout: 60_000 });
  const after = await runSql(page, 'select count(*) as n from big_orders');
  await expect(after.getByTestId('result-table')).toContainText('100,000');
});

test('loads of files each under the size that make the stored warehouse big move it too', async ({ page }) => {
  test.setTimeout(180_000);
  await clearStorage(page);
  await page.evaluate(() => localStorage.setItem('kura.threadsFromBytes', String(1_500_000)));
  await openNotebook(page, demoCellsNotebook('crm_contacts'));
  const loaded = await page.evaluate(async () => {
    const warehouse = (window as unknown as EngineWindow).kura!.connection!.warehouse;
    const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
    const sizes: number[] = [];
    const bundles: string[] = [];
    for (let file = 0; file < 4; file++) {
      const lines = ['id,token', ...Array.from({ length: 20_000 }, (_, i) => `${i},${hex(24)}`)];
      const blob = new Blob([lines.join('\n')], { type: 'text/csv' });
      sizes.push(blob.size);
      await warehouse.loadFile(blob, { fileName: `part${file}.csv`, table: `part${file}` });
      bundles.push((await warehouse.describe()).bundle);
    }
    return { sizes, bundles };
  });
  expect(Math.max(...loaded.sizes)).toBeLessThan(1_500_000);
  expect(loaded.bundles[0]).toBe('eh');
  await expect.poll(async () => (await describeEngine(page)).bundle, { timeout: 60_000 }).toBe('coi');
  const check = await runSql(page, 'select (select count(*) from part0) + (select count(*) from part3) as n');
  await expect(check.getByTestId('result-table')).toContainText('40,000');
});
