import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openDemo, watchRequests } from './helpers.ts';

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
  await page.getByRole('button', { name: 'Open' }).click();
  await page.getByTestId('not-run-yet').getByRole('button', { name: 'Run all' }).click();
  const cell = page.locator('[data-testid="cell-source"][data-cell-name="missing"]');
  await expect(cell.getByTestId('cell-error')).toHaveText(
    'The app sent a web page instead of the file demo/data/no_such_export.csv, so the file is missing from the app; check the file name, or generate the demo data with npm run demo and build the app again.',
  );
  await expect(page.getByTestId('schema-browser')).not.toContainText('missing');
});

test('a segment exports in Shift_JIS (CP932) the same text it exports in UTF-8', async ({ page, context, baseURL }) => {
  const requests = watchRequests(context, new URL(baseURL!).origin);
  await openDemo(page);
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
