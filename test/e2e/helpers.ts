import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type BrowserContext, type Page } from '@playwright/test';

/**
 * Watches every request of the page and its workers. A request the page's CSP refused never left the
 * machine (`blockedByPolicy`); one that got past the policy to the network layer did (`offOrigin`).
 */
export function watchRequests(context: BrowserContext, origin: string): { offOrigin: () => string[]; blockedByPolicy: () => string[] } {
  const escaped: string[] = [];
  const blocked: string[] = [];
  const isOffOrigin = (url: string) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:');
  context.on('requestfinished', (request) => {
    if (isOffOrigin(request.url())) escaped.push(request.url());
  });
  context.on('requestfailed', (request) => {
    if (!isOffOrigin(request.url())) return;
    if (request.failure()?.errorText === 'csp') blocked.push(request.url());
    else if (!escaped.includes(request.url())) escaped.push(request.url());
  });
  void context.route(
    (url) => isOffOrigin(url.href),
    (route) => {
      escaped.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return { offOrigin: () => [...new Set(escaped)], blockedByPolicy: () => blocked };
}

/**
 * Opens the app (at `origin`, else the test's base URL) with a fresh demo notebook and waits until every demo cell has run.
 * It waits with `waitFor`, not `expect`: an `expect` whose element is not there yet snapshots the page's whole
 * accessibility tree on every retry, main-thread work that slows the demo it waits for.
 */
export async function openDemo(page: Page, origin = ''): Promise<void> {
  await page.goto(`${origin}/?demo`);
  await page.getByTestId('notebook').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="cell-sql"] [data-testid="result-table"]').first().waitFor({ timeout: 90_000 });
  await runsFinished(page, 90_000);
}

/** Waits until no run of the notebook is under way (Run all, a cell and its dependents), not merely until no cell is busy at this instant. */
export async function runsFinished(page: Page, timeout = 180_000): Promise<void> {
  await expect(page.getByTestId('notebook')).toHaveAttribute('data-running', 'false', { timeout });
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout });
  await tablesSaved(page, timeout);
}

/** Ends the DuckDB worker abruptly, as a crash would (the page restarts it and restores the warehouse). */
export async function crashEngine(page: Page): Promise<void> {
  await page.evaluate(() =>
    (
      window as unknown as { kura: { connection: { warehouse: { crashForTesting(): Promise<void> } } } }
    ).kura.connection.warehouse.crashForTesting(),
  );
}

/** Waits until no background save of the tables is under way (workers/mirrored-store.ts): what they hold now survives a reload. */
export async function tablesSaved(page: Page, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId('tables-save')).not.toHaveAttribute('data-state', 'saving', { timeout });
}

/** Waits until the autosaved notebook is the open notebook as it is now (the autosave writes a moment after each edit). */
export async function autosaved(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const session = (window as unknown as { kura?: { session: { text(): string } } }).kura?.session;
      return session !== undefined && localStorage.getItem('kura.notebook.v1') === session.text();
    },
    null,
    { timeout: 30_000, polling: 100 },
  );
}

/** Waits until no run of any notebook is under way in the page, including one ended by opening another notebook. */
export async function noRunUnderway(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { kura?: { session: { runsUnderway: number } } }).kura?.session.runsUnderway === 0,
    null,
    { timeout, polling: 100 },
  );
}

/** Adds a cell of a kind at the end through the add-cell menu (the last one on the page). */
export async function addCell(page: Page, word: string): Promise<void> {
  await page.getByTestId('add-cell').last().click();
  await page.getByTestId(`add-${word}`).click();
}

/** Adds a SQL cell at the end, types the query and runs it with Shift+Enter. */
export async function runSql(page: Page, sql: string): Promise<ReturnType<Page['locator']>> {
  await addCell(page, 'sql');
  const cell = page.getByTestId('cell-sql').last();
  const editor = cell.locator('.cm-content');
  await expect(editor).toBeFocused();
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Shift+Enter');
  return cell;
}

/** Clears the browser's storage for the app so a test starts from nothing. */
export async function clearStorage(page: Page): Promise<void> {
  await page.goto('/favicon.svg');
  await page.evaluate(async () => {
    localStorage.clear();
    const root = await navigator.storage.getDirectory();
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) {
      await root.removeEntry(name, { recursive: true }).catch(() => {});
    }
  });
}

const demoText = readFileSync(new URL('../../public/demo/demo.kura.md', import.meta.url), 'utf8');

/**
 * A notebook of some of the demo's cells (sources, inputs, queries…) by name, in the order given (`chart:<table>` for
 * the unnamed chart of a table); none: an empty notebook.
 */
export function demoCellsNotebook(...names: string[]): string {
  const cells = names.map((name) => {
    const chart = /^chart:(\w+)$/.exec(name);
    const opening = chart ? `chart\\ndata: ${chart[1]}` : `\\w+ ${name}`;
    const cell = new RegExp(`^\`\`\`${opening}\\n[\\s\\S]*?^\`\`\`$`, 'm').exec(demoText);
    if (!cell) throw new Error(`The demo notebook has no cell named ${name}.`);
    return `${cell[0]}\n`;
  });
  return ['---\nkura: 1\ntitle: Test notebook\n---\n', ...cells].join('\n');
}

/**
 * Opens the app with `text` served in place of the demo notebook, as the demo opens (its tables its own, its sources
 * loaded), and waits until every cell has run: for tests that need a working page or a table or two, not the demo's
 * 25 s of matching and models. `origin`: another server of the built app (the default is the test server).
 */
export async function openNotebook(page: Page, text = demoCellsNotebook(), origin = ''): Promise<void> {
  await page.route(/\/demo\/demo(\.ja)?\.kura\.md$/, (route) => route.fulfill({ body: text, contentType: 'text/markdown; charset=utf-8' }));
  const title = /^title: (.*)$/m.exec(text)?.[1];
  if (title === undefined) throw new Error('openNotebook needs a notebook with a title.');
  await page.goto(`${origin}/?demo`);
  await page.waitForFunction(
    (expected) =>
      (window as unknown as { kura?: { session: { notebook: { header: { title?: unknown } } } } }).kura?.session.notebook.header.title ===
      expected,
    title,
    { timeout: 60_000 },
  );
  await waitForEveryCell(page);
  await noRunUnderway(page);
  await tablesSaved(page);
}

/** Waits until every cell that runs has finished (done or failed): the demo's last analytic cells run after its tables show. */
export async function waitForEveryCell(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const session = (
        window as unknown as {
          kura?: {
            session: { notebook: { cells: { id: string; kind: string }[] }; outputs: Record<string, { status: string } | undefined> };
          };
        }
      ).kura?.session;
      return (
        session?.notebook.cells.every(
          (cell) => cell.kind === 'markdown' || ['done', 'error'].includes(session.outputs[cell.id]?.status ?? ''),
        ) ?? false
      );
    },
    null,
    { timeout: 180_000, polling: 250 },
  );
}

/**
 * axe on the page as it is, its violations in full (passes and the rest one node each). Run in the page (legacy
 * mode: the app has no frames): the default hands every rule's partial result for every node to a second page,
 * which took about 20 s per run on the demo notebook, against 5 s for axe itself.
 */
export function axe(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
}
