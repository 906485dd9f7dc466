import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { xlsx } from '../../src/ingest/fixtures.test-helpers.ts';
import { addCell, demoCellsNotebook, openNotebook, runsFinished, runSql, watchRequests } from './helpers.ts';

async function newSourceCell(page: import('@playwright/test').Page) {
  await addCell(page, 'source');
  return page.getByTestId('cell-source').last();
}

test.describe('loading files', () => {
  test('rejected rows are listed with their line and reason, the rest loads', async ({ page }) => {
    await openNotebook(page);
    const cell = await newSourceCell(page);
    const csv = 'id,name,city\n1,Ann,Tokyo\n2,Bob,Osaka,EXTRA\n3,Cy,Nagoya\n';
    await cell.getByTestId('file-input').setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(cell.getByTestId('load-summary')).toContainText('2 rows');
    const rejected = cell.getByTestId('rejected-rows');
    await rejected.locator('summary').click();
    await expect(rejected).toContainText('3');
    await expect(rejected.locator('tbody tr')).toHaveCount(1);
    await expect(rejected.locator('tbody td').first()).toHaveText('3');
  });

  test('an XLSX workbook loads the chosen sheet', async ({ page }) => {
    await openNotebook(page);
    const cell = await newSourceCell(page);
    const workbook = xlsx({
      Contacts: [
        ['name', 'city'],
        ['山田 太郎', '東京'],
      ],
      Orders: [
        ['order_id', 'amount'],
        ['A-1', 1200],
        ['A-2', 800],
      ],
    });
    await cell
      .getByTestId('file-input')
      .setInputFiles({ name: 'book.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(workbook) });
    await expect(cell.getByTestId('result-table')).toContainText('山田 太郎');
    await cell.getByTestId('sheet-select').selectOption('Orders');
    await expect(cell.getByTestId('result-table')).toContainText('A-2');
    await expect(cell.getByTestId('load-summary')).toContainText('2 rows');
  });

  test('an unreadable file is refused with one sentence and earlier data stays', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('orders'));
    const cell = page.locator('[data-testid="cell-source"][data-cell-name="orders"]');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    await cell.getByTestId('file-input').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: png });
    await expect(cell.getByTestId('cell-error')).toBeVisible();
    expect((await cell.getByTestId('cell-error').innerText()).split('\n')).toHaveLength(1);
    await expect(page.getByTestId('schema-browser')).toContainText('orders');
    await expect(cell.getByTestId('result-table')).toContainText('10,000');
  });

  test('a large load shows progress and can be cancelled, keeping the earlier table', async ({ page, context, baseURL }) => {
    const requests = watchRequests(context, new URL(baseURL!).origin);
    await openNotebook(page, demoCellsNotebook('orders'));
    const cell = page.locator('[data-testid="cell-source"][data-cell-name="orders"]');
    const header = 'order_id,contact_id,order_date,amount,status\n';
    const rows = Array.from(
      { length: 600_000 },
      (_, i) => `X${i},C${i % 5000},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 9000},paid`,
    ).join('\n');
    await cell
      .getByTestId('file-input')
      .setInputFiles({ name: 'big_orders.csv', mimeType: 'text/csv', buffer: Buffer.from(header + rows) });
    const cancel = page.getByRole('button', { name: /Cancel|キャンセル/ });
    await cancel.click({ timeout: 20_000 });
    await expect(cell.getByTestId('cell-error')).toContainText(/Cancelled|キャンセル/);
    await expect(cell).toHaveAttribute('aria-busy', 'false');
    const check = page.getByTestId('schema-browser');
    await expect(check).toContainText('orders');
    const count = await runSql(
      page,
      "select count(*) as orders_kept, count(*) filter (where order_id like 'X%') as from_cancelled from orders",
    );
    await expect(count.getByTestId('result-table')).toContainText('10,000');
    await expect(count.getByTestId('result-table')).not.toContainText('600,000');
    expect(requests.offOrigin()).toEqual([]);
  });
  test('once the table is replaced a load offers no Cancel, while it is saved to browser storage', async ({ page }) => {
    // Every state of the progress bar, as the page showed it (a state lasts only as long as the save).
    await page.addInitScript(() => {
      const shown: string[] = ((window as unknown as { progressShown: string[] }).progressShown = []);
      new MutationObserver(() => {
        const bar = document.querySelector('.top-progress');
        const state = bar
          ? `${bar.querySelector('.phase')?.textContent ?? ''} | ${bar.querySelector('button') ? 'Cancel' : 'no Cancel'}`
          : '';
        if (state && shown.at(-1) !== state) shown.push(state);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await openNotebook(page, demoCellsNotebook('orders'));
    const cell = page.locator('[data-testid="cell-source"][data-cell-name="orders"]');
    const rows = Array.from(
      { length: 50_000 },
      (_, i) => `Y${i},C${i % 500},2024-02-${String((i % 28) + 1).padStart(2, '0')},${i % 700},paid`,
    );
    await cell.getByTestId('file-input').setInputFiles({
      name: 'more_orders.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`order_id,contact_id,order_date,amount,status\n${rows.join('\n')}`),
    });
    await expect(cell.getByText(/50,000/).first()).toBeVisible();
    const shown = await page.evaluate(() => (window as unknown as { progressShown: string[] }).progressShown);
    expect(shown).toContain('Loading into the table… | Cancel');
    expect(shown).toContain('Saving to browser storage… | no Cancel');
    expect(new Set(shown.filter((state) => state.startsWith('Saving')))).toEqual(new Set(['Saving to browser storage… | no Cancel']));
    // From the table's replacement to the save, nothing offers a Cancel.
    const replaced = shown.lastIndexOf('Loading into the table… | no Cancel');
    expect(replaced).toBeGreaterThan(-1);
    expect(shown[replaced + 1]).toBe('Saving to browser storage… | no Cancel');
  });
});

test.describe('Japanese CRM exports', () => {
  const exportFile = (name: string) => ({
    name,
    mimeType: 'text/csv',
    buffer: readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url)),
  });

  test('a Japanese-label Salesforce CP932 export and a kintone export with a table field load and map without touching the mapping', async ({
    page,
  }) => {
    await openNotebook(page);
    const salesforce = await newSourceCell(page);
    await salesforce.getByTestId('file-input').setInputFiles(exportFile('salesforce_contacts_ja_cp932.csv'));
    await expect(salesforce.getByTestId('load-summary')).toContainText('3 rows');
    await expect(salesforce.getByTestId('load-summary')).toContainText('shift_jis');
    const salesforceName = await salesforce.getAttribute('data-cell-name');

    const kintone = await newSourceCell(page);
    await kintone.getByTestId('file-input').setInputFiles(exportFile('kintone_customers_cp932.csv'));
    await expect(kintone.getByTestId('load-summary')).toContainText('3 rows');
    const kintoneName = await kintone.getAttribute('data-cell-name');
    await expect(kintone.getByTestId('load-subtable')).toContainText(`${kintoneName}_subtable (4 rows)`);
    await runsFinished(page);

    const sf = await runSql(page, `select source_id, family_name, company, city from ${salesforceName}_mapped order by source_id limit 1`);
    await expect(sf.getByTestId('result-table')).toContainText('0035g00000AbC01AAF');
    await expect(sf.getByTestId('result-table')).toContainText('㈱髙橋商事');
    await expect(sf.getByTestId('result-table')).toContainText('千代田区');
    const kt = await runSql(
      page,
      `select m.source_id, m.full_name, count(*) as visits from ${kintoneName}_mapped m join ${kintoneName}_subtable s on s.レコード番号 = m.source_id group by all order by visits desc limit 1`,
    );
    await expect(kt.getByTestId('result-table')).toContainText('髙橋 一郎');
    await expect(kt.getByTestId('result-table')).toContainText('3');
    const text = await page.evaluate(() => (window as unknown as { kura: { session: { text(): string } } }).kura.session.text());
    expect(text).toContain(`\`\`\`source ${salesforceName}\nfile: salesforce_contacts_ja_cp932.csv\npreset: salesforce.contact.ja\n`);
    expect(text).toContain(`\`\`\`source ${kintoneName}\nfile: kintone_customers_cp932.csv\npreset: kintone.customer\n`);
    expect(text).not.toMatch(/mapping:/);
    await expect(salesforce.getByTestId('mapping-editor')).not.toHaveAttribute('open');
  });
});

test.describe('in Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('the UI follows the browser language', async ({ page }) => {
    await openNotebook(page);
    await expect(page.getByTestId('run-all')).toHaveText('すべて実行');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  });

  test('a refused file, a ragged row, a SQL mistake and an empty cell are explained in Japanese', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('orders', 'support_tickets'));
    const cell = page.locator('[data-testid="cell-source"][data-cell-name="orders"]');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    await cell.getByTestId('file-input').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: png });
    await expect(cell.getByTestId('cell-error')).toHaveText(
      'このファイルは PNG 画像で、表ではありません。CSV、TSV、Excel、Parquet、JSON のファイルを選んでください。',
    );
    const ragged = page.locator('[data-testid="cell-source"][data-cell-name="support_tickets"]');
    await ragged
      .getByTestId('file-input')
      .setInputFiles({ name: 'tickets.csv', mimeType: 'text/csv', buffer: Buffer.from('id,subject\n1,a\n2,b,extra\n3,c\n') });
    await ragged.getByTestId('rejected-rows').locator('summary').click();
    await expect(ragged.getByTestId('rejected-rows').locator('tbody td').nth(1)).toHaveText(
      'この行の項目数は 3 ですが、ヘッダーは 2 項目です。',
    );
    const query = await runSql(page, 'select * from no_such_table');
    await expect(query.getByTestId('cell-error')).toHaveText(
      'no_such_table という名前のテーブルはありません。スキーマブラウザーでテーブル名を確認してください。',
    );
    const empty = await runSql(page, ' ');
    await expect(empty.getByTestId('cell-error')).toHaveText('セルが空です。先に SQL クエリを書いてください。');
  });
});

test.describe('untrusted markdown', () => {
  test('scripts and event handlers in markdown never run', async ({ page }) => {
    await openNotebook(page);
    await addCell(page, 'markdown');
    const cell = page.getByTestId('cell-markdown').last();
    await cell
      .locator('textarea')
      .fill(
        '# Hi\n\n<script>window.pwned = 1</script>\n\n<img src=x onerror="window.pwned = 2">\n\n[link](javascript:window.pwned=3) and [ok](https://example.com)',
      );
    await cell.locator('textarea').press('Escape');
    await expect(cell).toContainText('Hi');
    await expect(cell.locator('a[href^="javascript"], [onerror], script')).toHaveCount(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await cell.innerHTML()).not.toMatch(/<script|onerror=|href="javascript:/i);
    await expect(cell.getByRole('link', { name: 'ok' })).toHaveAttribute('rel', /noopener/);
  });
});
