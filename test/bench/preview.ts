/** The built app served by `vite preview` for a benchmark, and the wait until it answers. */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts `vite preview` of dist/ (or KURA_BENCH_DIST, a build of one's own while others use dist/) on `port` and
 * waits until `path` answers. Kill the returned process when done.
 */
export async function startPreview(port: number, path = '/bench.html'): Promise<ChildProcess> {
  const outDir = process.env.KURA_BENCH_DIST ? ['--outDir', process.env.KURA_BENCH_DIST] : [];
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', ...outDir],
    { stdio: 'ignore' },
  );
  try {
    await waitForServer(`http://127.0.0.1:${port}${path}`);
  } catch (error) {
    server.kill();
    throw error;
  }
  return server;
}

export async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the preview server did not start at ${url}`);
}
