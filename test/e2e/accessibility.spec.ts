import { expect, test, type Locator, type Page } from '@playwright/test';
import { axe, demoCellsNotebook, openDemo, openNotebook, runsFinished } from './helpers.ts';

/** Every control of the page can be reached with Tab (cells and result grids are Tab stops too). */
async function everyControlReachableWithTab(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="run-cell"]:disabled')).toHaveCount(0);
  const controls = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'button, input, select, textarea, summary, a[href], [contenteditable="true"], [tabindex="0"]',
      ),
    ]
      // Controls inside a closed <details> are reached by opening it from its summary.
      .filter(
        (element) =>
          element.offsetParent !== null &&
          !(element as HTMLButtonElement).disabled &&
          // A roving group (the people in a result table) is one Tab stop; its other members are reached with arrows.
          element.getAttribute('tabindex') !== '-1' &&
          !(element.tagName === 'SUMMARY' ? element.parentElement?.parentElement : element.parentElement)?.closest('details:not([open])'),
      )
      .map((element, index) => {
        element.dataset.controlIndex = String(index);
        return index;
      }),
  );
  // Tab stops include more than the controls (cells, result grids); two full cycles of them bound the walk.
  const tabStops = await page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLElement>('*')].filter((element) => element.tabIndex >= 0 && element.offsetParent !== null).length,
  );
  // Sequential navigation starts from the last focused point, which a run may have left anywhere; start it at the top.
  // The page notes each control that takes focus, so the walk is key presses only, counted now and then.
  await page.evaluate(() => {
    const reached = new Set<string>();
    Object.assign(window, { tabReached: reached });
    document.addEventListener('focusin', (event) => {
      const index = (event.target as HTMLElement | null)?.closest<HTMLElement>('[data-control-index]')?.dataset.controlIndex;
      if (index !== undefined) reached.add(index);
    });
    document.body.tabIndex = -1;
    document.body.focus();
  });
  const reachedCount = () => page.evaluate(() => (window as unknown as { tabReached: Set<string> }).tabReached.size);
  for (let step = 0; step < tabStops * 2 + 50; step++) {
    await page.keyboard.press('Tab');
    if (step % 25 === 24 && (await reachedCount()) === controls.length) break;
  }
  const missed = await page.evaluate(() => {
    const reached = (window as unknown as { tabReached: Set<string> }).tabReached;
    return [...document.querySelectorAll<HTMLElement>('[data-control-index]')]
      .filter((element) => !reached.has(element.dataset.controlIndex!))
      .map((element) => element.outerHTML.slice(0, 120));
  });
  expect(missed).toEqual([]);
}

test.describe('accessibility', () => {
  // One run of the demo (the suite's most expensive page) for axe in both languages and the walk with Tab.
  test('the demo notebook has no serious or critical axe violations, in English and in Japanese, and every control is reachable with Tab', async ({
    page,
  }) => {
    test.setTimeout(420_000);
    await page.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['en'] }));
    await openDemo(page);
    // Switching the language re-renders every text, not the results.
    for (const lang of ['en', 'ja'] as const) {
      if (lang !== 'en') {
        await page.getByTestId('language').selectOption(lang);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
      }
      const results = await axe(page).analyze();
      const serious = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(
          (violation) =>
            `${lang}: ${violation.id} (${violation.impact}): ${violation.nodes.length} × ${violation.nodes[0]?.target.join(' ')} — ${violation.help}`,
        );
      expect(serious).toEqual([]);
    }
    await everyControlReachableWithTab(page);
  });

  test('the share dialog is a labelled modal dialog without serious or critical axe violations, closed with Escape', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts'));
    await page.getByTestId('share').click();
    const dialog = page.getByRole('dialog', { name: 'Share as a bundle' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radio', { name: /^Hash personal columns/ })).toBeChecked();
    const results = await axe(page).include('[data-testid="share-dialog"]').analyze();
    expect(
      results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => violation.id),
    ).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });

  test('the report dialog is a labelled modal dialog, masking by default, without serious or critical axe violations', async ({ page }) => {
    await openNotebook(page, demoCellsNotebook('crm_contacts'));
    await page.getByTestId('report').click();
    const dialog = page.getByRole('dialog', { name: 'Download the report' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('checkbox', { name: 'Show personal data as it is in this report' })).not.toBeChecked();
    const results = await axe(page).include('[data-testid="report-dialog"]').analyze();
    expect(
      results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => violation.id),
    ).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });
});

/** toBeFocused, naming what has the focus instead when it fails. */
async function expectFocused(page: Page, element: Locator): Promise<void> {
  try {
    await expect(element).toBeFocused({ timeout: 10_000 });
  } catch (error) {
    const focused = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      const open = document.querySelector('.cm-tooltip-autocomplete') ? ' (a completion list is open)' : '';
      return `${active?.tagName ?? 'nothing'} ${active?.getAttribute('data-testid') ?? ''} ${active?.className ?? ''}${open}`;
    });
    throw new Error(`The focus is on ${focused}. ${String(error)}`);
  }
}

test.describe('keyboard', () => {
  test('Jupyter-like command and edit modes', async ({ page }) => {
    await openNotebook(page, `${demoCellsNotebook()}\n\`\`\`sql first_query\nselect 1 as one\n\`\`\`\n`);
    const sqlCells = page.getByTestId('cell-sql');
    const before = await sqlCells.count();
    const first = sqlCells.first();
    await first.focus();
    // B adds a cell below and puts the caret in its editor, so typing goes into it.
    await page.keyboard.press('b');
    await expect(sqlCells).toHaveCount(before + 1);
    const added = sqlCells.nth(1);
    await expect(added.locator('.cm-content')).toBeFocused();
    await page.keyboard.insertText('select 42 as answer');
    await page.keyboard.press('Shift+Enter');
    await expect(added.getByTestId('result-table')).toContainText('42');
    // An Escape pressed as the result showed stayed in the editor in three fresh-clone runs (no list shown); the
    // suspected cause, a completion still on its way, no longer swallows Escape (SqlEditor). The wait stays.
    await runsFinished(page);
    await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expectFocused(page, added);
    await page.keyboard.press('Enter');
    await expect(added.locator('.cm-content')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(added).toBeFocused();
    await page.keyboard.press('a');
    await expect(sqlCells).toHaveCount(before + 2);
    await expect(sqlCells.nth(1).locator('.cm-content')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(sqlCells.nth(1)).toBeFocused();
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await expect(sqlCells).toHaveCount(before + 1);
    await expect(added).toBeFocused();
    await page.keyboard.press('k');
    await expect(added).not.toBeFocused();
  });
});
