/** Steps of a new user's path in the real app, shared by the benchmarks that drive it (first-result, main-thread). */
import type { Page } from '@playwright/test';

const minutes = 5 * 60_000;

/** Opens the app at `origin`, then a new notebook: its start page, ready for dropped files. */
export async function openStartPage(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByTestId('notebook').waitFor({ timeout: minutes });
  await page.getByRole('button', { name: /^(New notebook|新しいノートブック)$/ }).click();
  await page.getByTestId('start-page').waitFor({ timeout: minutes });
}

/** Waits until nothing runs and no cell is busy. */
export async function notebookIdle(page: Page, polling = 50): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="notebook"]')?.getAttribute('data-running') === 'false' &&
      document.querySelectorAll('[aria-busy="true"]').length === 0,
    null,
    { timeout: minutes, polling },
  );
}
