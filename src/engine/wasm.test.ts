/**
 * A result copied out of DuckDB-WASM's threaded build through a stale view of its memory stops short
 * (duckdb-wasm#2256): the engine checks each message and fetches a read again.
 */
import { Message, tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isWholeMessage, WasmEngine, type WasmBindings } from './wasm.ts';

const ipc = tableToIPC(
  tableFromArrays({ id: Int32Array.from({ length: 1000 }, (_, i) => i), name: Array.from({ length: 1000 }, (_, i) => `name ${i}`) }),
  'stream',
);
/** The stream's messages as DuckDB-WASM hands them over: the schema, then each batch (without the end-of-stream marker). */
const messages = (() => {
  const view = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  const parts: Uint8Array[] = [];
  // Each message: a continuation marker, its metadata's length, the metadata (which holds the body's length), the body.
  for (let at = 0, metadata = view.getInt32(4, true); metadata > 0; metadata = view.getInt32(at + 4, true)) {
    const end = at + 8 + metadata + Number(Message.decode(ipc.subarray(at + 8, at + 8 + metadata)).bodyLength);
    parts.push(ipc.slice(at, end));
    at = end;
  }
  return parts;
})();

function bindings(results: Uint8Array[][]): WasmBindings & { runs: number } {
  let chunks: Uint8Array[] = [];
  const fake = {
    runs: 0,
    startPendingQuery: () => {
      chunks = [...results[Math.min(fake.runs, results.length - 1)]!];
      fake.runs++;
      return chunks.shift()!;
    },
    pollPendingQuery: () => null,
    cancelPendingQuery: () => false,
    fetchQueryResults: () => chunks.shift() ?? new Uint8Array(0),
    createPrepared: () => 1,
    closePrepared: () => undefined,
    runPrepared: () => new Uint8Array(0),
    insertArrowFromIPCStream: () => undefined,
    registerFileBuffer: () => undefined,
    dropFile: () => undefined,
    copyFileToBuffer: () => new Uint8Array(0),
    disconnect: () => undefined,
  };
  return fake;
}

describe('results from DuckDB-WASM', () => {
  it('tells a whole message from one cut short', () => {
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const message of messages) expect(isWholeMessage(message)).toBe(true);
    const batch = messages[1]!;
    expect(isWholeMessage(batch.subarray(0, batch.length - 16))).toBe(false);
    expect(isWholeMessage(new Uint8Array(0))).toBe(false);
  });

  it('fetches a read again when a message came back cut short, and refuses to guess for a write', async () => {
    const cut = messages.map((message, index) => (index === 1 ? message.subarray(0, message.length - 16) : message));
    const read = bindings([cut, messages]);
    const table = tableFromIPC(await new WasmEngine(read, 1).query('SELECT * FROM t'));
    expect(table.numRows).toBe(1000);
    expect(read.runs).toBe(2);

    const write = bindings([cut, messages]);
    await expect(new WasmEngine(write, 1).query('INSERT INTO t SELECT * FROM s')).rejects.toThrow(
      'The engine handed back part of the result; run it again.',
    );
    expect(write.runs).toBe(1);
  });

  it('sends an Arrow insert once more when the copy into its memory failed', async () => {
    const fake = bindings([messages]);
    let calls = 0;
    fake.insertArrowFromIPCStream = () => {
      if (++calls === 1) throw new RangeError('offset is out of bounds');
    };
    await new WasmEngine(fake, 1).insertArrow('t', ipc, { mode: 'append' });
    expect(calls).toBe(2);
  });
});
