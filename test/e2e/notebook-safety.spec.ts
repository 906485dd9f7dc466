import { expect, test, type Page } from '@playwright/test';
import { addCell, autosaved, clearStorage, noRunUnderway, runSql, runsFinished, tablesSaved } from './helpers.ts';

type KuraWindow = {
  kura?: {
    session: {
      notebook: { header: { title: string }; cells: { id: string }[] };
      outputs: Record<string, { status: string } | undefined>;
      running: boolean;
      catalog: { name: string }[];
    };
  };
};

/** Makes the toolbar's Open read `text` as if the user had chosen a file with it. */
async function offerFileToOpen(page: Page, text: string): Promise<void> {
  await page.evaluate((content) => {
    const handle = { name: 'foreign.kura.md', getFile: async () => new File([content], 'foreign.kura.md') };
    Object.assign(window, { showOpenFilePicker: async () => [handle] });
  }, text);
}

/** A notebook whose every cell would leave a trace if it ran: enough cells to reuse every id the demo's cells have. */
function foreignNotebook(cells: number): string {
  const body = Array.from({ length: cells }, (_, index) => `\`\`\`sql foreign_${index + 1}\nselect ${index + 1} as n\n\`\`\`\n`);
  return `---\nkura: 1\ntitle: Someone else's notebook\n---\n\n${body.join('\n')}`;
}

async function outputsOfOpenNotebook(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const session = (window as unknown as KuraWindow).kura!.session;
    return session.notebook.cells.map((cell) => session.outputs[cell.id]?.status ?? 'none');
  });
}

test.describe('a notebook opened from a file', () => {
  test('does not run when it is opened while the previous notebook is still running', async ({ page }) => {
    await clearStorage(page);
    await page.goto('/?demo');
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    // The demo runs its cells one after the other; open the foreign notebook while it is at it.
    await page.waitForFunction(() => (window as unknown as KuraWindow).kura?.session.running === true, null, { timeout: 60_000 });
    await offerFileToOpen(page, foreignNotebook(60));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue("Someone else's notebook");
    await expect(page.getByTestId('not-run-yet')).toBeVisible();

    // The demo's run goes on until its cell under way ends: its outcomes must not reach the opened notebook.
    await noRunUnderway(page);
    expect(new Set(await outputsOfOpenNotebook(page))).toEqual(new Set(['idle']));
    await expect(page.getByTestId('result-table')).toHaveCount(0);
    await expect(page.getByTestId('not-run-yet')).toBeVisible();

    await page.getByTestId('not-run-yet').getByRole('button', { name: 'Run all' }).click();
    await expect(page.locator('[data-cell-name="foreign_60"] [data-testid="result-table"]')).toBeVisible({ timeout: 60_000 });
  });

  test('opened while the page is still starting, it is not replaced by the demo', async ({ page }) => {
    await clearStorage(page);
    let releaseDemo = () => {};
    const demoHeld = new Promise<void>((resolve) => (releaseDemo = resolve));
    let demoAsked = false;
    await page.route(/\/demo\/demo(\.ja)?\.kura\.md$/, async (route) => {
      demoAsked = true;
      await demoHeld;
      await route.continue();
    });
    await page.goto('/');
    await expect.poll(() => demoAsked, { timeout: 60_000 }).toBe(true);
    await offerFileToOpen(page, foreignNotebook(3));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue("Someone else's notebook");
    releaseDemo();
    await noRunUnderway(page, 60_000);
    await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue("Someone else's notebook");
    expect(new Set(await outputsOfOpenNotebook(page))).toEqual(new Set(['idle']));
    await expect(page.getByTestId('not-run-yet')).toBeVisible();
  });
});

test.describe('autosave', () => {
  const title = (page: Page) => page.getByRole('textbox', { name: 'Notebook title' });

  async function openEmptyNotebook(page: Page): Promise<void> {
    await page.goto('/');
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as KuraWindow).kura?.session.running === false, null, { timeout: 120_000 });
  }

  test('the autosaved notebook shows while the engine is still starting, and runs once it has started', async ({ page }) => {
    await clearStorage(page);
    await page.evaluate(() =>
      localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: Before the engine\n---\n\n```sql answer\nselect 42 as answer\n```\n'),
    );
    let releaseEngine = () => {};
    const engineHeld = new Promise<void>((resolve) => (releaseEngine = resolve));
    let engineAsked = false;
    await page.context().route(/\/duckdb-[\w-]+\.wasm$/, async (route) => {
      engineAsked = true;
      await engineHeld;
      await route.continue();
    });
    await page.goto('/');
    await expect(title(page)).toHaveValue('Before the engine');
    const cell = page.locator('[data-cell-name="answer"]');
    await expect(cell).toBeVisible();
    await expect.poll(() => engineAsked).toBe(true);
    await expect(cell.getByTestId('result-table')).toHaveCount(0);
    // The sidebar says the engine is starting, not that there are no tables.
    await expect(page.getByTestId('schema-browser').getByTestId('engine-starting')).toHaveText('Starting the engine…');
    releaseEngine();
    await expect(cell.getByTestId('result-table')).toContainText('42', { timeout: 60_000 });
    await expect(page.getByTestId('engine-starting')).toHaveCount(0);
  });

  test('an edit followed at once by a reload is kept', async ({ page }) => {
    await clearStorage(page);
    await page.evaluate(() => localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: Before\n---\n'));
    await openEmptyNotebook(page);
    await title(page).fill('Edited just before the reload');
    await tablesSaved(page);
    await page.reload();
    await expect(title(page)).toHaveValue('Edited just before the reload', { timeout: 60_000 });
  });

  test('a second tab does not overwrite the first tab’s notebook, and says so', async ({ page, context }) => {
    await clearStorage(page);
    await page.evaluate(() => localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: Shared\n---\n'));
    await openEmptyNotebook(page);
    const second = await context.newPage();
    // The second tab says so while its engine is still starting: what is typed meanwhile would not be autosaved.
    let releaseEngine = () => {};
    const engineHeld = new Promise<void>((resolve) => (releaseEngine = resolve));
    await second.route(/\/duckdb-[\w-]+\.wasm$/, async (route) => {
      await engineHeld;
      await route.continue();
    });
    await second.goto('/');
    await expect(second.getByTestId('notice')).toContainText('open in another tab');
    await expect(second.getByTestId('engine-starting')).toHaveText('Starting the engine…');
    releaseEngine();
    await second.waitForFunction(() => (window as unknown as KuraWindow).kura?.session.running === false, null, { timeout: 120_000 });
    await expect(second.getByTestId('engine-starting')).toHaveCount(0, { timeout: 60_000 });
    await expect(second.getByTestId('notice')).toContainText('open in another tab');

    await title(page).fill('Work in the first tab');
    await autosaved(page);
    await title(second).fill('Work in the second tab');
    await second.waitForTimeout(1_000);
    await second.close({ runBeforeUnload: false });

    await tablesSaved(page);

    await page.reload();
    await expect(title(page)).toHaveValue('Work in the first tab', { timeout: 60_000 });
  });
});

test.describe('the demo address', () => {
  test('opens the demo once, offers the notebook it replaced, and a reload keeps what the user opened', async ({ page }) => {
    await clearStorage(page);
    await page.evaluate(() =>
      localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: My own work\n---\n\n```sql mine\nselect 1 as n\n```\n'),
    );
    await page.goto('/?demo');
    const reopen = page.getByTestId('notice').getByRole('button', { name: 'Reopen “My own work”' });
    await expect(reopen).toBeVisible({ timeout: 60_000 });
    expect(new URL(page.url()).search).toBe('');
    await page.waitForFunction(() => (window as unknown as KuraWindow).kura?.session.running === false, null, { timeout: 180_000 });
    await reopen.click();
    const title = page.getByRole('textbox', { name: 'Notebook title' });
    await expect(title).toHaveValue('My own work');
    await tablesSaved(page);
    await page.reload();
    await expect(title).toHaveValue('My own work', { timeout: 60_000 });
  });
});

test.describe('a source cell', () => {
  const contacts = 'id,name,email\n1,Ann Lee,ann@example.com\n2,Bob Day,bob@example.com\n3,Cy Ito,cy@example.com\n';
  const tables = (page: Page) =>
    page.evaluate(() => (window as unknown as KuraWindow).kura!.session.catalog.map((table) => table.name).sort());

  test('renamed, its table and mapped view take the new name and its readers re-run; a taken name is refused; the mapping panel stays after Open and a reload', async ({
    page,
  }) => {
    await clearStorage(page);
    await page.evaluate(() =>
      localStorage.setItem('kura.notebook.v1', '---\nkura: 1\ntitle: Renaming\nid: renaming\n---\n\nContacts, renamed.\n'),
    );
    await page.goto('/');
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    await addCell(page, 'source');
    const source = page.getByTestId('cell-source').last();
    await source.getByTestId('file-input').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(contacts) });
    await expect(source.getByTestId('load-summary')).toContainText('3 rows');
    const reader = await runSql(page, 'select count(*) as n from contacts_mapped where email is not null');
    await expect(reader.getByTestId('cell-error')).toBeVisible();

    const name = source.getByRole('textbox', { name: 'Table name' });
    await name.fill('contacts');
    await name.press('Enter');
    await expect(reader.getByTestId('result-table')).toContainText('3', { timeout: 30_000 });
    await expect(reader.getByTestId('cell-error')).toHaveCount(0);
    await runsFinished(page);
    expect(await tables(page)).toEqual(expect.arrayContaining(['contacts', 'contacts_mapped']));
    expect(await tables(page)).not.toEqual(expect.arrayContaining(['source_1']));

    // The reader's own name is taken: refused in one sentence, and the table keeps its name.
    const readerName = await reader.getByRole('textbox', { name: 'Result name' }).inputValue();
    await name.fill(readerName);
    await name.press('Enter');
    await expect(page.getByTestId('notice')).toContainText(`already used by another table; the table keeps the name contacts`);
    await expect(name).toHaveValue('contacts');

    await page.getByTestId('run-all').click();
    await runsFinished(page);
    await expect(reader.getByTestId('result-table')).toContainText('3');
    await expect(source.getByTestId('mapping-editor')).toBeVisible();

    // Open a file of the same notebook (its id) with the same source: its table is in the warehouse, so its mapping panel is there.
    await offerFileToOpen(page, '---\nkura: 1\ntitle: Opened\nid: renaming\n---\n\n```source contacts\nfile: contacts.csv\n```\n');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue('Opened');
    const opened = page.locator('[data-cell-name="contacts"]');
    await expect(opened.getByTestId('mapping-editor')).toBeVisible();
    await opened.getByTestId('mapping-editor').locator('summary').click();
    await expect(opened.getByTestId('mapping-editor').locator('select').nth(1)).toBeVisible();

    await autosaved(page);
    await tablesSaved(page);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveValue('Opened', { timeout: 60_000 });
    await expect(page.locator('[data-cell-name="contacts"]').getByTestId('mapping-editor')).toBeVisible({ timeout: 30_000 });
  });
});
