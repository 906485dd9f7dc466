import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { clearStorage, runsFinished } from './helpers.ts';

/**
 * The key screens, seen: each is compared with its committed baseline in test/e2e/screenshots/ (in English and in
 * Japanese, rendered with Debian's fonts-noto-cjk). Run times are masked; everything else on these screens comes from
 * the demo's seeded data and must look the same. After a deliberate change of a screen, look at the new picture and
 * update the baselines with `npx playwright test test/e2e/screens.spec.ts --update-snapshots`.
 */
const demoData = join(import.meta.dirname, '../../public/demo/data');
const exports = ['crm_contacts.csv', 'marketing_signups.csv', 'support_tickets_cp932.csv', 'orders.csv'].map((name) =>
  join(demoData, name),
);

async function language(page: Page, lang: 'en' | 'ja'): Promise<void> {
  await page.getByTestId('language').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** The window as the user sees it, scrolled to `part` when given, compared with its baseline; run times hidden. */
async function seen(page: Page, name: string, part?: Locator): Promise<void> {
  if (part) await part.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await expect(page).toHaveScreenshot(name, { mask: [page.getByTestId('run-state')] });
}

test('the start page, the proposal, a match, churn, a segment and the report look as their baselines, in English and Japanese', async ({
  page,
}) => {
  test.setTimeout(480_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await clearStorage(page);
  await page.goto('/');
  await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'New notebook' }).click();
  const start = page.getByTestId('start-page');
  await expect(start).toBeVisible();
  await seen(page, 'start-en.png');
  await language(page, 'ja');
  await seen(page, 'start-ja.png');

  await page.getByTestId('start-file-input').setInputFiles(exports);
  await expect(page.getByTestId('start-proposals')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('start-source')).toHaveCount(4);
  await seen(page, 'proposal-ja.png', page.getByTestId('start-proposals'));
  await language(page, 'en');
  await seen(page, 'proposal-en.png', page.getByTestId('start-proposals'));

  await page.getByTestId('start-accept').click();
  await expect(page.getByTestId('cell-churn').getByTestId('result-table')).toBeVisible({ timeout: 240_000 });
  await runsFinished(page, 240_000);
  await expect(page.getByTestId('cell-error')).toHaveCount(0);

  await page.getByTestId('add-cell').last().click();
  await page.getByTestId('add-segment').click();
  const segment = page.getByTestId('cell-segment').last();
  await expect(segment.getByTestId('segment-count')).toContainText(/[\d,]+ of [\d,]+ customers/, { timeout: 60_000 });
  await runsFinished(page);

  const cells = { match: page.getByTestId('cell-match'), churn: page.getByTestId('cell-churn'), segment };
  for (const lang of ['en', 'ja'] as const) {
    await language(page, lang);
    for (const [name, cell] of Object.entries(cells)) await seen(page, `${name}-${lang}.png`, cell);
  }

  // The report as a reader opens it: the notebook's language (English: it was made in English), personal data masked.
  await language(page, 'en');
  await page.getByTestId('report').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('report-dialog').getByTestId('report-download').click();
  const html = readFileSync(await (await download).path(), 'utf8');
  const reader = await page.context().newPage();
  await reader.setViewportSize({ width: 1280, height: 900 });
  await reader.setContent(html);
  await expect(reader).toHaveScreenshot('report-en.png', { mask: [reader.locator('header .meta').first(), reader.locator('footer')] });
  await reader.close();
});
