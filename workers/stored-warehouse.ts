/// <reference lib="webworker" />
import * as duckdb from '@duckdb/duckdb-wasm';

/** The warehouse's files in the Origin Private File System: what they hold, who holds them, starting them afresh. */

const databaseFileName = 'kura-warehouse.db';
const walFileName = `${databaseFileName}.wal`;
export const warehousePath = `opfs://${databaseFileName}`;

/** DuckDB's file header is three 4 KiB blocks; tables only ever live in blocks after it (or in the write-ahead log). */
const databaseHeaderBytes = 3 * 4096;

export interface StoredWarehouse {
  databaseBytes: number;
  walBytes: number;
}

export async function inspectStoredWarehouse(): Promise<StoredWarehouse> {
  const root = await navigator.storage.getDirectory();
  return { databaseBytes: await fileSize(root, databaseFileName), walBytes: await fileSize(root, walFileName) };
}

/**
 * The database file's bytes as they are in storage (call after a CHECKPOINT, so the write-ahead log holds nothing
 * the file lacks). Read through the file system, not DuckDB-WASM's copyFileToBuffer, which gives no bytes for a
 * file it created in this session (it keeps the size the file had when opened).
 */
export async function readStoredDatabase(): Promise<Uint8Array> {
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle(databaseFileName);
  return new Uint8Array(await (await handle.getFile()).arrayBuffer());
}

/** True when the files cannot hold a table: no more than a header and an empty log (a first visit closed early, or a header half-written). */
export function holdsNothing(stored: StoredWarehouse): boolean {
  return stored.databaseBytes <= databaseHeaderBytes && stored.walBytes === 0;
}

/** True when another tab has the warehouse open: OPFS lets one access handle per file exist at a time. */
export async function isHeldElsewhere(): Promise<boolean> {
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle(databaseFileName).catch(() => null);
  if (!handle) return false;
  // A page restarting its engine waits here briefly for the old worker's handle to be released.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      (await handle.createSyncAccessHandle()).close();
      return false;
    } catch (error) {
      if (!isHeld(error)) return false;
      await pause(200);
    }
  }
  return true;
}

/** Deletes both files, waiting for a just-terminated DuckDB worker to let go of them. Only for files that hold nothing. */
export async function removeStoredWarehouse(): Promise<void> {
  const root = await navigator.storage.getDirectory();
  for (const name of [walFileName, databaseFileName]) {
    for (let attempt = 0; ; attempt++) {
      try {
        await root.removeEntry(name);
        break;
      } catch (error) {
        if (error instanceof DOMException && error.name === 'NotFoundError') break;
        if (!isHeld(error) || attempt >= 20) throw error;
        await pause(100);
      }
    }
  }
}

/**
 * DuckDB-WASM registers only non-empty OPFS files when it opens a database, so an empty write-ahead log
 * next to a database file that has a header is opened read-only and every commit fails with
 * "File is not opened in write mode". Registering the log first keeps it writable.
 */
export async function registerWriteAheadLog(database: duckdb.AsyncDuckDB): Promise<void> {
  const root = await navigator.storage.getDirectory();
  const wal = await root.getFileHandle(walFileName, { create: true });
  await database.registerFileHandle(`${warehousePath}.wal`, wal, duckdb.DuckDBDataProtocol.BROWSER_FSACCESS, true);
}

async function fileSize(root: FileSystemDirectoryHandle, name: string): Promise<number> {
  const handle = await root.getFileHandle(name).catch(() => null);
  return handle ? (await handle.getFile()).size : 0;
}

function isHeld(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'NoModificationAllowedError' || error.name === 'InvalidStateError');
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
