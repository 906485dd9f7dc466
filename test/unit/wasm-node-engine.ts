import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConsoleLogger, LogLevel, NODE_RUNTIME, createDuckDB } from '@duckdb/duckdb-wasm/blocking';
import { WasmEngine, type WasmBindings } from '../../src/engine/wasm.ts';

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

/** DuckDB-WASM (the same build the browser runs) inside Node, through the blocking bindings. */
export async function createWasmNodeEngine(): Promise<WasmEngine> {
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await createDuckDB(bundles, new ConsoleLogger(LogLevel.WARNING), NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  const connection = db.connect().useUnsafe((_, id) => id);
  // In Node, DuckDB-WASM's COPY … TO writes into the working directory; the file is removed once read.
  const engine = new WasmEngine(db as unknown as WasmBindings, connection, undefined, (name) => {
    setTimeout(() => rmSync(name, { force: true }), 1000);
    return name;
  });
  await engine.exec('SET autoload_known_extensions=false; SET autoinstall_known_extensions=false;');
  return engine;
}
