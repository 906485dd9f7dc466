/**
 * Parquet ⇄ Arrow IPC through parquet-wasm (arrow-rs compiled to WebAssembly): whole columns at a time, never a
 * JS value per cell. DuckDB-WASM has no parquet extension offline, so the browser writes and reads Parquet here;
 * native DuckDB uses its own reader and writer.
 */
import { DataType, tableFromIPC } from 'apache-arrow';
import initParquetWasm, { Compression, Table, WriterPropertiesBuilder, readParquet, readSchema, writeParquet } from 'parquet-wasm/esm';

type WasmSource = URL | string | ArrayBuffer | Uint8Array;

let source: (() => Promise<WasmSource>) | null = null;
let ready: Promise<unknown> | null = null;

/** Where the WebAssembly module comes from: the warehouse worker gives the URL the app serves it at. */
export function useParquetWasm(from: () => Promise<WasmSource>): void {
  source = from;
}

function started(): Promise<unknown> {
  ready ??= (source ?? wasmFromNodeModules)().then((module_or_path) => initParquetWasm({ module_or_path }));
  return ready;
}

/** In Node (the command line, tests) the module is read from node_modules. */
async function wasmFromNodeModules(): Promise<WasmSource> {
  const [{ createRequire }, { readFile }] = await Promise.all([
    import(/* @vite-ignore */ 'node:module' as string) as Promise<typeof import('node:module')>,
    import(/* @vite-ignore */ 'node:fs/promises' as string) as Promise<typeof import('node:fs/promises')>,
  ]);
  return readFile(createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm'));
}

/** Parquet bytes (zstd-compressed) of an Arrow IPC stream. */
export async function parquetFromIpc(ipc: Uint8Array): Promise<Uint8Array> {
  await started();
  const properties = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setCreatedBy('Kura').build();
  return writeParquet(Table.fromIPCStream(ipc), properties);
}

export interface ParquetColumns {
  /** The file's column names, in order. */
  names: string[];
  /** True when a column is a list, struct or map. */
  nested: boolean[];
}

/** The columns a Parquet file declares; throws when the bytes are not Parquet. */
export async function parquetColumns(bytes: Uint8Array): Promise<ParquetColumns> {
  await started();
  const fields = tableFromIPC(readSchema(bytes).intoIPCStream()).schema.fields;
  return {
    names: fields.map((field) => field.name),
    nested: fields.map(
      ({ type }) => DataType.isList(type) || DataType.isStruct(type) || DataType.isMap(type) || DataType.isFixedSizeList(type),
    ),
  };
}

/** An Arrow IPC stream of every row of a Parquet file. */
export async function ipcFromParquet(bytes: Uint8Array): Promise<Uint8Array> {
  await started();
  return readParquet(bytes).intoIPCStream();
}
