import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';

/** Browser tests drive Debian's Chromium (no browser download is possible here) against `vite preview` of the built app. */
export const chromiumPath = process.env.KURA_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const port = Number(process.env.KURA_TEST_PORT ?? 4317);

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: {
    timeout: 30_000,
    // Screens compared with baselines (screens.spec.ts): a little anti-aliasing may differ between Chromium builds.
    toHaveScreenshot: { maxDiffPixelRatio: 0.02, animations: 'disabled', caret: 'hide' },
  },
  snapshotPathTemplate: '{testDir}/screenshots/{arg}{ext}',
  // Builds the command line sharing.spec.ts spawns (test/cli-bundle.ts).
  globalSetup: './test/cli-bundle.ts',
  // Test files run side by side, one browser per core (each test's engine is single-threaded: the OPFS warehouse);
  // the tests of one file run in order. 91 tests (2026-12-06): their times sum to 22 min; with two workers 11.5 min on this 2-core machine.
  fullyParallel: false,
  workers: availableParallelism(),
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'off',
    // Only the offline test lets the app's service worker install (it precaches ~70 MB of DuckDB-WASM).
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
