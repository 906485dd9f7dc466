import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clearStorage, runsFinished } from './helpers.ts';

const demoData = join(import.meta.dirname, '../../public/demo/data');
const exports = ['crm_contacts.csv', 'marketing_signups.csv', 'support_tickets_cp932.csv', 'orders.csv'].map((name) =>
  join(demoData, name),
);

/** Counts what the user does: every click and every file choice goes through here. */
function userActions(page: Page) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async click(locator: ReturnType<Page['locator']>) {
      count++;
      await locator.click();
    },
    async choose(locator: ReturnType<Page['locator']>, option: string) {
      count++;
      await locator.selectOption(option);
    },
    async chooseFiles(files: string[]) {
      count++;
      await page.getByTestId('start-file-input').setInputFiles(files);
    },
  };
}

test.describe('the start page', () => {
  test('from an empty notebook to matched customers, RFM, churn and a live segment with clicks and drops only', async ({ page }) => {
    test.setTimeout(300_000);
    await clearStorage(page);
    await page.goto('/');
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    const user = userActions(page);

    await user.click(page.getByRole('button', { name: 'New notebook' }));
    await expect(page.getByTestId('start-page')).toBeVisible();
    await user.chooseFiles(exports);

    const sources = page.getByTestId('start-source');
    await expect(sources).toHaveCount(4);
    await expect(page.getByTestId('start-proposals')).toBeVisible({ timeout: 120_000 });
    await expect(sources.filter({ hasText: 'crm_contacts' })).toContainText('recognised as Salesforce Contact');
    await expect(sources.filter({ hasText: 'marketing_signups' })).toContainText('recognised as HubSpot');
    await expect(sources.filter({ hasText: 'support_tickets' })).toContainText('Shift_JIS (CP932)');
    for (const word of ['audit', 'match', 'rfm', 'cohort', 'churn', 'forecast'])
      await expect(page.getByTestId(`start-propose-${word}`)).toBeChecked();

    await user.click(page.getByTestId('start-accept'));
    await expect(page.getByTestId('start-page')).toHaveCount(0);
    const match = page.getByTestId('cell-match');
    await expect(match.getByTestId('result-table')).toBeVisible({ timeout: 180_000 });
    await expect(page.getByTestId('cell-rfm').getByTestId('result-table')).toBeVisible({ timeout: 180_000 });
    await expect(page.getByTestId('cell-churn').getByTestId('result-table')).toBeVisible({ timeout: 180_000 });
    await runsFinished(page);
    await expect(page.getByTestId('cell-error')).toHaveCount(0);
    // The churn list names people (name · company) before their CRM id.
    await expect(page.getByTestId('cell-churn').locator('td.person').first()).toHaveText(/\S/);

    // A segment from the menu starts on the golden records, with a live count.
    await user.click(page.getByTestId('add-cell').last());
    await user.click(page.getByTestId('add-segment'));
    const segment = page.getByTestId('cell-segment').last();
    const count = segment.getByTestId('segment-count');
    await expect(count).toContainText(/[\d,]+ of [\d,]+ customers/, { timeout: 60_000 });
    const before = await count.innerText();
    await user.click(segment.getByRole('button', { name: '+ Condition' }).last());
    const condition = segment.locator('.condition').last();
    await user.choose(condition.getByLabel('Field'), 'revenue');
    await user.choose(condition.getByLabel('Operator'), '>');
    await condition.getByLabel('Value').fill('100000');
    await condition.getByLabel('Value').press('Tab');
    await expect.poll(() => count.innerText(), { timeout: 30_000 }).not.toBe(before);

    expect(user.count).toBeLessThan(15);
  });

  test('says the same in Japanese', async ({ page }) => {
    await clearStorage(page);
    await page.evaluate(() => {
      localStorage.setItem('kura.lang', 'ja');
      localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: 空\n---\n');
    });
    await page.goto('/');
    await expect(page.getByTestId('start-page')).toContainText('顧客データから始める', { timeout: 60_000 });
    await page.getByTestId('start-file-input').setInputFiles([exports[2]!]);
    await expect(page.getByTestId('start-source')).toContainText('として認識', { timeout: 60_000 });
    await expect(page.getByTestId('start-proposals')).toContainText('監査');
  });

  test('on an empty notebook the add-cell menu fits the window and its last kind can be added', async ({ page }) => {
    await clearStorage(page);
    await page.evaluate(() => localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: empty\n---\n'));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await expect(page.getByTestId('start-page')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('add-cell').last().click();
    const menu = page.locator('.add-cell-menu');
    await expect(menu).toBeVisible();
    const box = (await menu.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    await page.getByTestId('add-forecast').click();
    await expect(page.getByTestId('cell-forecast')).toHaveCount(1);
  });

  test('a click on add-cell whose menu the page moves under the still pointer adds nothing; pressing, dragging to a kind and releasing still adds it', async ({
    page,
  }) => {
    await clearStorage(page);
    await page.evaluate(() => localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: empty\n---\n'));
    await page.goto('/');
    await expect(page.getByTestId('start-page')).toBeVisible({ timeout: 60_000 });
    const trigger = (await page.getByTestId('add-cell').last().boundingBox())!;
    const pointer = { x: trigger.x + trigger.width / 2, y: trigger.y + trigger.height / 2 };
    await page.mouse.move(pointer.x, pointer.y);
    await page.mouse.down();
    const audit = page.getByTestId('add-audit');
    await expect(audit).toBeVisible();
    // As a result arriving above the trigger would: the open menu moves so that a kind sits under the pointer.
    const item = (await audit.boundingBox())!;
    await page.evaluate(
      ({ dx, dy }) => {
        const wrapper = document.querySelector<HTMLElement>('.add-cell-menu')!.parentElement!;
        wrapper.style.translate = `${dx}px ${dy}px`;
      },
      { dx: pointer.x - (item.x + item.width / 2), dy: pointer.y - (item.y + item.height / 2) },
    );
    await page.mouse.up();
    await expect(page.locator('.add-cell-menu')).toBeVisible();
    await expect(page.getByTestId('cell-kind')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.locator('.add-cell-menu')).toHaveCount(0);

    await page.mouse.move(pointer.x, pointer.y);
    await page.mouse.down();
    const sql = (await page.getByTestId('add-sql').boundingBox())!;
    await page.mouse.move(sql.x + sql.width / 2, sql.y + sql.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('cell-sql')).toHaveCount(1);
    await expect(page.getByTestId('cell-audit')).toHaveCount(0);
  });
});
