/** Helpers for bench.html (src/bench/main.ts) driven by Playwright. */
import type { Page } from '@playwright/test';

export interface BenchEngine {
  bundle: string;
  threads: number;
  movingToThreads?: boolean;
  threadedProblem?: string;
}

/**
 * Waits until the page's warehouse is not moving to the threaded build (a big warehouse does after start or after a
 * big load, workers/warehouse.worker.ts), as a user pausing after a load would; returns how long that took and what
 * it runs on now.
 */
export async function whenSettled(page: Page): Promise<{ ms: number; engine: BenchEngine }> {
  const started = Date.now();
  for (;;) {
    const engine = (await page.evaluate(() => (window as any).kuraBench.describe())) as BenchEngine;
    if (!engine.movingToThreads || Date.now() - started > 180_000) return { ms: Date.now() - started, engine };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function describeEngine(engine: BenchEngine): string {
  return `${engine.bundle}, ${engine.threads} thread${engine.threads === 1 ? '' : 's'}`;
}

/** Opens bench.html (with `search`, e.g. '?persistent') on the preview server at `port` and waits until it is ready. */
export async function openBenchPage(page: Page, port: number, search = ''): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/bench.html${search}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, { timeout: 60_000 });
}
