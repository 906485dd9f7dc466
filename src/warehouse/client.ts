import * as Comlink from 'comlink';
import { KuraError } from '../engine/engine.ts';
import { installKuraErrorTransfer } from '../engine/comlink-errors.ts';
import { useSchemaSql } from '../notebook/namespace.ts';
import { SchemaGate } from './schema-gate.ts';
import type { MoveToThreads, Warehouse, WarehouseInfo } from './warehouse.ts';

export type RemoteWarehouse = Comlink.Remote<Warehouse & { crashForTesting(): Promise<void> }>;

export interface WarehouseConnection {
  /** The live warehouse; replaced after a restart, so read it each time. */
  readonly warehouse: RemoteWarehouse;
  readonly info: WarehouseInfo;
  /**
   * Runs a warehouse call; if the engine died, restarts it, restores from OPFS and rethrows as 'engine-restarted'.
   * With `current`, the call is refused ('cancelled') when that is false by the time it may start (see SchemaGate).
   */
  call<T>(operation: (warehouse: RemoteWarehouse) => Promise<T>, current?: () => boolean): Promise<T>;
  /**
   * Makes `schema` the one unqualified names resolve to (the open notebook's, src/notebook/namespace.ts), also in a
   * restarted engine, once the calls under way have ended; calls made after it wait for it (schema-gate.ts).
   */
  useSchema(schema: string): Promise<void>;
  /** Resolves once the engine has started: `warehouse` and `info` are there from then on. */
  readonly ready: Promise<void>;
}

/** Starts the warehouse worker and keeps it alive across engine crashes. */
export async function connectWarehouse(options: {
  persistent: boolean;
  /** Opt-in: work on a threaded in-memory copy of the OPFS warehouse from the start, saved back in the background. */
  workingCopyInMemory?: boolean;
  /** When a big warehouse moves to the threaded build (null: never); the worker's default when absent. */
  moveToThreads?: Partial<MoveToThreads> | null;
  onRestart?: (info: WarehouseInfo) => void;
}): Promise<WarehouseConnection> {
  installKuraErrorTransfer();
  let worker: Worker;
  let warehouse: RemoteWarehouse;
  let info: WarehouseInfo;
  let restarting: Promise<void> | null = null;
  let schema: string | null = null;
  const gate = new SchemaGate();

  const start = async () => {
    worker = new Worker(new URL('../../workers/warehouse.worker.ts', import.meta.url), { type: 'module', name: 'kura-warehouse' });
    warehouse = Comlink.wrap(worker);
    info = await warehouse.open({
      persistent: options.persistent,
      workingCopyInMemory: options.workingCopyInMemory ?? false,
      ...(options.moveToThreads !== undefined ? { moveToThreads: options.moveToThreads } : {}),
    });
  };

  const restart = () => {
    restarting ??= (async () => {
      warehouse[Comlink.releaseProxy]();
      worker.terminate();
      await start();
      if (schema !== null) await warehouse.exec(useSchemaSql(schema));
      options.onRestart?.(info);
    })().finally(() => (restarting = null));
    return restarting;
  };

  await start();
  return {
    ready: Promise.resolve(),
    get warehouse() {
      return warehouse;
    },
    get info() {
      return info;
    },
    useSchema(name) {
      schema = name;
      return gate.switchTo(async () => {
        if (restarting) await restarting;
        await warehouse.exec(useSchemaSql(name));
      });
    },
    call(operation, current) {
      return gate.call(async () => {
        if (restarting) await restarting;
        try {
          return await operation(warehouse);
        } catch (error) {
          if (error instanceof KuraError && error.kind === 'engine-dead') {
            await restart();
            throw new KuraError(
              'The engine stopped unexpectedly and was restarted; your tables were restored from browser storage.',
              'engine-restarted',
              error.detail,
            );
          }
          throw error;
        }
      }, current);
    },
  };
}

/**
 * A connection to a warehouse still starting, so the page can open and show the notebook at once: calls and schema
 * switches wait for the engine and reach it in the order they were made. `warehouse` and `info` exist once `ready`
 * has resolved; `ready` rejects when the engine could not start.
 */
export function connectionWhenStarted(starting: Promise<WarehouseConnection>): WarehouseConnection {
  let started: WarehouseConnection | null = null;
  const connected = starting.then((connection) => (started = connection));
  const live = (): WarehouseConnection => {
    if (!started) throw new KuraError('The engine is still starting.', 'engine-starting');
    return started;
  };
  return {
    ready: connected.then(() => {}),
    get warehouse() {
      return live().warehouse;
    },
    get info() {
      return live().info;
    },
    // Every call waits on the same promise, even once it has resolved, so the calls keep the order they were made in.
    async call(operation, current) {
      return (await connected).call(operation, current);
    },
    async useSchema(name) {
      return (await connected).useSchema(name);
    },
  };
}
