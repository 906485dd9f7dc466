import { expect, test } from '@playwright/test';
import Encoding from 'encoding-japanese';
import {
  addCell,
  autosaved,
  crashEngine,
  demoCellsNotebook,
  openDemo,
  openNotebook,
  runSql,
  tablesSaved,
  waitForEveryCell,
  watchRequests,
} from './helpers.ts';

test.describe('the foundation', () => {
  test('a dropped CP932 file shows correct Japanese', async ({ page, context, baseURL }) => {
    const requests = watchRequests(context, new URL(baseURL!).origin);
    await openNotebook(page);
    await addCell(page, 'source');
    const cell = page.getByTestId('cell-source').last();
    const csv = '顧客ID,会社名,氏名,電話番号\n1,㈱髙橋商事,髙橋 一郎,０３－１２３４－５６７８\n2,株式会社ｶﾀｶﾅ,山﨑 花子,090-1111-2222\n';
    const bytes = Buffer.from(Encoding.convert(Encoding.stringToCode(csv), { to: 'SJIS', from: 'UNICODE' }));
    const dataTransfer = await page.evaluateHandle(
      (data) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], 'excel_export.csv', { type: 'text/csv' }));
        return transfer;
      },
      [...bytes],
    );
    await cell.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    await expect(cell.getByTestId('load-summary')).toContainText('shift_jis');
    const table = cell.getByTestId('result-table');
    await expect(table).toContainText('㈱髙橋商事');
    await expect(table).toContainText('山﨑 花子');
    await expect(table).toContainText('株式会社ｶﾀｶﾅ');
    await expect(table).toContainText('会社名');
    expect(requests.offOrigin()).toEqual([]);
  });

  test('a bad query shows one plain sentence and the app stays usable', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts'));
    const bad = await runSql(page, 'selec * from crm_contacts');
    await expect(bad.getByTestId('cell-error')).toHaveText(/syntax error near "selec"/);
    const good = await runSql(page, 'select count(*) as contacts from crm_contacts');
    await expect(good.getByTestId('result-table')).toContainText('contacts');
    await expect(good.getByTestId('cell-error')).toHaveCount(0);
  });

  test('SQL cannot reach the network', async ({ page, context, baseURL }) => {
    const requests = watchRequests(context, new URL(baseURL!).origin);
    await openNotebook(page);
    const cell = await runSql(page, "select * from read_csv('https://example.com/customers.csv')");
    await expect(cell.getByTestId('cell-error')).toContainText(/does not connect to the network|ネットワークに接続しません/);
    // The worker's own seal (src/engine/network-seal.ts) refuses it before the CSP would have to.
    expect(requests.blockedByPolicy()).toEqual([]);
    expect(requests.offOrigin()).toEqual([]);
  });

  test('a query that runs out of memory says so, not that the network is sealed', async ({ page }) => {
    await openNotebook(page);
    await runSql(page, "set memory_limit='32MB'");
    const cell = await runSql(page, 'select list(range::varchar) from range(20000000)');
    const error = cell.getByTestId('cell-error');
    await expect(error).toHaveText(/ran out of memory.*fewer rows.*kura run/);
    expect((await error.innerText()).split('\n')).toHaveLength(1);
  });

  test('a reload keeps the tables and the notebook', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts'));
    const cell = await runSql(page, "create or replace table kept_after_reload as select 'まだある' as note");
    await expect(cell).toHaveAttribute('aria-busy', 'false');
    await expect(page.getByTestId('schema-browser')).toContainText('kept_after_reload');
    await tablesSaved(page);
    await autosaved(page);
    await page.goto('/');
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('schema-browser')).toContainText('kept_after_reload', { timeout: 60_000 });
    await expect(page.getByTestId('schema-browser')).toContainText('crm_contacts');
    await expect(page.getByTestId('cell-sql').last().locator('.cm-content')).toContainText('kept_after_reload');
    const check = await runSql(page, 'select note from kept_after_reload');
    await expect(check.getByTestId('result-table')).toContainText('まだある');
  });

  // One run of the demo for both: it is the suite's most expensive page.
  test('the demo notebook runs, no request leaves the origin, and after a reload the analytic cells show their last results without running again', async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(300_000);
    const requests = watchRequests(context, new URL(baseURL!).origin);
    await openDemo(page);
    await expect(page.getByTestId('load-summary').first()).toBeVisible();
    const sourceCount = await page.getByTestId('cell-source').count();
    expect(sourceCount).toBeGreaterThanOrEqual(4);
    await expect(page.getByTestId('load-summary')).toHaveCount(sourceCount);
    await expect(page.getByTestId('schema-browser')).toContainText('crm_contacts');
    await expect(page.locator('[data-testid="cell-sql"] [data-testid="cell-error"]')).toHaveCount(0);
    await waitForEveryCell(page);
    const shown = () =>
      page.evaluate(() => {
        const session = (
          window as unknown as {
            kura: {
              session: {
                notebook: { cells: { id: string; kind: string; name?: string }[] };
                outputs: Record<string, { status: string; elapsedMs?: number; value?: unknown } | undefined>;
              };
            };
          }
        ).kura.session;
        return Object.fromEntries(
          session.notebook.cells
            .filter((cell) => !['markdown', 'source', 'sql'].includes(cell.kind))
            .map((cell) => {
              const output = session.outputs[cell.id];
              return [
                `${cell.kind} ${cell.name ?? ''}`,
                { status: output?.status, elapsedMs: output?.elapsedMs, value: JSON.stringify(output?.value) },
              ];
            }),
        );
      });
    const before = await shown();
    await autosaved(page);
    await tablesSaved(page);
    await page.reload();
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    await waitForEveryCell(page);
    const after = await shown();
    const reused = Object.keys(before).filter((cell) => after[cell]?.elapsedMs === before[cell]!.elapsedMs);
    // Match, segments, RFM, cohorts, churn and forecast come back as they were: a fresh run could not take exactly as long.
    for (const kind of ['match', 'segment', 'rfm', 'cohort', 'churn', 'forecast']) {
      expect(
        reused.some((cell) => cell.startsWith(kind)),
        kind,
      ).toBe(true);
    }
    for (const cell of reused) expect(after[cell]!.value, cell).toBe(before[cell]!.value);
    await expect(page.locator('[data-testid="cell-match"]').getByTestId('match-summary')).toContainText(/golden records/);
    expect(requests.offOrigin()).toEqual([]);
  });

  test('when the engine dies it restarts and restores the warehouse', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts'));
    await crashEngine(page);
    const cell = await runSql(page, 'select count(*) as n from crm_contacts');
    await expect(page.getByTestId('notice')).toContainText(/restarted|再起動/);
    await cell.getByTestId('run-cell').click();
    await expect(cell.getByTestId('result-table')).toContainText('n');
    await expect(cell.getByTestId('cell-error')).toHaveCount(0);
  });

  test('the UI switches between Japanese and English', async ({ page }) => {
    await openNotebook(page);
    await page.getByTestId('language').selectOption('ja');
    await expect(page.getByTestId('run-all')).toHaveText(/すべて実行/);
    await page.getByTestId('language').selectOption('en');
    await expect(page.getByTestId('run-all')).toHaveText(/Run all/);
  });
});

test.describe('notebook files', () => {
  test('save writes the notebook text and open reads one back', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts', 'contacts_by_region'));
    await page.evaluate(() => {
      const written: string[] = [];
      (window as unknown as { written: string[] }).written = written;
      const handle = {
        name: 'demo.kura.md',
        async createWritable() {
          return { write: async (text: string) => void written.push(text), close: async () => {} };
        },
        async getFile() {
          return new File(
            ['---\nkura: 1\ntitle: Opened from disk\n---\n\n```sql opened_query\nselect 42 as answer\n```\n'],
            'opened.kura.md',
          );
        },
      };
      Object.assign(window, { showSaveFilePicker: async () => handle, showOpenFilePicker: async () => [handle] });
    });
    await page.getByTestId('save').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { written: string[] }).written.length)).toBe(1);
    const saved = await page.evaluate(() => (window as unknown as { written: string[] }).written[0]!);
    expect(saved.startsWith('---\nkura: 1\n')).toBe(true);
    expect(saved).toContain('```source crm_contacts');
    expect(saved).toContain('```sql contacts_by_region');

    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue('Opened from disk');
    const cell = page.locator('[data-testid="cell-sql"][data-cell-name="opened_query"]');
    await expect(page.getByTestId('not-run-yet')).toBeVisible();
    await page.waitForTimeout(500);
    await expect(cell.getByTestId('result-table')).toHaveCount(0);
    await page.getByTestId('not-run-yet').getByRole('button', { name: 'Run all' }).click();
    await expect(cell.getByTestId('result-table')).toContainText('42');
    await expect(page.getByTestId('not-run-yet')).toHaveCount(0);
  });
});

test.describe('column mapping', () => {
  test('a corrected mapping rebuilds the mapped view and is written into the notebook', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts'));
    const cell = page.locator('[data-testid="cell-source"][data-cell-name="crm_contacts"]');
    const editor = cell.getByTestId('mapping-editor');
    await editor.locator('summary').click();
    await expect(editor.locator('select').first()).toHaveValue('salesforce.contact');
    await editor.getByRole('combobox', { name: 'E-mail', exact: true }).selectOption('Id');
    const check = await runSql(page, 'select email from crm_contacts_mapped limit 1');
    await expect(check.getByTestId('result-table')).toContainText('003Kd');
    const text = await page.evaluate(() => (window as unknown as { kura: { session: { text(): string } } }).kura.session.text());
    expect(text).toMatch(/```source crm_contacts\n[\s\S]*mapping:\n[\s\S]*email: Id/);
  });
});
