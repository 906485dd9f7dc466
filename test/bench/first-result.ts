/**
 * Time to first result (`KURA_BENCH_ONLY=first-result npm run bench`, or part of the full bench): a new user's path
 * in the real app in Chromium. New notebook → drop the demo's four exports → the start page's proposal → accept →
 * results. Times the proposal (files loaded and recognised), the first analytic cell done, the match result and every
 * cell done, from the moment the files are dropped (the click on *Accept* comes at once). The first run in a fresh
 * browser is cold (DuckDB-WASM downloaded and compiled); the next runs in the same browser are warm (target: first
 * result < 10 s warm). Then the page is reloaded: every cell shows again, the analytic cells from their last results
 * (nothing they read changed), the source and SQL cells read again.
 */
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { startPreview } from './preview.ts';
import { notebookIdle, openStartPage } from './app-page.ts';

const port = 4396;
const warmRuns = Number(process.env.KURA_BENCH_REPEATS ?? 3);
const demoData = join(import.meta.dirname, '../../public/demo/data');
const exports = ['crm_contacts.csv', 'marketing_signups.csv', 'support_tickets_cp932.csv', 'orders.csv'].map((name) =>
  join(demoData, name),
);
const minutes = 5 * 60_000;

interface Timings {
  proposal: number;
  firstResult: number;
  match: number;
  all: number;
  /** From the reload until every cell shows again. */
  reload: number;
}
const steps: readonly (keyof Timings)[] = ['proposal', 'firstResult', 'match', 'all', 'reload'];
const labels: Record<keyof Timings, string> = {
  proposal: 'files loaded and recognised (the proposal)',
  firstResult: 'first analytic result',
  match: 'match result',
  all: 'every cell done',
  reload: 'after a reload, every cell shown again (from the reload)',
};

/** Runs this benchmark unless another one was selected; returns true when it was the only one asked for. */
export async function benchFirstResult(): Promise<boolean> {
  const only = process.env.KURA_BENCH_ONLY;
  if (only && only !== 'first-result') return false;
  console.log(`\n## Time to first result: the demo's four exports dropped on the start page, accepted (1 cold run, ${warmRuns} warm)\n`);
  const server = await startPreview(port, '/');
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const runs: Timings[] = [];
    for (let run = 0; run <= warmRuns; run++) runs.push(await newUserPath(page));
    await browser.close();
    const [cold, ...warm] = runs;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log('| from the drop to | cold | warm (median) | target |');
    console.log('|---|---|---|---|');
    for (const step of steps) {
      const warmMedian = median(warm.map((timings) => timings[step]));
      const target = step === 'firstResult' ? `< 10 s ${warmMedian < 10_000 ? 'ok' : 'OVER TARGET'}` : '';
      console.log(`| ${labels[step]} | ${seconds(cold![step])} | ${seconds(warmMedian)} | ${target} |`);
    }
  } finally {
    server.kill();
  }
  return only === 'first-result';
}

async function newUserPath(page: Page): Promise<Timings> {
  await openStartPage(page, `http://127.0.0.1:${port}`);
  const dropped = performance.now();
  const since = () => performance.now() - dropped;
  await page.getByTestId('start-file-input').setInputFiles(exports);
  await page.getByTestId('start-proposals').waitFor({ timeout: minutes });
  const proposal = since();
  await page.getByTestId('start-accept').click();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="notebook"] [data-testid^="cell-"]')].some(
        (cell) =>
          !['cell-source', 'cell-markdown'].includes(cell.getAttribute('data-testid') ?? '') &&
          cell.querySelector('[data-testid="run-state"][data-state="done"]') !== null,
      ),
    null,
    { timeout: minutes, polling: 50 },
  );
  const firstResult = since();
  await page.getByTestId('cell-match').getByTestId('result-table').waitFor({ timeout: minutes });
  const match = since();
  await notebookIdle(page);
  const all = since();
  const failed = await page.getByTestId('cell-error').count();
  if (failed > 0) throw new Error(`${failed} cells failed on the new user's path`);
  await page.waitForTimeout(1000); // the autosave's debounce
  const reloaded = performance.now();
  await page.reload();
  await page.waitForFunction(
    () => {
      const states = [...document.querySelectorAll('[data-testid="notebook"] [data-testid="run-state"]')].map((state) =>
        state.getAttribute('data-state'),
      );
      return states.length > 0 && states.every((state) => state === 'done');
    },
    null,
    { timeout: minutes, polling: 50 },
  );
  const reload = performance.now() - reloaded;
  return { proposal, firstResult, match, all, reload };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
