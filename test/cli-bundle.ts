/**
 * The `kura` command line as the tests spawn it: bundled from the current sources into plain JavaScript at the start
 * of every test run (vitest's and Playwright's globalSetup), because each start under tsx costs ~3 s of compiling.
 * key-worker.js lies beside main.js, where parallel-keys.ts looks for it. The npm packages are bundled too (Node loads one
 * file faster than their hundreds of modules: `kura --help` 1.3 s instead of 2.2 s); the native DuckDB binding stays external.
 */
import { join } from 'node:path';
import { build } from 'esbuild';

const repo = join(import.meta.dirname, '..');
const outdir = join(repo, '.test-results/cli');

/** The bundled `src/cli/main.ts`: spawn it with `node`. */
export const cliBundle = join(outdir, 'main.js');

export async function buildCliBundle(): Promise<void> {
  await build({
    absWorkingDir: repo,
    entryPoints: { main: 'src/cli/main.ts', 'key-worker': 'src/cli/key-worker.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@duckdb/node-api'],
    // Bundled CommonJS packages call require(), which an ES module lacks.
    banner: { js: "import { createRequire as kuraCreateRequire } from 'node:module'; const require = kuraCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

/** globalSetup for vitest (rebuilt on each rerun in watch mode) and Playwright. */
export default async function setup(project?: { onTestsRerun?: (rebuild: () => Promise<void>) => void }): Promise<void> {
  await buildCliBundle();
  project?.onTestsRerun?.(buildCliBundle);
}
