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
  const engine = new NodeWasmEngine(db as unknown as WasmBindings, connection);
  await engine.exec('SET autoload_known_extensions=false; SET autoinstall_known_extensions=false;');
  return engine;
}

/** In Node, DuckDB-WASM's COPY … TO writes into the working directory; remove the file once read. */
class NodeWasmEngine extends WasmEngine {
  private exports = 0;
  constructor(bindings: WasmBindings, connection: number) {
    super(bindings, connection, undefined, (name) => `${name}.${process.pid}.${++this.exports}`);
  }

  override async exportQuery(sql: string, format: 'csv' | 'parquet'): Promise<Uint8Array> {
    try {
      return await super.exportQuery(sql, format);
    } finally {
      rmSync(`kura-export-${this.exports}.csv.${process.pid}.${this.exports}`, { force: true });
    }
  }
}
