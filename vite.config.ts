import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import type { Plugin } from 'vite';
import { securityHeaders } from './src/app/security-headers.ts';
import { offlineApp } from './src/offline/vite-plugin.ts';

/** Replaces apache-arrow's `new Function` null checks, which the CSP blocks, with a closure (src/engine/arrow-csp-safe-valid.ts). */
function arrowWithoutEval(): Plugin {
  const replacement = fileURLToPath(new URL('./src/engine/arrow-csp-safe-valid.ts', import.meta.url));
  return {
    name: 'kura-arrow-without-eval',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('valid.mjs') || !importer?.includes('apache-arrow')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && /apache-arrow[\\/]builder[\\/]valid\.mjs$/.test(resolved.id) ? replacement : null;
    },
  };
}

/** The worker writes no report: its build leaves out the kinds' report sections (and Observable Plot with them). */
function workerWithoutReportSections(): Plugin {
  const stub = '\0kura-no-report-section';
  return {
    name: 'kura-worker-without-report-sections',
    enforce: 'pre',
    resolveId: (source, importer) =>
      source === './report.ts' && /[\\/]src[\\/]cells[\\/][^\\/]+[\\/]kind\.ts$/.test(importer ?? '') ? stub : null,
    load: (id) => (id === stub ? `throw new Error('The warehouse worker writes no report.');` : null),
  };
}

export default defineConfig({
  plugins: [svelte(), arrowWithoutEval(), offlineApp()],
  worker: { format: 'es', plugins: () => [arrowWithoutEval(), workerWithoutReportSections()] },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  server: { headers: securityHeaders, port: 5173, strictPort: false },
  preview: { headers: securityHeaders, port: 4173, strictPort: false },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share a worker's module cache: each file re-imported native DuckDB, Arrow and IPAdic (import time
    // 48 s → 9 s; the unit phase 253 → 180–204 s on this 2-core machine, passing in file order and two shuffled orders).
    isolate: false,
    // Vitest's default leaves a core idle (one worker on this 2-core machine); the CLI tests mostly wait on processes they spawn.
    maxWorkers: availableParallelism(),
    // Builds the command line the CLI tests spawn (test/cli-bundle.ts).
    globalSetup: ['test/cli-bundle.ts'],
  },
});
