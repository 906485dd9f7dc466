import { expect, test } from '@playwright/test';
import { clearStorage, openDemo } from './helpers.ts';

test.describe('the customer view', () => {
  test('the toolbar search finds a customer by kana and opens one screen with orders, RFM, churn, segments, the golden record, every record and why they are one', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    await clearStorage(page);
    await openDemo(page);

    const search = page.getByTestId('toolbar-customer-search');
    // Full-width kana with a typo-free reading: 佐々木 千尋 is in the CRM, the sign-up list and the support desk.
    await search.fill('ササキ チヒロ');
    const hits = page.getByTestId('toolbar-customer-hits').getByRole('option');
    await expect(hits.first()).toBeVisible({ timeout: 30_000 });
    const target = hits.filter({ hasText: '佐々木' }).first();
    await expect(target).toBeVisible();
    // Keyboard: move to the hit and open it with Enter.
    const index = await hits.evaluateAll((options) => options.findIndex((option) => option.textContent?.includes('佐々木')));
    for (let i = 0; i < index; i++) await search.press('ArrowDown');
    await search.press('Enter');

    const view = page.getByTestId('customer-view');
    await expect(view).toBeVisible();
    await expect(view.getByRole('heading', { level: 2 })).toContainText('佐々木');
    const records = view.getByTestId('customer-records');
    await expect(records).toBeVisible({ timeout: 30_000 });
    // One column per record, from all three sources.
    for (const source of ['crm_contacts', 'marketing_signups', 'support_tickets']) await expect(records.locator('thead')).toContainText(source);
    const orders = view.getByTestId('customer-orders');
    await expect(orders).toContainText(/Orders \(orders\)\s*\d+/);
    expect(Number((await orders.locator('strong').innerText()).replace(/,/g, ''))).toBeGreaterThan(0);
    await expect(view.getByTestId('customer-rfm')).toContainText(/score \d{3}/);
    await expect(view.getByTestId('customer-churn')).toContainText(/\d+%/);
    await expect(view.getByTestId('customer-segments')).toContainText('loyal_tokyo');
    await expect(view.getByTestId('customer-golden')).toContainText('most');
    await expect(view.getByTestId('customer-links').locator('details')).not.toHaveCount(0);
    await view.getByTestId('customer-links').locator('summary').first().click();
    await expect(view.getByTestId('customer-links').getByRole('img')).toBeVisible();
    await testInfo.attach('customer-view-en', { body: await page.screenshot({ fullPage: false }), contentType: 'image/png' });

    // Escape closes it and the notebook is where it was; the search reopens it.
    await page.keyboard.press('Escape');
    await expect(view).toHaveCount(0);
    await expect(page.getByTestId('notebook')).toBeVisible();

    // A person in the churn risk list opens as one customer, by the CRM id the orders carry.
    const person = page.getByTestId('churn-risk').locator('.person-link').first();
    const name = (await person.innerText()).split(' · ')[0]!;
    await person.click();
    await expect(view.getByRole('heading', { level: 2 })).toContainText(name.split(/\s+/)[0]!);
    await expect(view.getByTestId('customer-churn')).toContainText('%');
    await view.getByTestId('customer-close').click();
    // And from the match cell's cluster browser.
    await page.getByTestId('cell-match').getByTestId('open-customer').first().click();
    await expect(view.getByTestId('customer-records')).toBeVisible();
    // A cluster of the browser joined at least two records: a label column and one column per record.
    expect(await view.getByTestId('customer-records').locator('thead th').count()).toBeGreaterThanOrEqual(3);
  });

  test('before any match the search says where customers come from, in Japanese', async ({ page }) => {
    await clearStorage(page);
    await page.evaluate(() => {
      localStorage.setItem('kura.lang', 'ja');
      localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: 空\n---\n');
    });
    await page.goto('/');
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('toolbar-customer-search').fill('山田');
    await expect(page.getByRole('status').filter({ hasText: '名寄せセルを実行してください' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('customer-view')).toHaveCount(0);
  });
});
