import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KuraError } from '../engine/engine.ts';
import { NativeEngine } from '../engine/native.ts';
import { loadFile } from '../ingest/load.ts';
import { withLocalJobs } from '../warehouse/local-jobs.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { SchemaGate } from '../warehouse/schema-gate.ts';
import type { WarehouseCalls } from './warehouse-calls.ts';

/**
 * The page's warehouse for the session's store tests: a native DuckDB engine with the jobs, loading a chosen
 * file from its bytes and the app's own files from `appFolder` (the worker fetches them from the server).
 */
export async function nativeWarehouse(appFolder = '.'): Promise<WarehouseCalls & { close(): Promise<void> }> {
  const engine = await NativeEngine.create();
  const warehouse: Warehouse = {
    ...withLocalJobs(engine),
    open: () => Promise.reject(new KuraError('A native warehouse is open already.', 'unsupported')),
    describe: () => Promise.reject(new KuraError('A native warehouse has no browser build.', 'unsupported')),
    loadFile: async (file, options) => loadFile(engine, { ...options, bytes: new Uint8Array(await file.arrayBuffer()) }),
    loadUrl: async (path, options) => loadFile(engine, { ...options, bytes: readFileSync(join(appFolder, path)) }),
    checkpoint: async () => {},
    setSaveListener: async () => {},
  };
  const gate = new SchemaGate();
  return {
    call: (work, current) => gate.call(() => work(warehouse), current),
    cancel: () => engine.cancel(),
    close: () => engine.close(),
  };
}
