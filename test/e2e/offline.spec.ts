import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { openDemo, runSql, tablesSaved } from './helpers.ts';

const port = 4329;
const origin = `http://127.0.0.1:${port}`;

/** A preview server of its own, so the test can take the network away for real by stopping it. */
function startServer(): ChildProcess {
  return spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
}

async function waitUntilUp(): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (
      await fetch(origin).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the preview server did not start at ${origin}`);
}

function stop(server: ChildProcess): void {
  if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
}

test.describe('offline app', () => {
  test.use({ serviceWorkers: 'allow', baseURL: origin });

  test('after one visit the app starts and runs queries with the server gone', async ({ page }) => {
    const server = startServer();
    try {
      await waitUntilUp();
      await openDemo(page);
      const cached = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        const cache = await caches.open((await caches.keys()).find((name) => name.startsWith('kura-'))!);
        return { active: registration.active?.state, files: (await cache.keys()).map((request) => new URL(request.url).pathname) };
      });
      expect(cached.active).toBe('activated');
      expect(cached.files.some((file) => /duckdb-eh-.*\.wasm$/.test(file))).toBe(true);
    } finally {
      stop(server);
    }
    await expect
      .poll(() =>
        fetch(origin).then(
          () => 'up',
          () => 'down',
        ),
      )
      .toBe('down');

    await tablesSaved(page);

    await page.reload();
    await expect(page.getByTestId('notebook')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 90_000 });
    const cell = await runSql(page, 'select count(*) as contacts from crm_contacts');
    await expect(cell.getByTestId('result-table')).toContainText('contacts');
    await expect(cell.getByTestId('cell-error')).toHaveCount(0);
  });
});
