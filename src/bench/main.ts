import { tableFromIPC } from 'apache-arrow';
import { connectWarehouse } from '../engine/wasm-client.ts';

/** The browser half of `npm run bench`: the same Warehouse the app uses, timed from the page. */
const connection = await connectWarehouse({ persistent: false });
const status = document.getElementById('status')!;

const bench = {
  info: connection.info,
  async load(table: string): Promise<{ ms: number; rows: number }> {
    const input = document.getElementById('file') as HTMLInputElement;
    const file = input.files![0]!;
    const started = performance.now();
    const report = await connection.warehouse.loadFile(file, { fileName: file.name, table });
    return { ms: performance.now() - started, rows: report.rows };
  },
  async query(sql: string): Promise<{ ms: number; rows: number }> {
    const started = performance.now();
    const ipc = await connection.warehouse.query(sql);
    const rows = tableFromIPC(ipc).numRows;
    return { ms: performance.now() - started, rows };
  },
};

(window as unknown as { kuraBench: typeof bench }).kuraBench = bench;
status.textContent = 'ready';
