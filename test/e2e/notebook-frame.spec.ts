import { expect, test } from '@playwright/test';
import { axe, openDemo, runSql, waitForEveryCell } from './helpers.ts';

// One demo run (60–90 s here) serves every check: the cell frame, the outline and a failed cell's header.
test.describe('notebook frame', () => {
  test('results come before collapsed settings, cells fold to their header, the outline jumps to cells, run states are words', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await openDemo(page);
    await waitForEveryCell(page);

    // Output first: the RFM chart and segments show, its settings are folded away below them.
    const rfm = page.locator('[data-testid="cell-rfm"][data-cell-name="rfm"]');
    const chart = rfm.locator('.plot[role="img"]');
    const toggle = rfm.getByTestId('cell-settings-toggle');
    const settings = rfm.getByTestId('cell-settings');
    await expect(chart).toBeVisible();
    await expect(rfm.getByTestId('rfm-segments')).toBeVisible();
    await expect(toggle).toHaveText(/Edit settings/);
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(settings).toBeHidden();
    const chartBox = (await chart.boundingBox())!;
    const toggleBox = (await toggle.boundingBox())!;
    expect(chartBox.y + chartBox.height).toBeLessThanOrEqual(toggleBox.y);
    await expect(rfm.getByTestId('run-state')).toHaveAttribute('data-state', 'done');
    await expect(rfm.getByTestId('run-state')).toContainText(/Done in [\d.,]+ (ms|s)/);

    // Expanding shows the kind's controls and, inside them, the YAML as an advanced option.
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(settings).toBeVisible();
    await expect(settings.getByRole('combobox', { name: 'Transactions' })).toHaveValue('orders');
    await expect(settings.getByRole('combobox', { name: 'Customer' })).toBeVisible();
    await expect(settings.locator('summary')).toHaveText('Advanced: YAML');
    await expect(settings.getByRole('textbox', { name: 'Spec (YAML)' })).toBeHidden();

    // The chevron folds the whole cell down to kind, name and run state.
    const collapse = rfm.getByTestId('cell-collapse');
    await expect(collapse).toHaveAttribute('aria-expanded', 'true');
    await collapse.click();
    await expect(collapse).toHaveAttribute('aria-expanded', 'false');
    await expect(chart).toBeHidden();
    await expect(settings).toBeHidden();
    await expect(rfm.getByTestId('cell-kind')).toHaveText('RFM');
    await expect(rfm.getByRole('textbox', { name: 'Result name' })).toHaveValue('rfm');
    await expect(rfm.getByTestId('run-state')).toBeVisible();
    await collapse.click();
    await expect(chart).toBeVisible();

    // The outline lists the demo's headings and its cells by name and kind, each with a run-state marker.
    const outline = page.getByRole('navigation', { name: 'Notebook outline' });
    await expect(outline).toHaveAttribute('data-testid', 'outline');
    const items = outline.getByTestId('outline-item');
    for (const heading of [
      'Customer data before the migration',
      'The sources',
      'Data quality',
      'Segments and retention',
      'Segments for the next campaign',
    ]) {
      await expect(items.filter({ hasText: heading })).toHaveCount(1);
    }
    const cellCount = await page.locator('article[data-cell-id]:not([data-testid="cell-markdown"])').count();
    await expect(items.filter({ has: page.locator('[data-state]') })).toHaveCount(cellCount);
    await expect(items.filter({ hasText: 'revenue_forecast' })).toContainText('Forecast');

    // Choosing an entry brings its cell into view and focuses its frame; the entry is marked as the current place.
    const forecastEntry = items.filter({ hasText: 'revenue_forecast' });
    await forecastEntry.click();
    const forecast = page.locator('[data-cell-name="revenue_forecast"]');
    await expect(forecast).toBeFocused();
    await expect(forecast).toBeInViewport();
    await expect(forecastEntry).toHaveAttribute('aria-current', 'location');
    // By keyboard too: an entry is a button, Enter jumps.
    const sourcesEntry = items.filter({ hasText: 'The sources' });
    await sourcesEntry.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('article[data-cell-id]').filter({ hasText: 'Each source names a column-mapping preset' })).toBeFocused();
    // Scrolling the notebook moves the mark to the cell in view.
    await page.locator('[data-cell-name="churn"]').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await expect(items.filter({ hasText: 'churn' }).first()).toHaveAttribute('aria-current', 'location');

    // A failed cell says so in its header, in words and an icon; folded, the header also says why.
    const failed = await runSql(page, 'select * from no_such_table');
    const state = failed.getByTestId('run-state');
    await expect(state).toHaveAttribute('data-state', 'error');
    await expect(state).toContainText('Failed');
    await expect(state.locator('svg')).toHaveCount(1);
    const sentence = (await failed.getByTestId('cell-error').innerText()).trim();
    expect(sentence.length).toBeGreaterThan(10);
    await failed.getByTestId('cell-collapse').click();
    await expect(state).toContainText(sentence);
    await failed.getByTestId('cell-collapse').click();

    // With a cell's settings open and another cell failed, axe still finds nothing serious or critical.
    const results = await axe(page).analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.nodes.length} × ${violation.nodes[0]?.target.join(' ')} — ${violation.help}`,
      );
    expect(serious).toEqual([]);
  });
});

test.describe('progress on the running cell', () => {
  test('an analytic cell shows its phase and a progress bar inside itself while it runs, not only at the top of the page, the cells waiting keep their settings folded, and the sidebar lists the loaded tables', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await page.goto('/?demo');
    // Checked in the page, each frame, so the cell cannot finish between finding it and looking inside it.
    const seen = await page.waitForFunction(
      () => {
        const running = [...document.querySelectorAll('article[aria-busy="true"]')].filter(
          (cell) => !['cell-sql', 'cell-source'].includes(cell.getAttribute('data-testid') ?? ''),
        );
        // The cells waiting their turn keep their settings folded: no settings built only to be dropped as each starts.
        const openSettings = [...document.querySelectorAll<HTMLElement>('[data-testid="cell-settings"]')].filter(
          (settings) => !settings.hidden && settings.getClientRects().length > 0,
        ).length;
        for (const cell of running) {
          const bar = cell.querySelector('[role="progressbar"]');
          const phase = cell.querySelector('[data-testid="cell-progress"]')?.textContent?.trim();
          if (bar && phase) return `${cell.getAttribute('data-testid')}: ${phase}; settings open: ${openSettings}`;
        }
        return false;
      },
      null,
      { timeout: 180_000, polling: 'raf' },
    );
    expect(await seen.jsonValue()).toMatch(/^cell-\w+: \S.*; settings open: 0$/);

    // The sidebar lists a loaded source's table while the run goes on, not only once it has ended.
    const listed = await page.waitForFunction(
      () => {
        const running = document.querySelector('[data-testid="notebook"]')?.getAttribute('data-running') === 'true';
        const shown = document.querySelector('[data-testid="schema-browser"]')?.textContent?.includes('crm_contacts') ?? false;
        return shown || !running ? { shown, running } : false;
      },
      null,
      { timeout: 180_000, polling: 'raf' },
    );
    expect(await listed.jsonValue()).toEqual({ shown: true, running: true });
  });
});
