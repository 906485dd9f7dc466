import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';
import { serviceWorkerSource } from './service-worker-source.ts';

/**
 * Emits `sw.js` listing what to precache: the built scripts and stylesheets, the DuckDB-WASM builds
 * Chromium-class browsers use (eh for the OPFS warehouse, coi when not persistent; mvp is cached only
 * when a browser fetches it), parquet-wasm (Parquet files and share bundles), and the public files (the demo notebooks
 * and their data).
 */
export function offlineApp(): Plugin {
  let publicDir = '';
  return {
    name: 'kura-offline-app',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter(
        (name) => !name.includes('bench') && (/\.(js|css)$/.test(name) || /(duckdb-(eh|coi)|parquet_wasm_bg)-[^/]*\.wasm$/.test(name)),
      );
      const files = [...built, ...publicFiles(publicDir)].sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: serviceWorkerSource(
          version,
          files.map((name) => `./${name}`),
        ),
      });
    },
  };
}

function publicFiles(directory: string): string[] {
  if (!directory) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split('\\').join('/'));
}
