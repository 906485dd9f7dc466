import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { autosaved, runSql } from './helpers.ts';

/**
 * The OPFS warehouse across browser restarts: each test keeps one Chromium profile on disk and
 * closes and relaunches the browser in it, as a user closing the tab and coming back would.
 */

const databaseFile = 'kura-warehouse.db';
const walFile = 'kura-warehouse.db.wal';

let profile: string;
test.beforeEach(() => {
  profile = mkdtempSync(join(tmpdir(), 'kura-profile-'));
});
test.afterEach(() => {
  rmSync(profile, { recursive: true, force: true });
});

async function launch(baseURL: string | undefined): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    baseURL,
    serviceWorkers: 'block',
  });
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

/** Sizes of the files in the app's OPFS root, read from a page that does not start the engine. */
async function storedFiles(page: Page): Promise<Record<string, number | 'directory'>> {
  await page.goto('/favicon.svg');
  return page.evaluate(async () => {
    const files: Record<string, number | 'directory'> = {};
    const root = (await navigator.storage.getDirectory()) as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> };
    for await (const [name, handle] of root.entries()) {
      files[name] = handle.kind === 'file' ? (await (handle as FileSystemFileHandle).getFile()).size : 'directory';
    }
    return files;
  });
}

/** Writes the given bytes as an OPFS file, from a page that does not start the engine. */
async function writeStoredFile(page: Page, name: string, bytes: number[]): Promise<void> {
  await page.goto('/favicon.svg');
  await page.evaluate(
    async ({ name, bytes }) => {
      const root = await navigator.storage.getDirectory();
      const writable = await (await root.getFileHandle(name, { create: true })).createWritable();
      await writable.write(new Uint8Array(bytes));
      await writable.close();
    },
    { name, bytes },
  );
}

/** The first visit: the engine opens the warehouse, and the browser is closed before the demo (the first write) arrives. */
async function firstVisitClosedBeforeAnyWrite(baseURL: string | undefined): Promise<void> {
  const { context, page } = await launch(baseURL);
  await page.route('**/demo/**', () => {}); // never answered, so nothing is loaded or written
  await page.goto('/?demo');
  await page.waitForFunction(() => (window as unknown as { kura?: { connection?: unknown } }).kura?.connection !== undefined, null, {
    timeout: 60_000,
  });
  await context.close();
}

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
}

test.describe('OPFS warehouse recovery', () => {
  test.setTimeout(240_000); // three browser launches, and the demo loads in each
  test('a first visit closed before anything was written leaves a warehouse that takes writes', async ({ baseURL }) => {
    await firstVisitClosedBeforeAnyWrite(baseURL);

    let { context, page } = await launch(baseURL);
    // The state the review found, as Kura before this fix left it: the database header written, the
    // write-ahead log empty. (Kura now commits a probe at open, so the log is emptied here by hand.)
    await writeStoredFile(page, walFile, []);
    const files = await storedFiles(page);
    expect(files[databaseFile]).toBe(3 * 4096);
    expect(files[walFile]).toBe(0);

    await openApp(page);
    await expect(page.getByTestId('schema-browser')).toContainText('crm_contacts', { timeout: 90_000 });
    const cell = await runSql(page, "create table written_after_return as select 'まだある' as note");
    await expect(cell).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    await expect(cell.getByTestId('cell-error')).toHaveCount(0);
    await expect(page.getByTestId('schema-browser')).toContainText('written_after_return');
    await expect(page.getByTestId('schema-browser')).toContainText(/kept in browser storage|saved to browser storage/);
    await autosaved(page);
    await context.close();

    ({ context, page } = await launch(baseURL));
    await openApp(page);
    await expect(page.getByTestId('schema-browser')).toContainText('written_after_return', { timeout: 60_000 });
    await context.close();
  });

  test('a half-written warehouse header is started afresh and the user is told', async ({ baseURL }) => {
    let { context, page } = await launch(baseURL);
    await writeStoredFile(page, databaseFile, new Array<number>(4096).fill(0));
    await openApp(page);
    await expect(page.getByTestId('notice')).toContainText('set it up again', { timeout: 90_000 });
    await expect(page.getByTestId('schema-browser')).toContainText('crm_contacts', { timeout: 90_000 });
    await expect(page.getByTestId('schema-browser')).toContainText(/kept in browser storage|saved to browser storage/);
    await context.close();

    ({ context, page } = await launch(baseURL));
    expect((await storedFiles(page))[databaseFile]).toBeGreaterThan(4096);
    await context.close();
  });

  test('stored tables that cannot be opened are left untouched and the tab works in memory', async ({ baseURL }) => {
    const stored = Array.from({ length: 40_000 }, (_, i) => (i * 7) % 251);
    let { context, page } = await launch(baseURL);
    await writeStoredFile(page, databaseFile, stored);
    await openApp(page);
    await expect(page.getByTestId('notice')).toContainText('left them untouched', { timeout: 90_000 });
    await expect(page.getByTestId('schema-browser')).toContainText(/in memory/);
    const cell = await runSql(page, 'create table in_memory_meanwhile as select 1 as x');
    await expect(cell).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    await expect(cell.getByTestId('cell-error')).toHaveCount(0);
    await context.close();

    ({ context, page } = await launch(baseURL));
    await page.goto('/favicon.svg');
    const kept = await page.evaluate(async (name) => {
      const root = await navigator.storage.getDirectory();
      return [...new Uint8Array(await (await (await root.getFileHandle(name)).getFile()).arrayBuffer())];
    }, databaseFile);
    expect(kept).toEqual(stored);
    await context.close();
  });
});
