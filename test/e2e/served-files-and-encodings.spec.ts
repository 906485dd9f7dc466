import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { demoCellsNotebook, openNotebook, runSql, watchRequests } from './helpers.ts';

/**
 * A demo source file the app does not have is refused in one sentence (the preview server, like a dev server,
 * answers a missing path with the app's index.html), and a CSV export can be written in Shift_JIS (CP932).
 */
test('a source file missing from the app is refused in one sentence, not loaded as a web page', async ({ page }) => {
  await page.goto('/?demo');
  await page.evaluate(() => {
    const text = '---\nkura: 1\ntitle: Missing\n---\n\n```source missing\nfile: demo/data/no_such_export.csv\n```\n';
    const handle = { name: 'missing.kura.md', getFile: async () => new File([text], 'missing.kura.md') };
    Object.assign(window, { showOpenFilePicker: async () => [handle] });
  });
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('not-run-yet').getByRole('button', { name: 'Run all' }).click();
  const cell = page.locator('[data-testid="cell-source"][data-cell-name="missing"]');
  await expect(cell.getByTestId('cell-error')).toHaveText(
    'The app sent a web page instead of the file demo/data/no_such_export.csv, so the file is missing from the app; check the file name, or generate the demo data with npm run demo and build the app again.',
  );
  await expect(page.getByTestId('schema-browser')).not.toContainText('missing');
});

test('a segment exports in Shift_JIS (CP932) the same text it exports in UTF-8', async ({ page, context, baseURL }) => {
  const requests = watchRequests(context, new URL(baseURL!).origin);
  await openNotebook(page, demoCellsNotebook('crm_contacts', 'orders', 'loyal_tokyo'));
  const cell = page.locator('[data-testid="cell-segment"][data-cell-name="loyal_tokyo"]');
  await expect(cell.getByTestId('segment-count')).toContainText(/[\d,]+ of [\d,]+ customers/);
  const exportAs = async (encoding: string) => {
    await cell.getByTestId('csv-encoding').selectOption(encoding);
    const download = page.waitForEvent('download');
    await cell.getByRole('button', { name: 'Export segment (CSV)' }).click();
    return readFileSync(await (await download).path());
  };
  const utf8 = await exportAs('utf-8');
  const cp932 = await exportAs('cp932');
  const text = utf8.toString('utf8');
  expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  expect(new TextDecoder('shift_jis').decode(cp932)).toBe(text);
  expect(cp932.length).toBeLessThan(utf8.length);
  expect([...(await exportAs('utf-8-bom')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(requests.offOrigin()).toEqual([]);
});

test('a SQL result downloads as CSV in the chosen encoding, and a character CP932 cannot hold is named, not replaced', async ({ page }) => {
  await openNotebook(page);
  const cell = await runSql(page, "select 1 as id, '山田㈱' as name, 'ok' as mood union all select 2, '髙橋', 'happy 😀' order by id");
  await expect(cell.getByTestId('result-table')).toContainText('髙橋');
  const download = async () => {
    const file = page.waitForEvent('download');
    await cell.getByRole('button', { name: 'Download CSV' }).click();
    return readFileSync(await (await file).path());
  };
  await cell.getByTestId('csv-encoding').selectOption('cp932');
  await cell.getByRole('button', { name: 'Download CSV' }).click();
  await expect(page.getByTestId('notice')).toHaveText(
    /Shift_JIS \(CP932\) cannot hold 1 character\(s\) of this CSV, the first "😀" \(U\+1F600\) on line 3; change those values or export as UTF-8\./,
  );
  await cell.getByTestId('csv-encoding').selectOption('utf-8');
  expect((await download()).toString('utf8')).toBe('id,name,mood\r\n1,山田㈱,ok\r\n2,髙橋,happy 😀\r\n');
});
