import { expect, test } from '@playwright/test';
import { addCell, clearStorage, demoCellsNotebook, openDemo, openNotebook, runsFinished, tablesSaved } from './helpers.ts';

/** The demo's match and the sources it reads: the customer view without the demo's other cells. */
const matchNotebook = demoCellsNotebook('crm_contacts', 'marketing_signups', 'support_tickets', 'customers');

test.describe('the customer view', () => {
  test('the toolbar search finds a customer by kana and opens one screen with orders, RFM, churn, segments, the golden record, every record and why they are one', async ({
    page,
  }, testInfo) => {
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
    // Her CRM record, created 2020-02-18, is her earliest.
    await expect(view.getByTestId('customer-since')).toHaveText('customer since 2020-02-18');
    // One column per record, from all three sources.
    for (const source of ['crm_contacts', 'marketing_signups', 'support_tickets'])
      await expect(records.locator('thead')).toContainText(source);
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
    // From a name in the RFM cell's per-customer table, by keyboard: the table is one Tab stop, arrows move between people.
    const scoredLinks = page.getByTestId('cell-rfm').first().getByTestId('result-table').locator('.person-link');
    await expect(page.getByTestId('cell-rfm').first().getByTestId('result-table').locator('.person-link[tabindex="0"]')).toHaveCount(1);
    await scoredLinks.first().focus();
    await page.keyboard.press('ArrowDown');
    const scored = scoredLinks.nth(1);
    await expect(scored).toBeFocused();
    await expect(scored).toHaveAttribute('tabindex', '0');
    const scoredName = (await scored.innerText()).trim();
    await page.keyboard.press('Enter');
    await expect(view.getByRole('heading', { level: 2 })).toContainText(scoredName.split(/\s+/)[0]!);
    await expect(view.getByTestId('customer-rfm')).toBeVisible();
    await view.getByTestId('customer-close').click();
    // From a row of a source the match read.
    const row = page.getByTestId('cell-source').first().getByTestId('result-table').locator('.person-link').first();
    const rowName = (await row.innerText()).trim();
    await row.click();
    await expect(view.getByTestId('customer-records')).toContainText(rowName.split(/\s+/)[0]!);
    await view.getByTestId('customer-close').click();
    // And from the match cell's cluster browser.
    await page.getByTestId('cell-match').getByTestId('open-customer').first().click();
    await expect(view.getByTestId('customer-records')).toBeVisible();
    // A cluster of the browser joined at least two records: a label column and one column per record.
    expect(await view.getByTestId('customer-records').locator('thead th').count()).toBeGreaterThanOrEqual(3);
  });

  test('a record split out, a value pinned and a merge made in the customer view hold after a reload, are listed in the match cell and can be undone', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await clearStorage(page);
    await openNotebook(page, matchNotebook);
    const view = page.getByTestId('customer-view');
    const records = view.getByTestId('customer-records');
    const open = async (query: string, name: string) => {
      await page.getByTestId('toolbar-customer-search').fill(query);
      await page.getByTestId('toolbar-customer-hits').getByRole('option').filter({ hasText: name }).first().locator('button').click();
      await expect(records).toBeVisible({ timeout: 30_000 });
    };
    const columns = () => records.locator('thead th[scope="col"]');

    await open('ササキ チヒロ', '佐々木');
    const before = await columns().count();
    expect(before).toBeGreaterThanOrEqual(3);
    // The customer's id lasts through the decisions, the reload and the undo below.
    const customerId = await view.locator('header .id').innerText();
    expect(customerId).toMatch(/^customer #\d+$/);
    // The sign-up record is someone else: take it out, with a reason.
    await view.getByTestId('decision-note').fill('different person at the same address');
    await columns().filter({ hasText: 'marketing_signups' }).getByTestId('split-record').click();
    await expect(columns()).toHaveCount(before - 1, { timeout: 60_000 });
    await expect(columns().filter({ hasText: 'marketing_signups' })).toHaveCount(0);
    // Pin the CRM's phone as the golden phone.
    const crmPhone = records.locator('tbody tr').filter({ hasText: /Phone/ }).locator('td').first();
    const phone = (await crmPhone.innerText()).replace(/use$/, '').trim();
    await crmPhone.getByTestId('pin-value').click();
    await expect(view.getByTestId('customer-golden').locator('tr').filter({ hasText: 'your decision' })).toContainText(
      phone.replace(/\D/g, '').slice(-4),
      { timeout: 60_000 },
    );
    await expect(view.getByTestId('customer-decisions').locator('li')).toHaveCount(1);
    await page.keyboard.press('Escape');

    // The decisions are in the notebook: after a reload (everything runs again) they still hold.
    await tablesSaved(page);
    await page.reload();
    await expect(page.getByTestId('notebook')).toHaveAttribute('data-running', 'true', { timeout: 60_000 });
    await expect(page.getByTestId('notebook')).toHaveAttribute('data-running', 'false', { timeout: 180_000 });
    const decisions = page.getByTestId('match-decisions');
    await expect(decisions.locator('li')).toHaveCount(2);
    await expect(decisions).toContainText('different person at the same address');
    await open('ササキ チヒロ', '佐々木');
    await expect(columns()).toHaveCount(before - 1);
    await expect(view.locator('header .id')).toHaveText(customerId);
    await expect(view.getByTestId('customer-golden').locator('tr').filter({ hasText: 'your decision' })).toHaveCount(1);

    // Merge it back from the view, then undo that merge.
    await view.getByTestId('merge-open').click();
    await view.getByTestId('merge-search').fill('chihiro.sasaki7');
    await view.getByTestId('merge-choose').first().click();
    await expect(columns()).toHaveCount(before, { timeout: 60_000 });
    await view.getByTestId('customer-decisions').getByTestId('undo-decision').last().click();
    await expect(columns()).toHaveCount(before - 1, { timeout: 60_000 });
    await page.keyboard.press('Escape');
    // The match cell lists the two decisions left; undoing the split there brings the record back.
    await expect(decisions.locator('li')).toHaveCount(2);
    await decisions.locator('li').filter({ hasText: 'marketing_signups' }).getByRole('button', { name: 'Undo' }).click();
    await expect(decisions.locator('li')).toHaveCount(1);
    // The match cell says what the undo changed: the record split out is back with its customer.
    await expect(page.getByTestId('match-changes')).toContainText('1 merged from several');
    await open('ササキ チヒロ', '佐々木');
    await expect(columns()).toHaveCount(before, { timeout: 60_000 });
    await expect(view.locator('header .id')).toHaveText(customerId);
  });

  test('a new export attached in the match cell joins the customers, lists the record to review beside its candidate, merges it with Same person, and the attach holds after a reload', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await clearStorage(page);
    await openNotebook(page, matchNotebook);
    // This week's sign-ups, as HubSpot exports them: 佐々木 千尋 with her e-mail and phone, a person nobody knows, and her name with her city alone.
    const weekly = [
      'Record ID,First Name,Last Name,Email,Phone Number,Company Name,City,State/Region,Postal Code,Country/Region,Lifecycle Stage,Original Source,Create Date,Marketing contact status',
      '79001,千尋,佐々木,chihiro.sasaki7@post.example.net,048-458-1441,,川口市,埼玉県,335-0226,Japan,Lead,Social Media,2026-11-30 10:00,Marketing contact',
      '79002,太郎,架空,kakuu.taro@example.org,03-5555-0199,,札幌市中央区,北海道,060-0001,Japan,Lead,Social Media,2026-11-30 11:00,Marketing contact',
      '79007,千尋,佐々木,,,,川口市,埼玉県,,Japan,Lead,Social Media,2026-11-30 12:00,Marketing contact',
    ].join('\n');
    await addCell(page, 'source');
    const source = page.getByTestId('cell-source').last();
    await source.getByTestId('file-input').setInputFiles({ name: 'weekly_signups.csv', mimeType: 'text/csv', buffer: Buffer.from(weekly) });
    await expect(source.getByTestId('load-summary')).toContainText('3 rows');
    await source.getByRole('textbox', { name: 'Table name' }).fill('weekly_signups');
    await source.getByRole('textbox', { name: 'Table name' }).press('Enter');
    await runsFinished(page);

    const match = page.getByTestId('cell-match').first();
    const attach = match.getByTestId('match-attach');
    await attach.getByTestId('attach-source').selectOption('weekly_signups');
    await attach.getByTestId('attach-button').click();
    const outcome = attach.getByTestId('attach-outcome');
    await expect(outcome).toContainText('weekly_signups: 3 records; 1 joined existing customers, 1 to review, 1 new.', {
      timeout: 60_000,
    });
    const review = attach.getByTestId('attach-review').getByRole('listitem');
    await expect(review).toHaveCount(1);
    await expect(review).toContainText('weekly_signups:3');
    await expect(review).toContainText('佐々木');
    await testInfo.attach('match-attach-en', {
      body: await attach.screenshot({ path: testInfo.outputPath('match-attach-en.png') }),
      contentType: 'image/png',
    });

    await review.getByRole('button', { name: 'Same person' }).click();
    await expect(review).toContainText('Merged', { timeout: 60_000 });
    await expect(match.getByTestId('match-decisions')).toContainText('weekly_signups 79007 ↔ ');
    await runsFinished(page);

    // After a reload the cell runs again: the match, then the attach, then the merge.
    await tablesSaved(page);
    await page.reload();
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    await runsFinished(page);
    await expect(match.getByTestId('attach-outcome')).toContainText('weekly_signups: 3 records', { timeout: 120_000 });
    await expect(match.getByTestId('attach-review')).toContainText('Merged');
    await expect(match.getByTestId('match-decisions')).not.toContainText('not applied');
    // Her name and city now open the customer that holds her CRM record and this week's sign-up.
    await match.getByTestId('attach-review').getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('customer-records')).toContainText('weekly_signups', { timeout: 30_000 });
  });

  test('the duplicate check beside the search says whether a person already exists, with the likeliest customers, by keyboard, in English and Japanese', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    await clearStorage(page);
    await openNotebook(page, matchNotebook);

    const toggle = page.getByTestId('toolbar-duplicate-check');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('duplicate-check');
    await expect(form).toBeVisible();
    // 佐々木 千尋 of the CRM, her e-mail in capitals and her phone in full-width digits, typed field by field.
    await expect(form.getByLabel('Name')).toBeFocused();
    await page.keyboard.type('佐々木 千尋');
    await page.keyboard.press('Tab');
    await page.keyboard.type('CHIHIRO.SASAKI7@post.example.net');
    await page.keyboard.press('Tab');
    await page.keyboard.type('０４８－４５８－１４４１');
    await page.keyboard.press('Enter');
    const verdict = page.getByTestId('duplicate-verdict');
    await expect(verdict).toContainText('Already a customer', { timeout: 60_000 });
    const probability = Number(/probability (\d+\.\d)%/.exec(await verdict.innerText())![1]);
    expect(probability).toBeGreaterThanOrEqual(90);
    const candidates = page.getByTestId('duplicate-candidates').getByRole('button');
    await expect(candidates.first()).toContainText('佐々木');
    await expect(candidates.first()).toContainText(`match probability ${probability.toFixed(1)}%`);
    await testInfo.attach('duplicate-check-en', {
      body: await page.screenshot({ fullPage: false, path: testInfo.outputPath('duplicate-check-en.png') }),
      contentType: 'image/png',
    });

    await candidates.first().focus();
    await page.keyboard.press('Enter');
    const view = page.getByTestId('customer-view');
    await expect(view).toBeVisible();
    await expect(view.getByRole('heading', { level: 2 })).toContainText('佐々木');
    await expect(form).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(view).toHaveCount(0);

    // A stranger: nobody reaches the review band, and the form says so.
    await toggle.click();
    await form.getByLabel('Name').fill('Zebulon Quixote');
    await form.getByLabel('E-mail').fill('zq@nowhere.example.org');
    await form.getByLabel('Phone').fill('');
    await form.getByRole('button', { name: 'Check' }).click();
    await expect(verdict).toHaveText('No existing customer: no match reaches 50.0%.', { timeout: 60_000 });
    await expect(page.getByTestId('duplicate-candidates')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(form).toHaveCount(0);
    await expect(toggle).toBeFocused();

    await page.getByTestId('language').selectOption('ja');
    await expect(toggle).toHaveText('重複チェック');
    await toggle.click();
    await form.getByLabel('氏名').fill('佐々木 千尋');
    await form.getByLabel('メールアドレス').fill('chihiro.sasaki7@post.example.net');
    await form.getByRole('button', { name: 'チェック' }).click();
    await expect(verdict).toContainText('既存の顧客です', { timeout: 60_000 });
    await expect(page.getByTestId('duplicate-candidates').getByRole('button').first()).toContainText('一致確率');
    await testInfo.attach('duplicate-check-ja', {
      body: await page.screenshot({ fullPage: false, path: testInfo.outputPath('duplicate-check-ja.png') }),
      contentType: 'image/png',
    });
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
